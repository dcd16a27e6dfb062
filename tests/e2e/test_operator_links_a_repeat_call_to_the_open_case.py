"""A hotline operator takes a call: the caller's history and a similar open case appear while
typing, and the repeat call is linked to that case instead of becoming a second case. A new
matter is then recorded with Ctrl+Enter, and a consultation is closed from the knowledge base."""

import pytest
from playwright.sync_api import expect

from tests.e2e.mobile import sign_in
from tongxin.cases.models import Case
from tongxin.cases.services import NewCase, create_case
from tongxin.hotline.models import KnowledgeArticle

pytestmark = pytest.mark.browser
CALLER = "13900001111"


def test_operator_links_a_repeat_call_to_the_open_case(mobile, e2e_world, shoot):
    w = e2e_world
    first = create_case(actor=w.user("operator"), new=NewCase(
        channel="hotline", title="幸福小区3号楼停水两天",
        description="整栋楼没有水，物业说不清楚原因。",
        reporter_name="李女士", reporter_phone=CALLER, region=w.communities["A1"]))
    KnowledgeArticle.objects.create(
        question="居住证怎么办理？",
        answer="持身份证和租房合同到社区服务中心办理，当场受理，10个工作日取证。")
    _context, page = mobile()
    sign_in(page, "operator", "/hotline/")
    page.wait_for_selector("[data-call-form]")

    page.fill("#c-phone", CALLER)
    page.locator(f"[data-history] [data-case-number='{first.number}']").wait_for()
    page.fill("#c-name", "李女士")
    page.fill("#c-title", "幸福小区停水还没有恢复")
    similar = page.locator(f"[data-similar] [data-case-number='{first.number}']")
    similar.wait_for()
    shoot(page, "hotline-similar-case")
    similar.locator("[data-link-case]").click()
    # Locator waits, not wait_for_function strings: the strict CSP forbids eval in the page.
    expect(page.locator("[data-call-result]")).to_contain_text(first.number)
    shoot(page, "hotline-call-linked")

    assert Case.objects.count() == 1  # linked, not duplicated
    event = first.events.get(action="repeat_call")
    assert event.actor == w.user("operator")
    assert event.from_status == event.to_status == "reported"
    assert "停水还没有恢复" in event.note

    # A different matter: recorded with the keyboard, stored once.
    page.fill("#c-phone", "13700002222")
    page.fill("#c-title", "人民路夜间施工噪音扰民")
    page.keyboard.press("Control+Enter")
    expect(page.locator("[data-call-result]")).to_contain_text("已登记")
    assert Case.objects.filter(title="人民路夜间施工噪音扰民", channel="hotline").count() == 1

    # A consultation answered from the knowledge base: recorded and closed at once.
    page.fill("#c-phone", "13600003333")
    page.fill("#c-title", "居住证办理")
    answer = page.locator("[data-kb] [data-answer]").first
    answer.wait_for()
    shoot(page, "hotline-knowledge-base")
    answer.click()
    expect(page.locator("[data-call-result]")).to_contain_text("结")
    consult = Case.objects.get(title="居住证办理")
    assert consult.status == "closed" and "社区服务中心" in consult.result
    assert Case.objects.count() == 3
    assert page.js_errors == []
