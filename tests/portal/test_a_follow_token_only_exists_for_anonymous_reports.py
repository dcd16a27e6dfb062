"""Issue 28 finding 1: with the signing key anyone could sign a follow token for any case id
and read (and rate) cases never reported anonymously. The attacker here holds the signing key
itself and still gets nothing: a token must name an anonymous report's random record id and
its number, and only anonymous reports have one."""

import pytest
from django.core import signing
from django.test import Client

from tests.cases.loop import close_rated, report
from tests.portal.anonymous_support import browser, post_report
from tongxin.cases.models import Case
from tongxin.portal import anonymous

pytestmark = pytest.mark.django_db


def _status(token: str) -> tuple[int, int]:
    return (Client().get(f"/portal/follow/{token}/").status_code,
            Client().post(f"/portal/follow/{token}/rate/", {"rating": "satisfied"}).status_code)


def test_tokens_signed_for_other_cases_with_the_real_key_are_refused(world):
    answer = post_report(browser(), "tok-1").json()
    mine = Case.objects.get(number=answer["number"])
    assert Client().get(answer["follow_url"]).status_code == 200  # the real link works
    others = [report(world) for _ in range(3)] + [close_rated(world, "satisfied")]
    forged = []
    for case in [*others, mine]:
        forged.append(signing.dumps(case.pk, salt=anonymous.SALT))  # the old form: a bare id
    for case in others:
        # The new form naming a staff-recorded case: no anonymous record has it.
        forged.append(signing.dumps({"r": "00000000-0000-4000-8000-000000000000",
                                     "n": case.number}, salt=anonymous.SALT))
    body = signing.loads(answer["token"], salt=anonymous.SALT)
    forged.append(signing.dumps({"r": body["r"], "n": others[0].number}, salt=anonymous.SALT))
    through = [t for t in forged if _status(t) != (404, 404)]
    assert (len(forged), len(through)) == (len(forged), 0)


def test_the_token_names_the_report_not_the_case_id(world):
    answer = post_report(browser(), "tok-2").json()
    body = signing.loads(answer["token"], salt=anonymous.SALT)
    case = Case.objects.get(number=answer["number"])
    assert body["n"] == case.number and str(case.pk) != body["r"] and len(body["r"]) == 36
