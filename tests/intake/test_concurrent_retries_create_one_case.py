"""Two retries of the same report arriving at the same moment create exactly one case.

Both requests pass the "seen this key before?" lookup before either commits; the unique
(owner, key) index then lets one insert win and the other return the winner's response.
PostgreSQL only: SQLite serialises writers at BEGIN, so there the race cannot happen.
"""

import time

import pytest
from django.db import connection

from tests.api.support import Api, case_body, token_for
from tests.concurrently import at_once
from tongxin.cases.models import Case
from tongxin.intake import services
from tongxin.intake.models import IdempotencyRecord

RETRIES = 4

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_concurrent_retries_with_one_key_create_one_case(world, monkeypatch):
    raw = token_for(world.user("operator"))
    original_create = services.create_case

    def slow_create(**kwargs):
        # Hold the transaction open so that every retry is in flight at the same time.
        time.sleep(0.3)
        return original_create(**kwargs)

    monkeypatch.setattr(services, "create_case", slow_create)
    def retry(_i: int) -> tuple:
        response = Api(raw).post("/cases", case_body(), headers={"Idempotency-Key": "storm"})
        return (response.status_code, response.json(),
                response.headers.get("Idempotent-Replayed"))

    results = at_once(RETRIES, retry)

    assert Case.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
    assert {status for status, _, _ in results} == {201}
    assert all(body == results[0][1] for _, body, _ in results)
    assert sorted(replayed or "" for _, _, replayed in results) == [""] + ["true"] * (RETRIES - 1)
