"""On the hand-labelled appeals-zh pairs (tests/triage/data: ids and labels only; the texts are
read from the shared data and the test skips without them) the detector at its default
threshold finds most pairs about the same issue and rarely calls different issues the same."""

from __future__ import annotations

import pytest
from django.conf import settings

from tongxin.triage.evaluation import APPEALS, appeals_scores, read_pairs
from tongxin.triage.similarity import DEFAULT


def test_the_labelled_set_is_balanced_enough_to_measure():
    pairs = read_pairs()
    labels = [label for _, _, label in pairs]
    assert len(pairs) >= 100 and len(set((a, b) for a, b, _ in pairs)) == len(pairs)
    assert sum(labels) >= 60 and len(labels) - sum(labels) >= 30


def test_precision_and_recall_at_the_default_threshold():
    if not (settings.SHARED_DATA_DIR / APPEALS).exists():
        pytest.skip("appeals-zh messages are not available")
    [measured] = appeals_scores(settings.SHARED_DATA_DIR, [DEFAULT.threshold])
    assert measured.positives == 83
    assert measured.precision >= 0.9
    assert measured.recall >= 0.85
