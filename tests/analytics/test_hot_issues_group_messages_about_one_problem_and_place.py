"""Hot issues: messages about the same problem at the same place form one issue, ranked by
a heat index that grows with volume, recency and votes; the CSV command writes the table
and refuses a missing file with exit code 2."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tongxin.analytics.hot import Message, heat_index, hot_issues

T0 = datetime(2019, 11, 1, 9)


def msgs():
    mixer = [Message(f"m{i}", "A市A2区丽发新城小区旁搅拌站噪音扰民",
                     f"丽发新城附近搅拌站夜间施工噪音粉尘严重第{i}次", T0 + timedelta(days=i),
                     votes=i, author=f"u{i}") for i in range(6)]
    school = [Message(f"s{i}", "A市A7县第三中学违规补课收费", "学校周末强制补课收费学生家长负担重",
                      T0 - timedelta(days=200 + i), author=f"p{i}") for i in range(3)]
    other = [Message("x1", "咨询社保转移", "社保关系如何转移到外地", T0),
             Message("x2", "公交线路建议", "建议增加夜班公交线路", T0)]
    return mixer + school + other


def test_hot_issues_group_messages_about_one_problem_and_place():
    issues = hot_issues(msgs())
    assert [sorted(i.ids) for i in issues[:2]] == [
        sorted(f"m{i}" for i in range(6)), sorted(f"s{i}" for i in range(3))]
    assert issues[0].heat > issues[1].heat
    assert "丽发新城小区" in issues[0].places or "丽发新城" in "".join(issues[0].places)
    assert issues[0].first == T0 and issues[0].last == T0 + timedelta(days=5)


def test_heat_grows_with_volume_recency_and_votes():
    base = heat_index([T0, T0], [0, 0], 2, T0)
    assert heat_index([T0, T0, T0], [0, 0, 0], 2, T0) > base
    assert heat_index([T0 - timedelta(days=60)] * 2, [0, 0], 2, T0) < base
    assert heat_index([T0, T0], [5, 5], 2, T0) > base


def test_hot_issue_command_writes_the_table(tmp_path):
    source = tmp_path / "m.csv"
    lines = ["id,user,subject,created,text,downvotes,upvotes"] + [
        f"{m.id},{m.author},{m.subject},{m.at:%Y/%m/%d %H:%M:%S},{m.text},0,{m.votes}"
        for m in msgs()]
    source.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "hot.md"
    call_command("analytics", "hot-issues", "--csv", str(source), "--out", str(out),
                 stdout=StringIO())
    table = out.read_text(encoding="utf-8")
    assert "| 1 |" in table and "m0, m1, m2, m3, m4, m5 (6)" in table
    assert "夜间施工噪音粉尘严重" not in table  # keywords, not quotations


def test_hot_issue_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("analytics", "hot-issues", "--csv", str(tmp_path / "nope.csv"))
    assert error.value.returncode == 2
