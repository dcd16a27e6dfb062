"""The inbox lists the user's own notifications, newest first; opening one marks it read and
goes to the case; the unread count in the sidebar follows."""

import pytest
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(world):
    case = make_case(world, state="dispatched")
    Notification.objects.all().delete()  # only the two below, not the loop's own
    mine = Notification.objects.create(user=world.users["handler"], case=case, verb="dispatch",
                                       message=f"Case {case.number}: dispatch")
    other = Notification.objects.create(user=world.users["handler_zj"], case=case,
                                        verb="dispatch", message="not yours")
    return case, mine, other


def test_inbox_lists_own_notifications_with_action_labels(world, login, inbox):
    case, mine, other = inbox
    html = login("handler").get(reverse("workbench:notifications")).content.decode()
    assert case.number in html
    assert "派遣" in html
    assert f"/notifications/{mine.pk}/open/" in html
    assert f"/notifications/{other.pk}/open/" not in html
    assert '<span class="count is-unread"' in html


def test_opening_marks_read_and_goes_to_the_case(world, login, inbox):
    case, mine, _other = inbox
    client = login("handler")
    response = client.post(reverse("workbench:notification_open", args=[mine.pk]))

    assert response["Location"] == reverse("workbench:case", args=[case.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    html = client.get(reverse("workbench:notifications")).content.decode()
    assert '<span class="count is-unread"' not in html


def test_someone_elses_notification_is_404(world, login, inbox):
    _case, _mine, other = inbox
    response = login("handler").post(reverse("workbench:notification_open", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read_touches_only_own_rows(world, login, inbox):
    _case, mine, other = inbox
    login("handler").post(reverse("workbench:notifications_read_all"))
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None
    assert other.read_at is None


def test_deadline_and_supervision_notifications_show_their_sentence(world, login):
    case = make_case(world, state="in_progress")
    Notification.objects.create(user=world.users["handler"], case=case, verb="warn_yellow",
                                message=f"案件 {case.number}：黄色预警，请于 11-27 17:30 前办结")
    html = login("handler").get(reverse("workbench:notifications")).content.decode()
    assert "黄色预警" in html
    assert "请于 11-27 17:30 前办结" in html


def test_raw_action_codes_are_not_shown(world, login, inbox):
    case, mine, _other = inbox
    Notification.objects.filter(pk=mine.pk).update(message=f"案件 {case.number}：dispatch")
    html = login("handler").get(reverse("workbench:notifications")).content.decode()
    assert "：dispatch" not in html and ": dispatch" not in html
