"""Photos sent with a reply appear on the timeline and are served through the case's
jurisdiction check, never from a public URL; uploaded types cannot turn into a web page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.cases.models import Attachment

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32 + b"\xff\xd9"


def reply_with_photo(world, login):
    case = make_case(world, state="in_progress")
    photo = SimpleUploadedFile("after.jpg", JPEG, content_type="image/jpeg")
    response = login("handler").post(reverse("workbench:act", args=[case.pk, "reply"]),
                                     {"note": "已修复", "photos": [photo]})
    assert response.status_code == 302
    return case, Attachment.objects.get(case=case)


def test_reply_photo_shows_on_the_timeline_and_downloads(world, login):
    case, item = reply_with_photo(world, login)
    client = login("dispatcher")
    html = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    url = reverse("workbench:attachment", args=[case.pk, item.pk])
    assert f'<img src="{url}"' in html

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == JPEG


def test_other_street_gets_404_for_the_photo(world, login):
    case, item = reply_with_photo(world, login)
    url = reverse("workbench:attachment", args=[case.pk, item.pk])
    assert login("street_b").get(url).status_code == 404


def test_attachment_of_another_case_is_404_even_inside_jurisdiction(world, login):
    case, item = reply_with_photo(world, login)
    other = make_case(world)
    url = reverse("workbench:attachment", args=[other.pk, item.pk])
    assert login("dispatcher").get(url).status_code == 404


def test_unexpected_stored_type_is_downloaded_not_rendered(world, login):
    case, item = reply_with_photo(world, login)
    Attachment.objects.filter(pk=item.pk).update(content_type="text/html")
    response = login("dispatcher").get(
        reverse("workbench:attachment", args=[case.pk, item.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
