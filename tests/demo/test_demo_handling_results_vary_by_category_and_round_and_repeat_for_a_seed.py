"""The demo's handling results (办结反馈 and on-the-spot notes) read like different people
handling different matters: they vary by category and by the round of the case (a reply after
a 不满意 or a failed check says it was done again), and the same seed at the same moment
writes the same texts."""

from django.db import transaction
from django.utils import timezone

from tongxin.cases.models import CaseEvent
from tongxin.demo import texts
from tongxin.demo.cases import generate_cases
from tongxin.demo.loader import Report, load_base


def replies(action: str):
    return list(CaseEvent.objects.filter(action=action).order_by("case__number", "pk")
                .values_list("case__category__name", "note"))


def test_replies_differ_between_categories_and_say_when_the_case_was_reworked(demo):
    rows = replies("reply")
    notes = [note for _category, note in rows]
    assert len(set(notes)) >= 0.8 * len(notes)  # hardly a sentence said twice
    by_category: dict[str, set[str]] = {}
    for category, note in rows:
        by_category.setdefault(category, set()).add(note)
    for one, mine in by_category.items():
        for other, theirs in by_category.items():
            assert one == other or not mine & theirs, (one, other)

    again = [*texts.LEAD_INS["rework"], *texts.LEAD_INS["redo"]]
    reworked = CaseEvent.objects.filter(action="reply", case__events__action="reopen").distinct()
    later = [e for e in reworked if e.pk != e.case.events.filter(action="reply").first().pk]
    assert later, "the demo reworks some cases"
    assert all(e.note.startswith(tuple(again)) for e in later)


def test_grid_workers_close_different_matters_with_different_notes(demo):
    notes = {note for _category, note in replies("close_on_spot")}
    assert len(notes) > 1


def test_the_same_seed_and_moment_write_the_same_results(demo_base):
    base = load_base(Report())
    now = timezone.now()

    def run() -> list[tuple[str, str, str]]:
        with transaction.atomic():
            generate_cases(base, 40, seed=7, now=now)
            rows = list(CaseEvent.objects.filter(action__in=["reply", "close_on_spot"])
                        .order_by("case__number", "pk")
                        .values_list("case__number", "action", "note"))
            transaction.set_rollback(True)
        return rows

    first = run()
    assert first and first == run()
