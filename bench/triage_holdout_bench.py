"""Triage text classifier on messages it never saw: the figure every change is judged by.

    .venv/bin/python bench/triage_holdout_bench.py [--repeats 10] [--data DIR]

Ten repeated stratified 80/20 splits of appeals-zh/train.csv (seeds 0…9, fixed). Each model
is trained — and whatever it tunes (the stacked calibration's inner folds, the idf) is tuned —
on the 80 % alone; the 20 % is only ever predicted. Reported per model: mean ± std of
macro-F1 and accuracy, and of each category's F1. The OLD model (`triage train`, the
default) and the NEW fast one (`triage train --fast`, tongxin.triage.hashed) run on the same
splits. Then each is trained on all rows and saved, and its speed measured on the unlabelled
messages of the same board in one process: load time, batch throughput (wall and CPU time —
the machine is shared), single-message latency. The data is read in place from
../shared/data/appeals-zh (never copied); figures go to bench/results.json under
"triage_holdout", other keys kept.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.triage_bench import machine, write_results  # noqa: E402
from tongxin.triage import classifier  # noqa: E402

KEY = "triage_holdout"
MODELS = {"old": classifier.ModelConfig(), "new": classifier.FAST}
TEST_SHARE = 0.2


def main() -> int:
    args = parse_args()
    data = Path(args.data)
    if not (data / "train.csv").is_file():
        print(f"triage holdout bench SKIPPED: no {data / 'train.csv'} (shared data absent)")
        return 0
    tree = classifier.load_taxonomy(data / "taxonomy.csv")
    records = classifier.load_training_csv(data / "train.csv", tree.keys()).records
    unlabelled = classifier.load_unlabelled_texts(
        [data / "messages_with_votes.csv", data / "messages_with_replies.csv"])
    figures: dict[str, Any] = {
        "what": f"{args.repeats} repeated stratified {1 - TEST_SHARE:.0%}/{TEST_SHARE:.0%} "
        "splits of appeals-zh/train.csv (seeds 0..n-1); trained and tuned on the 80 % only; "
        "speed on the unlabelled messages after training on all rows",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "labelled": len(records), "unlabelled_for_speed": len(unlabelled),
        "models": {},
    }
    for name, config in MODELS.items():
        scores = [split_score(records, tree, config, seed) for seed in range(args.repeats)]
        for seed, s in enumerate(scores):
            print(f"{name} split {seed}: macro-F1 {s['macro_f1']:.4f}, "
                  f"accuracy {s['accuracy']:.4f}", flush=True)
        entry = summarise(scores)
        entry["config"] = asdict(config)
        entry["speed"] = speed(records, tree, config, unlabelled)
        figures["models"][name] = entry
        print(f"{name}: macro-F1 {entry['macro_f1']['mean']} ± {entry['macro_f1']['std']}, "
              f"{entry['speed']['messages_per_second']} msg/s", flush=True)
    write_results(figures, KEY)
    print(f"written to bench/results.json under {KEY!r}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "appeals-zh"))
    parser.add_argument("--repeats", type=int, default=10)
    return parser.parse_args()


def split(records: Sequence[classifier.Record], seed: int) -> tuple[list[int], list[int]]:
    from sklearn.model_selection import StratifiedShuffleSplit

    labels = [r.category for r in records]
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=TEST_SHARE, random_state=seed)
    train, test = next(splitter.split(labels, labels))
    return list(train), list(test)


def split_score(records: Sequence[classifier.Record], tree: dict[str, list[str]],
                config: classifier.ModelConfig, seed: int) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    train, test = split(records, seed)
    model = classifier.train([records[i] for i in train], tree, config)
    truth = [records[i].category for i in test]
    guessed = [c for c, _ in classifier.predict(model, [records[i].text for i in test])]
    classes = sorted(set(truth))
    per = f1_score(truth, guessed, labels=classes, average=None)
    return {"macro_f1": float(f1_score(truth, guessed, average="macro")),
            "accuracy": float(accuracy_score(truth, guessed)),
            "per_category_f1": dict(zip(classes, map(float, per), strict=True))}


def _stats(values: Sequence[float]) -> dict[str, float]:
    return {"mean": round(statistics.mean(values), 4),
            "std": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0}


def summarise(scores: list[dict[str, Any]]) -> dict[str, Any]:
    categories = sorted(scores[0]["per_category_f1"])
    return {
        "splits": len(scores),
        "macro_f1": {**_stats([s["macro_f1"] for s in scores]),
                     "each": [round(s["macro_f1"], 4) for s in scores]},
        "accuracy": _stats([s["accuracy"] for s in scores]),
        "per_category_f1": {c: _stats([s["per_category_f1"][c] for s in scores])
                            for c in categories},
    }


def speed(records: Sequence[classifier.Record], tree: dict[str, list[str]],
          config: classifier.ModelConfig, texts: Sequence[str]) -> dict[str, Any]:
    model = classifier.train(records, tree, config)
    with tempfile.TemporaryDirectory() as tmp:
        classifier.save(model, tmp)
        classifier._segment.cache_clear()  # nothing segmented while training helps
        started = time.perf_counter()
        loaded = classifier.load(tmp)
        load_seconds = time.perf_counter() - started
    batch = 1000
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), batch):
        classifier.predict(loaded, texts[start:start + batch])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    latencies = []
    for text in texts[:200]:  # one message per call: the API / co-process case
        began = time.perf_counter()
        classifier.predict(loaded, [text + "。"])  # a new text: no cache helps
        latencies.append(time.perf_counter() - began)
    latencies.sort()
    return {
        "load_seconds": round(load_seconds, 3),
        "batch_size": batch,
        "messages": len(texts),
        "messages_per_second": round(len(texts) / wall, 1),
        "messages_per_cpu_second": round(len(texts) / cpu, 1),
        "single_message_ms_median": round(1000 * latencies[len(latencies) // 2], 3),
        "single_message_ms_p90": round(1000 * latencies[int(len(latencies) * 0.9)], 3),
        "processes": 1,
    }


if __name__ == "__main__":
    sys.exit(main())
