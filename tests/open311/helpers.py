"""Shared by the Open311 tests: an open311 api_key and a form POST."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from django.test import Client

from tests.api.support import channel_user, token_for
from tongxin.cases.models import Channel

BASE = "/open311/v2"
W3C = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$"


def open311_key(world, username: str = "open311-bot", region_key: str | None = None) -> str:
    """The api_key of a city app: an open311 token of a service user (district-wide)."""
    return token_for(channel_user(world, username, region_key=region_key), Channel.OPEN311)


def post(client: Client, fmt: str = "json", headers: dict | None = None, **fields):
    return client.post(f"{BASE}/requests.{fmt}", fields,
                       headers={"Accept-Language": "en", **(headers or {})})


def get(client: Client, path: str, **params):
    return client.get(f"{BASE}/{path}", params, headers={"Accept-Language": "en"})


def as_json(response):
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


def as_xml(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    return ET.fromstring(response.content)


def report_fields(api_key: str, **overrides) -> dict:
    return {"api_key": api_key, "service_code": "0101", "lat": "34.05", "long": "117.1",
            "address_string": "建设路 12 号", "description": "路灯不亮已经三天",
            "first_name": "Li", "last_name": "Lei", "phone": "13812345678",
            "email": "li@example.com", **overrides}
