"""A programme visit past its due date becomes one case on the engine: dispatched to the
programme's unit, warned yellow then red by the ordinary deadline sweep, supervised on the
red alarm — and closed by the visit itself. The case names neither the person nor the
programme (everyone in the area sees cases; a sensitive tag is for the few)."""

import uuid
from datetime import timedelta

from django.utils import timezone

from tests.basedata.people import person
from tongxin.basedata import services
from tongxin.basedata.models import Enrollment, Tag
from tongxin.basedata.overdue import open_overdue
from tongxin.cases.models import Case, Channel, Warning
from tongxin.cases.sweep import sweep
from tongxin.supervision.models import SupervisionOrder


def _enrol(world, serial: int, tag: Tag, *, due_days_ago: int = 1) -> Enrollment:
    now = timezone.now()
    return Enrollment.objects.create(
        person=person(world.grids["A1"], serial, name=f"测试人{serial}"), tag=tag, since=now,
        next_visit_due=now - timedelta(days=due_days_ago))


def test_the_overdue_visit_opens_one_case_that_goes_yellow_then_red_with_an_order(world):
    tag = Tag.objects.get(name="独居老人")
    tag.departments.add(world.departments["zj"])
    enrolment = _enrol(world, 1, tag)
    _enrol(world, 2, tag, due_days_ago=-5)  # not yet due: no case

    assert open_overdue() == {"opened": 1}
    assert open_overdue() == {"opened": 0}  # a second run opens nothing
    case = Case.objects.get()
    assert Enrollment.objects.get(pk=enrolment.pk).overdue_case == case
    assert (case.status, case.channel, case.lead_department) == (
        "dispatched", Channel.GRID, world.departments["zj"])
    assert case.grid == world.grids["A1"] and case.category.name == "重点人群走访"
    assert "测试人1" not in case.title + case.description
    assert "独居老人" not in case.title + case.description

    assert case.yellow_at is not None and case.finish_deadline is not None
    sweep(case.yellow_at + timedelta(seconds=1))
    assert Case.objects.get(pk=case.pk).warning == Warning.YELLOW
    sweep(case.finish_deadline + timedelta(seconds=1))
    assert Case.objects.get(pk=case.pk).warning == Warning.RED
    order = SupervisionOrder.objects.get(case=case)
    assert order.department == world.departments["zj"]


def test_the_visit_closes_its_case_and_the_next_due_visit_starts_clean(world):
    tag = Tag.objects.get(name="独居老人")
    tag.departments.add(world.departments["zj"])
    enrolment = _enrol(world, 1, tag)
    open_overdue()
    case = Case.objects.get()

    services.record_visit(actor=world.user("grid_a1"), client_id=uuid.uuid4(),
                          person=enrolment.person, at=timezone.now(), note="已走访")

    case.refresh_from_db()
    assert case.status == "closed"
    assert [e.action for e in case.events.order_by("pk")][-3:] == [
        "accept", "reply", "verify_pass"]
    enrolment.refresh_from_db()
    assert enrolment.overdue_case is None and enrolment.next_visit_due > timezone.now()
    assert open_overdue() == {"opened": 0}


def test_a_programme_without_a_unit_leaves_its_case_for_the_command_centre(world):
    tag = Tag.objects.get(name="独居老人")
    enrolment = _enrol(world, 1, tag)
    open_overdue()
    case = Case.objects.get()
    assert case.status == "registered" and case.lead_department is None

    services.record_visit(actor=world.user("grid_a1"), client_id=uuid.uuid4(),
                          person=enrolment.person, at=timezone.now())
    case.refresh_from_db()
    assert case.status == "closed"
