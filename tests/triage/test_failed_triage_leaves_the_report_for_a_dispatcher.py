"""Triage must never lose a report: if it fails, the case stays `reported` with the error."""

import logging

from tests.triage.helpers import report
from tongxin.cases.models import Status
from tongxin.triage import services
from tongxin.triage.models import Decision, TriageResult


def test_an_error_keeps_the_case_reported_and_is_logged(world, monkeypatch, caplog):
    def broken(case, category=None):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(services, "route", broken)
    case = report(world, "小区停水")
    with caplog.at_level(logging.ERROR, logger="tongxin.triage"):
        counts = services.triage_new_cases()
    case.refresh_from_db()
    assert counts["failed"] == 1
    assert case.status == Status.REPORTED
    assert [e.action for e in case.events.all()] == ["report"]
    result = TriageResult.objects.get(case=case)
    assert result.decision == Decision.FAILED and "model file unreadable" in result.error
    assert "triage of case" in caplog.text
    # The worker does not retry it every round; a person takes over.
    assert services.triage_new_cases() == {"auto": 0, "adjudicate": 0, "failed": 0}
