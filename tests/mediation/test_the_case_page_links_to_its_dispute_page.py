"""A case handed to the mediation centre keeps its number, and its case page links to the
dispute page for the committee's staff; a case that never was a dispute has no such link."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.cases.loop import report
from tongxin.cases.models import Channel

from .flow import dispute_case
from .test_the_dispute_pages_take_a_mediation_from_assignment_to_the_dossier import client_of


def test_the_case_page_of_a_dispute_links_to_the_dispute_page(world, centre):
    case = dispute_case(world, centre, at=timezone.now() - timedelta(hours=1))
    page = client_of(centre.user("med_li")).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="dispute-link"' in page and f'href="/mediation/{case.pk}/"' in page


def test_a_case_that_was_never_a_dispute_has_no_link(world, centre):
    case = report(world, reporter=None, title="路灯不亮", at=timezone.now(),
                  channel=Channel.HOTLINE, reporter_phone="13800001111")
    page = client_of(world.user("operator")).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="dispute-link"' not in page
