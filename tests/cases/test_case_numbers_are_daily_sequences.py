"""Case numbers read as the report's local (Asia/Shanghai) date and a sequence that restarts
every day: 2026092100001, 2026092100002, … 2026092200001."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction

from tongxin.cases.models import Case, DailySequence
from tongxin.cases.numbering import next_number
from tongxin.core.errors import ValidationFailed

from .loop import local, report


def test_numbers_count_up_within_a_day(world):
    numbers = [report(world, at=local(2026, 9, 21, h)).number for h in (9, 10, 23)]
    assert numbers == ["2026092100001", "2026092100002", "2026092100003"]


def test_each_day_starts_again_at_one(world):
    report(world, at=local(2026, 9, 21, 9))
    report(world, at=local(2026, 9, 21, 10))
    assert report(world, at=local(2026, 9, 22, 0, 1)).number == "2026092200001"
    assert report(world, at=local(2026, 9, 21, 11)).number == "2026092100003"  # late entry
    assert dict(DailySequence.objects.values_list("day", "last")) == {
        date(2026, 9, 21): 3, date(2026, 9, 22): 1,
    }


def test_the_day_is_the_local_day_not_the_utc_day(world):
    # 16:30 UTC on 21 September is 00:30 on 22 September in Shanghai.
    case = report(world, at=datetime(2026, 9, 21, 16, 30, tzinfo=UTC))
    assert case.number == "2026092200001"
    case = report(world, at=datetime(2026, 9, 21, 15, 59, tzinfo=UTC))  # 23:59 local
    assert case.number == "2026092100001"


def test_a_refused_report_uses_no_number(world):
    with pytest.raises(ValidationFailed):
        report(world, title="", at=local(2026, 9, 21, 9))
    assert report(world, at=local(2026, 9, 21, 9)).number == "2026092100001"


def test_numbers_are_unique_and_sort_like_the_reports(world):
    cases = [report(world, at=local(2026, 9, 21, 8, m)) for m in range(12)]
    numbers = [c.number for c in cases]
    assert numbers == sorted(numbers) and len(set(numbers)) == 12
    assert Case.objects.get(number="2026092100012") == cases[-1]


def test_the_sequence_widens_past_five_digits(db):
    DailySequence.objects.create(day=date(2026, 9, 21), last=99999)
    assert next_number(date(2026, 9, 21)) == "20260921100000"


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: the in-memory SQLite test database has one writer")
@pytest.mark.django_db(transaction=True)
def test_concurrent_reports_get_distinct_consecutive_numbers():
    """Eight reports at once on the first report of a new day (the counter row does not exist
    yet): each gets its own number, no gaps. PostgreSQL only (several real connections)."""
    day = date(2026, 9, 23)
    barrier = threading.Barrier(8)
    got: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                got.append(next_number(day))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(got) == [f"20260923{i:05d}" for i in range(1, 9)]
