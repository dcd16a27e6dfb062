"""GET /api/v1/mediation/disputes?status= lists the disputes whose cases the caller may see
(the cases' jurisdiction filter): the committee and the street's dispatcher see a dispute of
grid A1, street B's dispatcher does not, even by its id."""

from __future__ import annotations

from tests.api.support import Api, token_for
from tests.cases.loop import local
from tongxin.mediation.services import assign_mediator

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


def test_disputes_by_status_and_only_within_the_jurisdiction(world, centre):
    waiting = dispute_case(world, centre, at=T0)
    mediating = dispute_case(world, centre, at=T0, title="物业费纠纷")
    assign_mediator(case_id=mediating.pk, actor=centre.user("med_li"),
                    mediator=centre.mediators["med_wang"], at=T0)
    committee = Api(token_for(centre.user("med_li")))
    listed = committee.get("/mediation/disputes").json()
    assert {d["number"] for d in listed} == {waiting.number, mediating.number}
    only = committee.get("/mediation/disputes?status=mediating").json()
    assert [(d["number"], d["mediator"]) for d in only] == [(mediating.number, "med_wang")]
    street_a = Api(token_for(world.user("street_a")))
    assert len(street_a.get("/mediation/disputes").json()) == 2
    street_b = Api(token_for(world.user("street_b")))
    assert street_b.get("/mediation/disputes").json() == []
    assert street_b.get(f"/mediation/disputes/{waiting.pk}").status_code == 404
    detail = committee.get(f"/mediation/disputes/{mediating.pk}").json()
    assert detail["parties"][0]["role"] == "applicant"
    assert detail["parties"][0]["phone"] == "138****1111"  # a unit sees it masked
    assert committee.get("/mediation/disputes?status=nonsense").status_code == 422
