"""Issue 28 finding 3: /security/totp/ took 300 wrong codes in 6.2 s and the right code still
worked. Now five wrong codes per account, or per address, lock the second factor: the rest of
the 300 get 429, the right code is refused while locked, and the lockout is audited."""

import time

import pyotp
import pytest
from django.test import Client

from tests.security.conftest import admins
from tests.world import PASSWORD
from tongxin.security.models import AuditEntry, TotpDevice

pytestmark = pytest.mark.django_db


def _signed_in(user, address: str) -> tuple[Client, str]:
    user.set_password(PASSWORD)
    user.save()
    client = Client(REMOTE_ADDR=address)
    client.post("/login/", {"username": user.username, "password": PASSWORD})
    client.get("/security/totp/")  # creates the device
    return client, TotpDevice.objects.get(user=user).secret


def _wrong(secret: str, n: int) -> list[str]:
    valid = {pyotp.TOTP(secret).at(time.time() + d) for d in (-30, 0, 30)}
    return [c for c in (f"{i:06d}" for i in range(n + 3)) if c not in valid][:n]


def test_300_wrong_codes_then_the_right_one_all_fail(world, settings):
    settings.TONGXIN_TOTP_FAILURES = 5
    client, secret = _signed_in(admins(world)["auditadmin"], "10.3.3.3")
    answers = [client.post("/security/totp/", {"code": c}).status_code
               for c in _wrong(secret, 300)]
    assert answers[:5] == [200] * 5 and answers[5:] == [429] * 295
    right = client.post("/security/totp/", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 429 and not client.session.get("second_factor")
    assert AuditEntry.objects.filter(action="second_factor_lockout").count() == 1
    assert AuditEntry.objects.filter(action="second_factor_locked").count() == 296


def test_the_account_is_locked_from_every_address(world, settings):
    settings.TONGXIN_TOTP_FAILURES = 5
    user = admins(world)["auditadmin"]
    client, secret = _signed_in(user, "10.3.3.4")
    for code in _wrong(secret, 5):
        client.post("/security/totp/", {"code": code})
    other, _ = _signed_in(user, "10.3.3.5")
    assert other.post("/security/totp/", {"code": pyotp.TOTP(secret).now()}).status_code == 429


def test_the_address_is_locked_for_every_account(world, settings):
    settings.TONGXIN_TOTP_FAILURES = 5
    users = admins(world)
    client, secret = _signed_in(users["auditadmin"], "10.3.3.6")
    for code in _wrong(secret, 5):
        client.post("/security/totp/", {"code": code})
    other, other_secret = _signed_in(users["secadmin"], "10.3.3.6")
    code = pyotp.TOTP(other_secret).now()
    assert other.post("/security/totp/", {"code": code}).status_code == 429


def test_the_lock_ends_after_its_window(world, settings):
    settings.TONGXIN_TOTP_FAILURES, settings.TONGXIN_TOTP_LOCK_SECONDS = 2, 1
    client, secret = _signed_in(admins(world)["auditadmin"], "10.3.3.7")
    for code in _wrong(secret, 2):
        client.post("/security/totp/", {"code": code})
    time.sleep(2.1)  # the database cache keeps expiry times to the second
    assert client.post("/security/totp/", {"code": pyotp.TOTP(secret).now()}).status_code == 302
