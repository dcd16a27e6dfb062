"""Character n-gram features computed for a whole batch at once with numpy (no jieba, no
per-message Python loop), so a trained model classifies thousands of messages a second.

The batch's texts are normalised as one string (NFKC, lower case, the hotline's boilerplate
folded: phone numbers, dates and times, other digit runs, the board's anonymised place codes
and the "ta说" quotation marks of transcribed calls), turned into an array of code points and
hashed: every character n-gram (1…3 by default) that does not cross a text boundary goes to
one of 2^bits columns, the first `subject_chars` characters (the subject line) once more under
their own salt. Weights are TF-IDF like sklearn's (sublinear tf, smooth idf, l2 rows); the idf
may be fitted on more texts than the labelled ones (`fit(texts, unlabelled=...)`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

SEPARATOR = "\x00"
# The hotline's boilerplate, folded to one token each: it says nothing about the category.
BOILERPLATE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "☎"),  # phones
    (re.compile(r"\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}[日号]?"), "📅"),  # dates
    (re.compile(r"\d{1,2}[:：点时]\d{1,2}分?"), "🕒"),  # times of day
    (re.compile(r"\d+(?:\.\d+)?"), "0"),  # any other number
    (re.compile(r"[a-z]\d*(?=[市区县镇乡])"), "a"),  # anonymised places: A市, A3区
    (re.compile(r"(?:ta|TA|他|她)说|来电人?(?:反映|表示|称)"), "☏"),  # transcribed calls
    (re.compile(r"[ \t\r\n\u3000]+"), " "),
)
# Odd 64-bit multipliers for the polynomial hash of an n-gram's code points.
_K = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
               0x27D4EB2F165667C5, 0x94D049BB133111EB], dtype=np.uint64)


def normalise_batch(texts: Sequence[str], boilerplate: bool = True) -> str:
    joined = unicodedata.normalize("NFKC", SEPARATOR.join(t.replace(SEPARATOR, " ")
                                                          for t in texts)).lower()
    for pattern, token in BOILERPLATE if boilerplate else BOILERPLATE[-2:]:
        joined = pattern.sub(token, joined)
    return joined


class HashedCharNgrams(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    def __init__(self, ngrams: tuple[int, int] = (1, 3), bits: int = 20,
                 subject_chars: int = 30, max_chars: int = 0, min_df: int = 2,
                 boilerplate: bool = True) -> None:
        self.ngrams, self.bits = ngrams, bits
        self.subject_chars, self.max_chars = subject_chars, max_chars
        self.min_df, self.boilerplate = min_df, boilerplate

    # ------------------------------------------------------------ sklearn

    def fit(self, texts: Sequence[str], y: Any = None,
            unlabelled: Sequence[str] = ()) -> HashedCharNgrams:
        counts = self._counts([*texts, *unlabelled])
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        idf = np.log((1 + n) / (1 + df)) + 1
        # As min_df does for a vocabulary: an n-gram of fewer texts is noise, weight 0.
        idf[df < self.min_df] = 0
        self.idf_ = idf.astype(np.float32)
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        X = self._counts(texts)
        X.data = (1 + np.log(X.data)) * self.idf_[X.indices]
        X.eliminate_zeros()
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        X.data /= np.repeat(norms, np.diff(X.indptr)).astype(np.float32)
        return X

    # ------------------------------------------------------------ counting

    def _counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        docs = len(texts)
        width = 1 << self.bits
        if docs == 0:
            return sp.csr_matrix((0, width), dtype=np.float32)
        if self.max_chars:
            texts = [t[: self.max_chars] for t in texts]
        joined = normalise_batch(texts, self.boilerplate)
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        sep = points == 0
        # doc[i]: the text position i belongs to; start[d]: where text d begins.
        doc = np.cumsum(sep) - sep
        start = np.concatenate(([0], np.flatnonzero(sep) + 1))
        offset = np.arange(len(points)) - start[doc]
        rows, cols = [], []
        low, high = self.ngrams
        for n in range(low, high + 1):
            if len(points) < n:
                continue
            span = len(points) - n + 1
            h = np.zeros(span, dtype=np.uint64)
            bad = np.zeros(span, dtype=bool)
            for k in range(n):
                window = points[k:k + span]
                h += window * _K[k]
                bad |= window == 0
                h ^= h >> np.uint64(29)
            h += np.uint64(n)
            keep = ~bad
            rows.append(doc[:span][keep])
            cols.append(h[keep])
            if self.subject_chars:
                head = keep & (offset[:span] + n <= self.subject_chars)
                rows.append(doc[:span][head])
                cols.append(h[head] * _K[4] + np.uint64(7))
        row = np.concatenate(rows)
        col = (np.concatenate(cols) >> np.uint64(64 - self.bits)).astype(np.int64)
        counts = sp.csr_matrix((np.ones(len(row), dtype=np.float32), (row, col)),
                               shape=(docs, width))
        counts.sum_duplicates()
        return counts
