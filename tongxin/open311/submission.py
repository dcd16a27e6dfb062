"""POST requests: the form fields of GeoReport v2 → a NewCase, checked field by field."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tongxin.cases.models import Channel
from tongxin.cases.services import NewCase
from tongxin.org.models import Category

from . import queries
from .params import BadRequest, check_jurisdiction
from .serializers import SUBCATEGORY

MAX_DESCRIPTION = 4000  # the spec's limit
TEXT_LIMITS = {
    "api_key": 200, "jurisdiction_id": 40, "service_code": 32, "address_string": 255,
    "address_id": 100, "email": 254, "device_id": 100, "account_id": 100, "first_name": 24,
    "last_name": 24, "phone": 20, "description": MAX_DESCRIPTION, "media_url": 500,
    "lat": 40, "long": 40,
}


@dataclass
class Submission:
    api_key: str
    new: NewCase
    media: UploadedFile | None
    fields: dict[str, str] = field(default_factory=dict)  # what the fingerprint is made of


def read_fields(request: HttpRequest) -> tuple[dict[str, str], UploadedFile | None]:
    """The POSTed fields as strings, from a form (urlencoded or multipart) or a JSON object."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise BadRequest(_("The request body is not valid JSON.")) from None
        if not isinstance(data, dict):
            raise BadRequest(_("Send the fields as a JSON object."))
        fields = {str(k): _scalar(k, v) for k, v in data.items()}
        return fields, None
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        raise BadRequest(_("Send the fields as application/x-www-form-urlencoded or "
                           "multipart/form-data."))
    fields = {k: request.POST.get(k, "") for k in request.POST}
    media = request.FILES.get("media")
    return fields, media


def _scalar(key, value) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise BadRequest(_("%(name)s must be text or a number.") % {"name": str(key)[:40]})
    return str(value)


def parse(fields: dict[str, str], media: UploadedFile | None) -> Submission:
    for name, value in fields.items():
        limit = TEXT_LIMITS.get(name, 200)
        if len(value) > limit:
            raise BadRequest(_("%(name)s is longer than %(n)d characters.")
                             % {"name": name[:40], "n": limit})
        if "\x00" in value:
            raise BadRequest(_("%(name)s contains an invalid character.") % {"name": name[:40]})
    api_key = fields.get("api_key", "").strip()
    if not api_key:
        raise BadRequest(_("api_key is required."))
    check_jurisdiction(fields.get("jurisdiction_id"))
    category = _category(fields)
    lat, lng = _coordinate(fields, "lat", 90), _coordinate(fields, "long", 180)
    if (lat is None) != (lng is None):
        raise BadRequest(_("Give both lat and long, or neither."))
    address = fields.get("address_string", "").strip()
    address_id = fields.get("address_id", "").strip()
    if lat is None and not address and not address_id:
        raise BadRequest(_("A location is required: lat and long, address_string or address_id."))
    description = fields.get("description", "").strip()
    media_url = fields.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except DjangoValidationError:
            raise BadRequest(_("media_url is not a valid http(s) URL.")) from None
        # Stored as text, never fetched: the server does not reach out to arbitrary hosts.
        description = f"{description}\n\n{_('Media')}: {media_url}".strip()
    name = f"{fields.get('first_name', '').strip()} {fields.get('last_name', '').strip()}"
    new = NewCase(
        channel=Channel.OPEN311, title=_title(description, category),
        description=description, reporter_name=name.strip(),
        reporter_phone=fields.get("phone", "").strip(), reporter_email=_email(fields),
        lat=lat, lng=lng,
        address=address or (f"address_id {address_id}" if address_id else ""),
        category=category,
    )
    canonical = {k: v for k, v in fields.items() if k != "api_key"}
    return Submission(api_key=api_key, new=new, media=media, fields=canonical)


def _category(fields: dict[str, str]) -> Category:
    code = fields.get("service_code", "").strip()
    if not code:
        raise BadRequest(_("service_code is required."))
    category = queries.category(code)
    if category is None:
        raise BadRequest(_("Unknown service_code “%(code)s”; see services.json.") % {"code": code})
    sub = fields.get(f"attribute[{SUBCATEGORY}]", "").strip()
    if sub:
        child = category.children.filter(code=sub, is_active=True).first()
        if child is None:
            raise BadRequest(_("attribute[%(attr)s] must be one of the values in the service "
                               "definition.") % {"attr": SUBCATEGORY})
        return child
    return category


def _coordinate(fields: dict[str, str], name: str, bound: float) -> float | None:
    raw = fields.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(_("%(name)s must be a number.") % {"name": name}) from None
    if not math.isfinite(value) or not -bound <= value <= bound:
        raise BadRequest(
            _("%(name)s must be between -%(b)d and %(b)d.") % {"name": name, "b": bound}
        )
    return value


def _title(description: str, category: Category) -> str:
    first_line = description.splitlines()[0].strip() if description else ""
    if not first_line:
        return category.name
    return first_line[:60] + ("…" if len(first_line) > 60 else "")


def _email(fields: dict) -> str:
    """The spec's optional `email`: stored for sending the outcome back, refused if invalid."""
    email = fields.get("email", "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except DjangoValidationError:
        raise BadRequest(_("email is not a valid e-mail address.")) from None
    return email
