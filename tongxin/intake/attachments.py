"""Checking and storing uploaded media (photos, video, voice recordings).

The type comes from the content (magic bytes, then Pillow for images), never from the file
name or the client's Content-Type, so a renamed executable or a text file called photo.jpg is
refused. Images get a public copy re-encoded without EXIF (a phone photo carries the
reporter's GPS position and device serial) and a JPEG thumbnail. Everything goes through
Django's storage API, so local disk can become object storage by changing STORAGES.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from tongxin.core.errors import ValidationFailed

from .models import MediaKind

MiB = 1024 * 1024
# Per-kind size limits; settings.TONGXIN_UPLOAD_LIMITS overrides any of them.
DEFAULT_LIMITS = {MediaKind.IMAGE: 15 * MiB, MediaKind.VIDEO: 100 * MiB, MediaKind.AUDIO: 20 * MiB}
# A 20-megapixel phone photo is ~20 M pixels; far more is a decompression bomb, not a photo.
DEFAULT_MAX_PIXELS = 50_000_000
# Memory one image may take once decoded (width × height × bytes per pixel). The pixel count
# alone let a 190 KB 7,000×7,000 PNG through to be decoded to 196 MB, and four at once took
# a worker to 2.4 GB (issue 28 finding 8). A JPEG over it is decoded at 1/2, 1/4 or 1/8
# scale (its DCT allows that for free); any other format over it is refused before decoding.
DEFAULT_DECODE_BYTES = 64 * MiB
# Pillow's own bomb guard for every other Image.open in the process (it raises at twice this).
Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS
THUMBNAIL_BOX = (320, 320)
SNIFF_BYTES = 8192

# Sniffed MIME type → (kind, extension, Pillow format for images).
ALLOWED: dict[str, tuple[str, str, str]] = {
    "image/jpeg": (MediaKind.IMAGE, "jpg", "JPEG"),
    "image/png": (MediaKind.IMAGE, "png", "PNG"),
    "image/webp": (MediaKind.IMAGE, "webp", "WEBP"),
    "video/mp4": (MediaKind.VIDEO, "mp4", ""),
    "video/quicktime": (MediaKind.VIDEO, "mov", ""),
    "video/webm": (MediaKind.VIDEO, "webm", ""),
    "video/3gpp": (MediaKind.VIDEO, "3gp", ""),
    "video/x-m4v": (MediaKind.VIDEO, "m4v", ""),
    "audio/mpeg": (MediaKind.AUDIO, "mp3", ""),
    "audio/mp4": (MediaKind.AUDIO, "m4a", ""),
    "audio/aac": (MediaKind.AUDIO, "aac", ""),
    "audio/amr": (MediaKind.AUDIO, "amr", ""),
    "audio/ogg": (MediaKind.AUDIO, "ogg", ""),
    "audio/x-wav": (MediaKind.AUDIO, "wav", ""),
}
# Containers that hold either sound or pictures: a browser's voice memo is WebM or MP4 with
# no video track. Magic bytes cannot tell, so a client declaring audio/* gets the audio kind
# (the limit for audio is the smaller one, so nothing is gained by lying).
AUDIO_CAPABLE = {"video/webm": "audio/webm", "video/mp4": "audio/mp4", "video/3gpp": "audio/3gpp"}


class UnsupportedFile(ValidationFailed):
    """The content is not a photo, video or voice recording we accept (HTTP 415)."""

    status_code = 415


class FileTooLarge(ValidationFailed):
    """The file is over the limit of its kind (HTTP 413)."""

    status_code = 413


def limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "TONGXIN_UPLOAD_LIMITS", {})}


def max_upload_bytes() -> int:
    """The largest file any kind allows: the request-size cap for multipart uploads."""
    return max(limits().values())


@dataclass(frozen=True)
class Checked:
    kind: str
    content_type: str
    extension: str
    pil_format: str
    size: int


def check(upload: UploadedFile, *, declared_type: str = "") -> Checked:
    """What the file really is, or UnsupportedFile / FileTooLarge."""
    size = upload.size or 0
    if size == 0:
        raise UnsupportedFile(_("The file is empty."))
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    guess = filetype.guess(head)
    if guess is None or guess.mime not in ALLOWED:
        raise UnsupportedFile(
            _("This file type is not accepted (found: %(found)s). Send a photo (JPEG, PNG, "
              "WebP), a video (MP4, MOV, WebM, 3GP) or a voice recording (MP3, M4A, AAC, AMR, "
              "OGG, WAV, WebM).") % {"found": guess.mime if guess else _("unknown")}
        )
    kind, extension, pil_format = ALLOWED[guess.mime]
    content_type = guess.mime
    if guess.mime in AUDIO_CAPABLE and declared_type.lower().startswith("audio/"):
        kind, content_type = MediaKind.AUDIO, AUDIO_CAPABLE[guess.mime]
    limit = limits()[kind]
    if size > limit:
        raise FileTooLarge(
            _("%(kind)s: the file is %(size)s; the limit is %(limit)s.") % {
                "kind": MediaKind(kind).label, "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            }
        )
    return Checked(kind, content_type, extension, pil_format, size)


@dataclass
class Prepared:
    """A checked upload turned into the files to store (not stored yet)."""

    checked: Checked
    sha256: str
    public: File
    original: File | None = None
    thumbnail: File | None = None
    width: int | None = None
    height: int | None = None
    gps: tuple[float, float] | None = None


def prepare(upload: UploadedFile, *, declared_type: str = "") -> Prepared:
    checked = check(upload, declared_type=declared_type)
    from tongxin.security.scanning import scan

    scan(upload)  # antivirus / DLP hooks (settings.TONGXIN_UPLOAD_SCANNERS)
    if checked.kind != MediaKind.IMAGE:
        return Prepared(checked, _sha256(upload), public=upload)
    data = upload.read()
    upload.seek(0)
    public, thumbnail, width, height, gps = _process_image(data, checked.pil_format)
    return Prepared(
        checked, hashlib.sha256(data).hexdigest(), public=ContentFile(public),
        original=ContentFile(data), thumbnail=ContentFile(thumbnail), width=width,
        height=height, gps=gps,
    )


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _max_pixels() -> int:
    return int(getattr(settings, "TONGXIN_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def _decode_budget() -> int:
    return int(getattr(settings, "TONGXIN_UPLOAD_DECODE_BYTES", DEFAULT_DECODE_BYTES))


def _bounded(img: Image.Image) -> None:
    """Before anything is decoded: refuse, or for a JPEG ask for a reduced decode, so that
    the decoded image fits the budget. Counted at 3+ bytes a pixel: the copies made later
    (orientation, RGB thumbnail) are at least that wide."""
    budget = _decode_budget()
    per_pixel = max(len(img.getbands()), 3)
    if img.width * img.height * per_pixel <= budget:
        return
    if img.format == "JPEG":
        for scale in (2, 4, 8):
            w, h = -(-img.width // scale), -(-img.height // scale)
            if w * h * per_pixel <= budget:
                img.draft(img.mode, (w, h))
                return
    raise FileTooLarge(_("The image has too many pixels."))


def _process_image(data: bytes, pil_format: str):
    """(public copy bytes, thumbnail bytes, width, height, EXIF GPS or None)."""
    try:
        # Image.open reads only the header, so the pixel count is checked before decoding.
        with Image.open(io.BytesIO(data)) as img:
            if img.format != pil_format:
                raise UnsupportedFile(_("The image content does not match its type."))
            if img.width * img.height > _max_pixels():
                raise FileTooLarge(_("The image has too many pixels."))
            _bounded(img)
            gps = _gps_of(img)
            icc = img.info.get("icc_profile")
            img.load()
            oriented = ImageOps.exif_transpose(img)
            public = _encode(oriented, pil_format, icc)
            thumb = oriented.copy()
            thumb.thumbnail(THUMBNAIL_BOX)
            thumbnail = _encode(thumb.convert("RGB"), "JPEG", None, quality=80)
            return public, thumbnail, oriented.width, oriented.height, gps
    except Image.DecompressionBombError:
        raise FileTooLarge(_("The image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UnsupportedFile(_("The image is damaged or incomplete.")) from None


def _encode(img: Image.Image, pil_format: str, icc: bytes | None, quality: int = 90) -> bytes:
    # A fresh save carries no EXIF or XMP: Pillow writes metadata only when it is passed in.
    out = io.BytesIO()
    options: dict = {"icc_profile": icc} if icc else {}
    if pil_format in ("JPEG", "WEBP"):
        options["quality"] = quality
    if pil_format == "JPEG" and img.mode not in ("RGB", "L", "CMYK"):
        img = img.convert("RGB")
    img.save(out, pil_format, **options)
    return out.getvalue()


def _gps_of(img: Image.Image) -> tuple[float, float] | None:
    """Latitude and longitude from EXIF, if the photo has a sensible position."""
    try:
        gps = img.getexif().get_ifd(0x8825)
        lat = _degrees(gps[2], gps.get(1, "N"), "S")
        lng = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError, AttributeError):
        return None
    if -90 <= lat <= 90 and -180 <= lng <= 180:
        return round(lat, 7), round(lng, 7)
    return None


def _degrees(dms, ref, negative: str) -> float:
    d, m, s = (float(x) for x in dms)
    value = d + m / 60 + s / 3600
    ref = ref.decode() if isinstance(ref, bytes) else str(ref)
    return -value if ref.strip().upper() == negative else value


@dataclass(frozen=True)
class StoredNames:
    file: str
    original: str = ""
    thumbnail: str = ""

    def all(self) -> list[str]:
        return [n for n in (self.file, self.original, self.thumbnail) if n]


def store(prepared: Prepared) -> StoredNames:
    """Save the files; on any failure remove what was already saved."""
    stem = f"{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}"
    ext = prepared.checked.extension
    saved: list[str] = []
    try:
        saved.append(default_storage.save(f"uploads/{stem}.{ext}", prepared.public))
        original = thumbnail = ""
        if prepared.original is not None:
            # Kept for the record with its EXIF; under private/ and never served.
            original = default_storage.save(f"private/originals/{stem}.{ext}", prepared.original)
            saved.append(original)
        if prepared.thumbnail is not None:
            thumbnail = default_storage.save(f"thumbnails/{stem}.jpg", prepared.thumbnail)
            saved.append(thumbnail)
    except Exception:
        delete_files(saved)
        raise
    return StoredNames(saved[0], original, thumbnail)


def delete_files(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):  # already gone: nothing to clean up
            default_storage.delete(name)
