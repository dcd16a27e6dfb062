"""After a case is registered, its command centre's dispatchers hear once of a plan it calls
for, in the inbox; a report of no plan's kind tells nobody. The case page shows the proposal
to whoever may start a plan, with the start form pre-set to it; the API lists it, and a case
outside the caller's jurisdiction is a 404."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.support import Api, token_for
from tongxin.cases import services
from tongxin.notifications.models import Notification

from .triggers import graded, reported


def told(case) -> list[str]:
    return list(Notification.objects.filter(case=case, verb="plan_proposed")
                .values_list("user__username", flat=True))


def test_the_dispatchers_are_told_once_and_nobody_of_a_plain_report(
        world, command, django_capture_on_commit_callbacks):
    graded(command)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        gas = reported(world, at=now)
        plain = reported(world, at=now, title="路灯不亮")
    assert told(gas) == ["street_a"]
    assert "燃气泄漏" in Notification.objects.get(case=gas, verb="plan_proposed").message
    assert told(plain) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.act(case_id=gas.pk, actor=world.user("street_a"), action="dispatch", at=now,
                     data=services.ActionInput(lead_department=world.departments["cg"]))
    assert told(gas) == ["street_a"]  # once per case


def test_the_case_page_and_the_api_show_the_proposal(world, command):
    graded(command)
    case = reported(world, at=timezone.now())
    browser = Client()
    browser.force_login(world.user("street_a"))
    page = browser.get(reverse("workbench:case", args=[case.pk])).content.decode()
    panel = page.split('data-testid="plan-proposals"')[1].split("</section>")[0]
    assert "燃气泄漏" in panel and "Ⅳ" in panel and "燃气" in panel
    assert f'<option value="{command.plan.pk}" selected>' in page
    assert 'value="4" selected' in page

    rows = Api(token_for(world.user("street_a"))).get(
        f"/emergency/proposals?case_id={case.pk}").json()
    assert [(r["name"], r["level"], r["level_name"]) for r in rows] == [("燃气泄漏", 4, "Ⅳ")]
    assert rows[0]["reasons"] == ["the words “燃气”"]
    assert Api(token_for(world.user("street_b"))).get(
        f"/emergency/proposals?case_id={case.pk}").status_code == 404
    assert Api(token_for(world.user("street_a"))).get(
        "/emergency/proposals").status_code == 422


def test_a_handler_sees_no_proposal_on_the_case_page(world, command):
    case = reported(world, at=timezone.now())
    services.act(case_id=case.pk, actor=world.user("street_a"), action="dispatch",
                 at=timezone.now(), data=services.ActionInput(
                     lead_department=world.departments["cg"]))
    browser = Client()
    browser.force_login(world.user("handler"))
    response = browser.get(reverse("workbench:case", args=[case.pk]))
    assert response.status_code == 200
    assert 'data-testid="plan-proposals"' not in response.content.decode()
