"""Retries of one anonymous report arriving at the same moment create exactly one case: the
unique key row lets one insert win and the others answer with the winner's tracking number.
PostgreSQL only: SQLite serialises writers at BEGIN, so there the race cannot happen."""

import time

import pytest
from django.db import connection
from django.test import Client

from tests.concurrently import at_once
from tests.portal.anonymous_support import post_report
from tongxin.cases.models import Case
from tongxin.intake import services as intake
from tongxin.intake.models import IdempotencyRecord

RETRIES = 3

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_concurrent_anonymous_retries_create_one_case(world, monkeypatch):
    original_create = intake.create_case

    def slow_create(**kwargs):
        time.sleep(0.3)  # every retry is in flight while the first holds its transaction
        return original_create(**kwargs)

    monkeypatch.setattr(intake, "create_case", slow_create)
    def retry(i: int) -> tuple:
        response = post_report(Client(REMOTE_ADDR=f"10.8.8.{i}"), "storm", csrf=False)
        return response.status_code, response.json()

    results = at_once(RETRIES, retry)

    assert Case.objects.count() == 1 and IdempotencyRecord.objects.filter(user=None).count() == 1
    assert {status for status, _ in results} == {201}
    assert all(body == results[0][1] for _, body in results)
