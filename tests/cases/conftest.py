import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # build_world creates eleven users; the default PBKDF2 hasher costs ~0.5 s each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
