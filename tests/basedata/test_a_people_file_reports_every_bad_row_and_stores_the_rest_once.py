"""Importing people: each bad row (wrong check digit, unknown grid, the same person twice in
one file, an unknown tag) is a row of the report and stores nothing; an ID typed with spaces
or a lowercase x is accepted; a second run creates nothing; a row that disagrees with the
stored person is a conflict, not an overwrite; a dry run stores nothing."""

import csv

from tests.basedata.people import citizen_id, write_csv, wrong_check_digit
from tongxin.basedata.importer import import_file
from tongxin.basedata.models import Enrollment, House, Household, Person


def _rows(world):
    a1, a2 = world.grids["A1"].code, world.grids["A2"].code
    x_id = next(n for n in (citizen_id(s) for s in range(300)) if n.endswith("X"))
    spaced = f"{x_id[:6]} {x_id[6:14]} {x_id[14:].lower()}"
    return [
        ["张三", citizen_id(1), a1, "13800138001", "建设路1号", "H-1", "户主", "独居老人"],
        ["张三妻", citizen_id(2), a1, "", "建设路1号", "H-1", "配偶", ""],
        ["李四", spaced, a2, "", "", "", "", "严重精神障碍:3"],
        ["王五", wrong_check_digit(citizen_id(4)), a1, "", "", "", "", ""],
        ["赵六", citizen_id(5), "999999", "", "", "", "", ""],
        ["张三又", citizen_id(1), a1, "", "", "", "", ""],
        ["钱七", citizen_id(7), a1, "", "", "", "", "不存在的标签"],
    ]


def test_bad_rows_are_reported_and_good_rows_stored_once(world, tmp_path):
    House.objects.create(code="H-1", grid=world.grids["A1"])
    path = write_csv(tmp_path / "people.csv", _rows(world))
    report = tmp_path / "report.csv"

    summary = import_file(kind="people", path=path, report=report)

    assert (summary.total, summary.created, summary.failed) == (7, 3, 4)
    problems = {(int(r["row"]), r["field"]) for r in csv.DictReader(
        report.open(encoding="utf-8-sig"))}
    assert problems == {(5, "公民身份号码"), (6, "网格编码"), (7, "公民身份号码"), (8, "标签")}
    assert not Person.objects.filter(name__in=["王五", "赵六", "张三又", "钱七"]).exists()

    household = Household.objects.get(house__code="H-1")
    assert household.head.name == "张三"
    assert set(household.members.values_list("name", flat=True)) == {"张三", "张三妻"}
    li = Person.objects.get(name="李四")
    assert li.id_number.endswith("X") and " " not in li.id_number
    assert Enrollment.objects.get(person=li).grade == 3

    again = import_file(kind="people", path=path)
    assert (again.created, again.skipped, again.conflicts) == (0, 3, 0)
    assert Person.objects.count() == 3


def test_a_row_that_disagrees_with_the_stored_person_is_a_conflict(world, tmp_path):
    a1, a2 = world.grids["A1"].code, world.grids["A2"].code
    import_file(kind="people", path=write_csv(tmp_path / "a.csv",
                                              [["张三", citizen_id(1), a1]]))
    summary = import_file(kind="people", path=write_csv(tmp_path / "b.csv",
                                                        [["张叁", citizen_id(1), a2]]))
    assert (summary.created, summary.conflicts) == (0, 1)
    assert summary.problems[0].field == "conflict"
    assert Person.objects.get().name == "张三"


def test_a_dry_run_stores_nothing(world, tmp_path):
    path = write_csv(tmp_path / "people.csv", [["张三", citizen_id(1), world.grids["A1"].code]])
    summary = import_file(kind="people", path=path, dry_run=True)
    assert summary.created == 1
    assert not Person.objects.exists()
