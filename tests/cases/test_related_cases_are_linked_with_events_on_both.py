"""Relating two cases (关联): one link per pair, an event in both trails, undone the same way;
only dispatchers whose area covers both cases may do it, and a case outside the user's
jurisdiction does not exist for them."""

from __future__ import annotations

import pytest

from tongxin.cases.linking import link_cases, related_cases, unlink_cases
from tongxin.cases.models import Case, CaseEvent, CaseLink
from tongxin.core.errors import PermissionDenied, ValidationFailed

from .loop import POINT_B1, report


def test_link_appends_an_event_on_both_cases_and_unlink_undoes_it(world):
    a, b = report(world), report(world, title="路灯又坏了")
    link_cases(actor=world.user("street_a"), case_id=b.pk, other_id=a.pk, note="同一路灯")

    assert list(related_cases(a)) == [b] and list(related_cases(b)) == [a]
    for case, other in ((a, b), (b, a)):
        event = case.events.get(action="link")
        assert event.data == {"related": other.number} and event.note == "同一路灯"
        assert event.from_status == event.to_status == case.status
    with pytest.raises(ValidationFailed):
        link_cases(actor=world.user("street_a"), case_id=a.pk, other_id=b.pk)

    unlink_cases(actor=world.user("street_a"), case_id=a.pk, other_id=b.pk)
    assert not CaseLink.objects.exists()
    assert CaseEvent.objects.filter(action="unlink").count() == 2


def test_only_a_dispatcher_covering_both_cases_may_link(world):
    a, b = report(world), report(world, point=POINT_B1)
    with pytest.raises(Case.DoesNotExist):  # street B's case is invisible to street A
        link_cases(actor=world.user("street_a"), case_id=a.pk, other_id=b.pk)
    with pytest.raises(PermissionDenied):  # a grid worker sees both but may not relate them
        link_cases(actor=world.user("grid_a1"), case_id=a.pk, other_id=report(world).pk)
    with pytest.raises(ValidationFailed):
        link_cases(actor=world.user("dispatcher"), case_id=a.pk, other_id=a.pk)

    link_cases(actor=world.user("dispatcher"), case_id=a.pk, other_id=b.pk)
    assert CaseLink.objects.count() == 1
