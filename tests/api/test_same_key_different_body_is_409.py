"""Reusing an Idempotency-Key for a different report is a client bug: say so, store nothing."""

from tests.api.support import Api, case_body, token_for
from tongxin.cases.models import Case


def test_the_same_key_with_a_different_body_is_409(world):
    api = Api(token_for(world.user("operator")))
    first = api.post("/cases", case_body(), headers={"Idempotency-Key": "abc-123"})
    assert first.status_code == 201

    other = api.post("/cases", case_body(title="井盖丢失"), headers={"Idempotency-Key": "abc-123"})

    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]
    assert Case.objects.count() == 1
    # The original is still what a faithful retry gets back.
    again = api.post("/cases", case_body(), headers={"Idempotency-Key": "abc-123"})
    assert again.status_code == 201 and again.json() == first.json()


def test_a_malformed_key_is_refused(world):
    api = Api(token_for(world.user("operator")))
    response = api.post("/cases", case_body(), headers={"Idempotency-Key": "has spaces"})
    assert 400 <= response.status_code < 500
    assert "Idempotency-Key" in response.json()["detail"]
    assert not Case.objects.exists()
