"""Login, intake and search are rate-limited per address; over the limit the answer is 429
with a message (JSON on the API)."""

import pytest
from django.core.cache import caches
from django.test import Client

from tests.api.support import Api, case_body, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    caches["shared"].clear()
    settings.TONGXIN_RATE_LIMITS = {"login": "3/m", "intake": "2/m", "search": "2/m"}
    yield
    caches["shared"].clear()


def test_login(world):
    client = Client(REMOTE_ADDR="10.3.3.3")
    codes = [client.post("/login/", {"username": "x", "password": "y"}).status_code
             for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429


def test_intake_api(world):
    api = Api(token_for(world.user("operator")))
    codes = [api.post("/cases", case_body()).status_code for _ in range(3)]
    assert codes[:2] == [201, 201] and codes[2] == 429
    assert "detail" in api.post("/cases", case_body()).json()


def test_search(world):
    client = Client()
    client.force_login(world.user("dispatcher"))
    codes = [client.get("/cases/", {"q": "路灯"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
