"""Every step of the loop is a handful of statements, counted (deterministic, so a
regression fails here, not in a benchmark): a workflow action locks and reads the case once,
updates it, inserts its event and what its subscribers write (inbox, outbox, points, handling
time, the return visit) — no second read of the case, no lock shared by the whole city. A
new report through the one door adds its number, its idempotency record and its look-up.

Counted as the web server runs them: one transaction per step (not inside a test's), the
actor's memberships read once per request before the step, the reference data held in
process already loaded (tongxin.core.cache), a reporter phone and a webhook subscription so
the outbox writes. Transaction control (BEGIN, COMMIT) is not counted: PostgreSQL does not
send it as statements.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.emergency.command import build_command
from tests.mediation.centre import build_centre
from tongxin.accounts.access import memberships_of
from tongxin.cases import services
from tongxin.cases.models import Case
from tongxin.cases.services import ActionInput, NewCase
from tongxin.intake.services import submit_case
from tongxin.outbound.models import WebhookSubscription

pytestmark = pytest.mark.django_db(transaction=True)

ACTION_MAX = 6
REPORT_MAX = 8
RATING_MAX = 8


def statements(fn) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    sql = [q["sql"] for q in ctx.captured_queries]
    return result, [s for s in sql if s.split()[0].upper() not in ("BEGIN", "COMMIT")]


@pytest.fixture
def desk(committed_world):
    w = committed_world
    WebhookSubscription.objects.create(name="province", url="http://127.0.0.1:9/hook")
    users = {n: w.user(n) for n in ("operator", "street_a", "handler", "citizen")}
    for user in users.values():
        memberships_of(user)  # what a request has read before it acts
    return w, users


def new_report(users, key: str):
    new = NewCase(channel="hotline", title="路灯不亮", lat=34.05, lng=117.1,
                  reporter_phone="13800000000", reporter_user=users["citizen"])
    return submit_case(actor=users["operator"], new=new, key=key, scope="api.cases",
                       request_fingerprint=key, render=lambda c, r: (201, {"n": c.number}))


LOOP = [
    ("register", "street_a", {}),
    ("dispatch", "street_a", {"lead_department": "cg"}),
    ("accept", "handler", {}),
    ("reply", "handler", {"note": "已更换灯泡"}),
    ("verify_pass", "street_a", {}),
    ("rate", "citizen", {"rating": "satisfied"}),
]


# The dispatcher's corrections: taken back before the unit signs for it, dispatched again,
# then sent to another unit (counted on a case of their own).
CORRECTIONS = [
    ("register", "street_a", {}),
    ("dispatch", "street_a", {"lead_department": "cg"}),
    ("recall", "street_a", {"note": "派错单位"}),
    ("dispatch", "street_a", {"lead_department": "cg"}),
    ("reassign", "street_a", {"lead_department": "zj", "note": "属住建职责"}),
]


# 秒转快办: to the community's mediation committee (which writes the dispute record and its
# applicant in the same transaction), handed back, transferred again, passed on.
MEDIATION = [
    ("register", "street_a", {}),
    ("transfer_to_mediation", "street_a", {"lead_department": "tj_a1"}),
    ("accept", "med_li", {}),
    ("hand_back", "med_li", {"note": "双方不同意调解"}),
    ("transfer_to_mediation", "street_a", {"lead_department": "tj_a1"}),
    ("pass_on", "med_li", {"lead_department": "zj", "note": "属住建职责"}),
]


# 一键启动预案 (tongxin.emergency): the incident is written with the event; its steps' task
# cases are opened after the commit, outside the action.
EMERGENCY = [
    ("register", "street_a", {}),
    ("start_plan", "street_a", {"plan": "gas", "level": 3}),
]

# 吹哨报到: the street calls a department to the case being handled (the calls, the
# co-handlers and the called units' inbox are written with the event).
WHISTLE = [
    ("register", "street_a", {}),
    ("dispatch", "street_a", {"lead_department": "cg"}),
    ("accept", "handler", {}),
    ("whistle", "street_a", {"co_departments": ["zj"]}),
]


def run_loop(world, users, case_id: int, loop=LOOP) -> dict[str, list[str]]:
    counted = {}
    for action, user, inputs in loop:
        if "lead_department" in inputs:
            inputs = {**inputs,
                      "lead_department": world.departments[inputs["lead_department"]]}
        if "plan" in inputs:
            inputs = {**inputs, "plan": world.plans[inputs["plan"]]}
        if "co_departments" in inputs:
            inputs = {**inputs, "co_departments": [world.departments[c]
                                                   for c in inputs["co_departments"]]}
        with transaction.atomic():
            # The step's own transaction; what runs once it has committed (the emergency
            # plan's task cases) is a transaction of its own, after the block.
            _case, sql = statements(lambda a=action, u=user, i=inputs: services.act(
                case_id=case_id, actor=users[u], action=a, data=ActionInput(**i)))
        counted[action] = sql
    return counted


def test_each_step_of_the_loop_is_a_handful_of_statements(desk):
    world, users = desk
    warm = new_report(users, "warm-up")  # loads the process caches: policies, calendar …
    run_loop(world, users, warm.case_id)

    run_loop(world, users, new_report(users, "warm-up-2").case_id, CORRECTIONS)

    outcome, report_sql = statements(lambda: new_report(users, "k-1"))
    counted = {"report": report_sql, **run_loop(world, users, outcome.case_id)}
    corrected = run_loop(world, users, new_report(users, "k-3").case_id, CORRECTIONS)
    counted |= {a: corrected[a] for a in ("recall", "reassign")}
    centre = build_centre(world)
    world.departments["tj_a1"] = centre.committee.department
    users.update({"med_li": world.user("med_li")})
    memberships_of(users["med_li"])
    run_loop(world, users, new_report(users, "warm-up-3").case_id, MEDIATION)
    mediated = run_loop(world, users, new_report(users, "k-4").case_id, MEDIATION)
    counted |= {a: mediated[a] for a in ("transfer_to_mediation", "hand_back", "pass_on")}
    world.plans = {"gas": build_command(world).plan.pk}
    run_loop(world, users, new_report(users, "warm-up-4").case_id, EMERGENCY)
    started = new_report(users, "k-5").case_id
    counted |= {"start_plan": run_loop(world, users, started, EMERGENCY)["start_plan"]}
    assert Case.objects.filter(emergency_step__incident__case_id=started).count() == 2
    run_loop(world, users, new_report(users, "warm-up-6").case_id, WHISTLE)
    counted["whistle"] = run_loop(world, users, new_report(users, "k-6").case_id,
                                  WHISTLE)["whistle"]

    sizes = {step: len(sql) for step, sql in counted.items()}
    assert sizes["report"] <= REPORT_MAX, counted["report"]
    assert sizes["rate"] <= RATING_MAX, counted["rate"]
    for action, _user, _inputs in [*LOOP, *CORRECTIONS, *MEDIATION, *EMERGENCY, *WHISTLE]:
        assert sizes[action] <= ACTION_MAX, (action, counted[action])
    # Each step locks and reads the case once, and writes it once.
    for action, sql in counted.items():
        if action != "report" and connection.vendor == "postgresql":
            locked = [q for q in sql if "cases_case" in q.split(" FROM ")[-1].split(" WHERE ")[0]
                      and "FOR UPDATE" in q]
            assert len(locked) == 1, (action, sql)
        assert sum(q.startswith('UPDATE "cases_case"') for q in sql) <= 1, (action, sql)


def test_no_step_takes_a_lock_the_whole_city_shares(desk):
    world, users = desk
    outcome, sql = statements(lambda: new_report(users, "k-2"))
    sql += [s for step in run_loop(world, users, outcome.case_id).values() for s in step]
    assert not [s for s in sql if "advisory" in s.lower()]
    assert Case.objects.get(pk=outcome.case_id).trail_head  # chained per case instead
