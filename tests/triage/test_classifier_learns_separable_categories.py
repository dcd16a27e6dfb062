import random

from tests.triage import VOCABULARY, synthetic_records, synthetic_text
from tongxin.triage import classifier


def test_classifier_learns_separable_categories():
    model = classifier.train(synthetic_records(per_class=30, seed=7))

    rng = random.Random(99)  # unseen messages drawn from the same vocabularies
    categories = [c for c in VOCABULARY for _ in range(10)]
    results = classifier.predict(model, [synthetic_text(c, rng) for c in categories])

    assert [category for category, _ in results] == categories
    assert model.classes == sorted(VOCABULARY)
    # Calibrated probabilities: above chance for the winner, never outside (0, 1].
    assert all(1 / len(VOCABULARY) < confidence <= 1.0 for _, confidence in results)
