"""The scripted part of the security run (scripts/security_run.py) against pytest-django's live
server: cross-jurisdiction reads, ID guessing, privilege escalation, CSV/formula injection,
unmasked personal data and password guessing; and on the later apps (attacks_apps.py)
analytics across streets, portal case pages, rating tokens, report downloads, the hotline and
field APIs, formulas in the report workbook. Every attempt must fail."""

import os

import pytest

from tests.api.support import token_for
from tests.cases.loop import drive
from tests.security import attacks_apps
from tests.security.attacks import (
    Server,
    Tally,
    all_cases,
    brute_force,
    cross_jurisdiction,
    csv_injection,
    id_guessing,
    masking,
    privilege_escalation,
)
from tests.security.conftest import PHONE, admins, make_case
from tests.world import PASSWORD
from tongxin.cases.models import Channel
from tongxin.cases.workflow import State

pytestmark = [
    pytest.mark.slow,
    # Runs in the SQLite pass (and `scripts/security_run.py` runs it against gunicorn). Inside
    # the whole PostgreSQL pass this test took ~250 s against ~20-30 s when run on its own
    # against PostgreSQL; the cause (the live server idling between requests) is not found
    # yet, and the suite must stay under 10 minutes. Run it on PostgreSQL by hand with
    # DATABASE_URL=… TONGXIN_ATTACKS_ON_POSTGRES=1.
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL"))
                       and not os.environ.get("TONGXIN_ATTACKS_ON_POSTGRES"),
                       reason="live-server attacks run in the SQLite pass; see the comment"),
]


def test_no_attempt_gets_in(committed_world, live_server, settings):
    world = committed_world
    # As in the security run: limits raised so every probe reaches the authorisation code
    # (the limits have their own tests).
    settings.TONGXIN_RATE_LIMITS = dict.fromkeys(settings.TONGXIN_RATE_LIMITS, "100000/m")
    for street, state in (("A", "dispatched"), ("B", "dispatched"), ("B", "reported")):
        make_case(world, street=street, state=state)
    own = make_case(world, street="A", state="dispatched")
    secadmin = admins(world)["secadmin"]
    secadmin.set_password(PASSWORD)
    secadmin.save()

    server, tally = Server(live_server.url), Tally()
    cases = all_cases(server, token_for(world.user("dispatcher")))
    assert len(cases) == 4
    cross_jurisdiction(server, tally, token=token_for(world.user("street_a")),
                       session=server.login("street_a", PASSWORD),
                       street_code=world.streets["A"].code, cases=cases)
    id_guessing(server, tally, token=token_for(world.user("handler_zj")), cases=cases)
    handler, security_admin = server.login("handler", PASSWORD), server.login("secadmin", PASSWORD)
    # Positive controls: the sessions are real, so the refusals below are not vacuous.
    assert server.get(handler, f"/cases/{own.pk}/").status_code == 200
    assert server.get(security_admin, "/admin/accounts/membership/add/").status_code == 200
    privilege_escalation(
        server, tally, handler_session=handler,
        handler_token=token_for(world.user("handler")), handler_user_id=world.users["handler"].pk,
        own_case=own.pk, secadmin_session=security_admin,
        secadmin_user_id=secadmin.pk, region_id=world.district.pk)
    csv_injection(server, tally, operator_token=token_for(world.user("operator")),
                  dispatcher_session=server.login("dispatcher", PASSWORD),
                  region_code=world.communities["A1"].code)
    handler_cases = all_cases(server, token_for(world.user("handler")))
    assert handler_cases
    masking(server, tally, handler_token=token_for(world.user("handler")), phone=PHONE,
            cases=handler_cases)
    apps_attacks(world, server, tally, own.pk)
    brute_force(server, tally, username="leader", password=PASSWORD)
    assert tally.total > 150, tally.attempts
    assert tally.got_in == []


def apps_attacks(world, server, tally, case_id):
    drive(world, State.CLOSED, channel=Channel.HOTLINE)  # a return visit with a real token
    targets = attacks_apps.prepare(street_code=world.streets["A"].code, citizen="citizen")
    assert targets["token"] and targets["other_numbers"]
    sessions = {name: server.login(user, PASSWORD) for name, user in (
        ("street", "street_a"), ("dispatcher", "dispatcher"), ("handler", "handler"),
        ("citizen", "citizen"))}
    # Positive controls: the street's own report downloads; the citizen's session is real.
    own = targets["reports"]["own"]
    assert server.get(sessions["street"], f"/scoring/reports/{own}/xlsx/").status_code == 200
    assert server.get(sessions["citizen"], "/portal/cases/").status_code == 200
    tokens = {name: token_for(world.user(name)) for name in ("handler", "citizen")}
    before = tally.total
    attacks_apps.run_all(server, tally, targets=targets, sessions=sessions, tokens=tokens,
                         case_id=case_id)
    assert {"cross-jurisdiction analytics", "Excel formula injection"} <= set(tally.attempts)
    assert tally.total - before > 100
