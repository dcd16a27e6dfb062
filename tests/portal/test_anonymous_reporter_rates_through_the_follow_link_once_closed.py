"""Through the follow-up link the anonymous reporter rates the result once the case is
closed, and only once; before closing there is nothing to rate."""

import pytest
from django.test import Client

from tests.cases.loop import act, steps_to
from tests.portal.anonymous_support import browser, post_report
from tongxin.cases.models import Case

pytestmark = pytest.mark.django_db


def test_rating_once_closed(world):
    answer = post_report(browser(), "r-1").json()
    url = answer["follow_url"]
    case = Case.objects.get(number=answer["number"])
    citizen = Client()
    assert citizen.post(url + "rate/", {"rating": "satisfied"}).status_code == 302
    assert Case.objects.get(pk=case.pk).rating == ""  # not closed yet
    for action, user, inputs in steps_to(world, "closed"):
        case = act(world, case, action, user, **inputs)
    assert 'data-testid="rate-form"' in citizen.get(url).content.decode()
    assert citizen.post(url + "rate/", {"rating": "bogus"}).status_code == 302
    assert Case.objects.get(pk=case.pk).rating == ""
    assert citizen.post(url + "rate/", {"rating": "basically", "note": "还行"}).status_code == 302
    case.refresh_from_db()
    assert case.rating == "basically"
    event = case.events.get(action="rate")
    assert event.actor is None and event.data["via"] == "portal" and event.note == "还行"
    assert citizen.post(url + "rate/", {"rating": "unsatisfied"}).status_code == 302
    assert Case.objects.get(pk=case.pk).rating == "basically"
    assert 'data-testid="rating"' in citizen.get(url).content.decode()
