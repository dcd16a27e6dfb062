"""GET /api/v1/events/stream sends each case change as `event: case` whose data names the
case's number and status, with the event's id as the message id; session or token."""

from django.test import Client

from tests.api.support import token_for
from tests.live.conftest import case_messages, read, report
from tests.world import PASSWORD
from tongxin.live.selectors import last_event_id


def test_a_new_case_is_sent_to_a_signed_in_dispatcher(world):
    before = last_event_id()
    case = report(world)
    client = Client()
    client.login(username="dispatcher", password=PASSWORD)
    response = client.get("/api/v1/events/stream", headers={"Last-Event-ID": str(before)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    lines = read(response)
    sent = case_messages(lines)
    assert [(m["number"], m["status"]) for m in sent] == [(case.number, case.status)]
    assert ("id", str(sent[0]["event"])) in lines
    assert sent[0]["lat"] == case.lat and sent[0]["title"] == case.title


def test_a_token_reads_the_stream_too(world):
    before = last_event_id()
    case = report(world)
    response = Client().get("/api/v1/events/stream", headers={
        "Authorization": f"Bearer {token_for(world.user('dispatcher'))}",
        "Last-Event-ID": str(before)})
    assert [m["number"] for m in case_messages(read(response))] == [case.number]


def test_without_a_session_or_token_the_stream_is_refused(world):
    assert Client().get("/api/v1/events/stream").status_code == 401
