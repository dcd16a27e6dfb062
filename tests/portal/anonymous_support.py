"""Helpers for the anonymous-reporting tests: a same-origin browser-like client (CSRF
enforced, cookie from the portal page) and a small JPEG."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.cases.loop import POINT_A1

ENDPOINT = "/portal/anonymous/report/"


def browser(address: str = "10.9.9.9") -> Client:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
    assert client.get("/portal/?anonymous=1").status_code == 200  # sets the CSRF cookie
    return client


def jpeg(name: str = "photo.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def post_report(client: Client, key: str | None, *, text: str = "3号楼门口路灯不亮",
                files=(), csrf: bool = True, **fields):
    lat, lng = POINT_A1
    data = {"text": text, "lat": str(lat), "lng": str(lng), **fields}
    if files:
        data["files"] = list(files)
    headers = {}
    if key is not None:
        headers["Idempotency-Key"] = key
    if csrf:
        headers["X-CSRFToken"] = client.cookies["csrftoken"].value
    return client.post(ENDPOINT, data, headers=headers)
