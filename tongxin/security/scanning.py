"""Upload scanning hooks: every scanner in TONGXIN_UPLOAD_SCANNERS sees each upload before it
is stored (an antivirus bridge such as ClamAV's clamd, a DLP check …) and refuses it by
raising tongxin.core.errors.ValidationFailed with a message for the user."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.module_loading import import_string


def scan(upload: UploadedFile) -> None:
    for path in settings.TONGXIN_UPLOAD_SCANNERS:
        upload.seek(0)
        import_string(path)(upload)
    upload.seek(0)
