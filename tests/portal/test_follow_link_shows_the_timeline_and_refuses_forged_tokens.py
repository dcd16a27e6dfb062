"""The signed follow-up link shows the anonymous report's plain-language timeline; a forged
or altered token is 404, and a link cannot be made for another case."""

import pytest
from django.core import signing
from django.test import Client

from tests.cases.loop import act
from tests.portal.anonymous_support import browser, post_report
from tongxin.cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_link_shows_the_timeline(world):
    answer = post_report(browser(), "f-1").json()
    case = Case.objects.get(number=answer["number"])
    act(world, case, "register", "street_a")
    page = Client().get(answer["follow_url"])
    assert page.status_code == 200
    html = page.content.decode()
    assert answer["number"] in html and "3号楼门口路灯不亮" in html
    assert "已收到您的诉求" in html and "诉求已受理立案" in html
    assert page["Referrer-Policy"] == "same-origin"


def test_a_forged_token_is_not_found(world):
    answer = post_report(browser(), "f-2").json()
    token = answer["token"]
    payload, signature = token.split(":", 1)
    other = signing.dumps(Case.objects.get().pk + 1)  # signed, but not as a follow-up link
    forged = [f"{signing.b64_encode(b'999').decode()}:{signature}", token[:-2] + "xx",
              payload, "bogus:token", other]
    for bad in forged:
        assert Client().get(f"/portal/follow/{bad}/").status_code == 404, bad
        assert Client().post(f"/portal/follow/{bad}/rate/",
                             {"rating": "satisfied"}).status_code == 404, bad
