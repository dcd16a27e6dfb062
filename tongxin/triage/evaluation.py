"""Precision and recall of the duplicate detector on public data (bench/bench_duplicates.py and
tests/triage): the scoring core (tongxin.triage.similarity) on plain rows, no database.

appeals-zh — a hand-labelled set of message pairs (tests/triage/data/appeals_zh_same_issue_pairs.
csv: ids and a 0/1 label only; the texts stay in ../shared/data). Each pair is scored as two
reports of the same day without pin or category, the IDF fitted on all messages of the set (the
"open cases" of the comparison); a pair scoring at least the threshold is called a duplicate.

NYC 311 — the 4-hour sample; a row resolved as "duplicate of a previously filed complaint" is a
positive. Rows are replayed in order; each is compared with the earlier rows (as open cases),
text = complaint type + descriptor, category = complaint type, point = its lat/lng; a row with
any match at the threshold is flagged. NYC labels duplicates only for some agencies (HPD, DOT)
and often against complaints filed before the sample, so precision is measured on those
agencies' rows and recall also on the "findable" positives: those with an earlier sample row of
the same complaint type at the same address or within 150 m.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from .similarity import DEFAULT, Params, Report, combine, metres_between, rank, tfidf

PAIRS_FILE = (Path(__file__).resolve().parents[2] / "tests" / "triage" / "data"
              / "appeals_zh_same_issue_pairs.csv")
APPEALS = Path("appeals-zh") / "messages_with_votes.csv"
NYC = Path("us311") / "nyc311_sample_2024-04_YangziXinJas.csv"
FINDABLE_METRES = 150.0


@dataclass(frozen=True)
class Scores:
    threshold: float
    true_positives: int
    predicted: int
    positives: int
    precision: float
    recall: float

    def as_dict(self) -> dict:
        return asdict(self)


def scores(threshold: float, predicted: set, positives: set) -> Scores:
    tp = len(predicted & positives)
    return Scores(threshold, tp, len(predicted), len(positives),
                  round(tp / len(predicted), 4) if predicted else 0.0,
                  round(tp / len(positives), 4) if positives else 0.0)


# ---------------------------------------------------------------- appeals-zh pairs


def read_pairs(path: Path = PAIRS_FILE) -> list[tuple[str, str, int]]:
    with path.open(encoding="utf-8") as f:
        return [(r["id_a"], r["id_b"], int(r["same_issue"])) for r in csv.DictReader(f)]


def read_messages(data_dir: Path, ids: Iterable[str]) -> dict[str, str]:
    wanted = set(ids)
    with (data_dir / APPEALS).open(encoding="utf-8") as f:
        return {r["id"]: f"{r['subject']}\n{r['text']}" for r in csv.DictReader(f)
                if r["id"] in wanted}


def pair_scores(data_dir: Path, params: Params = DEFAULT) -> list[tuple[float, int]]:
    """(score, label) per labelled pair."""
    pairs = read_pairs()
    texts = read_messages(data_dir, [i for a, b, _ in pairs for i in (a, b)])
    ids = sorted(texts)
    # One fit over all messages of the set: the same corpus the detector fits when one of
    # them is the new report and the others are the open cases.
    matrix = tfidf([texts[i] for i in ids])
    assert matrix is not None
    cosine = (matrix @ matrix.T).toarray()
    at = {i: k for k, i in enumerate(ids)}
    out = []
    for a, b, label in pairs:
        similarity = float(min(1.0, cosine[at[a], at[b]]))
        score = combine(similarity, None, 1.0, None, params)
        out.append((score if similarity >= params.min_text else 0.0, label))
    return out


def appeals_scores(data_dir: Path, thresholds: Iterable[float]) -> list[Scores]:
    scored = pair_scores(data_dir)
    positives = {i for i, (_, label) in enumerate(scored) if label}
    return [scores(t, {i for i, (s, _) in enumerate(scored) if s >= t}, positives)
            for t in thresholds]


# ---------------------------------------------------------------- NYC 311


@dataclass(frozen=True)
class NycRow:
    report: Report
    duplicate: bool
    agency: str
    address: str


def read_nyc(data_dir: Path) -> list[NycRow]:
    with (data_dir / NYC).open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, r in enumerate(rows):
        at = datetime.fromisoformat(r["created_date"]).replace(tzinfo=UTC)
        lat = float(r["latitude"]) if r["latitude"] else None
        lng = float(r["longitude"]) if r["longitude"] else None
        report = Report(i, f"{r['complaint_type']} {r['descriptor']}", at, lat, lng,
                        r["complaint_type"])
        out.append(NycRow(report, "duplicate" in r["resolution_description"].lower(),
                          r["agency"], r["incident_address"].strip()))
    out.sort(key=lambda row: (row.report.at, row.report.key))
    return out


def findable(rows: list[NycRow]) -> set[int]:
    """Positives whose earlier complaint is in the sample (same type, same place)."""
    found = set()
    for k, row in enumerate(rows):
        if not row.duplicate:
            continue
        for earlier in rows[:k]:
            same_type = earlier.report.category == row.report.category
            metres = metres_between(row.report, earlier.report)
            same_place = (row.address and earlier.address == row.address) or (
                metres is not None and metres <= FINDABLE_METRES)
            if same_type and same_place:
                found.add(row.report.key)
                break
    return found


def flagged(rows: list[NycRow], params: Params) -> set[int]:
    return {row.report.key for k, row in enumerate(rows)
            if rank(row.report, [r.report for r in rows[:k]], params)}


def nyc_scores(data_dir: Path, thresholds: Iterable[float]) -> dict:
    rows = read_nyc(data_dir)
    labelling = {r.agency for r in rows if r.duplicate}
    scoped = [r for r in rows if r.agency in labelling]
    positives = {r.report.key for r in rows if r.duplicate}
    easy = findable(rows)
    out = []
    for t in thresholds:
        hits = flagged(scoped, replace(DEFAULT, threshold=t))
        out.append({**scores(t, hits, positives).as_dict(),
                    "recall_findable": round(len(hits & easy) / len(easy), 4) if easy else 0.0})
    return {"rows": len(rows), "rows_of_labelling_agencies": len(scoped),
            "labelling_agencies": sorted(labelling), "positives": len(positives),
            "findable_positives": len(easy), "by_threshold": out}
