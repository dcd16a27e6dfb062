import pytest

from .centre import Centre, build_centre


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def centre(world) -> Centre:
    return build_centre(world)


@pytest.fixture(autouse=True)
def _english():
    # Refusals are matched by their English words, whatever the default language.
    from django.utils import translation

    with translation.override("en"):
        yield
