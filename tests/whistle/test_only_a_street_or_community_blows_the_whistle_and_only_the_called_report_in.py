"""吹哨: the street's command centre calls; the district's and a unit's handlers cannot, and a
whistle without departments is refused. 报到: only the called department's handlers, once;
through the API a second 报到 is 409 and another department's call is 404."""

import pytest

from tests.api.support import token_for as issue_token
from tests.cases.loop import act, drive, local
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.whistle.models import WhistleCall
from tongxin.whistle.services import acknowledge

T0 = local(2026, 9, 21, 10)


def test_who_may_whistle_and_who_reports_in(world):
    case = drive(world, "in_progress", at=T0)
    zj = world.departments["zj"]
    with pytest.raises(PermissionDenied):
        act(world, case, "whistle", "dispatcher", at=T0, co_departments=[zj])
    with pytest.raises(PermissionDenied):
        act(world, case, "whistle", "handler", at=T0, co_departments=[zj])
    with pytest.raises(ValidationFailed, match="Name the departments"):
        act(world, case, "whistle", "street_a", at=T0, co_departments=[])
    with pytest.raises(ValidationFailed, match="other than the lead"):
        act(world, case, "whistle", "street_a", at=T0, co_departments=[world.departments["cg"]])
    assert not WhistleCall.objects.exists()

    act(world, case, "whistle", "street_a", at=T0, co_departments=[zj])
    # Called again before it reported in: the first call (and its deadline) stands.
    act(world, case, "whistle", "street_a", at=T0, co_departments=[zj])
    call = WhistleCall.objects.get()
    with pytest.raises(WhistleCall.DoesNotExist):
        acknowledge(call_id=call.pk, actor=world.user("handler"))  # 城管 was not called
    acknowledge(call_id=call.pk, actor=world.user("handler_zj"))
    with pytest.raises(ValidationFailed, match="already"):
        acknowledge(call_id=call.pk, actor=world.user("handler_zj"))


def test_the_api_whistles_and_reports_in(world, client):
    case = drive(world, "in_progress")
    street = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.user('street_a'))}"}
    zj = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.user('handler_zj'))}"}
    cg = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.user('handler'))}"}
    url = f"/api/v1/cases/{case.pk}/actions/whistle"
    assert client.post(url, {}, content_type="application/json", **street).status_code == 422
    r = client.post(url, {"co_departments": ["zj"], "note": "请住建报到"},
                    content_type="application/json", **street)
    assert r.status_code == 200, r.content
    assert set(case.co_departments.values_list("code", flat=True)) == {"zj"}

    queue = client.get("/api/v1/whistle/calls", **zj).json()
    assert [c["number"] for c in queue] == [case.number]
    ack = f"/api/v1/whistle/calls/{queue[0]['id']}/acknowledge"
    assert client.post(ack, {}, content_type="application/json", **cg).status_code == 404
    r = client.post(ack, {"note": "已到场"}, content_type="application/json", **zj)
    assert r.status_code == 200 and r.json()["acknowledged_at"]
    again = client.post(ack, {}, content_type="application/json", **zj)
    assert again.status_code == 409 and again.json()["detail"]
