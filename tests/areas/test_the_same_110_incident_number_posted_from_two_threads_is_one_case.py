"""Two posts of one 警情编号 in flight at the same moment still make one case: the unique
incident number decides, the loser answers 200 with the winner's case. PostgreSQL only
(SQLite serialises writers at BEGIN, so the race cannot happen there)."""

import time

import pytest
from django.db import connection

from tests.api.support import Api, token_for
from tests.concurrently import at_once
from tongxin.areas.models import PoliceTransfer
from tongxin.cases.models import Case, Channel
from tongxin.intake import services

from .support import police_desk, transfer_body

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


@pytest.mark.parametrize("accounts", ["one desk account", "two desk accounts"])
def test_two_threads_posting_one_incident_make_one_case(world, monkeypatch, accounts):
    desk = police_desk(world)
    raws = [token_for(desk, Channel.POLICE), token_for(
        desk if accounts == "one desk account" else world.user("operator"), Channel.POLICE)]
    original = services.create_case

    def slow_create(**kwargs):
        time.sleep(0.3)  # both posts pass the "seen it?" look-up before either commits
        return original(**kwargs)

    monkeypatch.setattr(services, "create_case", slow_create)
    results = at_once(2, lambda i: Api(raws[i]).post("/police/transfers", transfer_body()))

    assert sorted(r.status_code for r in results) == [200, 201]
    assert results[0].json()["number"] == results[1].json()["number"]
    assert Case.objects.count() == 1 and PoliceTransfer.objects.count() == 1
