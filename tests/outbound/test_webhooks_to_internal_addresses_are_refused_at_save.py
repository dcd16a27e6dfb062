"""A subscription to an internal address (each class) or with a scheme other than http/https
does not validate, nor does a name that cannot be resolved (it cannot be checked); the admin
form says why and stores nothing. The allow-listed loopback receiver validates."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.internal_addresses import INTERNAL, resolve_as
from tests.world import pass_second_factor
from tongxin.accounts.models import User
from tongxin.outbound.models import WebhookSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_allowed(settings):
    settings.TONGXIN_WEBHOOK_ALLOW = []


def url_errors(url: str) -> list[ValidationError]:
    with pytest.raises(ValidationError) as invalid:
        WebhookSubscription(name="市平台", url=url).full_clean()
    return invalid.value.error_dict["url"]


@pytest.mark.parametrize(("url", "kind"), INTERNAL)
def test_each_internal_address_class_is_refused_with_one_clear_message(url, kind):
    with translation.override("en"):
        [error] = url_errors(url)
    assert error.code == "outbound_refused"
    assert f"({kind})" in error.messages[0] and "TONGXIN_WEBHOOK_ALLOW" in error.messages[0]


@pytest.mark.parametrize("url", ["ftp://files.example.com/hook", "file:///etc/passwd"])
def test_other_schemes_are_refused(url):
    assert url_errors(url)


def test_a_name_that_does_not_resolve_cannot_be_checked(monkeypatch):
    def no_such_name(host):
        raise OSError(-2, "Name or service not known")

    resolve_as(monkeypatch, no_such_name)
    [error] = url_errors("https://nowhere.example/hook")
    assert error.code == "unresolvable"


def test_the_allow_listed_receiver_validates(settings):
    settings.TONGXIN_WEBHOOK_ALLOW = ["127.0.0.1/32"]
    WebhookSubscription(name="本地接收端", url="http://127.0.0.1:8123/hook").full_clean()
    settings.TONGXIN_WEBHOOK_ALLOW, settings.TONGXIN_OUTBOUND_ALLOW = [], ["127.0.0.0/8"]
    WebhookSubscription(name="本地接收端", url="http://127.0.0.1:8123/hook").full_clean()


def test_the_admin_form_shows_the_refusal_and_stores_nothing(world):
    User.objects.create_superuser("root", password="x" * 12)
    client = Client()
    client.force_login(User.objects.get(username="root"))
    pass_second_factor(client)

    response = client.post("/admin/outbound/webhooksubscription/add/", {
        "name": "元数据", "url": "http://169.254.169.254/latest/meta-data/",
        "secret": "s" * 64, "channel": "", "active": "on", "created_at_0": "2026-11-23",
        "created_at_1": "10:00:00",
    })

    assert response.status_code == 200  # the form again, not a redirect to the list
    page = response.content.decode()
    assert "169.254.169.254" in page and "链路本地" in page and "TONGXIN_WEBHOOK_ALLOW" in page
    assert not WebhookSubscription.objects.exists()
