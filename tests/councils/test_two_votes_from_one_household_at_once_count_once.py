"""Two representatives of one household vote at the same moment on two connections: one
ballot is counted, the other refused (PostgreSQL: the topic's row is locked, and the unique
constraint on (topic, ballot) holds behind it)."""

import pytest
from django.db import connection

from tests.concurrently import at_once
from tongxin.core.errors import ValidationFailed
from tongxin.councils import services
from tongxin.councils.models import Vote

from .council import build_council, to_status

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="two writing connections need PostgreSQL")


def test_two_votes_of_one_household_at_once_count_once(committed_world):
    cw = build_council(committed_world)
    topic = to_status(cw, "voting")
    users = [cw.user("rep1"), cw.user("rep2")]  # both of 1号楼101

    def attempt(i: int) -> str:
        try:
            services.vote(actor=users[i], topic_id=topic.pk, choice=("yes", "no")[i])
        except ValidationFailed as refused:
            return f"refused: {refused}"
        return "counted"

    for _round in range(3):
        Vote.objects.all().delete()
        outcome = at_once(2, attempt)
        assert sorted(outcome)[0] == "counted" and outcome.count("counted") == 1, outcome
        assert Vote.objects.filter(topic=topic).count() == 1
