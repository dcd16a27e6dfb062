"""Overdue visits on the case engine, not a second clock.

A programme's visit that passes its due date opens one case (channel 网格, category
"重点人群走访", placed in the person's grid), registered and dispatched by the platform to
the programme's responsible unit (the tag's first department) in the same transaction. From
then on the ordinary machinery applies: the deadline sweep raises the yellow warning and the
red alarm from the category's time-limit policy, the red alarm opens the automatic supervision
order (督办) to the unit, the inbox tells the unit and the grid, and the case counts in the
unit's score. Recording the visit (services.record_visit) closes the case as done.

Why one case per overdue enrolment: the case is what the sweep, the supervision engine, the
inbox and the scoring already understand, so the visit clock gets all of them for free.

The case says neither the person's name nor the programme: a case is seen by everyone
working in its area, and a sensitive tag may be known only to the grid's workers, the
community leader and the named departments (they find whom to visit in the field app's list).
A tag with no responsible unit leaves its case registered in the command centre's queue for a
person to dispatch (and so without a deadline until then).
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases.models import Case, Channel
from tongxin.cases.services import ActionInput, NewCase, Step, act_steps, create_case
from tongxin.core.language import in_default_language
from tongxin.org.models import Category, Department

from .models import Enrollment

CATEGORY_CODE = "basedata-visit"
BATCH = 200


def visit_category() -> Category:
    category, _created = Category.objects.get_or_create(
        code=CATEGORY_CODE, defaults={"name": "重点人群走访", "level": 1})
    return category


def _due(now: datetime):
    qs = (Enrollment.objects.filter(active=True, next_visit_due__lte=now,
                                    overdue_case__isnull=True)
          .select_related("person__grid", "tag").order_by("next_visit_due"))
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True, of=("self",))
    return qs


def _unit(enrolment: Enrollment) -> Department | None:
    return enrolment.tag.departments.order_by("pk").first()


@in_default_language
def _open_case(enrolment: Enrollment, category: Category, now: datetime) -> Case:
    grid = enrolment.person.grid
    due = timezone.localtime(enrolment.next_visit_due).strftime("%Y-%m-%d")
    case = create_case(actor=None, at=now, note=_("Overdue household visit"), new=NewCase(
        channel=Channel.GRID, region=grid, category=category,
        title=_("Household visit overdue in %(grid)s") % {"grid": grid.name},
        description=_("A programme visit due on %(due)s has not been made. The grid's visit "
                      "list in the field app names the household (shown to those allowed to "
                      "see the programme). Recording the visit closes this case.")
        % {"due": due}))
    details = {"auto": True, "enrollment": enrolment.pk}
    steps = [Step("register", None, details=details)]
    if (unit := _unit(enrolment)) is not None:
        steps.append(Step("dispatch", None, ActionInput(lead_department=unit), details))
    return act_steps(case_id=case.pk, steps=steps, at=now).case


def open_overdue(*, now: datetime | None = None) -> dict:
    """Worker job: a case for each enrolment whose visit is overdue and has none yet, up to
    a batch per run. Safe with two workers: the enrolments are claimed with SKIP LOCKED
    (PostgreSQL) or under SQLite's single writer, and the UPDATE only fills an empty link."""
    now = now or timezone.now()
    category, opened = visit_category(), 0
    with transaction.atomic():
        for enrolment in list(_due(now)[:BATCH]):
            case = _open_case(enrolment, category, now)
            opened += Enrollment.objects.filter(
                pk=enrolment.pk, overdue_case__isnull=True).update(overdue_case=case)
    return {"opened": opened}


@in_default_language
def close_visited(enrolments: list[Enrollment], *, visit_id: int, at: datetime) -> None:
    """Called by record_visit in its transaction: the visit made closes each overdue case
    (the unit's sign-for and reply are skipped where it already gave them; a case someone
    closed already is left as it is)."""
    details = {"auto": True, "visit": visit_id}
    note = _("The household visit was made on %(at)s.") % {
        "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")}
    for case_id in {e.overdue_case_id for e in enrolments if e.overdue_case_id}:
        act_steps(case_id=case_id, at=at, steps=[
            # Still in the command centre's queue (no responsible unit): answered as done.
            Step("answer", None, ActionInput(note=note), details, optional=True),
            Step("accept", None, details=details, optional=True),
            Step("reply", None, ActionInput(note=note), details, optional=True),
            Step("verify_pass", None, ActionInput(note=note), details, optional=True),
        ])
