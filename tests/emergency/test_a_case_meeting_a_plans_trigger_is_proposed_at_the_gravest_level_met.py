"""预案研判: the gravest level of a plan whose trigger holds is proposed, with its reasons — the
words of the report, a category or one below it, a sensor alarm; and, where the level asks,
enough such reports near it in the window (a far one or one before the window does not
count). Only the plan's newest version counts; a case with an incident gets none."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.cases.loop import POINT_A1
from tongxin.cases.models import Case
from tongxin.emergency.models import PlanLevel, PlanVersion
from tongxin.emergency.triggers import propose

from .command import start
from .triggers import graded, reported


def levels(case: Case) -> list[tuple[str, int]]:
    return [(p.plan_name, p.level) for p in propose(case)]


def test_one_report_meets_level_four_and_the_third_nearby_meets_level_three(world, command):
    graded(command)
    now = timezone.now()
    first = reported(world, at=now - timedelta(minutes=50))
    [proposal] = propose(first)
    assert (proposal.level, proposal.level_name) == (4, "Ⅳ")
    assert proposal.reasons == ("the words “燃气”",)
    reported(world, at=now - timedelta(minutes=20))
    far = (POINT_A1[0] + 0.05, POINT_A1[1])  # about 5.6 km north: not this event
    reported(world, at=now - timedelta(minutes=10), point=far)
    assert levels(reported(world, at=now - timedelta(minutes=5))) == [("燃气泄漏", 3)]
    [third] = propose(Case.objects.order_by("-created_at").first())
    assert "3 such reports within 1000 m in 2 h" in third.reasons[1]


def test_reports_before_the_window_and_other_kinds_do_not_count(world, command):
    graded(command)
    now = timezone.now()
    reported(world, at=now - timedelta(hours=3))
    reported(world, at=now - timedelta(hours=2, minutes=30))
    reported(world, at=now - timedelta(minutes=3), title="路灯不亮")
    assert levels(reported(world, at=now)) == [("燃气泄漏", 4)]
    assert levels(reported(world, at=now, title="路灯不亮")) == []


def test_a_category_trigger_covers_its_sub_categories(world, command):
    PlanLevel.objects.filter(version=command.version).update(trigger_keywords=[])
    PlanLevel.objects.filter(version=command.version, level=4).update(
        trigger_category=world.categories["top"])
    case = reported(world, at=timezone.now(), title="路灯整条街都不亮")
    assert levels(case) == []
    Case.objects.filter(pk=case.pk).update(category=world.categories["light"])
    [proposal] = propose(Case.objects.get(pk=case.pk))
    assert proposal.level == 4 and proposal.reasons == ("category 城乡建设",)


def test_only_the_newest_version_counts_and_an_open_incident_ends_the_proposal(world, command):
    case = reported(world, at=timezone.now() - timedelta(minutes=5))
    assert levels(case) == [("燃气泄漏", 1)]  # every level of the test plan: 燃气 alone
    start(world, command, case, level=3, at=timezone.now())
    assert levels(case) == []
    other = reported(world, at=timezone.now())
    revised = PlanVersion.objects.create(plan=command.plan, number=2, created_at=timezone.now())
    PlanLevel.objects.create(version=revised, level=4, trigger_keywords=["天然气"])
    assert levels(other) == []
