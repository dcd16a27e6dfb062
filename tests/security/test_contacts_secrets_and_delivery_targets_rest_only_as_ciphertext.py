"""Issue 28 finding 5: every queued SMS kept the mobile number in outbound_delivery.target
(1,067 rows), and reporter names and e-mails, TOTP seeds and webhook secrets were stored in
clear. Now a raw read of every such column finds no plaintext, and the data migrations turn
rows written before into ciphertexts."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from tests.security.conftest import PHONE, personal_case
from tongxin.outbound.delivery import text_target
from tongxin.outbound.models import REPORTER, Delivery, Kind, WebhookSubscription
from tongxin.security import crypto, totp
from tongxin.security.fields import encrypt_plaintext_rows
from tongxin.security.models import TotpDevice

pytestmark = pytest.mark.django_db
EMAIL = "zhang.san@example.cn"


def _raw(table: str, column: str) -> list[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")
        return [row[0] for row in cursor.fetchall()]


def _plain(values: list[str], *secrets: str) -> int:
    return sum(1 for v in values if any(s in (v or "") for s in secrets))


def test_a_raw_read_finds_no_contact_detail_or_secret(world):
    cases = [personal_case(world, state="closed", reporter_name="张三丰", reporter_email=EMAIL)
             for _ in range(5)]
    deliveries = Delivery.objects.filter(kind__in=[Kind.SMS, Kind.EMAIL])
    assert deliveries.count() >= 10  # milestones of five cases, by SMS and e-mail
    device = totp.device_for(world.user("admin"))
    hook = WebhookSubscription.objects.create(name="city", url="https://city.example.cn/hook")
    checks = {
        ("outbound_delivery", "target"): (PHONE, EMAIL),
        ("cases_case", "reporter_name"): ("张三丰",),
        ("cases_case", "reporter_email"): (EMAIL,),
        ("security_totpdevice", "secret"): (TotpDevice.objects.get(pk=device.pk).secret,),
        ("outbound_webhooksubscription", "secret"): (
            WebhookSubscription.objects.get(pk=hook.pk).secret,),
    }
    found = {where: _plain(_raw(*where), *secrets) for where, secrets in checks.items()}
    assert found == dict.fromkeys(checks, 0)
    # …and what is sent still goes to the right place.
    sms = deliveries.filter(kind=Kind.SMS, case=cases[0]).first()
    assert sms.target == REPORTER and text_target(sms) == PHONE
    assert cases[0].reporter_name == "张三丰"


def test_rows_from_before_are_encrypted_by_the_migrations(world):
    case = personal_case(world, reporter_name="李四", reporter_email=EMAIL)
    device = totp.device_for(world.user("admin"))
    hook = WebhookSubscription.objects.create(name="city", url="https://city.example.cn/hook")
    secret, seed = hook.secret, device.secret
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:  # as the old code wrote them
        cursor.execute(f"UPDATE cases_case SET {quote('reporter_name')} = %s, "
                       f"{quote('reporter_email')} = %s WHERE id = %s", ["李四", EMAIL, case.pk])
        cursor.execute("UPDATE outbound_delivery SET target = %s WHERE kind = 'sms'", [PHONE])
        cursor.execute("UPDATE security_totpdevice SET secret = %s", [seed])
        cursor.execute("UPDATE outbound_webhooksubscription SET secret = %s", [secret])
    encrypt_plaintext_rows(apps.get_model("cases", "Case"), ["reporter_name", "reporter_email"])
    importlib.import_module("tongxin.security.migrations.0004_encrypted_totp_secret"
                            ).encrypt_existing_rows(apps, None)
    importlib.import_module("tongxin.outbound.migrations.0003_encrypted_secrets_and_reporter_"
                            "targets").encrypt_and_refer(apps, None)
    for table, column in (("cases_case", "reporter_name"), ("cases_case", "reporter_email"),
                          ("security_totpdevice", "secret"),
                          ("outbound_webhooksubscription", "secret")):
        assert all(crypto.is_ciphertext(v) for v in _raw(table, column) if v), (table, column)
    assert set(_raw("outbound_delivery", "target")) <= {REPORTER, hook.url}
    assert (TotpDevice.objects.get(pk=device.pk).secret,
            WebhookSubscription.objects.get(pk=hook.pk).secret) == (seed, secret)
