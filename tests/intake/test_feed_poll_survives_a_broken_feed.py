"""A feed that errors, is not a feed, or cannot be reached is recorded and skipped; the
other feeds are still polled, and nothing is half-stored for the broken ones."""

import socket

from tests.intake.feed_server import feed_server, rss
from tongxin.cases.models import Case
from tongxin.intake.feeds import poll_feeds
from tongxin.intake.models import Feed, FeedItem


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_feed_poll_survives_a_broken_feed(world):
    with feed_server() as server:
        broken = [
            Feed.objects.create(name="500", url=server.serve("/error", "oops", status=500)),
            Feed.objects.create(name="html", url=server.serve(
                "/html", "<html><body>not a feed", content_type="text/html")),
            Feed.objects.create(name="gone", url=f"http://127.0.0.1:{_closed_port()}/rss"),
        ]
        good = Feed.objects.create(
            name="good", url=server.serve("/rss", rss(("a", "路灯不亮", "http://x.example/a")))
        )

        assert poll_feeds() == {"polled": 4, "cases": 1, "failed": 3}

    assert Case.objects.get().title == "路灯不亮"
    assert FeedItem.objects.get().feed == good
    for feed in broken:
        feed.refresh_from_db()
        assert feed.last_error and feed.last_polled_at is not None
    good.refresh_from_db()
    assert good.last_error == "" and good.etag
