"""Disputes received, 调解成功率 (agreements / mediations ended), 履行率 (performed in full at
the latest visit / agreements visited) and the average days to resolve, per organisation
and per mediator."""

from __future__ import annotations

from datetime import timedelta

from tests.cases.loop import local
from tongxin.mediation.models import Agreement, Dispute, DisputeStatus, FollowUp
from tongxin.mediation.selectors import metrics

from .flow import dispute_case

T0 = local(2026, 9, 21, 10)


def test_figures_per_committee_and_per_mediator(world, centre):
    cases = [dispute_case(world, centre, at=T0) for _ in range(4)]
    li, wang = centre.mediators["med_li"], centre.mediators["med_wang"]
    outcomes = [(li, DisputeStatus.AGREED, 2), (li, DisputeStatus.AGREED, 4),
                (li, DisputeStatus.FAILED, 6), (wang, DisputeStatus.MEDIATING, None)]
    for case, (mediator, status, days) in zip(cases, outcomes, strict=True):
        Dispute.objects.filter(pk=case.pk).update(
            mediator=mediator, status=status,
            resolved_at=T0 + timedelta(days=days) if days else None)
    for case, performance in zip(cases[:2], ["full", "partial"], strict=True):
        Agreement.objects.create(dispute_id=case.pk, text="…", created_at=T0, signed_at=T0)
        FollowUp.objects.create(dispute_id=case.pk, performance="none", by=centre.user("med_li"),
                                at=T0 + timedelta(days=1))
        FollowUp.objects.create(dispute_id=case.pk, performance=performance,
                                by=centre.user("med_li"), at=T0 + timedelta(days=9))
    (committee,) = metrics(Dispute.objects.all(), "org")
    assert (committee["received"], committee["ended"], committee["agreed"]) == (4, 3, 2)
    assert committee["success_rate"] == round(2 / 3, 4)
    assert committee["performance_rate"] == 0.5  # the latest visit counts
    assert committee["avg_days"] == 4.0
    by_mediator = {row["name"]: row for row in metrics(Dispute.objects.all(), "mediator")}
    assert by_mediator["med_wang"]["success_rate"] is None  # nothing ended: no share
    assert by_mediator["med_li"]["received"] == 3


def test_trips_count_the_room_sessions_of_ended_mediations_and_the_dashboard_shows_them(
        world, centre):
    from tongxin.analytics.dashboard import build
    from tongxin.mediation.models import Session

    ended, open_ = (dispute_case(world, centre, at=T0) for _ in range(2))
    Dispute.objects.filter(pk=ended.pk).update(status=DisputeStatus.AGREED,
                                               resolved_at=T0 + timedelta(days=3))
    li = centre.mediators["med_li"]
    for dispute, room, cancelled in ((ended, "r1", False), (ended, "r2", False),
                                     (ended, "r1", True), (ended, None, False),
                                     (open_, "r1", False)):
        Session.objects.create(dispute_id=dispute.pk, mediator=li, cancelled=cancelled,
                               room=centre.rooms[room] if room else None,
                               on_site="" if room else "当事人家中",
                               starts_at=T0, ends_at=T0 + timedelta(hours=1))
    (committee,) = metrics(Dispute.objects.all(), "org")
    # two held room sessions over one ended mediation: on site and cancelled cost no trip
    assert committee["trips_per_dispute"] == 2.0

    panel = build(world.user("leader"), period="year", now=T0 + timedelta(days=3))["mediation"]
    assert panel["total"]["received"] == 2 and panel["total"]["trips_per_dispute"] == 2.0
    assert [row["name"] for row in panel["orgs"]] == [str(centre.committee)]
