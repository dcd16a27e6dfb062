"""Reports without signing in are limited per client address (429 with a JSON message);
another address still gets through."""

import pytest
from django.core.cache import caches

from tests.portal.anonymous_support import browser, post_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    caches["shared"].clear()
    settings.TONGXIN_RATE_LIMITS = {"anonymous": "2/m"}
    yield
    caches["shared"].clear()


def test_over_the_limit_the_answer_is_429(world):
    client = browser("10.7.7.7")
    codes = [post_report(client, f"rl-{i}").status_code for i in range(3)]
    assert codes == [201, 201, 429]
    assert "detail" in post_report(client, "rl-9").json()
    assert post_report(browser("10.7.7.8"), "rl-other").status_code == 201
