"""An idle stream sends heartbeat comments; beyond TONGXIN_LIVE_STREAMS open streams in a
process a new one is told at once to come back later (the web threads stay free for pages)."""

from django.test import Client

from tests.live.conftest import read
from tests.world import PASSWORD
from tongxin.live import stream


def test_an_idle_stream_sends_heartbeats(world, settings):
    settings.TONGXIN_LIVE_HEARTBEAT_SECONDS = 0.1
    settings.TONGXIN_LIVE_STREAM_SECONDS = 0.6
    client = Client()
    client.login(username="dispatcher", password=PASSWORD)
    lines = read(client.get("/api/v1/events/stream"))
    assert lines.count(("", "heartbeat")) >= 2


def test_a_stream_beyond_the_limit_gets_a_retry_and_ends(world, monkeypatch):
    taken = []
    while stream._slots.acquire(blocking=False):
        taken.append(1)
    try:
        client = Client()
        client.login(username="dispatcher", password=PASSWORD)
        lines = read(client.get("/api/v1/events/stream"))
        assert lines[0] == ("retry", str(stream.BUSY_RETRY_MS))
        assert not [line for line in lines if line[0] == "event"]
    finally:
        for _ in taken:
            stream._slots.release()
