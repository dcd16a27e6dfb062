"""The automatic-dispatch threshold keeps the automatic set right at least 97 % of the time."""

import numpy as np

from tongxin.triage import routing


def built_set(seed: int = 3, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """Confidences with a known link to correctness: P(right | c) = 1 - (1 - c) / 3, so only
    the cases above c ≈ 0.9 are right 97 % of the time."""
    rng = np.random.default_rng(seed)
    conf = rng.uniform(0.3, 1.0, n)
    return conf, rng.uniform(size=n) < 1 - (1 - conf) / 3


def test_the_widest_prefix_meeting_the_target_is_chosen():
    conf = [0.99, 0.98, 0.97, 0.9, 0.8, 0.7]
    right = [True, True, True, True, False, True]
    plain = routing.choose_threshold(conf, right, target=0.8, z=0)
    # Six cases at 0.7 are 5/6 right (0.83); all of them qualify.
    assert (plain.threshold, plain.auto, plain.share) == (0.7, 6, 1.0)
    strict = routing.choose_threshold(conf, right, target=0.9, z=0)
    assert (strict.threshold, strict.auto, strict.precision) == (0.9, 4, 1.0)


def test_ties_go_in_or_out_together():
    choice = routing.choose_threshold([0.9, 0.9, 0.8], [True, False, True], target=0.9, z=0)
    assert choice.threshold == routing.NEVER and choice.auto == 0


def test_the_lower_bound_asks_for_more_evidence_than_the_plain_share():
    conf, right = built_set()
    plain = routing.choose_threshold(conf, right, z=0)
    bounded = routing.choose_threshold(conf, right)
    assert plain.precision >= 0.97 and bounded.precision >= 0.97
    assert bounded.threshold > plain.threshold and bounded.share < plain.share


def test_held_out_folds_are_right_at_least_97_percent():
    conf, right = built_set()
    check = routing.cross_validated_threshold(conf, right, folds=5)
    assert check.precision >= 0.97
    assert 0.0 < check.share < 1.0
    assert check.auto == sum(f["auto"] for f in check.per_fold)
    assert check.final is not None and 0.8 < check.final.threshold < 1.0


def test_a_model_that_is_never_sure_dispatches_nothing():
    conf = np.full(100, 0.6)
    check = routing.cross_validated_threshold(conf, np.arange(100) % 2 == 0)
    assert check.auto == 0 and check.share == 0.0 and check.final.threshold == routing.NEVER
