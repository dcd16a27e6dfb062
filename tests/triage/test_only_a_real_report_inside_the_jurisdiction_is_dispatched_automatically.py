"""Automatic dispatch only for a real report: however confident the model, a text of one
character repeated, of digits and symbols or of a word or two, and a place outside the
jurisdiction (非本辖区) wait for a dispatcher with the reason. Co-handlers come from the duty
keywords a report names, never from a place name that happens to contain one (文化路)."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext

from tests.triage.helpers import report
from tongxin.cases.models import Status
from tongxin.org.models import DutyKeyword
from tongxin.triage import quality, routing
from tongxin.triage.models import Decision
from tongxin.triage.services import hold_reasons, triage_case

NOT_REPORTS = {
    "repetitive": "啊" * 2000,
    "repeated phrase": "路灯不亮" * 50,
    "not_words": "1234567890 ###### 13812345678",
    "too_short": "路灯",
}


@pytest.mark.parametrize("text", list(NOT_REPORTS.values()), ids=list(NOT_REPORTS))
def test_a_text_that_is_not_a_report_waits_for_a_dispatcher(world, use_router, text):
    use_router(threshold=0.0)  # the model would send anything
    case = report(world, text[:200], description=text[200:])
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.ADJUDICATE
    assert case.status == Status.ADJUDICATING and case.lead_department is None
    note = case.events.get(action="adjudicate").note
    assert note == hold_reasons(case)[0]
    assert note.startswith(gettext("Smart triage: this does not read like a report (%(why)s); "
                                   "please check it.").split("%")[0])


def test_a_place_outside_the_jurisdiction_never_dispatches_itself(world, use_router):
    use_router(threshold=0.0)
    case = report(world, "路灯不亮", description="A街道路灯损坏很久了")
    type(case).objects.filter(pk=case.pk).update(outside_jurisdiction=True)
    result = triage_case(case_id=case.pk)
    case.refresh_from_db()
    assert result is not None and result.decision == Decision.ADJUDICATE
    assert case.events.get(action="adjudicate").note == gettext(
        "Smart triage: the place is outside the jurisdiction (非本辖区); please reject the case "
        "or pass it on.")


def test_a_real_report_still_dispatches_itself(world, use_router):
    use_router(threshold=0.5)
    case = report(world, "路灯不亮", description="A街道路灯损坏很久了")
    assert triage_case(case_id=case.pk).decision == Decision.AUTO


def test_real_reports_pass_the_checks():
    for text in ("路灯不亮", "小区门口路灯坏了好几天了，晚上很黑",
                 "Streetlight out at Main St and 5th, dark at night for a week"):
        assert quality.problems(text) == [], text


def test_a_road_named_after_a_duty_does_not_make_a_co_handler(world, use_router):
    # 区住建局 here also handles 文化 (say): 文化路 is a road, not a report about culture.
    DutyKeyword.objects.create(department=world.departments["zj"], keyword="文化")
    use_router(threshold=0.5)
    case = report(world, "文化路路灯不亮", description="文化路与解放路路口的路灯损坏很久了")
    result = triage_case(case_id=case.pk)
    assert result is not None and result.lead_department == world.departments["cg"]
    assert list(result.co_departments.all()) == []
    # Named as a duty, it counts.
    found = routing.keyword_scores("文化活动噪音扰民，文化路", {"zj": [("文化", 1.0)]})
    assert found == {"zj": (1.0, ("文化",))}
