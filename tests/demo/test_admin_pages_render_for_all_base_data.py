import pytest
from django.test import Client

from tests.world import pass_second_factor
from tongxin.accounts.models import User
from tongxin.cases.models import Case

BASE_DATA = [
    "regions/region", "org/department", "org/dutykeyword", "org/category",
    "sla/timelimitpolicy", "sla/calendarday", "accounts/user",
]
READ_ONLY = ["cases/case", "notifications/notification"]


@pytest.fixture
def admin_client_demo(demo) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    pass_second_factor(client)
    return client


@pytest.mark.parametrize("model", BASE_DATA + READ_ONLY)
def test_admin_changelists_render(admin_client_demo, model):
    assert admin_client_demo.get(f"/admin/{model}/").status_code == 200


@pytest.mark.parametrize("model", BASE_DATA)
def test_admin_pages_render_for_all_base_data(admin_client_demo, model):
    assert admin_client_demo.get(f"/admin/{model}/add/").status_code == 200


def test_only_the_security_administrator_may_add_memberships(admin_client_demo):
    # 三员分立: roles are granted by the security administrator, not the administrator.
    assert admin_client_demo.get("/admin/accounts/membership/add/").status_code == 403
    client = Client()
    client.force_login(User.objects.get(username="secadmin"))
    pass_second_factor(client)
    assert client.get("/admin/accounts/membership/add/").status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_cases_and_notifications_cannot_be_added_by_hand(admin_client_demo, model):
    assert admin_client_demo.get(f"/admin/{model}/add/").status_code == 403


def test_a_case_shows_its_trail_read_only(admin_client_demo):
    case = Case.objects.filter(events__action="verify_pass").first()
    page = admin_client_demo.get(f"/admin/cases/case/{case.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert case.number in html and "verify_pass" in html
    assert 'name="events-TOTAL_FORMS"' not in html or "events-0-DELETE" not in html
    assert "<textarea" not in html, "nothing on a case is editable"


def test_filters_and_search_work(admin_client_demo):
    from tongxin.regions.models import Region

    street = Region.objects.get(name="矿区街道")
    for url in (
        f"/admin/regions/region/?within={street.pk}", "/admin/regions/region/?level=grid",
        "/admin/regions/region/?q=北马路", "/admin/org/category/?branch=01&level=3",
        "/admin/org/department/?q=路灯", f"/admin/cases/case/?street__id__exact={street.pk}",
    ):
        assert admin_client_demo.get(url).status_code == 200, url


def test_admin_speaks_chinese(admin_client_demo):
    html = admin_client_demo.get("/admin/regions/region/").content.decode()
    assert "区域" in html and "矿区街道" in html
