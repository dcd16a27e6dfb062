import pytest

from .council import CouncilWorld, build_council


@pytest.fixture(autouse=True)
def _english():
    # Refusals are matched by their English words, whatever the default language.
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def council(world) -> CouncilWorld:
    return build_council(world)


@pytest.fixture
def client():
    # Messages are matched by their English words: an English-speaking browser.
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
