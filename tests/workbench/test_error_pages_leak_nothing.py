"""Error pages are generic and Chinese: no exception text, no paths, no stack."""

import pytest
from django.template.loader import render_to_string
from django.test import Client

pytestmark = pytest.mark.django_db


def test_404_page_is_generic():
    response = Client().get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert "/no/such/page/" not in html
    assert "Traceback" not in html and "urlpatterns" not in html


@pytest.mark.parametrize("name", ["400.html", "403.html", "403_csrf.html", "404.html",
                                  "500.html"])
def test_error_templates_render_without_a_request(name):
    # Django renders 500.html with an empty context: it must not depend on the request.
    html = render_to_string(name, {"exception": "secret detail /srv/app.py line 3"})
    assert "secret detail" not in html
    assert "同心" in html


def test_a_crashing_view_shows_the_generic_500_page(world, monkeypatch):
    from tongxin.workbench import views

    def boom(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(views, "search_cases", boom)
    client = Client(raise_request_exception=False)
    client.force_login(world.user("dispatcher"))
    response = client.get("/cases/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "系统出现错误" in html
    assert "hunter2" not in html and "Traceback" not in html
