import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(settings.SHARED_DATA_DIR) / "regions"
SHIPPED = ROOT / "tongxin" / "demo" / "fixtures" / "zaozhuang_shizhong.json"

pytestmark = pytest.mark.skipif(
    not (DATA / "streets.csv").exists(), reason="shared reference data not available"
)


def builder():
    spec = importlib.util.spec_from_file_location(
        "build_region_fixture", ROOT / "scripts" / "build_region_fixture.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_fixture_builder_is_deterministic(tmp_path):
    build = builder().build
    build(DATA, tmp_path / "a.json")
    build(DATA, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_shipped_fixture_matches_a_fresh_build(tmp_path):
    builder().build(DATA, tmp_path / "fresh.json")
    fresh = json.loads((tmp_path / "fresh.json").read_text(encoding="utf-8"))["regions"]
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))["regions"]
    def names(rows):
        return [(r["code"], r["name"], r["level"], r["parent"]) for r in rows]

    assert names(fresh) == names(shipped)
