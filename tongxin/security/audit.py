"""Append to and verify the hash-chained security audit log: logins, personal data read,
exports, permission and security changes. Workflow actions are not here: the case trail is
their own chained record (tongxin.cases.trail). Low volume, so one chain with one lock."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .chain import GENESIS, link
from .models import AuditEntry

# Any constant: the advisory lock that serialises appends on PostgreSQL.
_PG_LOCK = 0x7478_6175  # "txau"
HASHED_FIELDS = ("at", "actor_id", "actor_name", "category", "action", "object_type",
                 "object_id", "ip", "success", "detail")


def canonical(entry: AuditEntry) -> bytes:
    values = {name: getattr(entry, name) for name in HASHED_FIELDS}
    values["at"] = entry.at.astimezone(UTC).isoformat(timespec="milliseconds")
    return json.dumps(values, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def row_hash(entry: AuditEntry) -> str:
    # Keyed (tongxin.security.chain): whoever can edit rows cannot recompute the hashes.
    return link(entry.prev_hash, canonical(entry))


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:45]


def record(*, category: str, action: str, actor=None, request: HttpRequest | None = None,
           obj=None, object_type: str = "", object_id: str = "", success: bool = True,
           detail: dict | None = None, actor_name: str = "") -> AuditEntry:  # noqa: PLR0913
    """Append one audit row, chained to the last one. Runs inside the caller's transaction:
    a workflow action that rolls back takes its audit row with it."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    now = timezone.now()
    entry = AuditEntry(
        # Millisecond precision: JSON serialisation (backups) keeps no more, and the hash
        # must survive a backup and restore.
        at=now.replace(microsecond=now.microsecond // 1000 * 1000),
        actor_id=getattr(actor, "pk", None),
        actor_name=(actor_name or (actor.get_username() if actor is not None else ""))[:150],
        category=category, action=action[:50], object_type=object_type[:50],
        object_id=str(object_id)[:64], ip=client_ip(request), success=success,
        detail=detail or {},
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK])
        # SQLite: transactions BEGIN IMMEDIATE (settings), so appends are serialised already.
        last = AuditEntry.objects.order_by("-id").values_list("row_hash", flat=True).first()
        entry.prev_hash = last or GENESIS
        entry.row_hash = row_hash(entry)
        entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def verify(batch: int = 2000) -> Iterator[Break]:
    """Walk the chain in order; yield every row whose hash or link does not hold."""
    previous = GENESIS
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not rows:
            return
        for entry in rows:
            if entry.prev_hash != previous:
                yield Break(entry.pk, "link to the previous row is broken (row removed or "
                                      "inserted before it)")
            elif row_hash(entry) != entry.row_hash:
                yield Break(entry.pk, "row content does not match its hash (row edited)")
            previous = entry.row_hash
            last_id = entry.pk
