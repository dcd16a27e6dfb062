from datetime import timedelta

from django.utils import timezone
from shapely.geometry import Point, shape

from tests.demo.conftest import DEMO_CASES
from tongxin.cases.models import Case, CaseEvent, Channel, Rating, Status, Urgency
from tongxin.cases.workflow import Action
from tongxin.demo import areas, emergency, mediation


def test_demo_cases_cover_every_state(demo):
    # Beside the generated cases, the few that show routing by area and the 110 transfers,
    # the disputes, and the emergency's 12345 call (its task cases and the drill's are of
    # their own channels).
    tasks = (Channel.EMERGENCY, Channel.DRILL)
    assert Case.objects.exclude(channel__in=tasks).count() == (
        DEMO_CASES + len(areas.DEMO_REPORTS) + len(areas.TRANSFERS) + len(mediation.DISPUTES)
        + emergency.REAL_ORIGINS)
    assert Case.objects.filter(channel__in=tasks).exists()
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)


def test_demo_cases_come_through_every_channel_and_action(demo):
    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    actions = set(CaseEvent.objects.values_list("action", flat=True))
    assert {a.value for a in Action} <= actions


def test_every_case_has_a_consistent_trail_in_the_last_sixty_days(demo):
    now = timezone.now()
    for case in Case.objects.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].action == "report" and events[0].at == case.created_at
        for before, after in zip(events, events[1:], strict=False):
            # Later, or the same moment for a rule's follow-up (不满意 → its rework).
            assert before.at < after.at or (before.at == after.at and after.actor_id is None)
            assert after.from_status == before.to_status
        assert events[-1].to_status == case.status
        assert now - timedelta(days=60) <= case.created_at and events[-1].at < now


def test_demo_cases_lie_inside_their_grid(demo):
    for case in Case.objects.select_related("grid"):
        assert case.grid is not None
        assert shape(case.grid.geometry).contains(Point(case.lng, case.lat))


def test_demo_has_the_interesting_cases(demo):
    now = timezone.now()
    cases = Case.objects.all()
    assert cases.filter(urgency=Urgency.URGENT).exists()
    assert cases.filter(finish_deadline__lt=now,
                        status__in=[Status.DISPATCHED, Status.IN_PROGRESS]).exists()
    assert cases.filter(rework_count__gt=0).exists()
    assert cases.filter(return_count__gt=0).exists()
    assert cases.filter(merged_into__isnull=False).exists()
    assert cases.filter(referred=True).exists()
    assert cases.filter(street__name="矿区街道").count() >= DEMO_CASES // 10
    ratings = {e.data.get("rating") for e in CaseEvent.objects.filter(action="rate")}
    assert set(Rating.values) <= ratings


def test_reporters_are_obviously_fake(demo):
    phones = [p for p in Case.objects.values_list("reporter_phone", flat=True) if p]
    assert phones and all(p.startswith("1380000") and len(p) == 11 for p in phones)
