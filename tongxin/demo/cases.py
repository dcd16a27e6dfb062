"""Generate demo cases by replaying planned scenarios through the real services.

Every case is created with `create_case` and moved with `act`, as the demo users and with
`at=` timestamps in the past, so event trails, deadlines and counters are exactly what the
product would have produced. Deterministic for a given seed and `now`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Case, Urgency
from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.notifications.models import Notification
from tongxin.org.models import Department
from tongxin.supervision.services import issue_order, refer_case
from tongxin.triage.models import Decision
from tongxin.triage.services import triage_case

from . import categories, texts
from .accounts import DEMO_STREET, handler_username
from .departments import DISTRICT_UNITS, street_office_code
from .loader import BaseData
from .plans import Plan, Planner, load_places, make_plans, point_in
from .scenarios import Step

DEFAULT_SEED = 12345
# The ratings that leave a case closed; a 不满意 reworks it (the rework scenarios play those).
RATINGS = {"satisfied": 65, "basically": 22}
CO_HANDLING_SHARE = 0.2
# Notifications about cases that went quiet this long ago are shown as already read.
QUIET = timedelta(days=2)


@dataclass
class Run:
    """One case while its scenario plays."""

    plan: Plan
    case: Case
    lead: str | None = None  # department code of the current lead unit
    escalated: bool = False
    replies: int = 0  # the unit's replies so far
    last: str = ""  # the previous step's action


class Generator:
    def __init__(self, base: BaseData, rng: random.Random, grid_worker_grid_id: int) -> None:
        self.base, self.rng = base, rng
        self.users = base.users
        self.grid_worker_grid_id = grid_worker_grid_id
        self.dept_code = {d.pk: code for code, d in base.departments.items()}
        self.leads = categories.lead_units()

    # ------------------------------------------------------------ creating

    def create(self, plan: Plan) -> Case:
        problem, place = plan.problem, plan.place
        values = texts.slots(self.rng, community=place.community.name, street=place.street.name)
        title, detail = self.rng.choice(problem.titles), self.rng.choice(problem.details)
        lat, lng = point_in(place, self.rng)
        name, phone = self.reporter(plan)
        new = NewCase(
            channel=plan.channel, title=title.format(**values),
            description=detail.format(**values), reporter_name=name, reporter_phone=phone,
            lat=lat, lng=lng, address=texts.address(title, detail, values), region=place.grid,
            category=self.base.categories[problem.category],
            urgency=Urgency.URGENT if problem.urgent else Urgency.NORMAL,
        )
        return create_case(actor=self.reporting_actor(plan), new=new, at=plan.start)

    def reporting_actor(self, plan: Plan) -> User | None:
        """Who types the report in: the operator on the hotline, the citizen on the portal
        (half the time our demo citizen), the grid worker in their own grid; other channels
        arrive through trusted adapters (no actor)."""
        if plan.channel == "hotline":
            return self.users["operator"]
        if plan.channel == "portal" and self.rng.random() < 0.5:
            return self.users["citizen"]
        if plan.channel == "grid" and plan.place.grid.pk == self.grid_worker_grid_id:
            return self.users["grid"]
        return None

    def reporter(self, plan: Plan) -> tuple[str, str]:
        name, phone = texts.fake_reporter(self.rng)
        if plan.channel != "grid" or any(s.action == "rate" for s in plan.scenario.steps):
            # A grid report that is rated later was a resident's appeal the grid worker
            # recorded (代为上报): the resident is the one the return visit calls.
            return name, phone
        if plan.place.grid.pk == self.grid_worker_grid_id:
            return self.users["grid"].display_name, ""
        return f"网格员 {name[0]}某", ""  # a colleague of another grid

    # ------------------------------------------------------------ acting

    def actor(self, who: str, run: Run) -> User | None:
        if who == "system":
            return None
        if who == "cmd":
            local = run.plan.place.street.name == DEMO_STREET and not run.escalated
            return self.users["street_dispatcher" if local else "dispatcher"]
        if who == "district":
            return self.users["dispatcher"]
        if who == "unit":
            assert run.lead is not None
            return self.users[handler_username(run.lead)]
        if who == "rater":
            citizen = self.users["citizen"]
            return citizen if run.case.reporter_user_id == citizen.pk else self.users["operator"]
        if who == "verifier":
            if run.plan.place.grid.pk == self.grid_worker_grid_id:
                return self.users["grid"]
            return self.actor("cmd", run)
        return self.users[who]

    def inputs(self, step: Step, run: Run) -> ActionInput:
        action, notes = step.action, texts.NOTES
        if action == "dispatch":
            return self.dispatch_input(step, run)
        if action == "reassign":  # from the wrong unit to the right one, with the reason
            right = self.base.departments[self.leads[run.plan.problem.category]]
            return ActionInput(lead_department=right, note=notes["reassign"][0])
        if action == "rate":
            return ActionInput(rating=self.rating(step))
        if action == "merge":
            # The master started earlier, so it has been played already.
            master_plan = run.plan.master
            assert master_plan is not None and master_plan.case_id is not None
            master = Case.objects.get(pk=master_plan.case_id)
            return ActionInput(master=master, note=notes["merge"][0])
        if action == "reply":
            return ActionInput(note=texts.handling_result(
                self.rng, run.plan.problem, round_=self.reply_round(run)))
        if action == "answer":
            return ActionInput(note=run.plan.problem.reply)
        if action == "close_on_spot":
            return ActionInput(note=texts.on_spot_note(self.rng, run.plan.problem))
        if action == "return":
            return ActionInput(note=run.plan.problem.return_reason or notes["generic_return"][0])
        if action == "extend_request":
            deadline = run.case.finish_deadline or run.case.created_at
            until = deadline + timedelta(days=self.rng.randint(5, 10))
            return ActionInput(note=notes["extend_request"][0], until=until)
        if action == "adjudicate" and step.who == "leader":
            return ActionInput(note=notes["adjudicate_leader"][0])
        if action == "register":
            return ActionInput(category=run.case.category, urgency=run.case.urgency)
        if action in notes:
            return ActionInput(note=self.rng.choice(notes[action]))
        return ActionInput()

    @staticmethod
    def reply_round(run: Run) -> str:
        """Which kind of 办结反馈 this reply is (texts.LEAD_INS)."""
        if run.replies:
            return "redo" if run.last == "verify_fail" else "rework"
        return {"consultation_meeting": "joint", "escalated": "escalated",
                "extension_denied": "on_time"}.get(run.plan.scenario.name, "first")

    def dispatch_input(self, step: Step, run: Run) -> ActionInput:
        right = self.leads[run.plan.problem.category]
        lead = self.wrong_unit(run.plan.problem, right) if step.extra.get("wrong") else right
        co: list[Department] = []
        if step.extra.get("co") or self.rng.random() < CO_HANDLING_SHARE:
            co.append(self.base.departments[street_office_code(run.plan.place.street.code)])
        if step.extra.get("co"):
            co.append(self.base.departments[self.wrong_unit(run.plan.problem, right)])
        departments = self.base.departments
        return ActionInput(lead_department=departments[lead],
                           co_departments=[d for d in co if d.pk != departments[lead].pk])

    def wrong_unit(self, problem: texts.Problem, right: str) -> str:
        if problem.wrong_unit:
            return problem.wrong_unit
        return self.rng.choice([u.code for u in DISTRICT_UNITS if u.code != right])

    def rating(self, step: Step) -> str:
        if "rating" in step.extra:
            return step.extra["rating"]
        if step.extra.get("good"):
            return self.rng.choice(["satisfied", "basically"])
        return self.rng.choices(list(RATINGS), weights=list(RATINGS.values()))[0]

    def perform(self, run: Run, action: str, actor, data: ActionInput, at: datetime) -> Case:
        if action == "triage":  # the worker's job: suggestions, reason, urgency, the clock
            result = triage_case(case_id=run.case.pk, now=at, auto_dispatch=False)
            if result is None or result.decision == Decision.FAILED:
                raise RuntimeError(f"demo case {run.case.number}: triage failed")
        # Supervision and referral open their own records beside the event, as on the page.
        elif action == "supervise":
            issue_order(case_id=run.case.pk, actor=actor, text=data.note, at=at)
        elif action == "refer":
            refer_case(case_id=run.case.pk, actor=actor, problem_type="repeated_overdue",
                       reason=data.note, at=at)
        else:
            return act(case_id=run.case.pk, actor=actor, action=action, data=data, at=at)
        return Case.objects.get(pk=run.case.pk)

    def play(self, plan: Plan) -> datetime:
        """Create the case and run its scenario; returns the time of its last step."""
        run = Run(plan, self.create(plan))
        plan.case_id = run.case.pk
        at = plan.scheduled_start
        for step, gap in zip(plan.scenario.steps, plan.gaps, strict=True):
            at += timedelta(hours=gap)
            data = self.inputs(step, run)
            actor = self.actor(step.who, run)
            run.case = self.perform(run, step.action, actor, data, at)
            if step.action in ("dispatch", "reassign"):
                assert data.lead_department is not None  # both inputs always name one
                run.lead = self.dept_code[data.lead_department.pk]
            elif step.action in ("return", "recall"):
                run.lead = None
            elif step.action == "escalate":
                run.escalated = True
            run.replies += step.action == "reply"
            run.last = step.action
        return at


# ---------------------------------------------------------------- entry point


def has_demo_cases(base: BaseData) -> bool:
    return Case.objects.filter(district=base.district).exists()


def grid_worker_grid_id(base: BaseData) -> int:
    membership = Membership.objects.get(user=base.users["grid"], role=Role.GRID_WORKER)
    assert membership.region_id is not None  # the grid worker's role is scoped to a grid
    return membership.region_id


def generate_cases(base: BaseData, count: int, *, seed: int = DEFAULT_SEED,
                   now: datetime | None = None) -> int:
    """Add `count` demo cases unless the demo district already has cases (so running the
    demo twice adds nothing). Returns how many were added. All or nothing: one transaction."""
    if count <= 0 or has_demo_cases(base):
        return 0
    rng = random.Random(seed)
    now = now or timezone.now()
    grid_id = grid_worker_grid_id(base)
    plans = make_plans(Planner(rng, now, load_places(base.district), grid_id), count)
    generator = Generator(base, rng, grid_id)
    quiet: list[int] = []
    with transaction.atomic():
        for plan in plans:
            if generator.play(plan) < now - QUIET:
                assert plan.case_id is not None  # set by play()
                quiet.append(plan.case_id)
    # Notifications are written when the transaction commits; the old ones are history.
    Notification.objects.filter(case_id__in=quiet, read_at__isnull=True).update(read_at=now)
    return len(plans)
