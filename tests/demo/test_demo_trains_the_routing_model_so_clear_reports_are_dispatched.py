"""`tongxin demo` ends by training the routing model from its dispatched cases (once: a rerun
on the same cases keeps it), so a clear new report in the demo is dispatched automatically;
without demo cases nothing is trained."""

import json
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext

from tests.demo.conftest import load_demo
from tongxin.cases.models import Channel, Status
from tongxin.cases.services import NewCase, create_case
from tongxin.regions.models import Level, Region
from tongxin.triage.classifier import META_FILE, MODEL_FILE
from tongxin.triage.models import Decision
from tongxin.triage.services import triage_case

# Enough dispatched cases per unit for cross-validation to find a safe threshold.
CASES = 300


def test_demo_trains_the_routing_model_so_clear_reports_are_dispatched(db, settings):
    load_demo("--cases", str(CASES))
    model_dir = Path(settings.TONGXIN_TRIAGE_ROUTING_MODEL)
    assert (model_dir / MODEL_FILE).is_file()
    meta = json.loads((model_dir / META_FILE).read_text(encoding="utf-8"))
    assert meta["kind"] == "routing" and meta["auto_dispatch"]["threshold"] <= 1.0
    stamp = (model_dir / MODEL_FILE).stat().st_mtime_ns
    with translation.override("en"):
        again = load_demo("--cases", str(CASES))
    assert "already trained" in again
    assert (model_dir / MODEL_FILE).stat().st_mtime_ns == stamp

    community = Region.objects.filter(level=Level.COMMUNITY).order_by("code").first()
    case = create_case(actor=None, new=NewCase(
        channel=Channel.HOTLINE, title="解放路流动摊贩占道经营", region=community,
        description="每天傍晚解放路文化广场附近有十几个流动摊贩占道摆摊，把人行道都占了"))
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.AUTO, result.suggestions
    assert case.status == Status.DISPATCHED and case.lead_department is not None
    assert case.lead_department.code == "chengguan"


def test_without_demo_cases_no_model_is_trained(demo_base, settings):
    assert gettext("No demo cases: no routing model trained, so triage only suggests "
                   "units.") in demo_base
