"""Text classifier for citizen appeals (smart triage, 智能分拨).

Pure Python + scikit-learn + jieba, no Django: the management command, the benchmark and the
tests all drive it through the functions below.

Model: TF-IDF over Chinese character 1-3-grams, jieba word uni/bigrams and the character n-grams
of the subject line, fed to a linear SVM whose margins are turned into calibrated probabilities
by a logistic regression fitted on out-of-fold margins, so `confidence` can gate automatic
dispatch. The category tree is used to reject training rows with unknown categories; using it
as a feature prior (TaxonomyMatcher, pseudo-documents) and self-training on unlabelled messages
are implemented for measurement but off by default because cross-validation showed no gain.
"""

from __future__ import annotations

import csv
import json
import logging
import platform
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba
import joblib
import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

# Bump when the saved format or the feature set changes, so an old model dir is recognisable.
MODEL_VERSION = "1"
MODEL_FILE = "model.joblib"
META_FILE = "meta.json"

# jieba logs its dictionary loading at DEBUG/INFO on stderr; classify's stderr is for errors.
jieba.setLogLevel(logging.WARNING)

_WHITESPACE = re.compile(r"\s+")
# The board anonymises places as "A市", "A3区", "C4市", "G7县": the letter/number code carries
# no topical signal, so it is folded to one placeholder letter to pool the n-gram counts.
_PLACE_CODE = re.compile(r"[a-z]\d*(?=[市区县镇乡])")
# Tokens made only of punctuation, digits or symbols are noise for the word features.
_NOISE_TOKEN = re.compile(r"^[\W\d_]+$")
# Category names too generic to be evidence for any class.
_GENERIC_TERMS = frozenset({"其他", "其他污染"})
# Compound category names ("工作时间和休息休假") are split on these conjunctions, because the
# whole name rarely occurs verbatim in a message but its parts do.
_TERM_SPLIT = re.compile(r"[和与及、，,]")


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    category: str


@dataclass(frozen=True)
class DroppedRow:
    line: int
    id: str
    reason: str


@dataclass
class LoadedCsv:
    records: list[Record]
    dropped: list[DroppedRow] = field(default_factory=list)


@dataclass(frozen=True)
class ModelConfig:
    """Knobs of the model; the defaults are the configuration chosen by cross-validation
    (bench/triage_bench.py --ablations measures the alternatives)."""

    char_ngrams: tuple[int, int] = (1, 3)
    word_ngrams: tuple[int, int] = (1, 2)
    use_words: bool = True
    # The first characters of a message are its subject line: the densest statement of the
    # topic, so its n-grams get a block of their own (0 turns it off).
    subject_chars: int = 30
    # Taxonomy prior as features / as pseudo-documents: both measured as no gain, so off.
    use_taxonomy_features: bool = False
    taxonomy_pseudo_docs: bool = False
    classifier: str = "svm"  # "svm" (LinearSVC + calibration) or "logreg"
    c: float = 1.0
    # "stacked": multinomial logistic regression over out-of-fold SVM margins; or any method
    # of CalibratedClassifierCV ("sigmoid", "isotonic", "temperature").
    calibration: str = "stacked"
    calibration_folds: int = 3
    min_df: int = 2
    # "tfidf": sklearn vectorisers (char, jieba words, subject); "hashed": character n-grams
    # and the subject hashed for the whole batch with numpy (tongxin.triage.hashed) — no
    # jieba, ~16x faster to classify, ~0.5 point of macro-F1 lower (bench/results.json,
    # triage_holdout). `triage train --fast` chooses it.
    features: str = "tfidf"


FAST = ModelConfig(features="hashed", use_words=False)


@dataclass
class TriageModel:
    pipeline: Pipeline
    meta: dict[str, Any]

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.pipeline.classes_]


class TriageDataError(ValueError):
    """Training data that cannot be used (missing columns, no usable rows, ...)."""


# --- reading data -------------------------------------------------------------------------


def load_taxonomy(path: str | Path) -> dict[str, list[str]]:
    """Read the three-level category tree into {first-level: [second/third-level names]}."""
    tree: dict[str, list[str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)  # header: 一级分类,二级分类,三级分类
        for row in reader:
            if not row or not row[0].strip():
                continue
            top = row[0].strip()
            names = tree.setdefault(top, [])
            for name in row[1:3]:
                name = name.strip()
                if name and name not in names:
                    names.append(name)
    return tree


def load_training_csv(path: str | Path, categories: Iterable[str] | None = None) -> LoadedCsv:
    """Read an id,text,category CSV with the csv module (texts contain commas and quotes).

    Rows with an empty text, or a category outside `categories` (when given; e.g. the
    first-level classes of the taxonomy) are dropped and reported, never guessed at.
    """
    allowed = set(categories) if categories is not None else None
    loaded = LoadedCsv(records=[])
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "text", "category"} - set(reader.fieldnames or [])
        if missing:
            raise TriageDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            line = reader.line_num
            rid = (row.get("id") or "").strip()
            text = (row.get("text") or "").strip()
            category = (row.get("category") or "").strip()
            if not text:
                loaded.dropped.append(DroppedRow(line, rid, "empty text"))
            elif allowed is not None and category not in allowed:
                loaded.dropped.append(DroppedRow(line, rid, f"unknown category {category!r}"))
            else:
                loaded.records.append(Record(rid or f"{Path(path).name}:{line}", text, category))
    return loaded


def merge_records(*batches: Iterable[Record]) -> list[Record]:
    """Concatenate record batches; a record whose id appears again is replaced by the later one.

    Later batches are dispatcher corrections, so they must win over the original label.
    """
    merged: dict[str, Record] = {}
    for batch in batches:
        for record in batch:
            merged[record.id] = record
    return list(merged.values())


def load_unlabelled_texts(paths: Iterable[str | Path]) -> list[str]:
    """Texts of the unlabelled message dumps (columns subject,text), as subject + body."""
    texts: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                text = ((row.get("subject") or "") + (row.get("text") or "")).strip()
                if text:
                    texts.append(text)
    return texts


# --- features ------------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Fold full-width forms and case, collapse whitespace, pool anonymised place codes."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _PLACE_CODE.sub("a", text)
    return _WHITESPACE.sub(" ", text).strip()


@lru_cache(maxsize=8192)
def _segment(text: str) -> tuple[str, ...]:
    # Cached because cross-validation featurises every message once per fold; bounded so a
    # long-running classify does not grow without limit.
    return tuple(tok for tok in jieba.lcut(text) if tok.strip() and not _NOISE_TOKEN.match(tok))


def word_tokens(text: str) -> list[str]:
    """jieba words of a normalised text (module-level so pickled pipelines can find it)."""
    return list(_segment(text))


def _identity(text: str) -> str:
    return text


class TaxonomyMatcher(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Counts, per first-level class, the category-tree names found in a message.

    This is the taxonomy used as a prior: a message that says "物业服务" or "住房公积金" gets
    evidence for the classes whose subtree holds that name, even when the labelled data has few
    such messages. A name shared by several classes splits its weight among them.
    """

    def __init__(self, tree: Mapping[str, Sequence[str]] | None = None) -> None:
        self.tree = tree

    def fit(self, texts: Sequence[str], y: Any = None) -> TaxonomyMatcher:
        owners: dict[str, set[str]] = {}
        for top, names in (self.tree or {}).items():
            for term in _expand_terms(names):
                owners.setdefault(term, set()).add(top)
        self.classes_ = sorted((self.tree or {}).keys())
        index = {c: i for i, c in enumerate(self.classes_)}
        self.terms_ = {t: [index[c] for c in sorted(o)] for t, o in sorted(owners.items())}
        # One regex alternation is far faster than one `in` test per term and message.
        ordered = sorted(self.terms_, key=len, reverse=True)
        self.pattern_ = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        return self

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows = np.zeros((len(texts), max(len(self.classes_), 1)))
        if self.pattern_ is not None:
            for i, text in enumerate(texts):
                for match in self.pattern_.findall(text):
                    owners = self.terms_[match]
                    for j in owners:
                        rows[i, j] += 1.0 / len(owners)
        # log1p keeps one long message full of names from dominating the linear model.
        return sp.csr_matrix(np.log1p(rows))


def _expand_terms(names: Iterable[str]) -> set[str]:
    terms: set[str] = set()
    for name in names:
        name = normalize(name)
        if name in _GENERIC_TERMS:
            continue
        terms.add(name)
        terms.update(p for p in _TERM_SPLIT.split(name) if len(p) >= 2 and p not in _GENERIC_TERMS)
    return terms


def taxonomy_pseudo_records(
    tree: Mapping[str, Sequence[str]], classes: Iterable[str]
) -> list[Record]:
    """One short document per second-level branch ("二级 三级 三级 ..."), labelled first-level."""
    wanted = set(classes)
    records: list[Record] = []
    for top, names in tree.items():
        if top in wanted:
            text = " ".join(n for n in names if n not in _GENERIC_TERMS)
            records.append(Record(f"taxonomy:{top}", text, top))
    return records


def build_pipeline(
    config: ModelConfig | None = None, tree: Mapping[str, Sequence[str]] | None = None
) -> Pipeline:
    """The untrained pipeline: normalise → feature union → calibrated linear classifier."""
    config = config or ModelConfig()
    if config.features == "hashed":
        from .hashed import HashedCharNgrams

        hashed = HashedCharNgrams(ngrams=config.char_ngrams, subject_chars=config.subject_chars,
                                  min_df=config.min_df)
        return Pipeline([("features", hashed), ("clf", _classifier(config))])
    features: list[tuple[str, Any]] = [
        (
            "chars",
            TfidfVectorizer(
                analyzer="char",
                ngram_range=config.char_ngrams,
                min_df=config.min_df,
                sublinear_tf=True,
                preprocessor=normalize,
                dtype=np.float32,
            ),
        )
    ]
    if config.use_words:
        features.append(
            (
                "words",
                TfidfVectorizer(
                    tokenizer=word_tokens,
                    preprocessor=normalize,
                    token_pattern=None,
                    lowercase=False,
                    ngram_range=config.word_ngrams,
                    min_df=config.min_df,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            )
        )
    if config.subject_chars > 0:
        features.append(
            (
                "subject",
                TfidfVectorizer(
                    analyzer="char",
                    ngram_range=config.char_ngrams,
                    min_df=config.min_df,
                    sublinear_tf=True,
                    preprocessor=_SubjectPreprocessor(config.subject_chars),
                    dtype=np.float32,
                ),
            )
        )
    if config.use_taxonomy_features and tree:
        features.append(
            ("taxonomy", Pipeline([("norm", _Normalizer()), ("match", TaxonomyMatcher(tree))]))
        )
    return Pipeline([("features", FeatureUnion(features)), ("clf", _classifier(config))])


class _SubjectPreprocessor:
    """Picklable preprocessor: the normalised first `chars` characters (about the subject)."""

    def __init__(self, chars: int) -> None:
        self.chars = chars

    def __call__(self, text: str) -> str:
        return normalize(text)[: self.chars]


class _Normalizer(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    def fit(self, texts: Sequence[str], y: Any = None) -> _Normalizer:
        return self

    def transform(self, texts: Sequence[str]) -> list[str]:
        return [normalize(t) for t in texts]


def _classifier(config: ModelConfig) -> Any:
    if config.classifier == "logreg":
        return LogisticRegression(C=config.c, max_iter=2000)
    if config.classifier != "svm":
        raise ValueError(f"unknown classifier {config.classifier!r}")
    if config.calibration == "stacked":
        return StackedCalibratedSVC(c=config.c, folds=config.calibration_folds)
    return CalibratedClassifierCV(
        LinearSVC(C=config.c), method=config.calibration, cv=config.calibration_folds
    )


class StackedCalibratedSVC(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """A linear SVM whose margins become probabilities through a multinomial logistic regression
    fitted on out-of-fold margins.

    Why not CalibratedClassifierCV: its one-vs-rest sigmoids renormalised over 7 classes come
    out under-confident (ECE ~0.07), and temperature scaling (one scalar) loses the per-class
    offsets that sigmoids learn, costing ~0.7 point of macro-F1. A 7x7 logistic regression on
    the margins learns both the offsets and the sharpness; measured macro-F1 +0.5, ECE ~0.02.
    """

    def __init__(self, c: float = 1.0, folds: int = 3, random_state: int = 0) -> None:
        self.c = c
        self.folds = folds
        self.random_state = random_state

    def fit(self, X: Any, y: Sequence[str]) -> StackedCalibratedSVC:
        labels = np.asarray(y)
        self.svm_ = LinearSVC(C=self.c).fit(X, labels)
        self.classes_ = self.svm_.classes_
        margins = self._out_of_fold_margins(X, labels)
        self.calibrator_ = LogisticRegression(max_iter=1000).fit(margins, labels)
        return self

    def _out_of_fold_margins(self, X: Any, labels: np.ndarray) -> np.ndarray:
        folds = min(self.folds, int(np.unique(labels, return_counts=True)[1].min()))
        if folds < 2:
            # Too few examples of some class to hold any out: in-sample margins are
            # over-confident, but still a usable mapping for a toy training set.
            return self._margins(self.svm_, X)
        margins = np.zeros((X.shape[0], 1 if len(self.classes_) == 2 else len(self.classes_)))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        for fit_idx, held_idx in splitter.split(np.zeros(len(labels)), labels):
            fold_svm = LinearSVC(C=self.c).fit(X[fit_idx], labels[fit_idx])
            margins[held_idx] = self._margins(fold_svm, X[held_idx])
        return margins

    @staticmethod
    def _margins(svm: LinearSVC, X: Any) -> np.ndarray:
        scores = svm.decision_function(X)
        return scores.reshape(-1, 1) if scores.ndim == 1 else scores

    def predict_proba(self, X: Any) -> np.ndarray:
        proba: np.ndarray = self.calibrator_.predict_proba(self._margins(self.svm_, X))
        return proba

    def predict(self, X: Any) -> np.ndarray:
        return np.asarray(self.classes_[self.predict_proba(X).argmax(axis=1)])


# --- training and prediction ---------------------------------------------------------------


def train(
    records: Sequence[Record],
    tree: Mapping[str, Sequence[str]] | None = None,
    config: ModelConfig | None = None,
) -> TriageModel:
    """Fit the pipeline on labelled records; the taxonomy (if any) is baked into the model."""
    config = config or ModelConfig()
    classes = sorted({r.category for r in records})
    if len(classes) < 2:
        raise TriageDataError("training needs at least two categories")
    fit_records = list(records)
    # Only the classes seen in labelled data: a class known from the tree alone has no messages
    # to calibrate against and would only steal probability mass.
    subtree = {c: list((tree or {}).get(c, [])) for c in classes} if tree else None
    if config.taxonomy_pseudo_docs and subtree:
        fit_records += taxonomy_pseudo_records(subtree, classes)
    started = time.perf_counter()
    pipeline = build_pipeline(config, subtree)
    pipeline.fit([r.text for r in fit_records], [r.category for r in fit_records])
    meta: dict[str, Any] = {
        "version": MODEL_VERSION,
        "classes": [str(c) for c in pipeline.classes_],
        "training_size": len(records),
        "class_counts": dict(Counter(r.category for r in records)),
        "config": asdict(config),
        "taxonomy_terms": sum(len(v) for v in subtree.values()) if subtree else 0,
        "train_seconds": round(time.perf_counter() - started, 2),
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    return TriageModel(pipeline=pipeline, meta=meta)


def predict(model: TriageModel, texts: Sequence[str]) -> list[tuple[str, float]]:
    """(category, confidence) per text, confidence being the calibrated top-class probability."""
    if not texts:
        return []
    proba = model.pipeline.predict_proba(list(texts))
    best = proba.argmax(axis=1)
    classes = model.pipeline.classes_
    return [(str(classes[j]), float(proba[i, j])) for i, j in enumerate(best)]


def save(model: TriageModel, directory: str | Path) -> Path:
    """Write the pipeline and meta.json; the directory alone is enough to classify later."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    joblib.dump(model.pipeline, out / MODEL_FILE, compress=3)
    (out / META_FILE).write_text(
        json.dumps(model.meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return out


def load(directory: str | Path) -> TriageModel:
    """Load a model directory written by `save` (only ever load directories you trust)."""
    path = Path(directory)
    if not (path / MODEL_FILE).is_file():
        raise FileNotFoundError(f"{path}: no {MODEL_FILE}; train a model first")
    meta_path = path / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return TriageModel(pipeline=joblib.load(path / MODEL_FILE), meta=meta)


# --- self-training -------------------------------------------------------------------------


def self_train(
    records: Sequence[Record],
    unlabelled: Sequence[str],
    tree: Mapping[str, Sequence[str]] | None = None,
    config: ModelConfig | None = None,
    threshold: float = 0.9,
) -> TriageModel:
    """Train, pseudo-label the unlabelled texts the model is sure about, train again on both."""
    first = train(records, tree, config)
    pseudo = [
        Record(f"pseudo:{i}", text, category)
        for i, (text, (category, confidence)) in enumerate(
            zip(unlabelled, predict(first, unlabelled), strict=True)
        )
        if confidence >= threshold
    ]
    model = train(list(records) + pseudo, tree, config)
    model.meta["training_size"] = len(records)
    model.meta["pseudo_labelled"] = len(pseudo)
    return model


# --- evaluation ----------------------------------------------------------------------------


def expected_calibration_error(
    confidences: Sequence[float] | np.ndarray, correct: Sequence[bool] | np.ndarray, bins: int = 10
) -> float:
    """Top-label ECE: the sample-weighted gap between confidence and accuracy over equal bins."""
    conf = np.asarray(confidences, dtype=float)
    hit = np.asarray(correct, dtype=float)
    if conf.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    # Right-closed bins so a confidence of exactly 1.0 lands in the last one.
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(conf[mask].mean() - hit[mask].mean())
    return float(ece)


Trainer = Callable[[Sequence[Record]], TriageModel]


def cross_validate(
    records: Sequence[Record],
    folds: int = 5,
    tree: Mapping[str, Sequence[str]] | None = None,
    config: ModelConfig | None = None,
    seed: int = 0,
    trainer: Trainer | None = None,
) -> dict[str, Any]:
    """Stratified k-fold CV: macro-F1, accuracy, per-class P/R/F1 and ECE of the confidences.

    `trainer` replaces plain `train` (e.g. to measure self-training); it sees only the
    training part of each fold, so nothing about the held-out fold leaks into it.
    """
    labels = np.array([r.category for r in records])
    started = time.perf_counter()
    predicted, confidence = out_of_fold_predictions(
        records, folds=folds, tree=tree, config=config, seed=seed, trainer=trainer
    )
    return score_predictions(labels, predicted, confidence, folds, time.perf_counter() - started)


def out_of_fold_predictions(
    records: Sequence[Record],
    folds: int = 5,
    tree: Mapping[str, Sequence[str]] | None = None,
    config: ModelConfig | None = None,
    seed: int = 0,
    trainer: Trainer | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(predicted label, confidence) per record, each from a model that never saw it."""
    fit = trainer or (lambda recs: train(recs, tree, config))
    texts = [r.text for r in records]
    labels = np.array([r.category for r in records])
    predicted = np.empty(len(records), dtype=object)
    confidence = np.zeros(len(records))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(texts, labels):
        model = fit([records[i] for i in train_idx])
        for i, (category, conf) in zip(
            test_idx, predict(model, [texts[i] for i in test_idx]), strict=True
        ):
            predicted[i], confidence[i] = category, conf
    return predicted.astype(str), confidence


def score_predictions(
    labels: np.ndarray, predicted: np.ndarray, confidence: np.ndarray, folds: int, seconds: float
) -> dict[str, Any]:
    classes = sorted(set(labels))
    precision, recall, f1, support = precision_recall_fscore_support(
        labels, predicted, labels=classes, zero_division=0
    )
    return {
        "folds": folds,
        "n": int(len(labels)),
        "macro_f1": round(float(f1_score(labels, predicted, average="macro")), 4),
        "accuracy": round(float(accuracy_score(labels, predicted)), 4),
        "ece": round(expected_calibration_error(confidence, labels == predicted), 4),
        "mean_confidence": round(float(confidence.mean()), 4),
        "per_class": {
            str(c): {
                "precision": round(float(precision[k]), 4),
                "recall": round(float(recall[k]), 4),
                "f1": round(float(f1[k]), 4),
                "support": int(support[k]),
            }
            for k, c in enumerate(classes)
        },
        "seconds": round(seconds, 1),
    }
