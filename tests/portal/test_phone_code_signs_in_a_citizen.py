"""Signing in with a text-message code: the code goes out through the SMS gateway and is stored
only as a hash; a wrong code counts as an attempt, too many attempts or an old code fail, a
right code signs in (creating the citizen account once) and cannot be used again."""

import re
from datetime import timedelta

from django.utils import timezone

from tongxin.accounts.models import Membership, Role, User
from tongxin.portal.models import PhoneCode

PHONE = "13812345678"


def _code(capsys) -> str:
    return re.findall(r"验证码为(\d{6})", capsys.readouterr().out)[-1]


def test_phone_code_signs_in_a_citizen(db, client, capsys, settings):
    settings.TONGXIN_SMS_BACKEND = "tongxin.outbound.sms.ConsoleSmsBackend"
    page = client.post("/portal/login/", {"phone": "12345"})
    assert "11位手机号码" in page.content.decode()
    client.post("/portal/login/", {"phone": PHONE})
    code = _code(capsys)
    stored = PhoneCode.objects.get(phone=PHONE)
    assert code not in stored.code_hash

    wrong = client.post("/portal/login/", {"phone": PHONE, "code": "000000" if code != "000000"
                                           else "111111"})
    assert "验证码不正确" in wrong.content.decode()
    stored.refresh_from_db()
    assert stored.attempts == 1

    ok = client.post("/portal/login/", {"phone": PHONE, "code": code, "next": "/portal/cases/"})
    assert ok.status_code == 302 and ok["Location"] == "/portal/cases/"
    user = User.objects.get(phone=PHONE)
    assert Membership.objects.filter(user=user, role=Role.CITIZEN).count() == 1
    assert not user.has_usable_password()
    client.logout()
    again = client.post("/portal/login/", {"phone": PHONE, "code": code})
    assert again.status_code == 200 and "失效" in again.content.decode()

    # An expired code, and a code after too many attempts, are refused.
    PhoneCode.objects.all().update(created_at=timezone.now() - timedelta(minutes=2))
    client.post("/portal/login/", {"phone": PHONE})
    fresh = _code(capsys)
    PhoneCode.objects.filter(used_at__isnull=True).update(attempts=5)
    assert "失效" in client.post("/portal/login/", {"phone": PHONE, "code": fresh}
                                 ).content.decode()
    assert User.objects.filter(phone=PHONE).count() == 1
