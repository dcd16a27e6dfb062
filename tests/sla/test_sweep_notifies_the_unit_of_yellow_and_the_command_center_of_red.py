"""Warnings reach the in-app inbox after the sweep commits: a yellow warning the handlers of
the lead unit, a red alarm the command center (the unit hears of it through the automatic
supervision order)."""

from tests.supervision.helpers import dispatched, fast_passwords, local  # noqa: F401
from tongxin.notifications.models import Notification
from tongxin.notifications.services import unread_count
from tongxin.sla.sweep import sweep


def inbox(world, user, verb):
    return list(Notification.objects.filter(user=world.users[user], verb=verb))


def test_warnings_are_announced_after_commit(world, django_capture_on_commit_callbacks):
    case = dispatched(world, local(2026, 11, 16, 9))
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False) as pending:
        sweep(now=local(2026, 11, 20, 16, 6))
    assert pending and not Notification.objects.exists()  # nothing before the commit
    for callback in pending:
        callback()

    [yellow] = inbox(world, "handler", "warn_yellow")
    assert yellow.case_id == case.pk and case.number in yellow.message
    assert inbox(world, "handler_zj", "warn_yellow") == []  # another unit
    assert inbox(world, "street_a", "warn_yellow") == []

    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=local(2026, 11, 23, 17, 30))

    [red] = inbox(world, "street_a", "warn_red")  # the command center owning the case
    assert red.case_id == case.pk
    assert inbox(world, "street_b", "warn_red") == []
    assert inbox(world, "handler", "warn_red") == []
    assert len(inbox(world, "handler", "supervise")) == 1  # the automatic order instead
    assert unread_count(world.users["handler"].pk) == 2
