"""The cache every process of the machine shares: rate-limit and lockout counters.

Django's own cache defaults to memory per process, so with two gunicorn workers a limit of N
let about 2N through (issue 28, finding 6). Counters live here instead: Django's database
cache by default (settings.CACHES["shared"], table `tongxin_shared_cache`, created after
every migrate), or Redis when TONGXIN_CACHE_URL=redis://… is set.

Django's DatabaseCache reads then writes in `incr` and in `add` over an expired row, so two
processes at once could both count "1"; this subclass locks the row first (SELECT … FOR UPDATE
on PostgreSQL; on SQLite the IMMEDIATE transaction already holds the one write lock), which
makes each hit count exactly once.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone

TABLE = "tongxin_shared_cache"  # config.settings names it too


class SharedDatabaseCache(DatabaseCache):
    def _locked(self, key: str):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        quote = connection.ops.quote_name
        table = self._table  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        return db, connection, quote(table), quote, lock

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        db, connection, table, quote, lock = self._locked(made)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote('cache_key')} FROM {table} "
                           f"WHERE {quote('cache_key')} = %s{lock}", [made])
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        made = self.make_and_validate_key(key, version=version)
        db, connection, table, quote, lock = self._locked(made)
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(f"SELECT {quote('value')} FROM {table} WHERE {quote('cache_key')} = %s"
                           f" AND {quote('expires')} > %s{lock}", [made, now])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {quote('value')} = %s "
                           f"WHERE {quote('cache_key')} = %s", [encoded, made])
        return value


def create_table(**kwargs) -> None:
    """post_migrate: the database cache's table exists wherever the schema does."""
    from django.conf import settings
    from django.core.management import call_command

    if settings.CACHES.get("shared", {}).get("BACKEND", "").endswith("SharedDatabaseCache"):
        call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)
