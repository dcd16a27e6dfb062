"""RSS and Atom entries become `reported` media cases with their source link; polling again,
even when the feed has changed, never stores the same entry twice."""

from datetime import timedelta

from django.utils import timezone

from tests.intake.feed_server import atom, feed_server, rss
from tongxin.cases.models import Case, Channel, Status
from tongxin.intake.feeds import poll_feeds
from tongxin.intake.models import Feed, FeedItem

LIGHT = ("news-1", "人民路路灯不亮", "http://news.example/1")
WATER = ("news-2", "幸福小区停水三天", "http://news.example/2")
NOISE = ("urn:uuid:3", "夜间施工噪音扰民", "http://forum.example/t/3")
LATER = ("urn:uuid:4", "占道经营", "http://forum.example/t/4")


def test_feed_items_become_reported_cases_once(world):
    with feed_server() as server:
        rss_url = server.serve("/rss", rss(LIGHT, WATER))
        atom_url = server.serve("/atom", atom(NOISE), content_type="application/atom+xml")
        rss_feed = Feed.objects.create(name="融媒体中心", url=rss_url, region=world.streets["A"])
        atom_feed = Feed.objects.create(name="网络舆情", url=atom_url)

        first = poll_feeds()
        assert first == {"polled": 2, "cases": 3, "failed": 0}
        light = Case.objects.get(title="人民路路灯不亮")
        assert light.status == Status.REPORTED and light.channel == Channel.MEDIA
        assert "http://news.example/1" in light.description
        assert "网友反映" in light.description and "<p>" not in light.description
        assert light.street == world.streets["A"]
        noise = Case.objects.get(title="夜间施工噪音扰民")
        assert "http://forum.example/t/3" in noise.description
        assert noise.district == world.district

        # Not due yet: the feeds are not fetched again within the poll interval.
        assert poll_feeds()["polled"] == 0

        # Due again, unchanged: the server answers 304 and nothing is stored.
        later = timezone.now() + timedelta(hours=1)
        assert poll_feeds(now=later) == {"polled": 2, "cases": 0, "failed": 0}

        # The Atom feed gains an entry and keeps the old one: only the new one is stored.
        server.serve("/atom", atom(LATER, NOISE), content_type="application/atom+xml")
        assert poll_feeds(now=later + timedelta(hours=1))["cases"] == 1

    assert Case.objects.filter(channel=Channel.MEDIA).count() == 4
    assert FeedItem.objects.filter(feed=rss_feed).count() == 2
    assert set(FeedItem.objects.filter(feed=atom_feed).values_list("guid", flat=True)) == {
        "urn:uuid:3", "urn:uuid:4"
    }
