"""The endpoints the later apps added are limited too: the citizen's SMS-code login, the
rating page behind a token, the hotline and portal searches, the analytics JSON."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.world import PASSWORD, pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    caches["shared"].clear()
    settings.TONGXIN_RATE_LIMITS = {"login": "2/m", "intake": "2/m", "search": "2/m",
                                    "token": "2/m", "analytics": "2/m"}
    yield
    caches["shared"].clear()


def codes(request, n=3):
    return [request().status_code for _ in range(n)]


def test_portal_code_login_and_rating_tokens(world):
    client = Client(REMOTE_ADDR="10.9.9.1")
    assert codes(lambda: client.post("/portal/login/", {"phone": "123"}))[2] == 429
    assert codes(lambda: client.get("/feedback/rate/guessed-token/")) == [400, 400, 429]


def test_hotline_and_portal_searches(world):
    client = Client(REMOTE_ADDR="10.9.9.2")
    client.login(username="operator", password=PASSWORD)
    pass_second_factor(client)
    got = codes(lambda: client.get("/api/v1/hotline/knowledge", {"q": "停水"}))
    assert got[:2] == [200, 200] and got[2] == 429
    assert "detail" in client.get("/api/v1/hotline/callers", {"phone": "139"}).json()
    assert codes(lambda: Client(REMOTE_ADDR="10.9.9.3").get("/portal/board/"))[2] == 429


def test_analytics_json_answers_429_as_json(world):
    client = Client(REMOTE_ADDR="10.9.9.4")
    client.force_login(world.user("dispatcher"))
    pass_second_factor(client)
    got = codes(lambda: client.get("/analytics/api/dashboard.json"))
    assert got[:2] == [200, 200] and got[2] == 429
    assert "detail" in client.get("/analytics/api/hot.json").json()
