"""Orders need the cases.supervise permission over the case (supervisors, leaders), a unit to
address and a text; a refused order changes nothing."""

import pytest

from tests.supervision.helpers import in_progress, local
from tongxin.cases.models import Case, CaseEvent
from tongxin.cases.services import NewCase, create_case
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.supervision.models import SupervisionOrder
from tongxin.supervision.services import issue_order


def test_leader_may(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    issue_order(case_id=case.pk, actor=world.user("leader"), text="请加快办理")
    assert SupervisionOrder.objects.count() == 1


@pytest.mark.parametrize("user", ["handler", "street_a", "grid_a1"])
def test_others_may_not(world, user):
    case = in_progress(world, local(2026, 11, 16, 9))
    with pytest.raises((PermissionDenied, Case.DoesNotExist)):
        issue_order(case_id=case.pk, actor=world.user(user), text="请加快办理")
    assert not SupervisionOrder.objects.exists()
    assert not CaseEvent.objects.filter(action="supervise").exists()


def test_outside_the_jurisdiction_the_case_does_not_exist(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    with pytest.raises(Case.DoesNotExist):
        issue_order(case_id=case.pk, actor=world.user("handler_zj"), text="请加快办理")


def test_a_case_without_a_unit_cannot_be_supervised(world):
    case = create_case(actor=None, new=NewCase(channel="hotline", title="占道经营",
                                               lat=34.05, lng=117.1))
    with pytest.raises(ValidationFailed):
        issue_order(case_id=case.pk, actor=world.user("supervisor"), text="请加快办理")
    assert Case.objects.get(pk=case.pk).supervision_count == 0
    assert not CaseEvent.objects.filter(action="supervise").exists()


def test_an_order_needs_a_text(world):
    case = in_progress(world, local(2026, 11, 16, 9))
    with pytest.raises(ValidationFailed):
        issue_order(case_id=case.pk, actor=world.user("supervisor"), text="  ")
    assert not CaseEvent.objects.filter(action="supervise").exists()
