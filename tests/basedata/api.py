"""A bearer-token client for the base-data API tests."""

from django.test import Client

from tests.api.support import token_for


def api_as(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
