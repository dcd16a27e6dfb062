"""A phone photo carries the reporter's GPS position in EXIF: the copy anyone with access to
the case can download has none, the original is kept privately, and a thumbnail is made."""

import io

from django.core.files.storage import default_storage
from PIL import Image

from tests.api.support import Api, case_body, jpeg_with_gps, png_bytes, token_for
from tongxin.intake.models import Upload

GPS_IFD = 0x8825


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _download(api: Api, url: str) -> bytes:
    response = api.client.get(url, headers=api.headers)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_public_copy_has_no_exif_and_a_thumbnail_exists(world):
    api = Api(token_for(world.user("street_a")))
    photo = jpeg_with_gps(lat=34.05, lng=117.1, size=(1600, 1200))
    assert _image(photo).getexif().get_ifd(GPS_IFD)  # the test photo really has a position

    uploaded = api.upload("IMG_0001.jpg", photo, "image/jpeg")
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert body["kind"] == "image" and body["content_type"] == "image/jpeg"
    assert body["exif_location"] == {"lat": 34.05, "lng": 117.1}  # offered to the reporter

    case = api.post("/cases", case_body(attachments=[body["id"]])).json()
    attachment = api.get(f"/cases/{case['id']}/attachments").json()[0]
    public = _image(_download(api, attachment["url"]))
    thumb = _image(_download(api, attachment["thumbnail_url"]))

    assert public.size == (1600, 1200)
    assert len(public.getexif()) == 0
    assert "exif" not in public.info
    assert thumb.format == "JPEG" and max(thumb.size) <= 320
    upload = Upload.objects.get()
    with default_storage.open(upload.original.name) as original:
        assert _image(original.read()).getexif().get_ifd(GPS_IFD)  # kept, never served
    assert upload.original.name.startswith("private/")
    assert upload.attachment_id == attachment["id"]


def test_the_orientation_is_applied_before_exif_is_dropped(world):
    img = Image.new("RGB", (400, 200), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    api = Api(token_for(world.user("street_a")))

    body = api.upload("portrait.jpg", out.getvalue(), "image/jpeg").json()

    assert (body["width"], body["height"]) == (200, 400)


def test_a_png_keeps_its_format_and_gets_a_thumbnail(world):
    api = Api(token_for(world.user("street_a")))
    body = api.upload("screenshot.png", png_bytes(), "image/png").json()
    assert body["content_type"] == "image/png" and body["exif_location"] is None
    upload = Upload.objects.get(pk=body["id"])
    assert upload.thumbnail.name.endswith(".jpg")
    with default_storage.open(upload.file.name) as public:
        assert _image(public.read()).format == "PNG"
