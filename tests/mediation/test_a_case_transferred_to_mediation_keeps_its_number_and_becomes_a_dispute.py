"""秒转快办: one action of the transition table turns any live case into a dispute of a
mediation organisation: same number, same trail, the facts and the caller pre-filled, the
organisation's queue told in the same transaction."""

from __future__ import annotations

import pytest

from tests.cases.loop import act, drive, local, report
from tongxin.cases.models import Channel
from tongxin.cases.workflow import State
from tongxin.core.errors import ValidationFailed
from tongxin.mediation.models import Dispute, DisputeStatus, DisputeType, PartyRole, Source
from tongxin.mediation.selectors import parties_of
from tongxin.mediation.services import assign_mediator
from tongxin.notifications.models import Notification

T0 = local(2026, 9, 21, 10)


def test_a_hotline_call_about_noise_becomes_a_neighbour_dispute(world, centre):
    case = report(world, reporter=None, title="楼上邻居深夜噪音扰民", at=T0,
                  channel=Channel.HOTLINE, reporter_name="张三", reporter_phone="13800001111",
                  description="楼上每晚十二点后拖动家具")
    number = case.number
    act(world, case, "transfer_to_mediation", "operator", at=T0,
        lead_department=centre.committee.department, note="邻里纠纷，转调委会")
    case.refresh_from_db()
    assert case.number == number and case.status == State.DISPATCHED
    assert case.lead_department == centre.committee.department
    assert case.registered_at == T0 and case.finish_deadline > T0
    dispute = Dispute.objects.get(case=case)
    assert dispute.org == centre.committee and dispute.status == DisputeStatus.RECEIVED
    assert dispute.type == DisputeType.NEIGHBOUR and dispute.source == Source.TRANSFER
    assert "拖动家具" in dispute.facts and "转调委会" in dispute.facts
    (shown,) = parties_of(dispute)  # the caller, pre-filled
    assert (shown.role, shown.name, shown.phone) == (PartyRole.APPLICANT, "张三", "13800001111")
    assert [e.action for e in case.events.order_by("id")] == ["report", "transfer_to_mediation"]
    told = set(Notification.objects.filter(case=case, verb="transfer_to_mediation")
               .values_list("user__username", flat=True))
    assert told == {"med_li", "med_wang", "med_zhao"}
    # The committee's first write stores the pre-filled applicant.
    assign_mediator(case_id=case.pk, actor=centre.user("med_li"),
                    mediator=centre.mediators["med_li"], at=T0)
    applicant = dispute.parties.get()
    assert (applicant.role, applicant.name, applicant.phone) == (
        PartyRole.APPLICANT, "张三", "13800001111")


def test_a_unit_that_led_the_case_lets_go_and_hears_of_it(world, centre):
    case = drive(world, State.IN_PROGRESS, at=T0)
    act(world, case, "transfer_to_mediation", "street_a", at=T0,
        lead_department=centre.committee.department)
    case.refresh_from_db()
    assert case.status == State.DISPATCHED and case.accepted_at is None
    told = set(Notification.objects.filter(case=case, verb="transfer_to_mediation")
               .values_list("user__username", flat=True))
    assert "handler" in told and "med_li" in told
    act(world, case, "accept", "med_li", at=T0)  # the committee signs for it like a unit


def test_only_a_mediation_organisation_can_receive_a_transfer(world, centre):
    case = drive(world, State.REGISTERED, at=T0)
    with pytest.raises(ValidationFailed):
        act(world, case, "transfer_to_mediation", "street_a",
            lead_department=world.departments["cg"])
    assert not Dispute.objects.filter(case=case).exists()
    assert case.events.count() == 2  # report, register: nothing was written
