"""司法确认 must be asked of a court within 30 days of the agreement taking effect: a signed
agreement nobody has taken to a court warns its mediator once, five days before the window
closes; one already taken to a court, or still unsigned, warns nobody."""

from __future__ import annotations

from datetime import timedelta

from tests.cases.loop import local
from tongxin.mediation.models import Agreement, Dispute, Judicial
from tongxin.mediation.windows import closes_at, warn_closing
from tongxin.notifications.models import Notification

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


def _agreement(world, centre, *, signed=True, judicial=Judicial.NONE) -> Agreement:
    case = dispute_case(world, centre, at=T0)
    Dispute.objects.filter(pk=case.pk).update(mediator=centre.mediators["med_li"])
    return Agreement.objects.create(dispute_id=case.pk, text="…", created_at=T0,
                                    signed_at=T0 if signed else None, judicial=judicial)


def test_the_window_warns_the_mediator_once_five_days_before_it_closes(world, centre):
    waiting = _agreement(world, centre)
    _agreement(world, centre, judicial=Judicial.REQUESTED)
    _agreement(world, centre, signed=False)
    assert closes_at(waiting) == T0 + timedelta(days=30)

    assert warn_closing(now=T0 + timedelta(days=24)) == {"warned": 0}
    assert warn_closing(now=T0 + timedelta(days=25, minutes=1)) == {"warned": 1}
    assert warn_closing(now=T0 + timedelta(days=26)) == {"warned": 0}  # once only

    (note,) = Notification.objects.filter(verb="mediation_judicial_window")
    assert note.user_id == centre.user("med_li").pk and note.case_id == waiting.dispute_id
    assert "2026-10-21" in note.message


def test_a_window_that_has_closed_warns_nobody(world, centre):
    _agreement(world, centre)
    assert warn_closing(now=T0 + timedelta(days=31)) == {"warned": 0}
