"""Bad Open311 input gets a 4xx in the spec's error format, never a 500, and stores nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.support import jpeg_with_gps
from tests.open311.helpers import BASE, as_json, get, open311_key, post, report_fields
from tongxin.cases.models import Attachment, Case
from tongxin.intake.models import IdempotencyRecord, Upload


def _media(content: bytes, name: str = "photo.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


POSTS = {
    "no service_code": {"service_code": ""},
    "unknown service_code": {"service_code": "9999"},
    "subcategory not in the definition": {"service_code": "01", "attribute[subcategory]": "02"},
    "lat 91": {"lat": "91"},
    "long out of range": {"long": "-200"},
    "lat not a number": {"lat": "north"},
    "lat NaN": {"lat": "nan"},
    "lat without long": {"long": ""},
    "no location at all": {"lat": "", "long": "", "address_string": ""},
    "outside the service area": {"lat": "10", "long": "10"},
    "description over 4000 characters": {"description": "长" * 4001},
    "NUL in the description": {"description": "a\x00b"},
    "phone too long": {"phone": "1" * 40},
    "media_url not a URL": {"media_url": "javascript:alert(1)"},
    "unknown jurisdiction_id": {"jurisdiction_id": "elsewhere"},
    "media is a text file named .jpg": {"media": _media(b"not a photo at all")},
    "media is an EXE": {"media": _media(b"MZ" + b"\x00" * 300, "x.jpg")},
}


def _counts():
    return (Case.objects.count(), Upload.objects.count(), Attachment.objects.count(),
            IdempotencyRecord.objects.count())


@pytest.mark.parametrize("name", list(POSTS))
def test_bad_post_is_a_4xx_error_list(name, world):
    client = Client()
    fields = report_fields(open311_key(world), **POSTS[name])
    before = _counts()

    response = post(client, **fields)

    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    [error] = as_json(response)
    assert error["code"] == response.status_code and len(error["description"]) > 5
    assert _counts() == before


def test_bodies_the_server_cannot_read(world):
    client = Client()
    malformed = client.post(f"{BASE}/requests.json", "{not json", content_type="application/json")
    assert malformed.status_code == 400
    listed = client.post(f"{BASE}/requests.json", "[1]", content_type="application/json")
    assert listed.status_code == 400
    plain = client.post(f"{BASE}/requests.json", "hello", content_type="text/plain")
    assert plain.status_code == 400
    broken = client.post(f"{BASE}/requests.json", b"--xx\r\nbroken",
                         content_type="multipart/form-data; boundary=xx")
    assert 400 <= broken.status_code < 500
    assert not Case.objects.exists()


def test_an_oversized_post_is_413(world, settings):
    settings.TONGXIN_UPLOAD_LIMITS = {"image": 1000, "video": 1000, "audio": 1000}
    client = Client()
    big = _media(jpeg_with_gps() + b"\x00" * 400_000)
    response = post(client, **report_fields(open311_key(world), media=big))
    assert response.status_code == 413
    assert as_json(response)[0]["code"] == 413


@pytest.mark.parametrize("params", [
    {"start_date": "yesterday"},
    {"end_date": "2026-13-45T00:00:00Z"},
    {"start_date": "0001-01-01T00:00:00Z"},
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # > 90 days
    {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    {"status": "pending"},
    {"service_code": "9999"},
    {"page_size": "0"},
    {"page": "x"},
    {"jurisdiction_id": "elsewhere"},
])
def test_bad_get_filters_are_400(params, db):
    response = get(Client(), "requests.json", **params)
    assert response.status_code == 400
    assert as_json(response)[0]["code"] == 400


def test_unsupported_methods_are_405(db):
    response = Client().delete(f"{BASE}/services.json")
    assert response.status_code == 405
    assert as_json(response)[0]["code"] == 405


def test_ids_no_database_can_compare_are_404(db):
    client = Client()
    for path in ("services/%00.json", "requests/%00.xml", "tokens/%00.json",
                 "requests/" + "9" * 60 + ".json"):
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 404, path
