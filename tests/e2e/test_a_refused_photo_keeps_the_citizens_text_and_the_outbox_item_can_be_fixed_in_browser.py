"""A refused photo costs the citizen nothing: a file the server would refuse (not a photo,
video or voice note, or over its size) is refused as it is chosen, with the reason, and the
typed text stays; and a report the server still refuses stays in the outbox where the
citizen sees it with the reason and can put it back into the form to fix it, or delete it.
Issue 27 item 5."""

import pytest
from playwright.sync_api import expect

from tests.e2e.mobile import sign_in
from tongxin.cases.models import Case

pytestmark = pytest.mark.browser

TEXT = "3号楼门口的路灯连续两晚不亮，晚上走路很危险"


def test_a_file_that_is_not_a_photo_is_refused_at_once_and_the_text_stays(mobile, e2e_world,
                                                                          tmp_path):
    _context, page = mobile()
    sign_in(page, "citizen", "/portal/")
    page.fill("#r-text", TEXT)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    page.set_input_files("#r-photo", str(notes))
    expect(page.locator("[data-result][data-refused]")).to_contain_text("notes.txt")
    assert page.input_value("#r-text") == TEXT
    assert page.locator("[data-previews] .preview").count() == 0
    assert page.js_errors == []


def test_a_report_the_server_refuses_can_be_seen_fixed_or_deleted(mobile, e2e_world, tmp_path):
    _context, page = mobile()
    sign_in(page, "citizen", "/portal/")
    # Named and typed as a photo, so it passes the form's check; the server sniffs the bytes.
    fake = tmp_path / "light.png"
    fake.write_bytes(b"this is no png at all" * 10)
    page.fill("#r-text", TEXT)
    page.set_input_files("#r-photo", str(fake))
    page.click("[data-submit]")
    stuck = page.locator("[data-outbox-failed] [data-stuck]")
    expect(stuck).to_have_count(1)
    expect(stuck).to_contain_text(TEXT)
    # Not "waiting to send": it waits for the citizen, who sees why.
    expect(page.locator("[data-outbox-count]")).to_have_text("")

    stuck.locator("[data-stuck-fix]").click()
    expect(stuck).to_have_count(0)
    assert page.input_value("#r-text") == TEXT
    page.click("[data-submit]")  # now without the file
    page.locator("[data-result][data-number]").wait_for()
    assert Case.objects.count() == 1

    page.fill("#r-text", "第二条：" + TEXT)
    page.set_input_files("#r-photo", str(fake))
    page.click("[data-submit]")
    expect(stuck).to_have_count(1)
    stuck.locator("[data-stuck-delete]").click()
    expect(stuck).to_have_count(0)
    page.reload()
    expect(page.locator("[data-outbox-failed] [data-stuck]")).to_have_count(0)
    assert Case.objects.count() == 1
    assert page.js_errors == []
