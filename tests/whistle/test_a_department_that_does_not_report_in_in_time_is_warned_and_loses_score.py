"""吹哨报到: the street calls two departments to a case; one reports in within the 30 minutes,
the other does not — the worker's sweep marks its miss once (however often it runs), its
handlers are warned in the inbox, the street hears of it, and its unit score drops."""

from datetime import timedelta

from tests.cases.loop import act, drive, local
from tongxin.cases.models import CaseEvent
from tongxin.notifications.models import Notification
from tongxin.scoring.scores import unit_ranking
from tongxin.whistle.models import WhistleCall
from tongxin.whistle.services import acknowledge, miss_overdue

T0 = local(2026, 9, 21, 10)


def test_the_late_department_is_warned_once_and_its_score_drops(world, settings):
    settings.TONGXIN_WHISTLE_MISS_POINTS = 5
    case = drive(world, "in_progress", at=T0)
    zj, sw = world.departments["zj"], world.departments["sw"]
    act(world, case, "whistle", "street_a", at=T0, co_departments=[zj, sw], note="积水严重")

    calls = {c.department_id: c for c in WhistleCall.objects.filter(case=case)}
    assert set(calls) == {zj.pk, sw.pk}
    assert calls[zj.pk].due_at == T0 + timedelta(minutes=30)
    assert set(case.co_departments.values_list("pk", flat=True)) == {zj.pk, sw.pk}
    # The called units' handlers hear of the whistle.
    assert Notification.objects.filter(user=world.users["handler_zj"], verb="whistle").exists()

    acknowledge(call_id=calls[zj.pk].pk, actor=world.user("handler_zj"), at=T0 + timedelta(
        minutes=10))
    assert miss_overdue(now=T0 + timedelta(minutes=29)) == {"missed": 0}

    before = {r["key"]: r["score"] for r in _ranking(world)}
    # 区水务局 has no handler in the test world: give it one to be warned.
    from tongxin.accounts.models import Membership, Role, User

    sw_handler = User.objects.create_user(username="handler_sw", password="x")
    Membership.objects.create(user=sw_handler, role=Role.HANDLER, department=sw)

    assert miss_overdue(now=T0 + timedelta(minutes=31)) == {"missed": 1}
    assert miss_overdue(now=T0 + timedelta(minutes=40)) == {"missed": 0}  # once only

    missed = CaseEvent.objects.filter(case=case, action="whistle_missed").get()
    assert missed.data["department_id"] == sw.pk
    assert Notification.objects.filter(user=sw_handler, verb="whistle_missed").count() == 1
    assert Notification.objects.filter(user=world.users["street_a"],
                                       verb="whistle_missed").count() == 1
    assert not Notification.objects.filter(user=world.users["handler_zj"],
                                           verb="whistle_missed").exists()
    assert CaseEvent.objects.filter(case=case, action="whistle_ack").count() == 1

    rows = {r["key"]: r for r in _ranking(world)}
    assert rows[zj.pk]["whistle_missed"] == 0 and rows[zj.pk]["score"] == before[zj.pk]
    assert rows[sw.pk]["whistle_missed"] == 1
    assert rows[sw.pk]["score"] == round(max(0.0, before[sw.pk] - 5), 2)


def _ranking(world):
    from tongxin.cases.models import Case

    # 区水务局 and 区住建局 each lead one case of the month, so both are ranked.
    if not Case.objects.filter(lead_department=world.departments["sw"]).exists():
        for code in ("sw", "zj"):
            c = drive(world, "dispatched", at=T0)
            act(world, c, "reassign", "street_a", at=T0, lead_department=world.departments[
                code], note="改派")
    return unit_ranking(Case.objects.all(), start=local(2026, 9, 1), end=local(2026, 10, 1),
                        as_of=local(2026, 9, 30), month=local(2026, 9, 1).date())
