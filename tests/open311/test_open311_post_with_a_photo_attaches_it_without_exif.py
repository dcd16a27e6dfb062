"""A photo POSTed with an Open311 request (multipart `media`) becomes the case's attachment,
checked and stripped of its EXIF position like any other upload."""

import io

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.api.support import jpeg_with_gps
from tests.open311.helpers import as_json, open311_key, post, report_fields
from tongxin.cases.models import Attachment, Case


def test_the_media_file_is_attached_without_its_gps(world):
    photo = SimpleUploadedFile("IMG.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = post(Client(), **report_fields(open311_key(world), media=photo))

    assert response.status_code == 201, response.content
    case = Case.objects.get(number=as_json(response)[0]["service_request_id"])
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "image/jpeg" and attachment.media.thumbnail
    with default_storage.open(attachment.file.name) as public:
        assert len(Image.open(io.BytesIO(public.read())).getexif()) == 0
