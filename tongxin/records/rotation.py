"""Re-encrypt every SM4 field under the active key (after TONGXIN_SM4_ACTIVE changed)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import connection, transaction

from tongxin.security import crypto
from tongxin.security.fields import SM4EncryptedCharField


def encrypted_fields() -> list[tuple[Any, list[str]]]:
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields
                 if isinstance(f, SM4EncryptedCharField)]
        if names:
            found.append((model, names))
    return found


def _stored(model, names: list[str]) -> Iterator[tuple]:
    """(pk, raw column values…): the ORM would decrypt, rotation needs the key ids."""
    quote = connection.ops.quote_name
    columns = [model._meta.pk.column] + [model._meta.get_field(n).column for n in names]
    sql = f"SELECT {', '.join(map(quote, columns))} FROM {quote(model._meta.db_table)}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        yield from cursor.fetchall()


def stale_rows(model, names: list[str], active: str) -> list:
    return [row[0] for row in _stored(model, names)
            if any(value and crypto.key_id_of(value) != active for value in row[1:])]


def rotate(batch: int = 500) -> int:
    """Number of rows re-encrypted under the active key."""
    active = crypto.keyring().active
    changed = 0
    for model, names in encrypted_fields():
        pks = stale_rows(model, names, active)
        for start in range(0, len(pks), batch):
            with transaction.atomic():
                rows = model._base_manager.select_for_update().filter(
                    pk__in=pks[start:start + batch]).only("pk", *names)
                for obj in rows:
                    # Loading decrypts with the row's key; the update encrypts with the active one.
                    values = {name: getattr(obj, name) for name in names}
                    if "reporter_phone" in values and hasattr(obj, "reporter_phone_hash"):
                        # A row from before the install's own keys also has its search hash
                        # under the old hash key: recomputed under the current one.
                        values["reporter_phone_hash"] = crypto.phone_hash(
                            values["reporter_phone"])
                    model._base_manager.filter(pk=obj.pk).update(**values)
                    changed += 1
    return changed
