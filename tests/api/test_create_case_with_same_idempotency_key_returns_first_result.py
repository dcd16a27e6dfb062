"""A client that retries a report after a timeout must not create a second case."""

import json

from tests.api.support import Api, case_body, token_for
from tongxin.cases.models import Case, CaseEvent
from tongxin.intake.models import IdempotencyRecord


def test_a_retry_with_the_same_key_returns_the_first_response_and_creates_nothing(world):
    api = Api(token_for(world.user("operator")))
    first = api.post("/cases", case_body(), headers={"Idempotency-Key": "call-0001"})
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first.headers

    # The same body with its keys in another order and other white space is the same request.
    reordered = json.dumps(dict(reversed(list(case_body().items()))), indent=4)
    retry = api.post("/cases", raw=reordered, headers={"Idempotency-Key": "call-0001"})

    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert record.case_id == first.json()["id"] and record.status_code == 201


def test_without_a_key_each_request_is_a_new_case(world):
    api = Api(token_for(world.user("operator")))
    a = api.post("/cases", case_body())
    b = api.post("/cases", case_body())
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["number"] != b.json()["number"]
    assert not IdempotencyRecord.objects.exists()


def test_keys_belong_to_their_owner(world):
    """Two clients that happen to pick the same key each get their own case."""
    one = Api(token_for(world.user("operator")))
    other = Api(token_for(world.user("dispatcher")))
    a = one.post("/cases", case_body(), headers={"Idempotency-Key": "shared-key"})
    b = other.post("/cases", case_body(), headers={"Idempotency-Key": "shared-key"})
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]


def test_a_refused_report_does_not_use_up_its_key(world):
    api = Api(token_for(world.user("operator")))
    bad = api.post("/cases", case_body(category="nope"), headers={"Idempotency-Key": "k-7"})
    assert bad.status_code == 422
    good = api.post("/cases", case_body(), headers={"Idempotency-Key": "k-7"})
    assert good.status_code == 201
