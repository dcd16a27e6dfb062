from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection

from tests.world import World, build_world


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The default PBKDF2 costs ~0.8 s per password on this machine; tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    return build_world()


def seed_default_policies() -> None:
    """The time-limit policies a data migration seeds; a flush removes them."""
    importlib.import_module("tongxin.sla.migrations.0002_default_policies").forwards(apps, None)


def append_only_triggers(direction: str) -> None:
    """Add ("forwards") or drop ("backwards") the SQLite audit-trail triggers."""
    if connection.vendor != "sqlite":
        return
    migration = importlib.import_module("tongxin.cases.migrations.0002_events_append_only")
    with connection.schema_editor() as editor:
        getattr(migration, direction)(apps, editor)


@pytest.fixture
def _restore_after_flush(django_db_blocker):
    # Set up before `transactional_db`, so torn down after its flush: puts back what the
    # flush removed for the tests that follow.
    yield
    with django_db_blocker.unblock():
        seed_default_policies()
        append_only_triggers("forwards")


@pytest.fixture
def committed_world(_restore_after_flush, transactional_db, settings, tmp_path) -> World:
    """The test world with its data committed: for a live server or several threads.

    `transactional_db` flushes the tables after the test, which removes the seeded time-limit
    policies; and SQLite flushes with DELETE, which the audit-trail triggers refuse (PostgreSQL
    uses TRUNCATE, which row triggers do not see). So the triggers are dropped just before the
    flush, and both are restored after it.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    yield build_world()
    append_only_triggers("backwards")
