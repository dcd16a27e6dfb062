"""Training rows for the routing model from the district's own history (active learning).

Every case a person dispatched is a labelled example: its routing text → the lead unit it
has now. A dispatcher's correction (RoutingCorrection) replaces the example of its case, using
the text as it was when triage got it wrong — while the unit it chose still leads the case:
a unit that returned the case (退回, "not our duty"), or that the case was taken back from
(撤回, 改派), was the wrong choice, and learning it would teach the mistake. Automatic
dispatches nobody touched are left out, so the model never trains on its own unreviewed
output.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import F

from tongxin.cases.models import Case, CaseEvent

from . import classifier
from .classifier import META_FILE, MODEL_FILE, Record, merge_records
from .models import RoutingCorrection
from .services import case_routing_text, keyword_library


def routing_records() -> tuple[list[Record], dict[str, int]]:
    library = keyword_library()
    by_people = CaseEvent.objects.filter(action="dispatch", actor__isnull=False).values("case_id")
    cases = (Case.objects.filter(pk__in=by_people, lead_department__isnull=False)
             .select_related("lead_department", "category", "street", "district")
             .order_by("pk"))
    history = [Record(f"case:{c.pk}", case_routing_text(c, library), c.lead_department.code)
               for c in cases if c.lead_department is not None]
    # Oldest first, so a later correction of the same case wins in merge_records.
    standing = (RoutingCorrection.objects.filter(case__lead_department=F("chosen"))
                .select_related("chosen").order_by("at", "pk"))
    corrections = [Record(f"case:{c.case_id}", c.text, c.chosen.code) for c in standing]
    records = merge_records(history, corrections)
    return records, {"history": len(history), "corrections": len(corrections)}


@dataclass(frozen=True)
class RoutingTraining:
    """What `ensure_routing_model` did: trained, unchanged (same examples) or too_few."""

    outcome: str
    path: Path
    examples: int
    units: int
    meta: dict[str, Any]


def examples_fingerprint(records: Sequence[Record]) -> str:
    """A digest of the training rows: the same history gives the same model, so it is kept."""
    digest = hashlib.sha256()
    for r in sorted(records, key=lambda r: r.id):
        digest.update(f"{r.id}\x1f{r.text}\x1f{r.category}\x1e".encode())
    return digest.hexdigest()


def ensure_routing_model(*, directory: Path | None = None, folds: int = 5) -> RoutingTraining:
    """Train the routing model from the district's dispatched cases into the directory triage
    loads, unless the model there was trained on exactly these examples (idempotent)."""
    from . import routing
    from .services import routing_model_dir

    out = Path(directory) if directory else routing_model_dir()
    records, counts = routing_records()
    units = len({r.category for r in records})
    if units < 2:
        return RoutingTraining("too_few", out, len(records), units, {})
    fingerprint = examples_fingerprint(records)
    current = _meta(out)
    if current.get("examples_fingerprint") == fingerprint and (out / MODEL_FILE).is_file():
        return RoutingTraining("unchanged", out, len(records), units, current)
    model = routing.train_router(records, folds=folds)
    model.meta["examples"] = counts
    model.meta["examples_fingerprint"] = fingerprint
    classifier.save(model, out)
    return RoutingTraining("trained", out, len(records), units, model.meta)


def _meta(directory: Path) -> dict[str, Any]:
    try:
        return json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
