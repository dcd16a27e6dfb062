"""The grid worker opens the field app, sees another person's overdue visit as a red
warning, records a visit offline that proposes a new phone number, and comes back online:
the visit arrives once. The community administrator accepts the change in the workbench and
the person's record shows it as a version (masked like the record)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.basedata.people import person
from tests.e2e.mobile import sign_in
from tests.e2e.waiting import wait_until
from tongxin.basedata.models import ChangeRecord, Enrollment, Person, Tag, Visit

pytestmark = pytest.mark.browser


def test_offline_visit_proposes_a_change_the_administrator_accepts(mobile, page, e2e_world,
                                                                    shoot, settings):
    # Administrators sign in with a second factor; that step has its own tests (security).
    settings.TONGXIN_TOTP_ROLES = []
    a1 = e2e_world.grids["A1"]
    zhang, li = person(a1, 1, name="张三", phone="13800000001"), person(a1, 2, name="李四")
    now, lonely = timezone.now(), Tag.objects.get(name="独居老人")
    Enrollment.objects.create(person=zhang, tag=lonely, since=now,
                              next_visit_due=now + timedelta(days=2))
    Enrollment.objects.create(person=li, tag=lonely, since=now,
                              next_visit_due=now - timedelta(days=5))

    context, phone = mobile(service_workers="block")
    sign_in(phone, "grid_a1", "/field/")
    overdue = phone.locator(f"[data-due-person='{li.pk}'] [data-warning=overdue]")
    overdue.wait_for()
    assert "5" in overdue.inner_text()
    shoot(phone, "field-visits-due")

    context.set_offline(True)
    phone.wait_for_selector(".net-status.is-offline")
    row = phone.locator(f"[data-due-person='{zhang.pk}']")
    row.locator("summary").click()
    row.locator("textarea[name=note]").fill("老人身体尚可，换了手机号")
    row.locator("select[name=field]").select_option("phone")
    row.locator("input[name=value]").fill("13900000002")
    row.locator("input[name=reason]").fill("本人告知")
    row.locator("button[type=submit]").click()
    phone.locator("[data-outbox-item=person_visit]").wait_for()
    shoot(phone, "field-visit-queued-offline")
    assert not Visit.objects.exists()

    context.set_offline(False)
    wait_until(phone, "() => !document.querySelector('.net-status.is-offline')")
    phone.evaluate("window.Outbox.flush()")
    phone.locator("[data-outbox-empty]:not([hidden])").wait_for()
    assert Visit.objects.count() == 1
    assert phone.js_errors == []

    sign_in(page, "admin", "/base/proposals/")
    proposal = page.locator("[data-proposal]")
    assert "13900000002" in proposal.inner_text()
    shoot(page, "administrator-proposals")
    with page.expect_navigation():
        proposal.locator("button[value=accept]").click()
    page.goto(f"/base/people/{zhang.pk}/")
    change = page.locator("[data-change=phone]")
    assert "139****0002" in change.inner_text() and "本人告知" in change.inner_text()
    shoot(page, "person-record-with-version")

    assert Person.objects.get(pk=zhang.pk).phone == "13900000002"
    assert ChangeRecord.objects.get().by == e2e_world.user("admin")
    assert page.js_errors == []
