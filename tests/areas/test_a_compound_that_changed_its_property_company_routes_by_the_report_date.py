"""A compound's property company changed on 1 June: reports before the date stay with the
old company, reports from the date go to the new one."""

from datetime import date

from tests.cases.loop import local, report
from tongxin.areas.locator import areas_at
from tongxin.cases.models import Status
from tongxin.org.models import DepartmentKind
from tongxin.triage.services import triage_case

from .support import compound_area, unit

INSIDE = (34.065, 117.165)
CHANGE = date(2026, 6, 1)


def companies(world):
    old = unit(world, "wy-old", "旧物业公司", DepartmentKind.PROPERTY)
    new = unit(world, "wy-new", "新物业公司", DepartmentKind.PROPERTY)
    compound_area(world, "xfjy-1", old, valid_from=date(2020, 1, 1), valid_to=CHANGE)
    compound_area(world, "xfjy-2", new, valid_from=CHANGE)
    return old, new


def test_the_index_answers_with_the_company_of_the_day(world):
    old, new = companies(world)
    [before] = areas_at(*INSIDE, on=date(2026, 5, 31))
    [after] = areas_at(*INSIDE, on=CHANGE)
    assert (before.department_id, after.department_id) == (old.pk, new.pk)


def test_cases_are_dispatched_to_the_company_valid_when_they_were_reported(world):
    old, new = companies(world)
    leads = {}
    for day, at in (("before", local(2026, 5, 31, 18)), ("after", local(2026, 6, 1, 8))):
        case = report(world, title=f"小区电梯坏了好几天没人修{day}", point=INSIDE, at=at,
                      category=world.categories["top"])
        triage_case(case_id=case.pk, now=at)
        case.refresh_from_db()
        assert case.status == Status.DISPATCHED
        leads[day] = case.lead_department
    assert leads == {"before": old, "after": new}
