"""110 与调解: a 110 transfer that reads as a dispute is offered to the mediation
organisation of its place — its staff are told, and the command centre's case page shows the
offer above the 转调解 form; a 110 transfer about something else is offered to nobody."""

from __future__ import annotations

from tests.api.support import Api, token_for
from tests.areas.support import police_desk, transfer_body
from tongxin.cases.models import Case, Channel
from tongxin.notifications.models import Notification

from .test_the_dispute_pages_take_a_mediation_from_assignment_to_the_dossier import client_of


def test_a_noise_quarrel_from_110_is_offered_to_the_committee(world, centre):
    desk = Api(token_for(police_desk(world), Channel.POLICE))
    number = desk.post("/police/transfers", transfer_body(
        text="报警人称楼上邻居深夜噪音扰民，双方发生争吵")).json()["number"]
    case = Case.objects.get(number=number)
    told = Notification.objects.filter(case=case, verb="mediation_offer")
    assert {n.user.username for n in told} == {"med_li", "med_wang", "med_zhao"}

    page = client_of(world.user("operator")).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="mediation-offer"' in page and centre.committee.department.name in page


def test_a_110_transfer_that_is_no_dispute_is_offered_to_nobody(world, centre):
    desk = Api(token_for(police_desk(world), Channel.POLICE))
    number = desk.post("/police/transfers", transfer_body(
        incident_no="110-20261204-0002", text="路口井盖缺失，有行人险些掉落")).json()["number"]
    case = Case.objects.get(number=number)
    assert not Notification.objects.filter(verb="mediation_offer").exists()
    page = client_of(world.user("operator")).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="mediation-offer"' not in page
