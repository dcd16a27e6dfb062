from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.utils import translation

from tests.flush import append_only_triggers
from tests.world import World, build_world
from tongxin.core.cache import clear_all
from tongxin.triage import textindex

pytest_plugins = ["tests.wallclock", "tests.flush"]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The default PBKDF2 costs ~0.8 s per password on this machine; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_process_caches():
    # Reference data held in process (tongxin.core.cache) would outlive the rolled-back
    # database of the test that loaded it.
    clear_all()
    textindex.CACHE.clear()
    yield
    clear_all()


@pytest.fixture(autouse=True)
def audit_checkpoints_in_tmp(settings, tmp_path):
    settings.TONGXIN_AUDIT_CHECKPOINTS = str(tmp_path / "audit-checkpoints.log")


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    # Tests send bursts from one address; the rate-limit tests switch limits back on.
    settings.TONGXIN_RATE_LIMITS = {}


@pytest.fixture
def world(db) -> World:
    restore_seeded_state()  # a transactional test before this one may have flushed it
    return build_world()


SEEDING_MIGRATIONS = (
    "tongxin.sla.migrations.0002_default_policies",
    "tongxin.supervision.migrations.0002_default_referral_rules",
    "tongxin.basedata.migrations.0002_special_population_tags",
)


def seed_default_policies() -> None:
    """The rows data migrations seed (time-limit policies, referral rules); a flush removes
    them."""
    for name in SEEDING_MIGRATIONS:
        importlib.import_module(name).forwards(apps, None)


def restore_seeded_state() -> None:
    """Put back what a transactional test's flush removed: the rows data migrations seed and,
    on SQLite, the audit-trail triggers. Idempotent, so any test may call it first."""
    seed_default_policies()
    append_only_triggers("forwards")


@pytest.fixture
def committed_world(transactional_db, settings, tmp_path) -> World:
    """The test world with its data committed: for a live server or several threads.

    `transactional_db` flushes the tables after the test (tests/flush.py: it drops the
    audit-trail triggers first); `restore_seeded_state` puts back the seeded rows and the
    triggers the flush of an earlier test removed.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_seeded_state()
    return build_world()


@pytest.fixture(autouse=True)
def default_language():
    # Every test starts in the product's default language; a test that switches language
    # must not leak it into the next one.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
