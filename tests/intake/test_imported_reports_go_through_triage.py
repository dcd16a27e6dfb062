"""Every report an import creates goes through smart triage right after the import, however
old its report date (the worker only triages recent reports): it waits in 研判中 with the
suggested units, their confidence and the reason, and an urgent one with its clock running.
A re-import creates nothing and triages nothing again."""

from io import StringIO

from django.core.management import call_command
from django.utils import translation

from tongxin.cases.models import Case, Status
from tongxin.triage.models import Decision, TriageResult

HEADER = "工单编号,诉求标题,诉求内容,所属街道,受理时间"
ROWS = [
    "GD101,路灯不亮,人民路路灯坏了三天,A街道,2024-03-05 08:30",
    "GD102,小区停水,整栋楼停水一天了,A街道,2024-03-05 09:00",
]


def run_import(path) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("import_cases", str(path), no_progress=True, stdout=out)
    return out.getvalue()


def test_imported_reports_wait_in_adjudication_with_suggestions_and_a_reason(world, tmp_path):
    source = tmp_path / "export.csv"
    source.write_text("\n".join([HEADER, *ROWS]), encoding="utf-8")

    output = run_import(source)

    assert "Triage: 0 dispatched automatically, 2 sent to adjudication, 0 failed." in output
    for case in Case.objects.select_related("triage"):
        assert case.status == Status.ADJUDICATING
        result = case.triage
        assert result.decision == Decision.ADJUDICATE
        assert result.suggestions and result.suggestions[0]["confidence"] > 0
        assert result.reason
    water = Case.objects.get(title="小区停水")
    assert water.triage.urgent and water.finish_deadline is not None

    again = run_import(source)

    assert "Triage:" not in again
    assert TriageResult.objects.count() == 2
