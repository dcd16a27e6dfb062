"""Importing a file again creates nothing twice: rows are known by the source system's id,
or by a hash of their content when the export has no id column."""

from io import StringIO

from django.core.management import call_command
from django.utils import translation

from tongxin.cases.models import Case
from tongxin.intake.models import ImportedRow


def _import(path, **options) -> str:
    out = StringIO()
    with translation.override("en"):  # the summary is asserted in English
        call_command("import_cases", str(path), no_progress=True, stdout=out, **options)
    return out.getvalue()


def test_rows_without_an_id_are_known_by_their_content(world, tmp_path):
    source = tmp_path / "calls.csv"
    rows = ["诉求标题,诉求内容", "路灯不亮,人民路", "停水,幸福小区", "路灯不亮,人民路"]
    source.write_text("\n".join(rows), encoding="utf-8-sig")

    assert "3 rows: 2 created, 1 imported before" in _import(source)
    assert "3 rows: 0 created, 3 imported before" in _import(source)
    assert Case.objects.count() == 2 and ImportedRow.objects.count() == 2


def test_rows_with_an_id_are_known_by_it_even_when_edited(world, tmp_path):
    source = tmp_path / "calls.csv"
    source.write_text("工单编号,诉求标题\nGD1,路灯不亮\nGD2,停水\n", encoding="utf-8")
    _import(source)
    # A later export: GD1 was edited in the old system, GD3 is new.
    source.write_text("工单编号,诉求标题\nGD1,路灯不亮（已修改）\nGD3,噪音\n", encoding="utf-8")

    assert "2 rows: 1 created, 1 imported before" in _import(source)
    assert sorted(Case.objects.values_list("title", flat=True)) == ["停水", "噪音", "路灯不亮"]


def test_a_dry_run_stores_nothing(world, tmp_path):
    source = tmp_path / "calls.csv"
    source.write_text("title\nA\nB\n", encoding="utf-8")

    assert "2 rows: 2 would be created" in _import(source, dry_run=True)
    assert not Case.objects.exists() and not ImportedRow.objects.exists()
