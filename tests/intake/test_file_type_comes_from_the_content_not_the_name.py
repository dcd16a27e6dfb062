"""The kind of a file is read from its bytes; names and declared types are not trusted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.support import png_bytes
from tongxin.intake.attachments import FileTooLarge, UnsupportedFile, check

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
M4A = b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81" \
       b"\x08\x42\x82\x84webm" + b"\x00" * 64
AMR = b"#!AMR\n" + b"\x00" * 64
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


def _file(content: bytes, name: str = "f.bin", content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "name", "declared", "kind", "content_type"),
    [
        (png_bytes(), "photo.jpg", "image/jpeg", "image", "image/png"),  # a PNG named .jpg
        (MP4, "clip.txt", "text/plain", "video", "video/mp4"),
        (M4A, "voice.mp4", "video/mp4", "audio", "audio/mp4"),
        (AMR, "voice.bin", "", "audio", "audio/amr"),
        (MP3, "voice", "", "audio", "audio/mpeg"),
        (WEBM, "recording.webm", "video/webm", "video", "video/webm"),
        (WEBM, "recording.webm", "audio/webm", "audio", "audio/webm"),  # a browser voice memo
    ],
)
def test_accepted_files_are_typed_by_content(content, name, declared, kind, content_type):
    checked = check(_file(content, name, declared), declared_type=declared)
    assert (checked.kind, checked.content_type) == (kind, content_type)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"hello, this is text", "photo.jpg"),
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "photo.jpg"),  # a Windows executable
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "video.mp4"),
        (b"%PDF-1.7\n" + b"\x00" * 100, "voice.m4a"),
        (b"PK\x03\x04" + b"\x00" * 100, "photo.png"),  # a zip
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "photo.svg"),  # scripts in SVG
    ],
)
def test_anything_else_is_refused_whatever_its_name(content, name):
    with pytest.raises(UnsupportedFile):
        check(_file(content, name, "image/jpeg"))


def test_each_kind_has_its_own_size_limit(settings):
    settings.TONGXIN_UPLOAD_LIMITS = {"audio": 100}
    with pytest.raises(FileTooLarge):
        check(_file(AMR + b"\x00" * 100))
    assert check(_file(MP4 + b"\x00" * 100)).kind == "video"  # video keeps its default limit
