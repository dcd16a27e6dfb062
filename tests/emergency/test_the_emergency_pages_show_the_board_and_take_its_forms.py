"""The pages: 应急指挥 in the command centre's navigation (not a unit's), the home page with
plans and stock below its minimum, the incident board with its steps, committed resources
and timeline; its forms commit a team, issue stock (a refusal is a 400 with the message),
raise the level and close with the report; the resources page shows a warehouse's ledger."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from tests.world import PASSWORD, pass_second_factor
from tongxin.emergency.models import Incident
from tongxin.emergency.services import open_tasks

from .command import start, urgent_case


def login(name: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(username=name, password=PASSWORD)
    pass_second_factor(client)
    return client


def test_board_forms_and_nav(world, command):
    now = timezone.now()
    case = urgent_case(world, at=now)
    start(world, command, case, level=3, at=now)
    incident = Incident.objects.get(case=case)
    open_tasks(incident_id=incident.pk, now=now)

    page = login("street_a")
    home = page.get("/emergency/")
    assert home.status_code == 200
    html = home.content.decode()
    assert 'data-nav="emergency"' in html and "燃气泄漏" in html and case.number in html
    assert "防毒面具 2/5" in html  # below its minimum
    assert 'data-nav="emergency"' not in login("handler").get("/", follow=True).content.decode()
    assert login("handler").get("/emergency/").status_code == 403

    board = f"/emergency/incidents/{incident.pk}/"
    html = page.get(board).content.decode()
    assert "现场警戒，疏散周边" in html and "关闭片区阀门" in html
    team = command.teams["near"].pk
    assert page.post(board + "team/", {"team": team}).status_code == 302
    refused = page.post(board + "issue/", {"stock": command.masks.pk, "quantity": 5})
    # The pages speak zh-Hans, the product's default language.
    assert refused.status_code == 400 and "库存不足：剩余 2，申请 5" in refused.content.decode()
    issued = page.post(board + "issue/", {"stock": command.masks.pk, "quantity": 1})
    assert issued.status_code == 302
    assert page.post(board + "level/", {"level": 2}).status_code == 302
    html = page.get(board).content.decode()
    assert "燃气抢险一队" in html and "防毒面具 × 1" in html and "排查周边楼栋" in html
    assert "调派应急资源" in html and "调整应急响应级别" in html  # on the timeline
    assert page.post(board + "close/", {"report": ""}).status_code == 400
    assert page.post(board + "close/", {"report": "处置完毕"}).status_code == 302
    assert Incident.objects.get(pk=incident.pk).status == "closed"
    ledger = page.get(f"/emergency/resources/?warehouse={command.warehouse.pk}")
    assert ledger.status_code == 200 and "A街道物资库" in ledger.content.decode()


def test_the_case_page_offers_the_start_plan_form(world, command):
    case = urgent_case(world, at=timezone.now())
    html = login("street_a").get(f"/cases/{case.pk}/").content.decode()
    assert 'name="plan"' in html and "燃气泄漏" in html
