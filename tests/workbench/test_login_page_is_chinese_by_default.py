"""A newcomer opening / is sent to a Chinese login form; posting it logs in and lands on the
workbench, the way the demo check and a real user do it."""

import re

import pytest
from django.test import Client

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_root_leads_anonymous_visitors_to_a_chinese_login_form():
    response = Client().get("/", follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in html
    assert "登录" in html
    assert re.search(r"[\u4e00-\u9fff]", html)
    assert 'lang="zh-hans"' in html


def test_the_login_form_is_the_first_form_on_the_page():
    # Tools (and people) take the first form: it must be the login form, not the language one.
    html = Client().get("/login/").content.decode()
    first_form = re.search(r"<form[^>]*>", html).group(0)
    assert 'action="/login/"' in first_form


def test_posting_username_and_password_logs_in(world):
    client = Client()
    response = client.post("/login/", {"username": "dispatcher", "password": PASSWORD},
                           follow=True)

    assert response.status_code == 200
    assert 'type="password"' not in response.content.decode()
    assert "待受理" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/cases/")


def test_wrong_password_shows_a_chinese_error(world):
    response = Client().post("/login/", {"username": "dispatcher", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的用户名和密码" in response.content.decode()


def test_workbench_pages_need_a_login():
    response = Client().get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
