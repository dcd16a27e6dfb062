"""Routing (分拨): which unit leads a case, how sure we are, and when that is sure enough.

Pure Python + scikit-learn (no Django), shared by the service, `tongxin triage train` and the
benchmark. The routing model is the triage text classifier (classifier.py) trained with
department codes as labels on a text that joins the three kinds of evidence the issue names:
the report's words, its category and its place, plus the duty keywords it matched. So the
model learns how much each kind of evidence is worth from past dispatches, and the same
calibrated probability gates automatic dispatch.

The gate: `choose_threshold` takes out-of-fold (confidence, correct) pairs and returns the
lowest confidence at which every case at or above it is routed right at least `target` of the
time; `cross_validated_threshold` checks that choice on folds it was not chosen on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.model_selection import KFold

from . import classifier

TARGET_PRECISION = 0.97
# One-sided 90 % lower confidence bound; chosen with bench/triage_routing_bench.py so that the
# precision measured on held-out folds stays at or above the target.
WILSON_Z = 1.2816
# Confidence above 1 is never reached: the value of "never dispatch automatically".
NEVER = 1.01
# The share of a unit's examples kept out of training and threshold choice altogether, on
# which the chosen threshold's precision is then measured (the figure recorded in the model).
HELD_OUT = 0.2
# Below this calibrated confidence the model itself expects to be wrong more often than
# right: whatever a small or uniform history suggests, such a case is a person's call.
MIN_THRESHOLD = 0.5


def routing_text(*, text: str, category: str = "", place: str = "",
                 keywords: Iterable[str] = ()) -> str:
    """One string for the classifier. The tags keep the evidence kinds apart as n-grams."""
    parts = [text.strip()]
    if category:
        parts.append(f"〔分类〕{category}")
    if place:
        parts.append(f"〔地点〕{place}")
    words = " ".join(keywords)
    if words:
        parts.append(f"〔职能〕{words}")
    return "。".join(parts)


@dataclass(frozen=True)
class Suggestion:
    department: str  # department code
    confidence: float
    keywords: tuple[str, ...] = ()


# What follows a word that is part of a place's name (文化路, 教育街, 环保大道, 卫生巷, 文化广场).
# A duty keyword there names a road, not a duty: 文化路 is no job for the culture bureau.
PLACE_SUFFIXES = ("路", "街", "大道", "巷", "胡同", "广场", "小区", "花园", "公园", "社区",
                  "村", "苑", "桥")


def names_a_duty(text: str, word: str) -> bool:
    """`word` occurs in `text` at least once other than as the start of a place's name."""
    start = text.find(word)
    while start >= 0:
        if not text.startswith(PLACE_SUFFIXES, start + len(word)):
            return True
        start = text.find(word, start + 1)
    return False


def keyword_scores(text: str, keywords: Mapping[str, Sequence[tuple[str, float]]]
                   ) -> dict[str, tuple[float, tuple[str, ...]]]:
    """{department: (summed weight, matched keywords)} for the duty keywords found in text
    (not those that only occur as part of a place name: see PLACE_SUFFIXES).

    A keyword contained in a longer matched keyword of the same unit (停水 in 突发停水) counts
    once, so long phrases do not double their weight."""
    found: dict[str, tuple[float, tuple[str, ...]]] = {}
    for code, words in keywords.items():
        hits = [(w, weight) for w, weight in words if w and names_a_duty(text, w)]
        hits = [(w, x) for w, x in hits if not any(w != o and w in o for o, _ in hits)]
        if hits:
            found[code] = (sum(x for _, x in hits), tuple(w for w, _ in hits))
    return found


def rule_suggestions(text: str, keywords: Mapping[str, Sequence[tuple[str, float]]],
                     category_lead: str | None, limit: int = 3) -> list[Suggestion]:
    """Suggestions from the duty keyword library and the category's lead unit alone (no model).

    The score share is shown as the confidence but is not calibrated: without a trained
    routing model nothing is dispatched automatically (see services.decide)."""
    scores = {code: (weight, words) for code, (weight, words)
              in keyword_scores(text, keywords).items()}
    if category_lead:
        weight, words = scores.get(category_lead, (0.0, ()))
        # The category is the dispatcher's own classification: worth two keyword hits.
        scores[category_lead] = (weight + 2.0, words)
    total = sum(w for w, _ in scores.values())
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [Suggestion(code, round(w / total, 4), words) for code, (w, words) in ranked]


def model_suggestions(model: classifier.TriageModel, texts: Sequence[str], limit: int = 3
                      ) -> list[list[Suggestion]]:
    """The top `limit` departments per text with their calibrated probabilities."""
    if not texts:
        return []
    proba = model.pipeline.predict_proba(list(texts))
    classes = model.classes
    out = []
    for row in proba:
        best = np.argsort(-row, kind="stable")[:limit]
        out.append([Suggestion(classes[j], round(float(row[j]), 4)) for j in best])
    return out


# --- the automatic-dispatch threshold -------------------------------------------------------


@dataclass(frozen=True)
class ThresholdChoice:
    threshold: float  # dispatch automatically when confidence >= threshold
    precision: float  # share right among those at or above it (1.0 when none)
    share: float  # share of all cases at or above it
    auto: int
    n: int


def choose_threshold(confidences: Sequence[float] | np.ndarray,
                     correct: Sequence[bool] | np.ndarray,
                     target: float = TARGET_PRECISION, z: float = WILSON_Z) -> ThresholdChoice:
    """The lowest threshold whose automatic set is right at least `target` of the time.

    Cases are taken from the most confident down; the cut may only fall between different
    confidences (ties go in or out together) and the widest prefix meeting the target wins,
    which maximises the automatic share under the precision constraint. "Meeting" means the
    Wilson lower bound (z standard errors) of the prefix's precision reaches the target, not
    just the observed share: the threshold must hold on cases it was not chosen on, and a
    small prefix that happens to be all right proves little. z=0 is the plain share."""
    conf = np.asarray(confidences, dtype=float)
    hit = np.asarray(correct, dtype=bool)
    n = int(conf.size)
    if n == 0:
        return ThresholdChoice(NEVER, 1.0, 0.0, 0, 0)
    order = np.argsort(-conf, kind="stable")
    conf, hit = conf[order], hit[order]
    right = np.cumsum(hit)
    sizes = np.arange(1, n + 1)
    # A prefix may end only where the next confidence is lower (or at the end).
    boundary = np.append(conf[1:] < conf[:-1], True)
    ok = boundary & (wilson_lower(right, sizes, z) >= target)
    if not ok.any():
        return ThresholdChoice(NEVER, 1.0, 0.0, 0, n)
    k = int(np.flatnonzero(ok)[-1])
    return ThresholdChoice(float(conf[k]), round(float(right[k] / (k + 1)), 4),
                           round((k + 1) / n, 4), k + 1, n)


def wilson_lower(right: np.ndarray, n: np.ndarray, z: float) -> np.ndarray:
    """Wilson score lower bound of a binomial proportion right/n (vectorised)."""
    p = right / n
    if z == 0:
        return p
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - margin) / (1 + z2 / n)


@dataclass
class ThresholdCheck:
    target: float
    folds: int
    z: float
    precision: float  # pooled over the held-out folds
    share: float
    auto: int
    n: int
    per_fold: list[dict[str, Any]] = field(default_factory=list)
    final: ThresholdChoice | None = None  # chosen on all out-of-fold predictions

    def as_dict(self) -> dict[str, Any]:
        final = self.final
        return {
            "target_precision": self.target, "folds": self.folds, "wilson_z": self.z,
            "auto_precision": self.precision, "auto_share": self.share,
            "auto": self.auto, "n": self.n, "per_fold": self.per_fold,
            "threshold": final.threshold if final else NEVER,
            "threshold_in_sample_precision": final.precision if final else None,
            "threshold_in_sample_share": final.share if final else None,
        }


def cross_validated_threshold(confidences: Sequence[float] | np.ndarray,
                              correct: Sequence[bool] | np.ndarray, *, folds: int = 5,
                              target: float = TARGET_PRECISION, seed: int = 0,
                              z: float = WILSON_Z) -> ThresholdCheck:
    """Choose the threshold on k-1 folds of out-of-fold predictions, apply it to the k-th.

    The predictions themselves must already be out-of-fold (from a cross-validated model), so
    neither the model nor the threshold has seen the cases it is scored on."""
    conf = np.asarray(confidences, dtype=float)
    hit = np.asarray(correct, dtype=bool)
    auto = right = 0
    per_fold = []
    splitter = KFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_idx, test_idx in splitter.split(conf):
        chosen = choose_threshold(conf[fit_idx], hit[fit_idx], target, z)
        sent = conf[test_idx] >= chosen.threshold
        fold_auto, fold_right = int(sent.sum()), int((sent & hit[test_idx]).sum())
        auto, right = auto + fold_auto, right + fold_right
        per_fold.append({
            "threshold": round(chosen.threshold, 4), "auto": fold_auto, "n": int(test_idx.size),
            "precision": round(fold_right / fold_auto, 4) if fold_auto else None,
        })
    n = int(conf.size)
    return ThresholdCheck(
        target=target, folds=folds, z=z, precision=round(right / auto, 4) if auto else 1.0,
        share=round(auto / n, 4) if n else 0.0, auto=auto, n=n, per_fold=per_fold,
        final=choose_threshold(conf, hit, target, z),
    )


def out_of_fold(records: Sequence[classifier.Record], *, folds: int = 5, seed: int = 0,
                config: classifier.ModelConfig | None = None
                ) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Out-of-fold (confidence, correct) per record, plus the usual CV scores."""
    started = time.perf_counter()
    predicted, conf = classifier.out_of_fold_predictions(records, folds=folds, config=config,
                                                         seed=seed)
    labels = np.array([r.category for r in records])
    scores = classifier.score_predictions(labels, predicted, conf, folds,
                                          time.perf_counter() - started)
    return conf, predicted == labels, scores


def split_held_out(records: Sequence[classifier.Record], share: float = HELD_OUT,
                   seed: int = 0) -> tuple[list[classifier.Record], list[classifier.Record]]:
    """(kept, held out): `share` of each unit's examples (none of a unit with fewer than five),
    drawn at random with `seed`, so every unit is measured in proportion."""
    rng = np.random.default_rng(seed)
    by_unit: dict[str, list[classifier.Record]] = {}
    for r in records:
        by_unit.setdefault(r.category, []).append(r)
    kept: list[classifier.Record] = []
    held: list[classifier.Record] = []
    for unit in sorted(by_unit):
        rows = by_unit[unit]
        n = int(len(rows) * share) if len(rows) >= 5 else 0
        out = set(rng.choice(len(rows), size=n, replace=False).tolist()) if n else set()
        for i, r in enumerate(rows):
            (held if i in out else kept).append(r)
    return kept, held


def held_out_check(model: classifier.TriageModel, held: Sequence[classifier.Record],
                   threshold: float) -> dict[str, Any]:
    """Precision and share of automatic dispatch at `threshold` on rows `model` never saw."""
    if not held:
        return {"n": 0, "auto": 0, "precision": None, "share": 0.0}
    ranked = model_suggestions(model, [r.text for r in held], limit=1)
    sent = [(s[0].department == r.category) for s, r in zip(ranked, held, strict=True)
            if s and s[0].confidence >= threshold]
    return {"n": len(held), "auto": len(sent),
            "precision": round(sum(sent) / len(sent), 4) if sent else None,
            "share": round(len(sent) / len(held), 4)}


def train_router(records: Sequence[classifier.Record], *, folds: int = 5,
                 target: float = TARGET_PRECISION, seed: int = 0,
                 config: classifier.ModelConfig | None = None) -> classifier.TriageModel:
    """Fit the routing model and choose its automatic-dispatch threshold, stored in its meta.

    A share of every unit's examples is held out first (split_held_out). On the rest the
    threshold is chosen by cross-validation (out-of-fold confidences, never lower than
    MIN_THRESHOLD); a model fitted on the rest alone is then scored at that threshold on the
    held-out rows, which neither it nor the threshold has seen. Only if that measured
    precision reaches `target` is the threshold kept; otherwise it is NEVER (the model only
    suggests). The stored model is then fitted on every row, so the held-out figure describes
    the procedure that made it (`tongxin triage train --routing` prints it).

    A unit with a single example cannot be cross-validated: its rows stay in the model but
    not in the threshold's check. With too few rows for k-fold CV the threshold is NEVER."""
    kept, held = split_held_out(records, seed=seed)
    units, counts = np.unique([r.category for r in kept], return_counts=True)
    testable = set(units[counts >= 2])
    checked = [r for r in kept if r.category in testable]
    k = min(folds, int(counts[counts >= 2].min())) if testable else 0
    meta: dict[str, Any] = {"kind": "routing"}
    if k >= 2 and len(testable) >= 2:
        conf, hit, scores = out_of_fold(checked, folds=k, seed=seed, config=config)
        check = cross_validated_threshold(conf, hit, folds=k, target=target, seed=seed)
        chosen = check.as_dict()
        threshold = max(chosen["threshold"], MIN_THRESHOLD)
        measured = held_out_check(classifier.train(kept, config=config), held, threshold)
        # Measured on no case at all (nothing held out, or nothing that confident) proves
        # nothing either way: the threshold stands on the cross-validation alone.
        failed = measured["precision"] is not None and measured["precision"] < target
        meta["cross_validation"] = scores
        meta["auto_dispatch"] = {**chosen, "cv_threshold": chosen["threshold"],
                                 "threshold": NEVER if failed else threshold,
                                 "min_threshold": MIN_THRESHOLD, "held_out": measured}
    else:
        meta["auto_dispatch"] = {"threshold": NEVER, "reason": "too few rows per unit"}
    model = classifier.train(records, config=config)
    model.meta.update(meta)
    return model


def auto_threshold(model: classifier.TriageModel) -> float:
    return float(model.meta.get("auto_dispatch", {}).get("threshold", NEVER))
