"""How alike two reports are: the scoring core of duplicate detection, without the database.

A score in 0..1 combines what a dispatcher looks at when deciding "is this the same problem?":
the wording (character n-gram TF-IDF cosine, which works for Chinese without word splitting
and for English alike), the distance between the map points, how recent the earlier report
is, and whether both have the same category. A term that cannot be known (no point on one
side, no category) drops out and the other weights are scaled up, so a report without a pin
is judged on its words. The benchmark (bench/bench_duplicates.py) uses this module on plain
rows; tongxin.triage.duplicates feeds it open cases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import h3
import numpy as np

from . import textindex


@dataclass(frozen=True)
class Report:
    key: int
    text: str
    at: datetime
    lat: float | None = None
    lng: float | None = None
    category: int | str | None = None

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None


@dataclass(frozen=True)
class Params:
    window_days: float = 30.0  # older reports are not compared at all
    near_m: float = 150.0  # this close counts as "the same place"
    far_m: float = 1000.0  # farther apart (both pinned) is never the same problem
    threshold: float = 0.3  # chosen on the measured sets (bench/bench_duplicates.py)
    min_text: float = 0.15  # below this the words share nothing: never the same problem
    text_weight: float = 0.55
    place_weight: float = 0.25
    recency_weight: float = 0.1
    category_weight: float = 0.1


DEFAULT = Params()


@dataclass(frozen=True)
class Match:
    key: int
    score: float
    text: float
    metres: float | None
    age: timedelta  # negative when the other report came later
    same_category: bool


def metres_between(a: Report, b: Report) -> float | None:
    if not (a.has_point and b.has_point):
        return None
    return float(h3.great_circle_distance((a.lat, a.lng), (b.lat, b.lng), unit="m"))


def tfidf(texts: Sequence[str]):  # -> scipy sparse matrix, one L2-normalised row per text
    """Character 2–3-gram TF-IDF vectors weighted on the texts compared (the IDF down-weights
    what every open report says, such as 反映 or "complaint"), as the detector scores them
    (tongxin.triage.textindex); None if there are no n-grams."""
    matrix = textindex.matrix(textindex.counts(list(texts)))
    return textindex.weighted(matrix) if matrix.nnz else None


def text_similarities(text: str, others: Sequence[str]) -> np.ndarray:
    """Cosine similarity of `text` with each of `others`, 0..1 (TF-IDF on them)."""
    if not others:
        return np.zeros(0)
    rows = textindex.counts([text, *others])
    return textindex.similarities(rows[0], rows[1:])


def place_term(metres: float | None, params: Params) -> float | None:
    if metres is None:
        return None
    if metres <= params.near_m:
        return 1.0
    return max(0.0, 1.0 - (metres - params.near_m) / (params.far_m - params.near_m))


def combine(text: float, place: float | None, recency: float, same_category: bool | None,
            params: Params) -> float:
    terms = [(params.text_weight, text), (params.recency_weight, recency)]
    if place is not None:
        terms.append((params.place_weight, place))
    if same_category is not None:
        terms.append((params.category_weight, 1.0 if same_category else 0.0))
    total = sum(w for w, _ in terms)
    return sum(w * v for w, v in terms) / total if total else 0.0


def comparable(new: Report, other: Report, params: Params) -> bool:
    """Reported within the window of each other, and not pinned far apart."""
    age = abs(new.at - other.at)
    if other.key == new.key or age > timedelta(days=params.window_days):
        return False
    metres = metres_between(new, other)
    return metres is None or metres <= params.far_m


def rank(new: Report, pool: Sequence[Report], params: Params = DEFAULT,
         rows: Mapping[int, Any] | None = None) -> list[Match]:
    """Every report of `pool` scoring at least the threshold against `new`, best first.
    `rows`: the pool's n-gram counts from the text index, by key (else split here)."""
    if rows is None:
        pool = [p for p in pool if comparable(new, p, params)]
        texts = text_similarities(new.text, [p.text for p in pool])
    else:
        # Weighed on the whole pool (the IDF), then only the few whose words come close are
        # looked at one by one.
        texts = textindex.similarities(textindex.counts([new.text])[0],
                                       [rows[p.key] for p in pool])
        close = [int(i) for i in np.flatnonzero(texts >= params.min_text)]
        pool = [pool[i] for i in close]
        texts = texts[close]
        keep = [i for i, p in enumerate(pool) if comparable(new, p, params)]
        pool, texts = [pool[i] for i in keep], texts[keep]
    matches = []
    for other, text in zip(pool, texts, strict=True):
        metres = metres_between(new, other)
        age = new.at - other.at
        recency = 1.0 - abs(age) / timedelta(days=params.window_days)
        same = None if new.category is None or other.category is None else (
            new.category == other.category)
        score = combine(float(text), place_term(metres, params), recency, same, params)
        if score >= params.threshold and text >= params.min_text:
            matches.append(Match(other.key, round(score, 4), round(float(text), 4), metres,
                                 age, bool(same)))
    matches.sort(key=lambda m: (-m.score, -m.text, m.key))
    return matches
