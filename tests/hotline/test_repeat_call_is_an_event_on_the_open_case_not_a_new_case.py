"""A repeat call recorded through the API becomes an event on the open case (status kept),
not a second case; a closed case or a citizen cannot take one."""

import json

from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, NewCase, act, create_case


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_repeat_call_is_an_event_on_the_open_case_not_a_new_case(world, client):
    operator = world.user("operator")
    case = create_case(actor=operator, new=NewCase(
        channel="hotline", title="停水两天", reporter_phone="13900001111",
        region=world.communities["A1"]))
    client.force_login(operator)
    reply = _post(client, f"/api/v1/hotline/cases/{case.pk}/repeat-call",
                  {"note": "又来电催办", "caller_phone": "13900001111"})
    assert reply.status_code == 200, reply.content
    assert reply.json()["number"] == case.number
    assert Case.objects.count() == 1
    event = case.events.get(action="repeat_call")
    assert (event.from_status, event.to_status) == ("reported", "reported")
    assert event.note == "又来电催办"
    # The trail is kept for ever: the number only as its keyed hash (the reporter's here).
    assert "13900001111" not in str(event.data)
    assert event.data["caller_phone_hash"] == Case.objects.get(pk=case.pk).reporter_phone_hash

    act(case_id=case.pk, actor=world.user("dispatcher"), action="reject",
        data=ActionInput(note="不属于受理范围"))
    closed = _post(client, f"/api/v1/hotline/cases/{case.pk}/repeat-call", {"note": "再催"})
    assert closed.status_code == 422
    assert case.events.filter(action="repeat_call").count() == 1

    client.force_login(world.user("citizen"))
    assert _post(client, f"/api/v1/hotline/cases/{case.pk}/repeat-call", {}).status_code == 403
