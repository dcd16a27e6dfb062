"""Each workflow action can be carried out from its form on the case page by a
user allowed to, and leaves exactly one new event on the timeline."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.emergency.command import build_command
from tests.mediation.centre import build_centre
from tests.workbench.conftest import make_case
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, act
from tongxin.cases.workflow import Action
from tongxin.org.models import Department

pytestmark = pytest.mark.django_db


def pending_extension(world, case):
    until = case.finish_deadline + timedelta(days=3)
    act(case_id=case.pk, actor=world.user("handler"), action="extend_request",
        data=ActionInput(note="需协调", until=until))


def rated_unsatisfied(world, case):
    # A 不满意 given now reworks the case at once; the form is for one kept from before.
    Case.objects.filter(pk=case.pk).update(rating="unsatisfied")


def with_centre(world, case):
    build_centre(world)


def with_committee(world, case):
    """Transferred to the A1 mediation committee, which signed for it."""
    centre = build_centre(world)
    act(case_id=case.pk, actor=world.user("dispatcher"), action="transfer_to_mediation",
        data=ActionInput(lead_department=centre.committee.department))
    act(case_id=case.pk, actor=world.user("med_li"), action="accept")


def committee_pk(world, case) -> dict:
    return {"lead_department": Department.objects.get(code="tj_a1").pk}


def gas_plan(world, case) -> dict:
    return {"plan": build_command(world).plan.pk, "level": 3, "note": "一键启动"}


NOTE = {"note": "处理意见"}

# action: (state, actor, prepare, form data or a function of (world, case) → form data)
SCENARIOS = {
    "register": ("reported", "dispatcher", None, {}),
    "reject": ("reported", "dispatcher", None, NOTE),
    "merge": ("reported", "dispatcher", None,
              lambda w, c: {"master": make_case(w, title="主案件").number}),
    "answer": ("reported", "operator", None, NOTE),
    "close_on_spot": ("reported", "grid_a1", None, NOTE),
    "dispatch": ("registered", "dispatcher", None,
                 lambda w, c: {"lead_department": w.departments["cg"].pk,
                               "co_departments": [w.departments["zj"].pk,
                                                  w.departments["sw"].pk],
                               "urgency": "urgent"}),
    "recall": ("dispatched", "dispatcher", None, NOTE),
    "reassign": ("in_progress", "dispatcher", None,
                 lambda w, c: {**NOTE, "lead_department": w.departments["zj"].pk}),
    "escalate": ("reported", "street_a", None, NOTE),
    "adjudicate": ("registered", "dispatcher", None, NOTE),
    "accept": ("dispatched", "handler", None, {}),
    "return": ("dispatched", "handler", None, NOTE),
    "extend_request": ("in_progress", "handler", None,
                       lambda w, c: {**NOTE, "until": timezone.localtime(
                           c.finish_deadline + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")}),
    "extend_approve": ("in_progress", "dispatcher", pending_extension, {}),
    "extend_deny": ("in_progress", "dispatcher", pending_extension, NOTE),
    "reply": ("in_progress", "handler", None, {"note": "已修复"}),
    "verify_pass": ("replied", "dispatcher", None, {}),
    "verify_fail": ("replied", "dispatcher", None, NOTE),
    "rate": ("closed", "dispatcher", None, {"rating": "satisfied"}),
    "reopen": ("closed", "dispatcher", rated_unsatisfied, NOTE),
    "supervise": ("in_progress", "supervisor", None, NOTE),
    "refer": ("in_progress", "supervisor", None, {**NOTE, "problem_type": "repeated_returns"}),
    "transfer_to_mediation": ("registered", "dispatcher", with_centre, committee_pk),
    "hand_back": ("registered", "med_li", with_committee, NOTE),
    "pass_on": ("registered", "med_li", with_committee,
                lambda w, c: {**NOTE, "lead_department": w.departments["zj"].pk}),
    "start_plan": ("registered", "dispatcher", None, gas_plan),
    # 吹哨报到: the street's command centre calls a department to the case being handled.
    "whistle": ("in_progress", "street_a", None,
                lambda w, c: {**NOTE, "co_departments": [w.departments["sw"].pk]}),
}


def test_every_action_has_a_scenario():
    assert set(SCENARIOS) == {a.value for a in Action}


@pytest.mark.parametrize("action", sorted(SCENARIOS))
def test_action_from_its_form(world, login, action):
    state, actor, prepare, data = SCENARIOS[action]
    case = make_case(world, state=state, in_grid=True)
    if prepare:
        prepare(world, case)
    if callable(data):
        data = data(world, case)
    events = case.events.count()
    client = login(actor)

    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert f'action="/cases/{case.pk}/act/{action}/"' in page
    response = client.post(reverse("workbench:act", args=[case.pk, action]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert case.events.count() == events + 1
    assert case.events.last().action == action
