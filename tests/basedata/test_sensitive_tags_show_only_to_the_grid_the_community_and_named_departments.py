"""Who is enrolled under a sensitive tag (社区矫正, 严重精神障碍 …) shows only to the grid's
own worker, a leader or administrator of the community or above and the departments named on
the tag; a dispatcher sees the person without the tag (and the counts in the profile)."""

from django.utils import timezone

from tests.basedata.api import api_as
from tests.basedata.people import person
from tongxin.accounts.models import Membership, Role
from tongxin.basedata.models import Enrollment, Tag


def _tags_seen_by(user, grid_code):
    items = api_as(user).get("/api/v1/people", {"grid": grid_code}).json()["items"]
    return [t["name"] for p in items for t in p["tags"]]


def test_sensitive_tags_are_narrower_than_the_person(world):
    a1 = world.grids["A1"]
    zhang = person(a1, 1)
    now = timezone.now()
    for name in ("社区矫正", "独居老人"):
        Enrollment.objects.create(person=zhang, tag=Tag.objects.get(name=name), since=now,
                                  next_visit_due=now)

    assert sorted(_tags_seen_by(world.user("grid_a1"), a1.code)) == ["独居老人", "社区矫正"]
    assert sorted(_tags_seen_by(world.user("leader"), a1.code)) == ["独居老人", "社区矫正"]
    assert _tags_seen_by(world.user("dispatcher"), a1.code) == ["独居老人"]
    profile = api_as(world.user("dispatcher")).get(f"/api/v1/grids/{a1.code}/profile").json()
    assert profile["special"]["社区矫正"] == 1


def test_a_worker_of_the_community_but_not_the_grid_sees_no_sensitive_tag(world):
    a1 = world.grids["A1"]
    zhang = person(a1, 1)
    now = timezone.now()
    Enrollment.objects.create(person=zhang, tag=Tag.objects.get(name="社区矫正"), since=now,
                              next_visit_due=now)
    worker = world.user("grid_a1")
    Membership.objects.filter(user=worker).update(region=world.communities["A1"])
    worker = type(worker).objects.get(pk=worker.pk)
    assert worker.memberships.get().role == Role.GRID_WORKER
    assert _tags_seen_by(worker, a1.code) == []
