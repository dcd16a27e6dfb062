"""Each role lands where its work is when it signs in at the staff login (/login/): a citizen
in the portal (not the staff workbench), a grid worker in the field app, an operator at the
hotline console, a leader on the dashboard, the system administrator in the admin, the audit
administrator on the audit log, a dispatcher on the queue. Issue 27 item 7."""

import pytest

from tests.world import PASSWORD
from tongxin.accounts.models import Membership, Role, User

pytestmark = pytest.mark.browser

LANDS = [
    ("citizen", "/portal/"),
    ("grid_a1", "/field/"),
    ("operator", "/hotline/"),
    ("leader", "/analytics/"),
    ("sysadmin", "/admin/"),
    ("auditadmin", "/security/audit/"),
    ("dispatcher", "/cases/?queue=reported"),
    ("handler", "/cases/?queue=dispatched"),
]


def sign_in_at_the_staff_login(page, username: str, query: str = "") -> str:
    page.goto(f"/login/{query}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form[action^='/login/'] button[type=submit]")
    page.wait_for_load_state()
    return page.url.split(page.url.split("/")[2], 1)[1]


@pytest.fixture
def administrators(e2e_world, settings):
    settings.TONGXIN_TOTP_ROLES = []  # the second factor has its own tests (tests/security)
    for username, role in (("sysadmin", Role.SYSADMIN), ("auditadmin", Role.AUDITADMIN)):
        user = User.objects.create_user(username=username, password=PASSWORD,
                                        is_staff=role == Role.SYSADMIN)
        Membership.objects.create(user=user, role=role, region=e2e_world.district)


@pytest.mark.parametrize(("username", "landing"), LANDS, ids=[u for u, _ in LANDS])
def test_each_role_lands_where_its_work_is(page, e2e_world, administrators, username, landing):
    assert sign_in_at_the_staff_login(page, username) == landing
    assert page.locator("body").inner_text().strip()
    assert page.js_errors == []


def test_a_citizen_asking_for_a_staff_page_is_sent_to_the_portal(page, e2e_world):
    page.goto("/login/")
    assert page.get_attribute("[data-testid=to-portal]", "href") == "/portal/"
    assert sign_in_at_the_staff_login(page, "citizen", "?next=/cases/") == "/portal/"
    assert page.locator("[data-report-form]").count() == 1
    # A portal page asked for is kept.
    page.context.clear_cookies()
    assert sign_in_at_the_staff_login(page, "citizen", "?next=/portal/cases/") == "/portal/cases/"


def test_staff_asking_for_a_page_get_that_page(page, e2e_world):
    assert sign_in_at_the_staff_login(page, "leader", "?next=/scoring/rankings/") == \
        "/scoring/rankings/"
