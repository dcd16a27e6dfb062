"""The import draws a progress bar on stderr, leaving stdout for the summary."""

from io import StringIO

from django.core.management import call_command


def test_import_shows_a_progress_bar(world, tmp_path):
    source = tmp_path / "calls.csv"
    rows = [f"{i},路灯不亮 {i}" for i in range(3)]
    source.write_text("\n".join(["id,title", *rows]), encoding="utf-8")
    out, err = StringIO(), StringIO()

    call_command("import_cases", str(source), stdout=out, stderr=err)

    assert "100%" in err.getvalue() and "3/3" in err.getvalue()
    assert "%" not in out.getvalue() and "已创建 3 行" in out.getvalue()
