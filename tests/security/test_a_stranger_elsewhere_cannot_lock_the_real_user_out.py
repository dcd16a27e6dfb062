"""Issue 28 finding 9: five wrong passwords from any addresses locked the real user out for
30 minutes. Now the failures lock the account only at the addresses they came from: the
stranger is refused, the user at their own desk still logs in."""

import pytest
from django.test import Client

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def _login(address: str, password: str) -> int:
    return Client(REMOTE_ADDR=address).post(
        "/login/", {"username": "dispatcher", "password": password}).status_code


def test_five_strangers_times_five_wrong_passwords_leave_the_user_in(world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    strangers = [f"198.51.100.{i}" for i in range(1, 6)]
    for address in strangers:
        for _ in range(5):
            _login(address, "wrong-guess")
    assert [_login(a, PASSWORD) for a in strangers] == [429] * 5  # locked where they failed
    assert _login("10.20.30.40", PASSWORD) == 302  # the real user, elsewhere: in
