"""The workbench is Chinese until the user picks English with the language switch; the choice
sticks for later pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_language_switch_to_english_and_back(world, login):
    client = login("dispatcher")
    assert "待受理" in client.get(reverse("workbench:cases")).content.decode()

    response = client.post("/i18n/setlang/", {"language": "en"},
                           HTTP_REFERER="/cases/?queue=reported")
    assert response.status_code == 302
    assert response["Location"] == "/cases/?queue=reported"

    html = client.get(reverse("workbench:cases")).content.decode()
    assert 'lang="en"' in html
    assert "To accept" in html
    assert "Log out" in html
    assert "待受理" not in html

    client.post("/i18n/setlang/", {"language": "zh-hans"})
    assert "退出登录" in client.get(reverse("workbench:cases")).content.decode()


def test_login_page_offers_the_switch_and_follows_it():
    from django.test import Client

    client = Client()
    assert 'name="language" value="en"' in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en"})
    html = client.get("/login/").content.decode()
    assert "Staff log in" in html
