"""Photos, video and voice: upload first (content checked, EXIF stripped), then pass the
upload ids with a report or an action; read them back through the case's jurisdiction."""

from __future__ import annotations

import os

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from ninja import File, Path, Router, Status
from ninja.files import UploadedFile

from tongxin.cases import selectors
from tongxin.cases.models import Attachment
from tongxin.intake.services import store_upload

from .auth import ApiRequest
from .present import attachment_dict
from .schemas import MAX_ID, AttachmentOut, ErrorOut, UploadOut

router = Router(tags=["attachments"])
REQUIRED_FILE = File(...)
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 413, 415, 422)}
BINARY = {"responses": {"200": {"description": "the file", "content": {
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}}


@router.post("/uploads", response={201: UploadOut, **ERRORS}, operation_id="upload_file",
             summary="Upload a photo, video or voice recording")
def upload(request: ApiRequest, file: UploadedFile = REQUIRED_FILE):
    """The type is read from the content, not the name: JPEG/PNG/WebP photos, MP4/MOV/WebM/3GP
    video, MP3/M4A/AAC/AMR/OGG/WAV voice. Photos are stored without EXIF (no GPS position in
    the copy anyone can see) with a thumbnail. Pass the returned id in `attachments` of a
    report or an action."""
    stored = store_upload(owner=request.auth, upload=file,
                          declared_type=getattr(file, "content_type", "") or "")
    point = (
        {"lat": stored.exif_lat, "lng": stored.exif_lng}
        if stored.exif_lat is not None and stored.exif_lng is not None else None
    )
    return Status(201, {
        "id": stored.pk, "kind": stored.kind, "content_type": stored.content_type,
        "size": stored.size, "width": stored.width, "height": stored.height,
        "exif_location": point,
    })


@router.get("/cases/{case_id}/attachments", response={200: list[AttachmentOut], **ERRORS},
            operation_id="list_attachments", summary="Attachments of a case")
def list_attachments(request: ApiRequest, case_id: int = Path(..., ge=1, le=MAX_ID)):
    case = selectors.get_case(request.auth, pk=case_id)
    return [attachment_dict(a) for a in case.attachments.select_related("media").order_by("id")]


def _visible_attachment(request: ApiRequest, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.select_related("media").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    selectors.get_case(request.auth, pk=attachment.case_id)  # outside jurisdiction → 404
    return attachment


def _serve(name: str, content_type: str) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, filename=os.path.basename(name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/attachments/{attachment_id}/file", response={**ERRORS}, url_name="attachment_file",
            operation_id="attachment_file", summary="Download an attachment",
            openapi_extra=BINARY)
def attachment_file(request: ApiRequest, attachment_id: int = Path(..., ge=1, le=MAX_ID)):
    attachment = _visible_attachment(request, attachment_id)
    return _serve(attachment.file.name or "", attachment.content_type)


@router.get("/attachments/{attachment_id}/thumbnail", response={**ERRORS},
            url_name="attachment_thumbnail", operation_id="attachment_thumbnail",
            summary="Thumbnail of a photo", openapi_extra=BINARY)
def attachment_thumbnail(request: ApiRequest,
                         attachment_id: int = Path(..., ge=1, le=MAX_ID)):
    attachment = _visible_attachment(request, attachment_id)
    media = getattr(attachment, "media", None)
    if media is None or not media.thumbnail:
        raise Http404
    return _serve(media.thumbnail.name or "", "image/jpeg")
