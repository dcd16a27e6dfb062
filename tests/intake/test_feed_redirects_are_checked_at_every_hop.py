"""A feed may redirect (real feeds move), and every hop is checked by the outbound guard: a
redirect to an internal address is refused before any connection and recorded on the feed,
a redirect to an allowed address is followed, and a chain of redirects ends after a few."""

from tests.intake.feed_server import feed_server, rss
from tests.internal_addresses import resolve_as
from tongxin.cases.models import Case
from tongxin.intake.feeds import MAX_REDIRECTS, poll_feeds
from tongxin.intake.models import Feed


def test_a_redirect_to_an_internal_address_is_refused(world):
    with feed_server() as server:
        feed = Feed.objects.create(name="moved", url=server.redirect(
            "/rss", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
        assert poll_feeds() == {"polled": 1, "cases": 0, "failed": 1}
    feed.refresh_from_db()
    assert "169.254.169.254" in feed.last_error and "TONGXIN_OUTBOUND_ALLOW" in feed.last_error
    assert not Case.objects.exists()


def test_a_redirect_to_a_name_resolving_inside_is_refused(world, monkeypatch):
    looked_up = resolve_as(monkeypatch, {"cdn.news.example": ["10.1.1.1"]})
    with feed_server() as server:
        feed = Feed.objects.create(name="moved", url=server.redirect(
            "/rss", "http://cdn.news.example/rss"))
        assert poll_feeds()["failed"] == 1
    feed.refresh_from_db()
    assert "10.1.1.1" in feed.last_error and looked_up == ["cdn.news.example"]


def test_a_redirect_to_an_allowed_address_is_followed(world):
    with feed_server() as server:
        new = server.serve("/new/rss", rss(("a", "井盖缺失", "http://x.example/a")))
        Feed.objects.create(name="moved", url=server.redirect("/rss", new))
        assert poll_feeds() == {"polled": 1, "cases": 1, "failed": 0}
    assert server.requests == ["/rss", "/new/rss"]


def test_a_long_chain_of_redirects_ends(world):
    with feed_server() as server:
        for hop in range(MAX_REDIRECTS + 1):
            server.redirect(f"/{hop}", server.url(f"/{hop + 1}"))
        server.serve(f"/{MAX_REDIRECTS + 1}", rss(("a", "井盖缺失", "http://x.example/a")))
        feed = Feed.objects.create(name="chain", url=server.url("/0"))
        assert poll_feeds()["failed"] == 1
    feed.refresh_from_db()
    assert feed.last_error and len(server.requests) == MAX_REDIRECTS + 1
