"""A stream ends after its lifetime with a `retry:` hint; the browser reconnects with the
last id it saw (Last-Event-ID) and gets exactly the changes made in between."""

from django.test import Client

from tests.live.conftest import case_messages, read, report
from tests.world import PASSWORD


def test_the_changes_between_two_streams_arrive_on_the_second(world):
    client = Client()
    client.login(username="dispatcher", password=PASSWORD)
    first = read(client.get("/api/v1/events/stream"))
    assert first[0][0] == "retry" and int(first[0][1]) > 0
    assert case_messages(first) == []  # a fresh stream starts at the present
    ready = [value for field, value in first if field == "data"][0]
    after = ready.split(":")[1].strip(" }")

    case = report(world)
    case_two = report(world, title="占道经营")
    second = case_messages(read(client.get("/api/v1/events/stream",
                                           headers={"Last-Event-ID": after})))
    assert [m["number"] for m in second] == [case.number, case_two.number]
    third = case_messages(read(client.get(
        "/api/v1/events/stream", headers={"Last-Event-ID": str(second[-1]["event"])})))
    assert third == []
