"""The portal's first tab is 随手拍 and the field app's is 上报: reporting a problem, not 报表
(the scores pages' reports), which shares the English word "Report"."""

import pytest
from django.test import Client

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def tabs(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return page.split('class="m-tabs"', 1)[1].split("</nav>", 1)[0]


def test_the_portal_tab_says_suishoupai(world):
    client = Client()
    client.login(username="citizen", password=PASSWORD)
    nav = tabs(client, "/portal/")
    assert "随手拍" in nav and "报表" not in nav


def test_the_field_app_tab_says_shangbao(world):
    client = Client()
    client.login(username="grid_a1", password=PASSWORD)
    page = client.get("/field/").content.decode()
    assert '<a href="#report">上报</a>' in page and "报表" not in page
