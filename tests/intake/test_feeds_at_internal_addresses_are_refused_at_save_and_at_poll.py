"""A media feed at an internal address (each class, or a name resolving to one) does not
validate in the admin; one stored without validation is refused when the worker polls it:
the refusal is the feed's last error like any fetch error, no connection is made, no case
is created and the other feeds are still polled."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from tests.intake.feed_server import feed_server, rss
from tests.internal_addresses import INTERNAL, resolve_as
from tests.world import pass_second_factor
from tongxin.accounts.models import User
from tongxin.cases.models import Case
from tongxin.intake.feeds import poll_feeds
from tongxin.intake.models import Feed


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "kind"), INTERNAL)
def test_each_internal_address_class_is_refused_at_save(settings, url, kind):
    settings.TONGXIN_OUTBOUND_ALLOW = []
    with translation.override("en"), pytest.raises(ValidationError) as invalid:
        Feed(name="舆情", url=url).full_clean()
    [error] = invalid.value.error_dict["url"]
    assert error.code == "outbound_refused" and f"({kind})" in error.messages[0]
    assert "TONGXIN_OUTBOUND_ALLOW" in error.messages[0]


def test_the_admin_form_shows_the_refusal_and_stores_nothing(world, monkeypatch):
    resolve_as(monkeypatch, {"news.intranet.example": ["172.20.0.9"]})
    User.objects.create_superuser("root", password="x" * 12)
    client = Client()
    client.force_login(User.objects.get(username="root"))
    pass_second_factor(client)

    response = client.post("/admin/intake/feed/add/", {
        "name": "融媒体", "url": "http://news.intranet.example/rss", "channel": "media",
        "active": "on",
    })

    assert response.status_code == 200
    page = response.content.decode()
    assert "news.intranet.example" in page and "172.20.0.9" in page
    assert not Feed.objects.exists()


def test_an_internal_feed_is_refused_at_poll_and_the_others_still_polled(world, settings):
    with feed_server() as server:
        good = Feed.objects.create(
            name="good", url=server.serve("/rss", rss(("a", "路灯不亮", "http://x.example/a"))))
        # Written without validation; the loopback feed server itself stays allowed.
        metadata = Feed.objects.create(name="metadata",
                                       url="http://169.254.169.254/latest/meta-data/")
        other = Feed.objects.create(name="other loopback", url=server.url("/rss").replace(
            "127.0.0.1", "127.0.0.2"))

        assert poll_feeds() == {"polled": 3, "cases": 1, "failed": 2}

    assert server.requests == ["/rss"]  # nothing reached the refused ones
    assert Case.objects.get().title == "路灯不亮"
    for feed in (metadata, other):
        feed.refresh_from_db()
        assert "TONGXIN_OUTBOUND_ALLOW" in feed.last_error and feed.last_polled_at
    good.refresh_from_db()
    assert good.last_error == ""
