"""Checkpoints of the security audit log, written outside the database.

The log's keyed chain (audit.py) shows an edited, inserted or removed row, but not rows
removed at its end, nor the table emptied (on PostgreSQL TRUNCATE passes the row triggers):
"audit chain intact: 0 entries" passed. The worker appends the log's count and head to the
checkpoint file (settings.TONGXIN_AUDIT_CHECKPOINTS, beside the case trails' seals), each line
MACed with the audit key; `verify` then finds any head the log no longer has and any count
below the last checkpoint.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .chain import canonical, link
from .models import AuditEntry

KIND = "audit"


@dataclass(frozen=True)
class Break:
    where: str
    reason: str


def _path() -> Path:
    return Path(settings.TONGXIN_AUDIT_CHECKPOINTS)


def _mac(body: dict) -> str:
    return link(KIND, canonical(body))


def checkpoint() -> dict[str, int]:
    """Worker job: append the log's count and head when it moved since the last line."""
    head = AuditEntry.objects.order_by("-pk").values("pk", "row_hash").first()
    if head is None:
        return {"checkpointed": 0}
    last = _last()
    if last is not None and last["id"] == head["pk"]:
        return {"checkpointed": 0}
    body = {"kind": KIND, "at": timezone.now().isoformat(), "id": head["pk"],
            "head": head["row_hash"], "count": AuditEntry.objects.filter(pk__lte=head["pk"])
            .count()}
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({**body, "mac": _mac(body)}) + "\n")
    return {"checkpointed": 1}


def _last() -> dict | None:
    path = _path()
    if not path.exists():
        return None
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    ours = [line for line in lines if line.get("kind") == KIND]
    return ours[-1] if ours else None


def verify() -> Iterator[Break]:
    last = _last()
    if last is None:
        return
    body = {k: v for k, v in last.items() if k != "mac"}
    if _mac(body) != last.get("mac"):
        yield Break("checkpoints", "the newest audit checkpoint's MAC does not hold (the file "
                                   "was edited)")
        return
    head = AuditEntry.objects.filter(pk=last["id"]).values_list("row_hash", flat=True).first()
    count = AuditEntry.objects.filter(pk__lte=last["id"]).count()
    if head != last["head"]:
        yield Break("checkpoints", f"audit entry {last['id']} of the last checkpoint is missing "
                                   "or differs (rows removed at the end, or the table emptied)")
    if count < last["count"]:
        yield Break("checkpoints", f"the audit log holds {count} entries up to "
                                   f"{last['id']}, the last checkpoint counted {last['count']}")
