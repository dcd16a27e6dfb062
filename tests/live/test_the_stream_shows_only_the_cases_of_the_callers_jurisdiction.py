"""A street dispatcher's stream carries its own street's cases only: the jurisdiction
filter applies to the live feed as to every read."""

from django.test import Client

from tests.live.conftest import case_messages, read, report
from tests.world import PASSWORD
from tongxin.live.selectors import last_event_id


def test_a_street_sees_the_changes_of_its_own_cases_only(world):
    before = last_event_id()
    mine, other = report(world, street="A"), report(world, street="B")
    client = Client()
    client.login(username="street_a", password=PASSWORD)
    sent = case_messages(read(client.get("/api/v1/events/stream",
                                         headers={"Last-Event-ID": str(before)})))
    numbers = {m["number"] for m in sent}
    assert mine.number in numbers and other.number not in numbers
