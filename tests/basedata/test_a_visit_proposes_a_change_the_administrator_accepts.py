"""A grid worker's visit (sent twice by the offline field app, stored once) confirms the
person, moves the due visit on and proposes a change; the community administrator accepts
it and the person's record keeps the version (who, when, from → to, why); a rejected
proposal changes nothing."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.basedata.api import api_as
from tests.basedata.people import person
from tongxin.basedata import services
from tongxin.basedata.models import ChangeRecord, Enrollment, Person, Tag, Visit
from tongxin.core.errors import PermissionDenied


def test_the_visit_is_stored_once_and_the_accepted_change_is_versioned(world):
    zhang = person(world.grids["A1"], 1, phone="13800000001")
    now = timezone.now()
    Enrollment.objects.create(person=zhang, tag=Tag.objects.get(name="独居老人"), since=now,
                              next_visit_due=now - timedelta(days=1))
    body = {"client_id": str(uuid.uuid4()), "note": "老人身体尚可",
            "proposals": [{"field": "phone", "value": "13900000002", "reason": "换了号码"}]}
    client = api_as(world.user("grid_a1"))
    first = client.post(f"/api/v1/people/{zhang.pk}/visits", body, content_type="application/json")
    again = client.post(f"/api/v1/people/{zhang.pk}/visits", body, content_type="application/json")
    assert first.status_code == 200 and first.json() == again.json()
    assert Visit.objects.count() == 1
    assert Enrollment.objects.get().next_visit_due > timezone.now() + timedelta(days=29)

    proposal = Visit.objects.get().proposals.get()
    services.decide(actor=world.user("admin"), proposal_id=proposal.pk, accept=True)

    zhang = Person.objects.get(pk=zhang.pk)
    assert zhang.phone == "13900000002"
    record = ChangeRecord.objects.get(person=zhang)
    assert (record.old_value, record.new_value, record.reason) == (
        "13800000001", "13900000002", "换了号码")
    assert record.by == world.user("admin")


def test_a_rejected_proposal_changes_nothing_and_only_the_administrator_decides(world):
    zhang = person(world.grids["A1"], 1)
    visit = services.record_visit(
        actor=world.user("grid_a1"), client_id=uuid.uuid4(), person=zhang, at=timezone.now(),
        proposals=(services.Proposed("moved_out", "", "已搬走"),))
    proposal = visit.proposals.get()
    with pytest.raises(PermissionDenied):
        services.decide(actor=world.user("grid_a1"), proposal_id=proposal.pk, accept=True)
    services.decide(actor=world.user("admin"), proposal_id=proposal.pk, accept=False)
    assert not ChangeRecord.objects.exists()


def test_a_worker_of_another_grid_cannot_record_a_visit(world):
    zhang = person(world.grids["B1"], 1)
    with pytest.raises(PermissionDenied):
        services.record_visit(actor=world.user("grid_a1"), client_id=uuid.uuid4(),
                              person=zhang, at=timezone.now())
