"""Staged routing of an alarm: a smoke alarm from a device inside a managed compound becomes a
case that triage sends to the compound's property company first, with its short limit to sign
for it (15 minutes); past the limit the worker hands it to the street and 物业未履职 is
recorded — the responsibility areas' routing, not a second one for devices. The alarm's
text (device code, time) is the platform's, so triage's "not a real report" check, made for
people's text, does not hold it back."""

from datetime import date, timedelta

from tests.areas.support import compound_area, unit
from tongxin.areas.models import RoutedCase
from tongxin.areas.services import fall_back_unsigned
from tongxin.cases.models import Case, Channel, Status
from tongxin.org.models import DepartmentKind
from tongxin.sensing import ingest
from tongxin.sensing.models import Alarm, Device
from tongxin.triage.services import triage_case

from .fleet import smoke, smoke_profile

INSIDE = (34.065, 117.165)  # the compound of tests/areas/support.py, in grid A1


def test_the_company_first_then_the_street_with_its_failure_recorded(world):
    company = unit(world, "wy", "幸福物业", DepartmentKind.PROPERTY)
    area = compound_area(world, "xfjy", company, valid_from=date(2020, 1, 1))
    area.sign_within_min = 15
    area.save()
    profile = smoke_profile()
    profile.category = world.categories["top"]
    profile.save()
    Device.objects.create(code="SMK-9", name="幸福家园3号楼烟感", profile=profile,
                          grid=world.grids["A1"], lat=INSIDE[0], lng=INSIDE[1])

    ingest.process(smoke("SMK-9", 1, 3))
    case = Case.objects.get(pk=Alarm.objects.get().case_id)
    assert case.channel == Channel.IOT
    triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_department == company

    assert fall_back_unsigned(now=case.dispatched_at + timedelta(minutes=14)) == {"fell_back": 0}
    assert fall_back_unsigned(now=case.dispatched_at + timedelta(minutes=16)) == {"fell_back": 1}
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.lead_department is None
    assert RoutedCase.objects.get(case=case).failed_at is not None
