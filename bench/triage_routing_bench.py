"""Routing: cross-validated precision and share of automatic dispatch at the chosen threshold.

    .venv/bin/python bench/triage_routing_bench.py [--folds 5] [--target 0.97] [--only sf311]

How it is measured (the same code `tongxin triage train --routing` runs on a district's own
dispatch history):
1. k-fold stratified cross-validation of the routing model (the triage classifier over
   routing_text: words + category + place) gives one out-of-fold prediction and calibrated
   confidence per labelled case.
2. The threshold is chosen on the out-of-fold predictions of k-1 folds (the lowest confidence
   whose automatic set is right ≥ target) and applied to the k-th fold; precision and share
   of the automatic set are pooled over the k held-out folds. So neither the model nor the
   threshold saw the cases they are scored on.
3. The threshold for production is then chosen on all out-of-fold predictions.

Labelled routing data (read in place from ../shared/data, never copied):
- sf311: San Francisco 311 cases with the agency queue they were actually routed to
  (Responsible.Agency): real dispatch decisions. Text = request type + details, category =
  Category, place = Neighborhood. Agencies with fewer than --min-rows cases are left out (the
  count is reported); k-fold CV cannot stratify them and in production they would simply
  never reach the threshold.
- appeals-zh: the board's 7 first-level categories mapped 1:1 to the demo district's lead
  departments (the same mapping as the demo category tree), so this measures routing by text
  alone in Chinese. Also a baseline: the demo duty-keyword library with no model.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_file import machine, record  # noqa: E402

from tongxin.demo.departments import DISTRICT_UNITS  # noqa: E402
from tongxin.triage import classifier, routing  # noqa: E402

KEY = "triage_routing"
DATA = Path(os.environ.get("TONGXIN_SHARED_DATA", ROOT.parent / "shared" / "data"))
SF311 = DATA / "us311" / "sf311_cases_sample_sfbrigade.csv"
APPEALS = DATA / "appeals-zh" / "train.csv"
# The board's first-level categories → the demo district's lead department codes.
APPEALS_TO_DEPARTMENT = {
    "城乡建设": "zhujian", "劳动和社会保障": "renshe", "教育文体": "jiaoyu",
    "商贸旅游": "shichang", "卫生计生": "weijian", "环境保护": "huanbao",
    "交通运输": "jiaotong",
}


def _clean(value: str) -> str:
    return "" if value.strip() in {"", "NA"} else value.strip()


def sf311_records(min_rows: int) -> tuple[list[classifier.Record], dict[str, Any]]:
    with open(SF311, encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if _clean(r["Responsible.Agency"])]
    counts = Counter(r["Responsible.Agency"].strip() for r in rows)
    kept = [r for r in rows if counts[r["Responsible.Agency"].strip()] >= min_rows]
    records = [
        classifier.Record(
            r["CaseID"],
            routing.routing_text(
                text=f"{_clean(r['Request.Type'])} {_clean(r['Request.Details'])}",
                category=_clean(r["Category"]), place=_clean(r["Neighborhood"]),
            ),
            r["Responsible.Agency"].strip(),
        )
        for r in kept
    ]
    data = {"rows": len(rows), "used": len(records), "left_out_rare_agency": len(rows) - len(kept),
            "agencies": len({r.category for r in records}), "min_rows_per_agency": min_rows}
    return records, data


def appeals_records() -> tuple[list[classifier.Record], dict[str, Any]]:
    loaded = classifier.load_training_csv(APPEALS, APPEALS_TO_DEPARTMENT)
    records = [classifier.Record(r.id, routing.routing_text(text=r.text),
                                 APPEALS_TO_DEPARTMENT[r.category]) for r in loaded.records]
    data = {"rows": len(records), "dropped": len(loaded.dropped),
            "departments": dict(Counter(r.category for r in records)),
            "mapping": APPEALS_TO_DEPARTMENT}
    return records, data


def keyword_baseline(records: list[classifier.Record]) -> dict[str, Any]:
    """The duty keyword library alone: how often its top unit is right, and how often any
    keyword matches at all (the rest would have no suggestion)."""
    library = {u.code: [(w, 1.0) for w in u.keywords] for u in DISTRICT_UNITS}
    matched = right = 0
    for r in records:
        top = routing.rule_suggestions(r.text, library, None, limit=1)
        if top:
            matched += 1
            right += top[0].department == r.category
    return {"matched_share": round(matched / len(records), 4),
            "top1_precision_when_matched": round(right / matched, 4) if matched else None}


def measure(records: list[classifier.Record], folds: int, target: float) -> dict[str, Any]:
    started = time.perf_counter()
    conf, hit, scores = routing.out_of_fold(records, folds=folds)
    check = routing.cross_validated_threshold(conf, hit, folds=folds, target=target)
    per_class = scores.pop("per_class")
    return {
        "auto_dispatch": check.as_dict(),
        "routing_cv": scores,
        "per_department": per_class,
        "seconds": round(time.perf_counter() - started, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--target", type=float, default=routing.TARGET_PRECISION)
    parser.add_argument("--min-rows", type=int, default=10)
    parser.add_argument("--only", choices=("sf311", "appeals-zh"))
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args()
    if not SF311.is_file() or not APPEALS.is_file():
        print(f"skipped: shared data not found under {DATA}", file=sys.stderr)
        return 0
    figures: dict[str, Any] = {
        "what": "routing to the lead unit: k-fold CV out-of-fold confidences; threshold chosen "
                "on k-1 folds, auto-dispatch precision/share pooled over the held-out folds",
        "machine": machine(), "folds": args.folds, "target_precision": args.target,
    }
    if args.only in (None, "sf311"):
        records, data = sf311_records(args.min_rows)
        figures["sf311"] = {"data": data, **measure(records, args.folds, args.target)}
        _print("sf311", figures["sf311"])
    if args.only in (None, "appeals-zh"):
        records, data = appeals_records()
        figures["appeals_zh"] = {"data": data, **measure(records, args.folds, args.target),
                                 "duty_keyword_baseline": keyword_baseline(records)}
        _print("appeals-zh", figures["appeals_zh"])
    record(args.results, KEY, "scikit-learn", figures)
    return 0


def _print(name: str, figures: dict[str, Any]) -> None:
    auto = figures["auto_dispatch"]
    print(f"{name}: accuracy {figures['routing_cv']['accuracy']}, "
          f"threshold {auto['threshold']:.4f}, "
          f"auto-dispatch precision {auto['auto_precision']} on share {auto['auto_share']} "
          f"({auto['auto']}/{auto['n']}), {figures['seconds']} s")


if __name__ == "__main__":
    sys.exit(main())
