"""The duplicate detector's text index: each case's character n-gram counts, computed once.

Scoring compares a report with up to two thousand open cases by TF-IDF cosine, the IDF taken
over that pool (what every open report says, 反映 or "complaint", weighs little). Fitting a
vectoriser on the pool for every look-up re-splits every text (≈300 ms at 5,000 open cases).
Here the split is done once per case: n-gram counts hashed into a fixed space (no vocabulary
to fit, so a new case never changes another's vector), stored with the case when triage
runs (`store`) and kept in process; a look-up only weighs and multiplies sparse rows.
The scores equal the fitted vectoriser's but for hash collisions in 2^20 buckets.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

_HASHER = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 3), lowercase=True,
                            alternate_sign=False, norm=None, n_features=2 ** 20)
CACHE_SIZE = 200_000  # rows kept in process (a row is a few hundred bytes)


# A row: its n-gram buckets and their counts (int32, float32), as kept and stored.
Row = tuple[np.ndarray, np.ndarray]


def counts(texts: Sequence[str]) -> list[Row]:
    matrix = _HASHER.transform(texts).tocsr()
    return [(matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]].astype(np.int32),
             matrix.data[matrix.indptr[i]:matrix.indptr[i + 1]].astype(np.float32))
            for i in range(matrix.shape[0])]


def encode(row: Row) -> bytes:
    """One row as bytes: its int32 indices, then its float32 counts."""
    return row[0].tobytes() + row[1].tobytes()


def decode(blob: bytes) -> Row:
    n = len(blob) // 8
    return (np.frombuffer(blob, dtype=np.int32, count=n),
            np.frombuffer(blob, dtype=np.float32, offset=4 * n, count=n))


def matrix(rows: Sequence[Row]) -> sp.csr_matrix:
    """The rows stacked into one sparse matrix, built from the arrays directly."""
    lengths = np.fromiter((len(r[0]) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.concatenate([r[0] for r in rows]) if rows else np.zeros(0, np.int32)
    data = np.concatenate([r[1] for r in rows]).astype(np.float64) if rows else np.zeros(0)
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), _HASHER.n_features))


class _Rows:
    """An LRU of case id → counts row, shared by the threads of a process."""

    def __init__(self, size: int) -> None:
        self.size, self.rows = size, OrderedDict[int, Row]()
        self.lock = threading.Lock()

    def get(self, key: int) -> Row | None:
        with self.lock:
            row = self.rows.get(key)
            if row is not None:
                self.rows.move_to_end(key)
            return row

    def put(self, key: int, row: Row) -> None:
        with self.lock:
            self.rows[key] = row
            self.rows.move_to_end(key)
            while len(self.rows) > self.size:
                self.rows.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.rows.clear()


CACHE = _Rows(CACHE_SIZE)


def rows_for(items: Iterable[tuple[int, str, bytes | None]]) -> list[Row]:
    """The counts of each (case id, text, stored blob or None): from the process cache, the
    stored blob, or split now (old cases triaged before the index existed)."""
    items = list(items)
    out: list[Row | None] = []
    missing: list[int] = []
    for i, (key, _text, blob) in enumerate(items):
        row = CACHE.get(key)
        if row is None and blob:
            row = decode(blob)
            CACHE.put(key, row)
        out.append(row)
        if row is None:
            missing.append(i)
    if missing:
        fresh = counts([items[i][1] for i in missing])
        for j, i in enumerate(missing):
            out[i] = fresh[j]
            CACHE.put(items[i][0], fresh[j])
    return [row for row in out if row is not None]


def similarities(new: Row, pool: Sequence[Row]) -> np.ndarray:
    """Cosine of `new` with each pool row under TF-IDF weighted on the pool and `new` (as
    TfidfVectorizer(sublinear_tf=True) fitted on them would weigh)."""
    if not pool:
        return np.zeros(0)
    weighed = weighted(matrix([new, *pool]))
    return np.asarray((weighed[1:] @ weighed[0].T).toarray()).ravel().clip(0.0, 1.0)


def weighted(rows: sp.csr_matrix) -> sp.csr_matrix:
    """Counts → L2-normalised TF-IDF rows, the IDF over these rows (smooth, sublinear TF:
    what TfidfVectorizer(sublinear_tf=True) fitted on them gives)."""
    matrix = rows.astype(np.float64)
    matrix.data = 1.0 + np.log(matrix.data)
    # Document frequencies of the n-grams that occur (not of all 2^20 buckets).
    _used, column = np.unique(matrix.indices, return_inverse=True)
    df = np.bincount(column)
    idf = np.log((1.0 + matrix.shape[0]) / (1.0 + df)) + 1.0
    matrix.data *= idf[column]
    return normalize(matrix, norm="l2", copy=False)
