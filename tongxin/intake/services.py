"""Intake writes: every channel's report becomes a Case through cases.services.create_case.

This module adds what channels need around it: the channel and jurisdiction a token is bound
to, idempotent creation, checked uploads turned into case attachments, and API tokens.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.services import ActionInput, NewCase, Then, act, create_case
from tongxin.core.errors import ValidationFailed

from . import attachments, idempotency, tokens
from .idempotency import Outcome
from .models import ApiToken, IdempotencyRecord, Upload

# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once; only its hash is stored


def issue_token(*, user: User, channel: str, name: str) -> IssuedToken:
    raw = tokens.generate()
    token = ApiToken.objects.create(
        name=name, user=user, channel=channel, key_hash=tokens.hash_key(raw),
        prefix=raw[: len(tokens.PREFIX) + 5],
    )
    return IssuedToken(token, raw)


def revoke_token(*, token_id: int) -> None:
    ApiToken.objects.filter(pk=token_id).update(is_active=False)


# ---------------------------------------------------------------- uploads


def store_upload(*, owner: User, upload: UploadedFile, declared_type: str = "") -> Upload:
    """Check the file's content, store the public copy (and for images the original and a
    thumbnail) and record it, waiting to be attached by a report or an action."""
    prepared = attachments.prepare(upload, declared_type=declared_type)
    names = attachments.store(prepared)
    try:
        return Upload.objects.create(
            owner=owner, kind=prepared.checked.kind, content_type=prepared.checked.content_type,
            size=prepared.checked.size, sha256=prepared.sha256, file=names.file,
            original=names.original, thumbnail=names.thumbnail, width=prepared.width,
            height=prepared.height, exif_lat=prepared.gps[0] if prepared.gps else None,
            exif_lng=prepared.gps[1] if prepared.gps else None,
        )
    except Exception:
        attachments.delete_files(names.all())
        raise


def discard_upload(*, upload: Upload) -> None:
    """Forget an upload that was never attached (its report was refused)."""
    if upload.attachment_id is None:
        names = [f.name or "" for f in (upload.file, upload.original, upload.thumbnail) if f]
        upload.delete()
        transaction.on_commit(partial(attachments.delete_files, names))


def purge_unattached_uploads(*, older_than: timedelta = timedelta(days=1),
                             now: datetime | None = None) -> int:
    """Remove uploads nobody attached (an abandoned form, a client that gave up); for the
    worker's periodic sweep. Returns how many were removed."""
    unattached = Upload.objects.filter(attachment__isnull=True)
    stale = list(unattached.filter(created_at__lt=(now or timezone.now()) - older_than)
                 .values_list("pk", flat=True))
    count = 0
    for pk in stale:
        with transaction.atomic():
            # Locked and re-checked: a report may be attaching it at this very moment.
            upload = unattached.select_for_update().filter(pk=pk).first()
            if upload is not None:
                discard_upload(upload=upload)
                count += 1
    return count


def _claim_uploads(owner: User, upload_ids: Sequence[int]) -> list[Upload]:
    """The caller's unattached uploads, locked so two requests cannot attach the same one."""
    ids = list(dict.fromkeys(upload_ids))
    if not ids:
        return []
    found = {
        u.pk: u
        for u in Upload.objects.select_for_update().filter(
            pk__in=ids, owner=owner, attachment__isnull=True
        )
    }
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise ValidationFailed(
            _("Unknown or already used upload: %(ids)s.") % {"ids": ", ".join(missing)}
        )
    return [found[i] for i in ids]


def _as_files(uploads: Sequence[Upload]) -> list[UploadedFile]:
    """The staged public copies, typed by their checked content (not by the client)."""
    files = []
    for upload in uploads:
        name = upload.file.name or ""
        files.append(UploadedFile(default_storage.open(name, "rb"), name=os.path.basename(name),
                                  content_type=upload.content_type, size=upload.size))
    return files


def _close(files: Sequence[UploadedFile]) -> None:
    for handle in files:
        handle.close()


def _link(event: CaseEvent, uploads: Sequence[Upload]) -> None:
    if not uploads:
        return
    # The uploads come first among the event's attachments (files staged by the door after).
    stored = list(event.attachments.order_by("id"))[:len(uploads)]
    for upload, attachment in zip(uploads, stored, strict=True):
        staged = upload.file.name or ""
        upload.attachment, upload.file = attachment, attachment.file.name
        upload.save(update_fields=["attachment", "file"])
        # The attachment holds its own copy now; drop the staged one once that is certain.
        transaction.on_commit(partial(attachments.delete_files, [staged]))


# ---------------------------------------------------------------- reports


Render = Callable[[Case, IdempotencyRecord | None], tuple[int, Any]]


def submit_case(*, actor: User | None, new: NewCase, token: ApiToken | None = None,
                upload_ids: Sequence[int] = (), key: str = "", scope: str,
                request_fingerprint: str, render: Render, always_record: bool = False,
                files: Sequence[UploadedFile] = (), then: Then | None = None) -> Outcome:
    """Create a case once per idempotency key and return the response to send: the one
    door every channel that takes a client's report comes through (API, Open311, portal,
    anonymous portal, workbench form, hotline console, field app).

    `render` turns the new case into (status, JSON body); that body is stored with the key and
    every retry with the same key and the same body gets exactly it back. The key's record
    is written in the transaction that creates the case; of two concurrent retries one
    commits, the other's insert fails on the unique key and it returns the winner's result.
    `actor` None is an anonymous citizen: keys are then unique per scope. `then` is the
    channel's own write in the same transaction (a 110 transfer's row).
    """
    extra = then  # the parameter; `store` below is the door's own
    if token is not None:
        new = replace(new, channel=token.channel)
    # Looked up first: a retry must not re-claim the uploads its first try already attached.
    # Two tries in flight at once are decided by the record's unique key at the end.
    key = idempotency.check_key(key)
    if key and (found := idempotency.find(actor, key, scope=scope)) is not None:
        return idempotency.replay(found, scope=scope, fingerprint=request_fingerprint)
    record_key = key or (f"auto:{uuid.uuid4()}" if always_record else "")
    stored: dict[str, Any] = {}

    def store(case: Case, event: CaseEvent) -> None:
        _link(event, uploads)
        if extra is not None:
            extra(case, event)
        record = IdempotencyRecord(user=actor, key=record_key, token=token, scope=scope,
                                   fingerprint=request_fingerprint, case=case,
                                   status_code=0) if record_key else None
        status, body = render(case, record)  # Open311 answers with the record's public id
        if record is not None:
            record.status_code, record.response = status, body
            record.save(force_insert=True)
        stored.update(status=status, body=body, record=record)

    try:
        with transaction.atomic():
            uploads = _claim_uploads(actor, upload_ids) if actor is not None else []
            staged = [*_as_files(uploads), *files]
            try:
                case = create_case(actor=actor, new=new, attachments=staged, then=store)
            finally:
                _close(staged[:len(uploads)])
    except IntegrityError:
        found = idempotency.find(actor, key, scope=scope) if key else None
        if found is None:
            raise
        return idempotency.replay(found, scope=scope, fingerprint=request_fingerprint)
    return Outcome(stored["status"], stored["body"], case.pk, False, stored["record"])


def perform_action(*, actor: User, case_id: int, action: str, data: ActionInput,
                   upload_ids: Sequence[int] = ()) -> Case:
    """A workflow action through cases.services.act, with checked uploads as its attachments."""
    with transaction.atomic():
        uploads = _claim_uploads(actor, upload_ids)
        files = _as_files(uploads)
        try:
            case = act(case_id=case_id, actor=actor, action=action,
                       data=replace(data, attachments=files))
        finally:
            _close(files)
        if uploads:
            # The case row is still locked by act(): its newest event is the one just written.
            event = case.events.order_by("-id").first()
            assert event is not None
            _link(event, uploads)
    return case
