"""回访 asks someone: a closed case gets a return visit only if its reporter left a number to
call or text, or has an account to answer in the portal. A grid worker's own report (no
number, no account) gets none, so nothing waits on the operators' call-back list for ever."""

from tests.cases.loop import drive
from tests.world import PASSWORD
from tongxin.cases.models import Channel
from tongxin.cases.workflow import State
from tongxin.feedback.models import Method, ReturnVisit
from tongxin.feedback.services import open_visits


def test_a_report_with_no_number_and_no_account_gets_no_visit(world, client):
    unreachable = drive(world, State.CLOSED, reporter=None, channel=Channel.GRID)
    texted = drive(world, State.CLOSED, reporter=None, channel=Channel.GRID,
                   reporter_phone="13800000001")
    assert open_visits()["opened"] == 1
    assert list(ReturnVisit.objects.values_list("case_id", "method")) == [
        (texted.pk, Method.SMS)]
    assert not ReturnVisit.objects.filter(case=unreachable).exists()
    assert open_visits()["opened"] == 0  # and it is not tried again every round

    client.login(username="operator", password=PASSWORD)
    assert list(client.get("/feedback/callbacks/").context["page"].object_list) == []


def test_a_hotline_call_is_called_back_only_when_the_caller_left_a_number(world):
    called = drive(world, State.CLOSED, reporter=None, channel=Channel.HOTLINE,
                   reporter_phone="13800000002")
    in_portal = drive(world, State.CLOSED, channel=Channel.HOTLINE)  # the citizen's account
    silent = drive(world, State.CLOSED, reporter=None, channel=Channel.HOTLINE)
    open_visits()
    methods = dict(ReturnVisit.objects.values_list("case_id", "method"))
    assert methods == {called.pk: Method.CALL, in_portal.pk: Method.PORTAL}
    assert silent.pk not in methods
