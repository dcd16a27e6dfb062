"""A session unused for TONGXIN_IDLE_SECONDS ends; with TONGXIN_SINGLE_SESSION a new login
ends the account's other sessions."""

import time

import pytest
from django.test import Client

from tests.world import PASSWORD
from tongxin.security.sessions import SEEN

pytestmark = pytest.mark.django_db


def test_idle_session_is_logged_out(world, settings):
    settings.TONGXIN_IDLE_SECONDS = 600
    client = Client()
    client.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    assert client.get("/cases/").status_code == 200
    session = client.session
    session[SEEN] = int(time.time()) - 601
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/cases/").status_code == 302


def test_second_login_ends_the_first_session(world, settings):
    settings.TONGXIN_SINGLE_SESSION = True
    first, second = Client(), Client()
    first.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    assert first.get("/cases/").status_code == 200
    second.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    assert second.get("/cases/").status_code == 200
    assert first.get("/cases/").status_code == 302


def test_several_sessions_allowed_when_configured(world, settings):
    settings.TONGXIN_SINGLE_SESSION = False
    first, second = Client(), Client()
    first.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    second.post("/login/", {"username": "dispatcher", "password": PASSWORD})
    assert first.get("/cases/").status_code == 200
