"""The demo's routing model on reports it never saw: automatic-dispatch share and precision.

    export TONGXIN_DATA_DIR=/tmp/demo   # a demo of its own, beside var/
    .venv/bin/tongxin migrate && .venv/bin/tongxin demo
    .venv/bin/python bench/triage_demo_holdout_bench.py --model /tmp/demo/triage/routing

Two held-out sets, neither trained nor tuned on:
1. demo_held_out — the share of every unit's dispatched demo cases that `train --routing` keeps
   out of training and of the threshold's choice (tongxin.triage.routing.split_held_out); its
   figures are read from the model's meta.json, where training recorded them.
2. appeals_zh — 2,886 real citizen messages (../shared/data/appeals-zh/train.csv, read in
   place) whose 7 first-level categories map to the demo's lead units (the mapping of the
   routing bench). Each is routed as triage routes an uncategorised report: its text, the demo
   duty keywords it names, the quality checks (tongxin.triage.quality), the model's stored
   threshold. Real text written unlike the demo's templates: the honest test of the gate.
Results go to bench/results.json under `triage_routing_demo`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_file import machine, record  # noqa: E402
from triage_routing_bench import APPEALS, APPEALS_TO_DEPARTMENT  # noqa: E402

from tongxin.demo.departments import DISTRICT_UNITS  # noqa: E402
from tongxin.triage import classifier, quality, routing  # noqa: E402

KEY = "triage_routing_demo"


def appeals_routing_texts() -> list[tuple[str, str, bool]]:
    """(routing text, right unit, passes the quality checks) per appeals-zh message."""
    library = {u.code: [(w, 1.0) for w in u.keywords] for u in DISTRICT_UNITS}
    loaded = classifier.load_training_csv(APPEALS, APPEALS_TO_DEPARTMENT)
    out = []
    for r in loaded.records:
        found = routing.keyword_scores(r.text, library)
        words = sorted({w for _, hit in found.values() for w in hit})
        out.append((routing.routing_text(text=r.text, keywords=words),
                    APPEALS_TO_DEPARTMENT[r.category], not quality.problems(r.text)))
    return out


def at_threshold(model: classifier.TriageModel, rows: list[tuple[str, str, bool]],
                 threshold: float) -> dict[str, Any]:
    top = routing.model_suggestions(model, [t for t, _u, _ok in rows], limit=1)
    sent = [s[0].department == unit for s, (_t, unit, ok) in zip(top, rows, strict=True)
            if ok and s and s[0].confidence >= threshold]
    return {"threshold": round(threshold, 4), "n": len(rows), "auto": len(sent),
            "share": round(len(sent) / len(rows), 4) if rows else 0.0,
            "precision": round(sum(sent) / len(sent), 4) if sent else None,
            "failed_quality_checks": sum(not ok for _t, _u, ok in rows)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "var" / "triage" / "routing")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    model = classifier.load(args.model)
    meta = json.loads((args.model / classifier.META_FILE).read_text(encoding="utf-8"))
    auto = meta["auto_dispatch"]
    figures: dict[str, Any] = {
        "what": "the demo routing model at its stored threshold on held-out reports",
        "machine": machine(), "model_trained_at": meta.get("trained_at"),
        "threshold": auto["threshold"], "cv_threshold": auto.get("cv_threshold"),
        "demo_held_out": auto.get("held_out"),
    }
    if APPEALS.is_file():
        rows = appeals_routing_texts()
        figures["appeals_zh"] = at_threshold(model, rows, min(auto["threshold"], 1.0))
        figures["appeals_zh_by_threshold"] = [at_threshold(model, rows, t)
                                              for t in (0.5, 0.7, 0.8, 0.9, 0.95)]
    print(json.dumps({k: v for k, v in figures.items() if k != "machine"}, ensure_ascii=False,
                     indent=1))
    record(args.results, KEY, "scikit-learn", figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
