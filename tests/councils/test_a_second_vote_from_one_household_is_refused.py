"""One ballot per household: a second vote from the same household (another of its
representatives, or the same one again) is 409 with a message through the API; a council
that votes per representative lets each representative vote once."""

from tests.api.support import token_for
from tongxin.councils.models import Vote

from .council import build_council, to_status


def post_vote(client, cw, name, topic, choice="yes"):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(cw.user(name))}"}
    return client.post(f"/api/v1/councils/topics/{topic.pk}/votes", {"choice": choice},
                       content_type="application/json", **auth)


def test_the_second_vote_of_a_household_is_409(council, client):
    topic = to_status(council, "voting")
    assert post_vote(client, council, "rep1", topic).status_code == 201
    second = post_vote(client, council, "rep2", topic, "no")  # same flat, 1号楼101
    assert second.status_code == 409
    assert "household has voted" in second.json()["detail"]
    assert post_vote(client, council, "rep1", topic).status_code == 409
    assert post_vote(client, council, "rep1", topic, "maybe").status_code == 422
    assert list(Vote.objects.values_list("choice", flat=True)) == ["yes"]


def test_per_representative_each_representative_votes_once(world, client):
    cw = build_council(world, vote_by="representative")
    topic = to_status(cw, "voting")
    assert post_vote(client, cw, "rep1", topic).status_code == 201
    assert post_vote(client, cw, "rep2", topic).status_code == 201
    assert post_vote(client, cw, "rep2", topic).status_code == 409
    assert Vote.objects.count() == 2


def test_a_vote_on_a_topic_not_in_voting_or_out_of_sight(council, client):
    topic = to_status(council, "scheduled")
    assert post_vote(client, council, "rep1", topic).status_code == 409
    assert post_vote(client, council, "citizen", topic).status_code == 404
