"""The 回访 form chooses nothing for the caller: every row starts on an empty choice, 记录
without an answer records nothing (the browser asks for one, and the server refuses it too),
and only the answer the operator picks is recorded. A pre-selected 满意 inflated 满意率.
Issue 27 item 4."""

import pytest
from playwright.sync_api import expect

from tests.cases.loop import drive
from tests.e2e.browser_steps import log_in
from tests.world import PASSWORD
from tongxin.cases.models import Case, Channel
from tongxin.cases.workflow import State
from tongxin.feedback.models import ReturnVisit
from tongxin.feedback.services import open_visits

pytestmark = pytest.mark.browser


def test_no_rating_is_chosen_until_the_operator_picks_one(page, e2e_world):
    cases = [drive(e2e_world, State.CLOSED, channel=Channel.HOTLINE,
                   reporter_phone=f"1390000000{i}") for i in range(2)]
    open_visits()
    log_in(page, "operator")
    page.goto("/feedback/callbacks/")
    selects = page.locator("[data-testid=visit-rating]")
    expect(selects).to_have_count(2)
    for i in range(2):
        assert selects.nth(i).input_value() == ""

    row = page.locator("tr[data-visit]").first
    row.locator("form[action$='/answer/'] button.btn-secondary").click()  # 记录 with no answer
    assert row.locator("select:invalid").count() == 1
    assert not Case.objects.exclude(rating="").exists()

    row.locator("select").select_option("basically")
    with page.expect_navigation():
        row.locator("form[action$='/answer/'] button.btn-secondary").click()
    rated = {c.pk: c.rating for c in Case.objects.filter(pk__in=[c.pk for c in cases])}
    assert sorted(rated.values()) == ["", "basically"]
    assert page.js_errors == []


def test_the_server_refuses_an_answer_without_a_rating(client, e2e_world):
    drive(e2e_world, State.CLOSED, channel=Channel.HOTLINE, reporter_phone="13900000009")
    open_visits()
    client.login(username="operator", password=PASSWORD)
    visit = ReturnVisit.objects.get()
    client.post(f"/feedback/visits/{visit.pk}/answer/", {"rating": ""})
    assert Case.objects.get().rating == ""
