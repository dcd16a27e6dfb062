"""The mediation organisation can give a case back to the command centre (退回) or pass it to
a department or a higher organisation (转办); ordinary units cannot use either move."""

from __future__ import annotations

import pytest

from tests.cases.loop import act, drive, local
from tongxin.cases.selectors import available_actions
from tongxin.cases.workflow import IllegalTransition, State
from tongxin.mediation.models import Dispute, DisputeStatus
from tongxin.notifications.models import Notification

T0 = local(2026, 9, 21, 10)


def transferred(world, centre):
    case = drive(world, State.REGISTERED, at=T0)
    act(world, case, "transfer_to_mediation", "street_a", at=T0,
        lead_department=centre.committee.department)
    act(world, case, "accept", "med_li", at=T0)
    return case


def test_handed_back_the_case_waits_for_dispatch_again_with_its_history(world, centre):
    case = transferred(world, centre)
    act(world, case, "hand_back", "med_li", at=T0, note="双方拒绝调解，属行政执法事项")
    case.refresh_from_db()
    assert case.status == State.REGISTERED and case.lead_department is None
    assert Dispute.objects.get(case=case).status == DisputeStatus.HANDED_BACK
    assert Notification.objects.filter(case=case, verb="hand_back",
                                       user__username="street_a").exists()
    act(world, case, "dispatch", "street_a", at=T0, lead_department=world.departments["cg"])
    assert [e.action for e in case.events.order_by("id")][-3:] == [
        "accept", "hand_back", "dispatch"]


def test_passed_on_to_a_department_which_signs_for_it(world, centre):
    case = transferred(world, centre)
    act(world, case, "pass_on", "med_li", at=T0, note="涉及房屋质量，转住建",
        lead_department=world.departments["zj"])
    case.refresh_from_db()
    assert case.status == State.DISPATCHED and case.lead_department == world.departments["zj"]
    assert Dispute.objects.get(case=case).status == DisputeStatus.PASSED_ON
    act(world, case, "accept", "handler_zj", at=T0)


def test_passed_up_to_the_district_centre_the_dispute_moves_with_it(world, centre):
    case = transferred(world, centre)
    act(world, case, "pass_on", "med_li", at=T0, note="疑难纠纷，提级",
        lead_department=centre.district.department)
    dispute = Dispute.objects.get(case=case)
    assert dispute.org == centre.district and dispute.status == DisputeStatus.RECEIVED


def test_an_ordinary_unit_cannot_hand_back_or_pass_on(world, centre):
    case = drive(world, State.IN_PROGRESS, at=T0)
    with pytest.raises(IllegalTransition, match="only a mediation organisation"):
        act(world, case, "hand_back", "handler", note="不归我们")
    with pytest.raises(IllegalTransition):
        act(world, case, "pass_on", "handler", note="不归我们",
            lead_department=world.departments["zj"])
    case.refresh_from_db()
    assert case.status == State.IN_PROGRESS and case.lead_department == world.departments["cg"]
    offered = {r.action for r in available_actions(world.user("handler"), case, rework_limit=2)}
    assert not offered & {"hand_back", "pass_on"}  # not even offered


def test_a_case_the_centre_has_is_passed_on_not_transferred_again(world, centre):
    case = transferred(world, centre)
    with pytest.raises(IllegalTransition):
        act(world, case, "transfer_to_mediation", "street_a",
            lead_department=centre.district.department)
