"""Reporting without signing in (匿名随手拍): the report, stored once per Idempotency-Key,
and the signed follow-up link through which the anonymous reporter reads the timeline and
rates the result. There is no account: whoever holds the link may follow that one case."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.cases.models import Case, Channel, Rating
from tongxin.cases.services import NewCase
from tongxin.core.errors import ValidationFailed
from tongxin.feedback import services as feedback
from tongxin.feedback.models import Method
from tongxin.intake import attachments, idempotency
from tongxin.intake.attachments import _sha256
from tongxin.intake.idempotency import Outcome
from tongxin.intake.models import IdempotencyRecord
from tongxin.intake.services import submit_case
from tongxin.org.models import Category

SCOPE = "portal.anonymous"
SALT = "tongxin.portal.follow"
MAX_FILES = 10
MAX_TEXT = 2000


@dataclass
class AnonymousInput:
    text: str
    category: str = ""
    lat: str = ""
    lng: str = ""
    address: str = ""
    question: bool = False
    files: Sequence[UploadedFile] = field(default_factory=tuple)

    def fingerprint(self) -> str:
        body = {
            "text": self.text.strip(), "category": self.category, "lat": self.lat,
            "lng": self.lng, "address": self.address.strip(), "question": self.question,
            "files": [_sha256(f) for f in self.files],
        }
        return idempotency.fingerprint(SCOPE, body)


def submit(*, key: str, data: AnonymousInput) -> Outcome:
    """Create the case once per key; a retry with the same key and content gets the first
    answer (tracking number and follow-up link), with other content a 409. The one door
    (intake.submit_case): the anonymous keys share the idempotency store of every channel."""
    key = idempotency.check_key(key)
    if not key:
        raise ValidationFailed(_("An Idempotency-Key header is required."))
    new = _new_case(data)
    files = [_checked(f) for f in data.files]
    return submit_case(actor=None, new=new, files=files, key=key, scope=SCOPE,
                       request_fingerprint=data.fingerprint(),
                       render=lambda case, record: (201, _answer(case, record)))


def _new_case(data: AnonymousInput) -> NewCase:
    text = data.text.strip()
    if not text:
        raise ValidationFailed(_("Please describe the problem."))
    if len(text) > MAX_TEXT:
        raise ValidationFailed(_("The text is too long (at most %(n)d characters).")
                               % {"n": MAX_TEXT})
    if len(data.files) > MAX_FILES:
        raise ValidationFailed(_("At most %(n)d files per report.") % {"n": MAX_FILES})
    title = text.splitlines()[0][:60]
    if data.question:
        title = _("[Question] %(title)s") % {"title": title}
    lat, lng = _coordinate(data.lat), _coordinate(data.lng)
    return NewCase(
        channel=Channel.PORTAL, title=title, description=text, lat=lat, lng=lng,
        address=data.address.strip()[:255], category=_category(data.category),
    )


def _coordinate(value: str) -> float | None:
    if not (value or "").strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise ValidationFailed(_("The location is not a number.")) from None


def _category(code: str) -> Category | None:
    if not code:
        return None
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise ValidationFailed(_("Unknown category: %(code)s.") % {"code": code})
    return category


def _checked(upload: UploadedFile) -> UploadedFile:
    """The same content sniffing, size limits and EXIF stripping as the signed-in upload
    path; what is stored is the public copy (no GPS position of the reporter's phone)."""
    prepared = attachments.prepare(upload, declared_type=upload.content_type or "")
    checked = prepared.checked
    name = f"report.{checked.extension}"
    if checked.kind != attachments.MediaKind.IMAGE:
        upload.content_type = checked.content_type
        return upload
    prepared.public.seek(0)
    return SimpleUploadedFile(name, prepared.public.read(), content_type=checked.content_type)


def _answer(case: Case, record: IdempotencyRecord | None) -> dict:
    assert record is not None  # an anonymous report always has its key (submit)
    token = follow_token(case, record)
    return {"number": case.number, "token": token,
            "follow_url": reverse("portal:follow", args=[token])}


# ---------------------------------------------------------------- the follow-up link


def follow_token(case: Case, record: IdempotencyRecord) -> str:
    """The link names the report itself: its record's random public id (not derivable from
    the case id, so even a leaked signing key does not give the links of other cases) and
    the case number. Only anonymous reports have a record of this scope, so only they have
    a link: a signed-in citizen follows their cases in the portal."""
    return signing.dumps({"r": str(record.public_id), "n": case.number}, salt=SALT)


def case_of(token: str) -> Case | None:
    """The anonymous report a follow-up token names, or None for a forged or damaged token,
    a token in the old form (a bare case id) or one naming a case not reported anonymously."""
    try:
        body = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(body, dict) or not isinstance(body.get("r"), str):
        return None
    record = idempotency.by_public_id(body["r"], scope=SCOPE)
    if record is None or record.user_id is not None or record.case_id is None:
        return None
    case = Case.objects.select_related("category").filter(pk=record.case_id).first()
    if case is None or case.number != body.get("n"):
        return None
    return case


def rate(*, case: Case, rating: str, note: str = "") -> Case:
    """The anonymous reporter's rating: no account to act as, so the platform records it
    (actor None) with the link as its source; the workflow still allows it only once and only
    on a closed case."""
    if rating not in Rating.values:
        raise ValidationFailed(_("Choose one of the ratings."))
    # The one rating rule (tongxin.feedback.services.rate): 不满意 reworks the case here too.
    return feedback.rate(case_id=case.pk, rating=rating, comment=note, actor=None,
                         via=Method.PORTAL)
