"""The case trails as tamper-evident records: each case's events form a keyed hash chain
(tongxin.cases.events.chain), and the worker seals the chains' heads every few minutes.

A seal lists the head of every chain that moved since the seal before the last one (one
window of overlap, so an action still uncommitted at a seal is caught by the next), and its
digest is an HMAC over the previous seal's digest and that list. Each seal is also written
as a line to a checkpoint file outside the database (settings.TONGXIN_AUDIT_CHECKPOINTS).

`verify` then shows an edited event (its hash), an inserted or removed one (the chain's
links), newest events removed before a seal (the seal names a head the trail no longer
has), seals edited or removed (their own chain), and the seal table emptied or rolled back
(the checkpoint file knows a later seal than the database).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongxin.security.chain import GENESIS, canonical, link

from .events import payload
from .models import Case, CaseEvent, TrailSeal

log = logging.getLogger("tongxin.cases.trail")
BATCH = 2000


@dataclass(frozen=True)
class Break:
    where: str  # "case 2026…", "seal 17", "checkpoints"
    reason: str


# ---------------------------------------------------------------- sealing


def seal_digest(prev_digest: str, upto: int, heads: dict[str, str]) -> str:
    return link(prev_digest, canonical({"upto": upto, "heads": heads}))


def seal(*, now: datetime | None = None) -> dict[str, int]:
    """Worker job: seal the heads of the chains that moved; returns how many it sealed."""
    now = now or timezone.now()
    with transaction.atomic():
        recent = list(TrailSeal.objects.select_for_update().order_by("-pk")[:2])
        if recent and not CaseEvent.objects.filter(pk__gt=recent[0].upto_event_id).exists():
            return {"sealed": 0}  # nothing moved since the last seal
        # From the seal before the last: an action that committed late is sealed now.
        since = recent[1].upto_event_id if len(recent) == 2 else 0
        window = CaseEvent.objects.filter(pk__gt=since).order_by()
        upto = window.order_by("-pk").values_list("pk", flat=True).first()
        if upto is None:
            return {"sealed": 0}
        moved = window.values_list("case_id", flat=True).distinct()
        heads = {str(pk): head for pk, head in
                 Case.objects.filter(pk__in=moved).values_list("pk", "trail_head")}
        prev = recent[0].digest if recent else GENESIS
        entry = TrailSeal.objects.create(at=now, upto_event_id=upto, heads=heads,
                                         prev_digest=prev, digest=seal_digest(prev, upto, heads))
    _checkpoint(entry)
    return {"sealed": len(heads)}


def checkpoint_path() -> Path:
    return Path(settings.TONGXIN_AUDIT_CHECKPOINTS)


def _checkpoint(entry: TrailSeal) -> None:
    """One line per seal, appended outside the database (a file the database user cannot
    rewrite; in production on another host, or forwarded to syslog)."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"seal": entry.pk, "at": entry.at.isoformat(), "upto": entry.upto_event_id,
                       "digest": entry.digest})
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    log.info("trail seal %s: %s chains up to event %s", entry.pk, len(entry.heads),
             entry.upto_event_id)


# ---------------------------------------------------------------- verifying


def verify() -> Iterator[Break]:
    """Every break in the trails, the seals and the checkpoints."""
    yield from _verify_chains()
    yield from _verify_seals()
    yield from _verify_checkpoints()


def _verify_chains() -> Iterator[Break]:
    last = 0
    while True:
        cases = list(Case.objects.filter(pk__gt=last).order_by("pk")
                     .only("pk", "number", "trail_head")[:BATCH])
        if not cases:
            return
        last = cases[-1].pk
        trails: dict[int, list[CaseEvent]] = {c.pk: [] for c in cases}
        for event in CaseEvent.objects.filter(case_id__in=list(trails)).order_by("case_id", "pk"):
            trails[event.case_id].append(event)
        for case in cases:
            yield from _verify_chain(case, trails[case.pk])


def _verify_chain(case: Case, events: list[CaseEvent]) -> Iterator[Break]:
    head = GENESIS
    for event in events:
        if event.prev_hash != head:
            yield Break(f"case {case.number}", f"event {event.pk}: the link to the event "
                                                "before it is broken (an event removed or "
                                                "inserted)")
        elif link(event.prev_hash, payload(case, event)) != event.hash:
            yield Break(f"case {case.number}", f"event {event.pk}: its content does not "
                                                "match its hash (edited)")
        head = event.hash
    if head != (case.trail_head or GENESIS):
        yield Break(f"case {case.number}", "the case's chain head is not its newest event "
                                            "(events removed at the end)")


def _verify_seals() -> Iterator[Break]:
    prev = GENESIS
    for entry in TrailSeal.objects.order_by("pk").iterator():
        if entry.prev_digest != prev or seal_digest(
                entry.prev_digest, entry.upto_event_id, entry.heads) != entry.digest:
            yield Break(f"seal {entry.pk}", "the seal chain is broken (a seal edited or "
                                            "removed)")
        prev = entry.digest
        ids = [int(pk) for pk in entry.heads]
        known = set(CaseEvent.objects.filter(case_id__in=ids).values_list("case_id", "hash"))
        for pk, head in entry.heads.items():
            if (int(pk), head) not in known:
                yield Break(f"seal {entry.pk}", f"case id {pk}: the sealed head is no "
                                                "longer on its trail (events removed)")


def _verify_checkpoints() -> Iterator[Break]:
    path = checkpoint_path()
    if not path.exists():
        return
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    lines = [line for line in lines if "seal" in line]  # the audit log's lines are its own
    if not lines:
        return
    newest = lines[-1]
    entry = TrailSeal.objects.filter(pk=newest["seal"]).first()
    if entry is None or entry.digest != newest["digest"]:
        yield Break("checkpoints", f"seal {newest['seal']} of the checkpoint file is missing "
                                   "or differs in the database (seals removed or rolled back)")
