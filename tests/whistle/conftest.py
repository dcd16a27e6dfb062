import pytest


@pytest.fixture(autouse=True)
def _english():
    # Refusals are matched by their English words, whatever the default language.
    from django.utils import translation

    with translation.override("en"):
        yield
