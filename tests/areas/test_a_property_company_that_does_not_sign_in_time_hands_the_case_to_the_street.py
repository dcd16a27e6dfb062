"""A property company has a short limit to sign for its compound's cases; past it the worker
takes the case back to the street's command centre, and the company's failure to act
(物业未履职) is recorded and counted in its ranking."""

from datetime import date, timedelta

from django.utils import timezone

from tests.cases.loop import act, report
from tongxin.areas.models import RoutedCase
from tongxin.areas.selectors import scores
from tongxin.areas.services import fall_back_unsigned
from tongxin.cases.models import Status
from tongxin.org.models import DepartmentKind
from tongxin.triage.services import triage_case

from .support import account, compound_area, unit

INSIDE = (34.065, 117.165)


def dispatched_to_company(world):
    company = unit(world, "wy", "幸福物业", DepartmentKind.PROPERTY)
    area = compound_area(world, "xfjy", company, valid_from=date(2020, 1, 1))
    area.sign_within_min = 30
    area.save()
    case = report(world, title="小区电梯坏了好几天物业不修", point=INSIDE,
                  category=world.categories["top"])
    triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_department == company
    return company, case


def test_past_the_limit_the_case_goes_back_to_the_street(world):
    company, case = dispatched_to_company(world)
    assert fall_back_unsigned(now=case.dispatched_at + timedelta(minutes=29)) == {"fell_back": 0}
    assert fall_back_unsigned(now=case.dispatched_at + timedelta(minutes=31)) == {"fell_back": 1}

    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.lead_department is None
    recall = case.events.get(action="recall")
    assert recall.actor is None and "30" in recall.note
    assert RoutedCase.objects.get(case=case).failed_at is not None
    since = timezone.now() - timedelta(days=1)
    [row] = scores(world.user("dispatcher"), by="department", kind="compound", since=since,
                   until=timezone.now() + timedelta(days=1))
    assert (row.name, row.failures, row.supervise) == ("幸福物业", 1, True)
    # Run again: nothing more to do.
    assert fall_back_unsigned(now=timezone.now() + timedelta(hours=1)) == {"fell_back": 0}


def test_a_case_signed_for_in_time_stays_with_the_company(world):
    company, case = dispatched_to_company(world)
    world.users["wuye"] = account("wuye", company)
    act(world, case, "accept", "wuye")
    assert fall_back_unsigned(now=timezone.now() + timedelta(hours=2)) == {"fell_back": 0}
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
