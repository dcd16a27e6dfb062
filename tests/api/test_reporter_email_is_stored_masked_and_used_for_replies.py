"""A reporter's e-mail given through the API is validated, stored, masked for staff who do not
need personal data, and the outcome is queued to it by e-mail."""

from tests.api.support import Api, case_body, token_for
from tongxin.cases.models import Case, CaseEvent
from tongxin.outbound.delivery import text_target
from tongxin.outbound.models import Delivery, Kind
from tongxin.outbound.services import queue_for_event


def test_email_is_stored_and_an_email_is_queued_for_the_report(world):
    api = Api(token_for(world.user("operator")))
    created = api.post("/cases", case_body(reporter_email="zhang.san@example.cn"))
    assert created.status_code == 201, created.content
    case = Case.objects.get(pk=created.json()["id"])
    assert case.reporter_email == "zhang.san@example.cn"
    queue_for_event(event_id=CaseEvent.objects.get(case=case, action="report").pk)
    # The row names the reporter; the address itself stays in the case's encrypted field.
    email = Delivery.objects.get(case=case, kind=Kind.EMAIL)
    assert text_target(email) == "zhang.san@example.cn"


def test_email_is_masked_for_a_handler(world):
    operator = Api(token_for(world.user("operator")))
    case_id = operator.post("/cases", case_body(reporter_email="zhang.san@example.cn")).json()["id"]
    assert operator.get(f"/cases/{case_id}").json()["reporter_email"] == "zhang.san@example.cn"
    supervisor = Api(token_for(world.user("supervisor")))
    assert supervisor.get(f"/cases/{case_id}").json()["reporter_email"] == "z***@example.cn"


def test_an_invalid_email_is_refused_and_nothing_is_stored(world):
    api = Api(token_for(world.user("operator")))
    response = api.post("/cases", case_body(reporter_email="not-an-address"))
    assert response.status_code == 422
    assert "e-mail" in response.content.decode()
    assert not Case.objects.exists()
