"""Administrators see a banner on every workbench page while next year has no official
holiday schedule; entering it clears the banner. Other users never see it."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.world import pass_second_factor
from tongxin.accounts.models import Membership, Role
from tongxin.sla.models import CalendarDay


@pytest.fixture
def in_late_2026(monkeypatch):
    # chinesecalendar knows 2026, not 2027.
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate",
        lambda value=None, timezone=None: date(2026, 11, 22) if value is None
        else real(value, timezone),
    )


def test_calendar_banner_shows_when_next_year_has_no_schedule(world, client, in_late_2026):
    admin = world.user("admin")
    Membership.objects.create(user=admin, role=Role.DISPATCHER, region=world.district)
    url = reverse("supervision:orders")

    client.force_login(admin)
    pass_second_factor(client)
    page = client.get(url).content.decode()
    assert 'data-banner="calendar"' in page and "2027" in page

    client.force_login(world.user("handler"))
    assert 'data-banner="calendar"' not in client.get(url).content.decode()

    CalendarDay.objects.create(date=date(2027, 2, 6), is_workday=False, note="春节")
    client.force_login(admin)
    pass_second_factor(client)
    assert 'data-banner="calendar"' not in client.get(url).content.decode()
