"""回避: a party's objection to the mediator is recorded, decided by another member of the
committee (never by the mediator objected to); upheld, the mediator leaves the dispute, their
coming sessions in it are cancelled, and they are neither suggested nor assignable for it
again; rejected, nothing changes. Every step is on the case's trail."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.cases.loop import local
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.mediation.models import Dispute, DisputeStatus, Session
from tongxin.mediation.recusal import decide_objection, raise_objection
from tongxin.mediation.selectors import suggest_mediators
from tongxin.mediation.services import Booking, assign_mediator, book_session

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


def _assigned(world, centre, name="med_li"):
    case = dispute_case(world, centre, at=T0)
    assign_mediator(case_id=case.pk, actor=centre.user("med_li"), at=T0,
                    mediator=centre.mediators[name])
    return case


def test_an_upheld_objection_replaces_the_mediator_and_cancels_their_sessions(world, centre):
    case = _assigned(world, centre)
    later = book_session(case_id=case.pk, actor=centre.user("med_li"), at=T0, booking=Booking(
        mediator=centre.mediators["med_li"], room=centre.rooms["r1"],
        starts_at=T0 + timedelta(days=2), ends_at=T0 + timedelta(days=2, hours=1)))
    objection = raise_objection(case_id=case.pk, actor=centre.user("med_li"), at=T0,
                                reason="调解员与被申请人是亲戚")
    with pytest.raises(ValidationFailed, match="waiting for a decision already"):
        raise_objection(case_id=case.pk, actor=centre.user("med_li"), at=T0, reason="again")
    with pytest.raises(PermissionDenied, match="cannot decide"):
        decide_objection(case_id=case.pk, actor=centre.user("med_li"), at=T0,
                         objection_id=objection.pk, uphold=True)

    decide_objection(case_id=case.pk, actor=centre.user("med_wang"), at=T0,
                     objection_id=objection.pk, uphold=True)

    dispute = Dispute.objects.get(pk=case.pk)
    assert dispute.mediator is None and dispute.status == DisputeStatus.RECEIVED
    assert Session.objects.get(pk=later.pk).cancelled
    assert centre.mediators["med_li"] not in [s.mediator for s in suggest_mediators(dispute)]
    with pytest.raises(ValidationFailed, match="objection to this mediator was upheld"):
        assign_mediator(case_id=case.pk, actor=centre.user("med_wang"), at=T0,
                        mediator=centre.mediators["med_li"])
    actions = list(case.events.values_list("action", flat=True))
    assert "mediation_objection" in actions and "mediation_objection_decided" in actions


def test_a_rejected_objection_leaves_the_mediator_in_place(world, centre):
    case = _assigned(world, centre)
    objection = raise_objection(case_id=case.pk, actor=centre.user("med_li"), at=T0,
                                reason="不信任")
    decide_objection(case_id=case.pk, actor=centre.user("med_wang"), at=T0,
                     objection_id=objection.pk, uphold=False)
    dispute = Dispute.objects.get(pk=case.pk)
    assert dispute.mediator == centre.mediators["med_li"]
    assert dispute.status == DisputeStatus.MEDIATING


def test_an_objection_needs_a_reason_and_an_assigned_mediator(world, centre):
    case = dispute_case(world, centre, at=T0)
    with pytest.raises(ValidationFailed, match="No mediator"):
        raise_objection(case_id=case.pk, actor=centre.user("med_li"), at=T0, reason="x")
    with pytest.raises(ValidationFailed, match="Say why"):
        raise_objection(case_id=case.pk, actor=centre.user("med_li"), at=T0, reason=" ")
