"""Each kind of bad input gets a 4xx with a readable message, never a 500, and nothing of it
is stored: no case, no event, no upload, no attachment, no idempotency record, no file."""

import io
import os

import pytest
from PIL import Image

from tests.api.support import Api, case_body, jpeg_with_gps, token_for
from tongxin.cases.models import Attachment, Case, CaseEvent
from tongxin.intake.models import IdempotencyRecord, Upload

SMALL_LIMITS = {"image": 20_000, "video": 20_000, "audio": 20_000}


def noise_jpeg(size=(300, 300)) -> bytes:
    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, "JPEG", quality=95)
    return out.getvalue()


CASES = {
    "malformed JSON": lambda api, case: api.post("/cases", raw='{"title": "路灯", '),
    "not UTF-8": lambda api, case: api.post("/cases", raw=b"\xff\xfe{}"),
    "a JSON list, not an object": lambda api, case: api.post("/cases", raw="[1, 2]"),
    "wrong type for title": lambda api, case: api.post("/cases", case_body(title=123)),
    "wrong type for lat": lambda api, case: api.post("/cases", case_body(lat="north")),
    "missing title": lambda api, case: api.post("/cases", {"lat": 34.05, "lng": 117.1}),
    "empty body": lambda api, case: api.post("/cases", raw=""),
    "unknown field": lambda api, case: api.post("/cases", case_body(colour="red")),
    "lat 91": lambda api, case: api.post("/cases", case_body(lat=91)),
    "lng -181": lambda api, case: api.post("/cases", case_body(lng=-181)),
    "lat without lng": lambda api, case: api.post("/cases", case_body(lng=None)),
    "outside the service area": lambda api, case: api.post("/cases", case_body(lat=10, lng=10)),
    "unknown category code": lambda api, case: api.post("/cases", case_body(category="9999")),
    "unknown region code": lambda api, case: api.post("/cases", case_body(region="000")),
    "unknown channel": lambda api, case: api.post("/cases", case_body(channel="pigeon")),
    "NUL in the title": lambda api, case: api.post("/cases", case_body(title="a\x00b")),
    "lone surrogate": lambda api, case: api.post("/cases", raw='{"title": "\\ud800", "lat": 34.05, '
                                                          '"lng": 117.1}'),
    "title too long": lambda api, case: api.post("/cases", case_body(title="长" * 201)),
    "oversized body": lambda api, case: api.post("/cases", case_body(description="x" * 3_000_000)),
    "unknown upload id": lambda api, case: api.post("/cases", case_body(attachments=[424242])),
    "huge case id": lambda api, case: api.get("/cases/99999999999999999999999"),
    "negative case id": lambda api, case: api.get("/cases/-1"),
    "bad date filter": lambda api, case: api.get("/cases", created_from="yesterday"),
    "limit 0": lambda api, case: api.get("/cases", limit=0),
    "a text file named .jpg": lambda api, case: api.upload("photo.jpg", b"just text, honest",
                                                     "image/jpeg"),
    "an EXE named .jpg": lambda api, case: api.upload("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200,
                                                "image/jpeg"),
    "an empty file": lambda api, case: api.upload("photo.jpg", b"", "image/jpeg"),
    "a truncated JPEG": lambda api, case: api.upload("photo.jpg", jpeg_with_gps()[:400],
                                                     "image/jpeg"),
    "an oversized image": lambda api, case: api.upload("big.jpg", noise_jpeg(), "image/jpeg"),
    "an upload over the request cap": lambda api, case: api.upload("big.mp4", b"\x00" * 400_000),
    "no file in the upload": lambda api, case: api.client.post("/api/v1/uploads", {},
                                                         headers=api.headers),
    "action: unknown department": lambda api, case: api.post(
        f"/cases/{case}/actions/dispatch", {"lead_department": "nope"}),
    "action: naive datetime": lambda api, case: api.post(
        f"/cases/{case}/actions/extend_request", {"note": "x", "until": "2030-01-01T00:00:00"}),
    "action: unknown rating": lambda api, case: api.post(
        f"/cases/{case}/actions/rate", {"rating": "meh"}),
    "action: unknown master case": lambda api, case: api.post(
        f"/cases/{case}/actions/merge", {"master": "20260101000000"}),
    "action: unknown upload": lambda api, case: api.post(
        f"/cases/{case}/actions/adjudicate", {"note": "x", "attachments": [424242]}),
    "action: not allowed now": lambda api, case: api.post(
        f"/cases/{case}/actions/reply", {"note": "x"}),
}


def _stored(media_root) -> dict:
    files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
    return {
        "cases": Case.objects.count(), "events": CaseEvent.objects.count(),
        "uploads": Upload.objects.count(), "attachments": Attachment.objects.count(),
        "records": IdempotencyRecord.objects.count(), "files": files,
    }


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_a_clear_4xx_and_stores_nothing(name, world, settings, _media_root):
    settings.TONGXIN_UPLOAD_LIMITS = SMALL_LIMITS
    api = Api(token_for(world.user("street_a")))
    case = api.post("/cases", case_body()).json()["id"]
    api.post(f"/cases/{case}/actions/register", {})
    before = _stored(_media_root)

    response = CASES[name](api, case)

    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and len(detail) > 5
    assert _stored(_media_root) == before


def test_the_messages_say_what_is_wrong(world):
    api = Api(token_for(world.user("street_a")))
    assert "JSON" in api.post("/cases", raw="{").json()["detail"]
    lat = api.post("/cases", case_body(lat=91)).json()
    assert lat["errors"][0]["field"] == "lat" and "90" in lat["errors"][0]["message"]
    assert "9999" in api.post("/cases", case_body(category="9999")).json()["detail"]
    exe = api.upload("x.jpg", b"MZ" + b"\x00" * 100, "image/jpeg")
    assert exe.status_code == 415 and "x-msdownload" in exe.json()["detail"]
    text = api.upload("x.jpg", b"plain text", "image/jpeg")
    assert text.status_code == 415 and "not accepted" in text.json()["detail"]
