"""Triage text classifier: cross-validated quality, training time and classification speed.

    .venv/bin/python bench/triage_bench.py [--folds 5] [--seeds 1] [--ablations] [--data DIR]

Reads the labelled appeals in place from ../shared/data/appeals-zh (never copied into the
repository), runs stratified k-fold cross-validation of the default model, trains it on all
rows, then classifies the unlabelled messages of the same board in one process to measure
throughput. --ablations also cross-validates the alternatives the default was chosen over
(several minutes more). Figures go to bench/results.json under "triage_classifier"; the other
keys of that file are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
KEY = "triage_classifier"
sys.path.insert(0, str(ROOT))

from tongxin.triage import classifier  # noqa: E402  (needs the path above)

DEFAULT = classifier.ModelConfig()
# Each alternative differs from the default in one respect, so its CV delta is that trick's.
ABLATIONS: dict[str, classifier.ModelConfig] = {
    "no subject-line block": replace(DEFAULT, subject_chars=0),
    "no jieba word n-grams": replace(DEFAULT, use_words=False),
    "taxonomy match features": replace(DEFAULT, use_taxonomy_features=True),
    "taxonomy pseudo-documents": replace(DEFAULT, taxonomy_pseudo_docs=True),
    "sigmoid calibration (CalibratedClassifierCV)": replace(DEFAULT, calibration="sigmoid"),
    "temperature calibration (CalibratedClassifierCV)": replace(DEFAULT, calibration="temperature"),
}
SELF_TRAINING_THRESHOLD = 0.9
Trainer = Callable[[Sequence[classifier.Record]], classifier.TriageModel]


def main() -> int:
    args = parse_args()
    data = Path(args.data)
    if not (data / "train.csv").is_file():
        print(f"triage bench SKIPPED: no {data / 'train.csv'} (shared data absent)")
        return 0
    tree = classifier.load_taxonomy(data / "taxonomy.csv")
    loaded = classifier.load_training_csv(data / "train.csv", tree.keys())
    records = loaded.records
    unlabelled = classifier.load_unlabelled_texts(
        [data / "messages_with_votes.csv", data / "messages_with_replies.csv"]
    )
    print(
        f"{len(records)} labelled messages ({len(loaded.dropped)} dropped), "
        f"{len(unlabelled)} unlabelled",
        flush=True,
    )

    cv = classifier.cross_validate(records, folds=args.folds, tree=tree)
    print(f"CV: macro-F1 {cv['macro_f1']}, accuracy {cv['accuracy']}, ECE {cv['ece']}", flush=True)
    model, train_seconds, model_bytes = train_and_save(records, tree)
    speed = measure_throughput(model, unlabelled, batch_size=args.batch_size)
    print(f"train {train_seconds:.1f} s, classify {speed['messages_per_second']} msg/s", flush=True)

    figures: dict[str, Any] = {
        "what": "7-class classification of Chinese citizen messages (TF-IDF char+word n-grams, "
        "subject block, linear SVM with stacked calibration); stratified k-fold CV on the "
        "labelled set, then throughput on the unlabelled messages in one process",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "data": {
            "labelled": len(records),
            "dropped": len(loaded.dropped),
            "unlabelled_for_throughput": len(unlabelled),
            "classes": dict(sorted(Counter(r.category for r in records).items())),
        },
        "config": asdict(DEFAULT),
        "cross_validation": cv,
        "train_seconds_full_data": round(train_seconds, 2),
        "model_bytes": model_bytes,
        "throughput": speed,
    }
    if args.seeds > 1:
        figures["cv_repeats"] = repeat_cv(records, tree, args.folds, args.seeds, cv)
    if args.ablations:
        figures["ablations"] = run_ablations(records, tree, unlabelled, args.folds, cv)
    write_results(figures)
    print(f"written to {RESULTS} under {KEY!r}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "appeals-zh"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64, help="as `triage classify`")
    parser.add_argument("--ablations", action="store_true", help="also CV the alternatives")
    parser.add_argument(
        "--seeds", type=int, default=1, help="repeat the CV with this many fold shuffles"
    )
    return parser.parse_args()


def train_and_save(
    records: Sequence[classifier.Record], tree: dict[str, list[str]]
) -> tuple[classifier.TriageModel, float, int]:
    """Train on everything, round-trip through a model dir (what classify really loads)."""
    started = time.perf_counter()
    model = classifier.train(records, tree)
    seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        classifier.save(model, tmp)
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        loaded = classifier.load(tmp)
    return loaded, seconds, size


def measure_throughput(
    model: classifier.TriageModel, texts: Sequence[str], batch_size: int
) -> dict[str, Any]:
    # Unlabelled messages and an empty segmentation cache: nothing was seen while training.
    classifier._segment.cache_clear()
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), batch_size):
        classifier.predict(model, texts[start : start + batch_size])
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    single = [time.perf_counter()]
    for text in texts[:50]:  # one message per call: the co-process / API latency
        classifier.predict(model, [text + "。"])  # new text, so the cache does not help
        single.append(time.perf_counter())
    latencies = sorted(b - a for a, b in zip(single, single[1:], strict=False))
    return {
        "messages": len(texts),
        "batch_size": batch_size,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "messages_per_second": round(len(texts) / seconds, 1),
        "single_message_latency_ms_median": round(1000 * latencies[len(latencies) // 2], 1),
        "processes": 1,
    }


def repeat_cv(
    records: Sequence[classifier.Record],
    tree: dict[str, list[str]],
    folds: int,
    seeds: int,
    first: dict[str, Any],
) -> dict[str, Any]:
    """Macro-F1 over several fold shuffles: how much of a difference is just the split."""
    scores = [first["macro_f1"]]
    for seed in range(1, seeds):
        scores.append(classifier.cross_validate(records, folds, tree, seed=seed)["macro_f1"])
        print(f"  CV seed {seed}: macro-F1 {scores[-1]}", flush=True)
    return {
        "seeds": seeds,
        "macro_f1": scores,
        "mean": round(statistics.mean(scores), 4),
        "stdev": round(statistics.stdev(scores), 4),
    }


def run_ablations(
    records: Sequence[classifier.Record],
    tree: dict[str, list[str]],
    unlabelled: Sequence[str],
    folds: int,
    default_cv: dict[str, Any],
) -> dict[str, Any]:
    trainers: dict[str, Trainer] = {name: _trainer(tree, cfg) for name, cfg in ABLATIONS.items()}

    def self_training(recs: Sequence[classifier.Record]) -> classifier.TriageModel:
        return classifier.self_train(recs, unlabelled, tree, threshold=SELF_TRAINING_THRESHOLD)

    trainers[f"self-training on unlabelled (confidence >= {SELF_TRAINING_THRESHOLD})"] = (
        self_training
    )
    out: dict[str, Any] = {}
    for name, trainer in trainers.items():
        cv = classifier.cross_validate(records, folds=folds, tree=tree, trainer=trainer)
        out[name] = {
            "macro_f1": cv["macro_f1"],
            "delta_macro_f1": round(cv["macro_f1"] - default_cv["macro_f1"], 4),
            "accuracy": cv["accuracy"],
            "ece": cv["ece"],
            "seconds": cv["seconds"],
        }
        print(f"  {name}: {out[name]}", flush=True)
    return out


def _trainer(tree: dict[str, list[str]], config: classifier.ModelConfig) -> Trainer:
    def fit(recs: Sequence[classifier.Record]) -> classifier.TriageModel:
        return classifier.train(recs, tree, config)

    return fit


def machine() -> dict[str, Any]:
    import numpy
    import sklearn

    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "python": platform.python_version(),
        "sklearn": sklearn.__version__,
        "numpy": numpy.__version__,
        # The machine is shared with other jobs: timings mean little without the load.
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def write_results(figures: dict[str, Any], key: str = KEY) -> None:
    """Read-modify-write: other benchmarks' keys survive; atomic replace on the way out."""
    results: dict[str, Any] = {}
    if RESULTS.is_file():
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    results[key] = figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(RESULTS)


if __name__ == "__main__":
    sys.exit(main())
