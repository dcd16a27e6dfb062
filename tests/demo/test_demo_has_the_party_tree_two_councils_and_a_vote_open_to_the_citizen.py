"""The demo's party building and councils: a committee for every street, 50 members (some
in service, with their 双报到 and hours), two councils with topics in at least four states,
one in voting on which the demo `citizen` may vote (once: the second is 409); and a whistle
on a demo case, one department reporting in and one missing it."""

from tests.api.support import token_for
from tongxin.accounts.models import User
from tongxin.councils.models import Council, Topic
from tongxin.party.models import DualReport, MemberKind, OrgLevel, PartyMember, PartyOrg
from tongxin.regions.models import Level, Region
from tongxin.whistle.models import WhistleCall


def test_the_party_tree_and_the_councils(demo_base, client):
    streets = Region.objects.filter(level=Level.STREET).count()
    assert PartyOrg.objects.filter(level=OrgLevel.STREET_COMMITTEE).count() == streets
    assert set(PartyOrg.objects.values_list("level", flat=True)) == set(OrgLevel.values)
    assert PartyMember.objects.count() == 50
    in_service = PartyMember.objects.filter(kind=MemberKind.IN_SERVICE)
    assert 0 < in_service.count() < 50
    assert DualReport.objects.filter(grid__isnull=False).count() == in_service.count()

    assert Council.objects.count() == 2
    assert len(set(Topic.objects.values_list("status", flat=True))) >= 4
    voting = Topic.objects.get(status="voting")
    citizen = User.objects.get(username="citizen")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(citizen)}"}
    listed = client.get("/api/v1/councils/topics", **auth).json()
    assert voting.pk in [t["id"] for t in listed]
    url = f"/api/v1/councils/topics/{voting.pk}/votes"
    assert client.post(url, {"choice": "yes"}, content_type="application/json",
                       **auth).status_code == 201
    assert client.post(url, {"choice": "no"}, content_type="application/json",
                       **auth).status_code == 409


def test_the_demo_whistle(demo):
    calls = list(WhistleCall.objects.all())
    assert len(calls) == 2
    assert sum(c.acknowledged_at is not None for c in calls) == 1
    assert sum(c.missed_at is not None for c in calls) == 1
