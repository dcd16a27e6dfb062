"""A refused action answers with the case page and a clear sentence (HTTP 400 or 403), never
a traceback, and changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.workbench.conftest import make_case
from tongxin.cases.models import Case, CaseEvent

pytestmark = pytest.mark.django_db


def act_url(case, action):
    return reverse("workbench:act", args=[case.pk, action])


def unchanged(case) -> bool:
    fresh = Case.objects.get(pk=case.pk)
    return (fresh.status == case.status
            and CaseEvent.objects.filter(case=case).count() == case.events.count())


def test_return_without_a_reason_is_400_with_the_field_error(world, login):
    case = make_case(world, state="dispatched")
    events = case.events.count()
    response = login("handler").post(act_url(case, "return"), {"note": "  "})

    assert response.status_code == 400
    html = response.content.decode()
    assert "退回理由" in html and "这个字段是必填项" in html
    assert '<details class="action action-return" open>' in html
    assert Case.objects.get(pk=case.pk).status == "dispatched"
    assert case.events.count() == events


def test_stale_action_is_400_with_a_sentence_about_the_state(world, login):
    case = make_case(world, state="dispatched")
    client = login("handler")
    assert client.post(act_url(case, "accept")).status_code == 302

    response = client.post(act_url(case, "accept"))  # the same button pressed again

    assert response.status_code == 400
    html = response.content.decode()
    assert "无法执行“签收”" in html and "处理中" in html
    assert "Traceback" not in html and "IllegalTransition" not in html
    assert Case.objects.get(pk=case.pk).events.filter(action="accept").count() == 1


def test_action_the_role_lacks_is_403_with_a_sentence(world, login):
    case = make_case(world, state="registered")
    response = login("supervisor").post(act_url(case, "dispatch"),
                                        {"lead_department": world.departments["cg"].pk})
    assert response.status_code == 403
    assert "您无权对此案件执行该操作" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "registered"


def test_unknown_action_is_404(world, login):
    case = make_case(world)
    assert login("dispatcher").post(act_url(case, "explode")).status_code == 404


def test_get_on_an_action_url_is_refused(world, login):
    case = make_case(world)
    assert login("dispatcher").get(act_url(case, "register")).status_code == 405


def test_action_without_csrf_token_is_refused_with_a_generic_page(world):
    case = make_case(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("dispatcher"))

    response = client.post(act_url(case, "register"))

    assert response.status_code == 403
    assert "表单已过期" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_successful_action_redirects_back_with_a_message(world, login):
    case = make_case(world, state="reported")
    client = login("dispatcher")
    response = client.post(act_url(case, "register"), follow=True)

    assert response.redirect_chain == [(reverse("workbench:case", args=[case.pk]), 302)]
    assert "已完成“立案”" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "registered"


def test_unit_returning_a_case_goes_back_to_its_queue(world, login):
    # After a return the case is no longer the unit's: its page would be a 404.
    case = make_case(world, state="dispatched")
    response = login("handler").post(act_url(case, "return"), {"note": "非本单位职责"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:home")
