from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tongxin.regions import locator

# Small enough to keep the suite quick, large enough for every scenario to run at least once.
DEMO_CASES = 60
# The demo hashes its shared password once; a cheap hasher keeps that and logins fast.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


@pytest.fixture(autouse=True)
def _routing_model_in_tmp(settings, tmp_path):
    # The demo trains the routing model: never into (or from) the developer's var/.
    settings.TONGXIN_TRIAGE_ROUTING_MODEL = str(tmp_path / "routing")


@pytest.fixture(autouse=True)
def _fresh_locator():
    # A rollback fires no Region signal: drop the cached polygons of rolled-back regions.
    yield
    locator.reset()


def _loaded_once(django_db_blocker, tmp_path_factory, *args: str):
    """Load the demo once for a module of tests that only read it; roll it back afterwards.
    Each test's own `db` transaction nests inside as a savepoint."""
    model = tmp_path_factory.mktemp("routing")
    with (django_db_blocker.unblock(),
          override_settings(PASSWORD_HASHERS=FAST_HASHER, TONGXIN_TRIAGE_ROUTING_MODEL=model),
          transaction.atomic()):
        output = load_demo(*args)
        yield output
        transaction.set_rollback(True)
    locator.reset()


@pytest.fixture(scope="module")
def _demo_base_module(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from _loaded_once(django_db_blocker, tmp_path_factory, "--no-cases")


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from _loaded_once(django_db_blocker, tmp_path_factory, "--cases", str(DEMO_CASES))


@pytest.fixture
def demo_base(_demo_base_module, db) -> str:
    """Regions, departments, categories and accounts (read-only use)."""
    return _demo_base_module


@pytest.fixture
def demo(_demo_module, db) -> str:
    """The base data plus DEMO_CASES cases (read-only use)."""
    return _demo_module
