"""POST requests needs the api_key of an open311 channel token; reading is public."""

from django.test import Client

from tests.api.support import channel_user, token_for
from tests.open311.helpers import as_json, as_xml, get, open311_key, post, report_fields
from tongxin.cases.models import Case, Channel


def test_without_a_valid_open311_key_nothing_is_created(world):
    client = Client()
    grid_key = token_for(channel_user(world, "grid-app"), Channel.GRID)
    missing = post(client, **report_fields(""))
    wrong = post(client, **report_fields("tx_made-up"))
    other_channel = post(client, "xml", **report_fields(grid_key))

    assert missing.status_code == 400 and "api_key" in as_json(missing)[0]["description"]
    assert wrong.status_code == 403 and as_json(wrong)[0]["code"] == 403
    assert other_channel.status_code == 403
    assert as_xml(other_channel).findtext("error/code") == "403"
    assert not Case.objects.exists()


def test_reading_needs_no_key(world):
    client = Client()
    post(client, **report_fields(open311_key(world)))
    assert len(as_json(get(client, "requests.json"))) == 1


def test_the_key_jurisdiction_bounds_where_reports_go(world):
    client = Client()
    street_a_key = open311_key(world, "a-city-app", region_key="A")
    outside = post(client, **report_fields(street_a_key, lat="34.05", long="117.3"))
    assert outside.status_code == 403
    assert post(client, **report_fields(street_a_key)).status_code == 201


def test_a_retried_post_with_an_idempotency_key_creates_one_request(world):
    client = Client()
    key = open311_key(world)
    headers = {"Idempotency-Key": "app-req-77"}
    first = post(client, headers=headers, **report_fields(key))
    retry = post(client, headers=headers, **report_fields(key))
    different = post(client, headers=headers, **report_fields(key, description="另一件事"))
    assert first.status_code == retry.status_code == 201
    assert as_json(retry) == as_json(first)
    assert different.status_code == 409 and as_json(different)[0]["code"] == 409
    assert Case.objects.count() == 1
