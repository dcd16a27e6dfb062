"""Open311's optional `email` is kept (to send the outcome back), never published, and an
invalid one is refused in the spec's error format."""

from django.test import Client

from tests.open311.helpers import as_json, get, open311_key, post, report_fields
from tongxin.cases.models import Case


def test_email_is_stored_and_not_published(world):
    client = Client()
    response = post(client, **report_fields(open311_key(world), email="li.si@example.org"))
    assert response.status_code == 201, response.content
    assert Case.objects.get().reporter_email == "li.si@example.org"
    assert "li.si@example.org" not in get(client, "requests.json").content.decode()


def test_an_invalid_email_is_a_400_and_nothing_is_stored(world):
    response = post(Client(), **report_fields(open311_key(world), email="li.si@"))
    assert response.status_code == 400
    assert "email" in as_json(response)[0]["description"]
    assert not Case.objects.exists()
