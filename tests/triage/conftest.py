"""A small real routing model for the triage tests, trained once per session.

Its gate is set by hand (`use_router(threshold=...)`): the tests check what triage does
above and below a threshold; how the threshold is chosen is tested on its own
(test_threshold_selection_keeps_auto_dispatch_precision.py) and measured in the bench.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tongxin.triage import classifier, routing

# Unit code → phrases the world's units handle (tests/world.py: cg 城管, zj 住建, sw 水务).
PHRASES = {
    "cg": ["路灯不亮", "路灯损坏", "占道经营", "路灯闪烁", "流动摊贩占道", "路灯倒了"],
    "zj": ["物业不作为", "房屋漏雨", "物业收费高", "房屋开裂", "物业不修电梯", "房屋质量差"],
    "sw": ["小区停水", "供水不足", "水管爆裂停水", "供水水压低", "突然停水", "供水浑浊"],
}
PLACES = ["A街道", "B街道", "中心街道"]


def training_records() -> list[classifier.Record]:
    records = []
    for code, phrases in PHRASES.items():
        for i, phrase in enumerate(phrases):
            for j, place in enumerate(PLACES):
                text = routing.routing_text(text=f"{place}{phrase}，请尽快处理", place=place)
                records.append(classifier.Record(f"{code}-{i}-{j}", text, code))
    return records


@pytest.fixture(scope="session")
def trained_router(tmp_path_factory) -> Path:
    model = classifier.train(training_records())
    return classifier.save(model, tmp_path_factory.mktemp("router"))


@pytest.fixture
def use_router(trained_router, settings, tmp_path):
    """Point triage at a copy of the trained model with the given auto-dispatch threshold."""

    def install(threshold: float) -> Path:
        target = tmp_path / "router"
        shutil.copytree(trained_router, target, dirs_exist_ok=True)
        model = classifier.load(target)
        model.meta["auto_dispatch"] = {"threshold": threshold}
        classifier.save(model, target)
        settings.TONGXIN_TRIAGE_ROUTING_MODEL = str(target)
        return target

    return install


@pytest.fixture(autouse=True)
def no_router_by_default(settings, tmp_path):
    # Never pick up a model trained on the developer's machine under var/.
    settings.TONGXIN_TRIAGE_ROUTING_MODEL = str(tmp_path / "no-router")
