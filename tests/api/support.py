"""Shared by the API, intake and Open311 tests: tokens, a bearer-token client, sample media.

The conftest of each of those folders imports the autouse fixtures from here.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from tests.world import World
from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Channel
from tongxin.intake.services import issue_token

# Points inside the test world's grids (street A: lng 117.0–117.2, street B: 117.2–117.4).
POINT_A1 = (34.05, 117.1)
POINT_B1 = (34.05, 117.3)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # build_world creates eleven users; the default PBKDF2 hasher costs ~0.5 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploaded files go to a throw-away folder, never into var/media.
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def token_for(user: User, channel: str = Channel.API, name: str = "test") -> str:
    return issue_token(user=user, channel=channel, name=name).raw


def channel_user(world: World, username: str, *, region_key: str | None = None,
                 role: str = Role.OPERATOR) -> User:
    """A per-channel service user whose membership (a street of the world) is its jurisdiction."""
    user = User.objects.create_user(username=username, display_name=username)
    region = world.streets[region_key] if region_key else world.district
    Membership.objects.create(user=user, role=role, region=region)
    return user


class Api:
    """The Django test client speaking JSON to /api/v1 with a bearer token."""

    def __init__(self, raw_token: str | None, client: Client | None = None) -> None:
        self.client = client or Client()
        # English messages, so assertions do not depend on the zh_Hans catalogue.
        self.headers = {"Accept-Language": "en"}
        if raw_token:
            self.headers["Authorization"] = f"Bearer {raw_token}"

    def get(self, path: str, **params: Any):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path: str, body: Any = None, *, raw: bytes | str | None = None,
             headers: dict | None = None, content_type: str = "application/json"):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(f"/api/v1{path}", data, content_type=content_type,
                                headers={**self.headers, **(headers or {})})

    def upload(self, name: str, content: bytes, content_type: str = "application/octet-stream"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        file = SimpleUploadedFile(name, content, content_type=content_type)
        return self.client.post("/api/v1/uploads", {"file": file}, headers=self.headers)


def case_body(**overrides: Any) -> dict:
    lat, lng = POINT_A1
    return {"title": "路灯不亮", "description": "小区门口路灯坏了三天", "lat": lat, "lng": lng,
            "category": "0101", "reporter_name": "张三", "reporter_phone": "13812345678",
            **overrides}


def jpeg_with_gps(lat: float = 34.05, lng: float = 117.1, size=(800, 600)) -> bytes:
    """A JPEG whose EXIF says where it was taken (as a phone writes it)."""
    img = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"  # Make
    gps = exif.get_ifd(0x8825)

    def dms(value: float):
        d = int(value)
        m = int((value - d) * 60)
        s = round(((value - d) * 60 - m) * 60, 4)
        return (float(d), float(m), float(s))

    gps[1], gps[2] = ("N" if lat >= 0 else "S"), dms(abs(lat))
    gps[3], gps[4] = ("E" if lng >= 0 else "W"), dms(abs(lng))
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=85)
    return out.getvalue()


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 30, 255)).save(out, "PNG")
    return out.getvalue()
