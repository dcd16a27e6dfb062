"""The automatic-dispatch threshold is chosen by cross-validation on part of the history and
then measured on a held-out share of every unit's examples that neither the model nor the
threshold has seen. It stands only if that measured precision reaches 97 %, and it is never
below the confidence at which the model expects to be right more often than wrong."""

from __future__ import annotations

from tests.triage.conftest import training_records
from tongxin.triage import routing


def test_held_out_rows_are_a_share_of_every_unit_and_apart_from_the_rest():
    records = training_records()
    kept, held = routing.split_held_out(records, share=0.2, seed=1)
    assert {r.id for r in kept}.isdisjoint({r.id for r in held})
    assert len(kept) + len(held) == len(records)
    for unit in ("cg", "zj", "sw"):
        assert sum(r.category == unit for r in held) == 3  # 20 % of 18


def test_the_threshold_is_measured_on_held_out_rows_and_kept_when_it_holds():
    model = routing.train_router(training_records(), folds=3)
    auto = model.meta["auto_dispatch"]
    held = auto["held_out"]
    assert held["n"] == 9
    assert auto["threshold"] >= routing.MIN_THRESHOLD
    if auto["threshold"] <= 1.0 and held["auto"]:
        assert held["precision"] >= routing.TARGET_PRECISION


def test_a_threshold_that_fails_on_held_out_rows_dispatches_nothing(monkeypatch):
    monkeypatch.setattr(routing, "held_out_check", lambda model, held, threshold: {
        "n": len(held), "auto": len(held), "precision": 0.9, "share": 1.0})
    model = routing.train_router(training_records(), folds=3)
    assert model.meta["auto_dispatch"]["threshold"] == routing.NEVER
    assert model.meta["auto_dispatch"]["held_out"]["precision"] == 0.9
