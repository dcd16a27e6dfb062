"""Warnings reach the in-app inbox in the sweep's own transaction: a yellow warning the
handlers of the lead unit, a red alarm the command center (the unit hears of it through the
automatic supervision order). Written with the warning, so they commit or roll back with
it."""

from tests.supervision.helpers import dispatched, fast_passwords, local  # noqa: F401
from tongxin.cases.sweep import sweep
from tongxin.notifications.models import Notification
from tongxin.notifications.services import unread_count


def inbox(world, user, verb):
    return list(Notification.objects.filter(user=world.users[user], verb=verb))


def test_warnings_are_announced_with_the_warning(world, django_capture_on_commit_callbacks):
    case = dispatched(world, local(2026, 11, 16, 9))
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False):
        sweep(now=local(2026, 11, 20, 16, 6))
        # Written before any commit callback could run: nothing waits for the commit.
        assert Notification.objects.filter(verb="warn_yellow").exists()

    [yellow] = inbox(world, "handler", "warn_yellow")
    assert yellow.case_id == case.pk and case.number in yellow.message
    assert yellow.created_at == local(2026, 11, 20, 16, 6)  # the sweep's moment
    assert inbox(world, "handler_zj", "warn_yellow") == []  # another unit
    assert inbox(world, "street_a", "warn_yellow") == []

    sweep(now=local(2026, 11, 23, 17, 30))

    [red] = inbox(world, "street_a", "warn_red")  # the command center owning the case
    assert red.case_id == case.pk
    assert inbox(world, "street_b", "warn_red") == []
    assert inbox(world, "handler", "warn_red") == []
    assert len(inbox(world, "handler", "supervise")) == 1  # the automatic order instead
    assert unread_count(world.users["handler"].pk) == 2
