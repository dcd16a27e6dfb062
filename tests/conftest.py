from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection
from django.utils import translation

from tests.world import World, build_world
from tongxin.core.cache import clear_all
from tongxin.triage import textindex

pytest_plugins = ["tests.wallclock"]


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


def append_only_triggers(direction: str) -> None:
    """Add ("forwards") or drop ("backwards") the SQLite audit-trail triggers.

    Plain statements, not the schema editor, so it also works inside a test's transaction.
    """
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("tongxin.cases.migrations.0002_events_append_only")
    audit = importlib.import_module("tongxin.security.migrations.0002_audit_append_only")
    statements = migration.SQLITE + audit.SQLITE if direction == "forwards" else [
        "DROP TRIGGER IF EXISTS caseevent_no_update",
        "DROP TRIGGER IF EXISTS caseevent_no_delete",
        *audit.SQLITE_DROP,
    ]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore_seeded_state() -> None:
    """Put back what a transactional test's flush removed: the rows data migrations seed and,
    on SQLite, the audit-trail triggers. Idempotent, so any test may call it first."""
    seed_default_policies()
    append_only_triggers("forwards")


@pytest.fixture
def committed_world(transactional_db, settings, tmp_path) -> World:
    """The test world with its data committed: for a live server or several threads.

    `transactional_db` flushes the tables after the test. SQLite flushes with DELETE, which
    the audit-trail triggers refuse (PostgreSQL uses TRUNCATE, which row triggers do not see),
    so they are dropped at the end; the next test that needs them puts them back (see
    `restore_seeded_state`), together with the seeded rows the flush removed.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_seeded_state()
    yield build_world()
    append_only_triggers("backwards")


@pytest.fixture(autouse=True)
def default_language():
    # Every test starts in the product's default language; a test that switches language
    # must not leak it into the next one.
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)
