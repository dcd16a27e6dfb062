"""Assignment suggests the organisation's active mediators: the dispute type's specialists
first, then the fewest open disputes, then the nearest (straight line, haversine)."""

from __future__ import annotations

from tests.cases.loop import local
from tongxin.mediation.models import Dispute, DisputeType
from tongxin.mediation.selectors import suggest_mediators
from tongxin.mediation.services import assign_mediator

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


def names(dispute):
    return [s.mediator.name for s in suggest_mediators(dispute)]


def test_specialists_first_then_the_least_loaded_then_the_nearest(world, centre):
    case = dispute_case(world, centre, at=T0)  # a noise complaint: a neighbour dispute
    dispute = Dispute.objects.get(pk=case.pk)
    assert dispute.type == DisputeType.NEIGHBOUR
    # med_li and med_zhao know neighbour disputes; med_li works nearer the case (34.05).
    assert names(dispute) == ["med_li", "med_zhao", "med_wang"]
    other = dispute_case(world, centre, at=T0, title="楼下噪音")
    assign_mediator(case_id=other.pk, actor=centre.user("med_li"),
                    mediator=centre.mediators["med_li"], at=T0)
    assert names(dispute) == ["med_zhao", "med_li", "med_wang"]  # med_li has one open
    suggestion = suggest_mediators(dispute)[0]
    assert suggestion.speciality and suggestion.load == 0 and 15 < suggestion.km < 17


def test_inactive_mediators_and_other_organisations_are_not_suggested(world, centre):
    case = dispute_case(world, centre, at=T0)
    centre.mediators["med_zhao"].active = False
    centre.mediators["med_zhao"].save(update_fields=["active"])
    assert names(Dispute.objects.get(pk=case.pk)) == ["med_li", "med_wang"]
