import pytest

from .command import Command, build_command


@pytest.fixture
def command(world) -> Command:
    return build_command(world)


@pytest.fixture(autouse=True)
def _english():
    # Refusals are matched by their English words, whatever the default language.
    from django.utils import translation

    with translation.override("en"):
        yield
