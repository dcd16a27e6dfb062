"""Plan the demo cases: for each one a problem, a place, a channel, a scenario and the time
between its steps, scheduled so that every step lies in the last 60 days.

Planning touches no case; cases.py replays the plans through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import shapely
from shapely.geometry import Point, shape

from tongxin.cases.models import Channel
from tongxin.regions.models import Level, Region

from . import texts
from .accounts import DEMO_STREET
from .scenarios import BY_NAME, GAPS, OPEN_FINALS, SCENARIOS, URGENT_SPEEDUP, Scenario, Step

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

MAX_AGE = timedelta(days=60)
# Share of cases per channel: the hotline dominates, every other channel appears.
CHANNELS = {
    Channel.HOTLINE: 45, Channel.PORTAL: 15, Channel.GRID: 12, Channel.POLICE: 5,
    Channel.ROAD_CHIEF: 5, Channel.MEDIA: 4, Channel.OPEN311: 3, Channel.IMPORT: 4,
    Channel.EMAIL: 3, Channel.API: 4, Channel.IOT: 2, Channel.VIDEO: 2,
}
QUESTION_CHANNELS = {Channel.HOTLINE: 70, Channel.PORTAL: 20, Channel.EMAIL: 5, Channel.API: 5}
QUESTION_SHARE = 0.1
ON_SPOT_SHARE = 0.04


@dataclass
class Place:
    grid: Region
    community: Region
    street: Region
    area: BaseGeometry  # the grid, shrunk a little


@dataclass
class Plan:
    problem: texts.Problem
    place: Place
    channel: str
    scenario: Scenario
    gaps: list[float] = field(default_factory=list)  # hours before each step
    start: datetime | None = None
    master: Plan | None = None
    case_id: int | None = None

    @property
    def duration(self) -> timedelta:
        return timedelta(hours=sum(self.gaps))

    @property
    def scheduled_start(self) -> datetime:
        """`start`, once the planner has scheduled the plan."""
        assert self.start is not None, "plan not scheduled yet"
        return self.start


# ---------------------------------------------------------------- places


def load_places(district: Region) -> list[Place]:
    regions = Region.objects.filter(path__startswith=district.path)
    by_id = {r.pk: r for r in regions}
    places = []
    for grid in sorted((r for r in by_id.values() if r.level == Level.GRID), key=lambda r: r.code):
        # A grid lies in a community, a community in a street: both always have a parent.
        assert grid.parent_id is not None
        community = by_id[grid.parent_id]
        assert community.parent_id is not None
        # Shrink by ~1 m so a point never sits on a border the locator could read either way.
        area = shape(grid.geometry).buffer(-1e-5)
        shapely.prepare(area)
        places.append(Place(grid, community, by_id[community.parent_id], area))
    return places


def point_in(place: Place, rng: random.Random) -> tuple[float, float]:
    x0, y0, x1, y1 = place.area.bounds
    while True:
        lng, lat = round(rng.uniform(x0, x1), 6), round(rng.uniform(y0, y1), 6)
        if place.area.contains(Point(lng, lat)):
            return lat, lng


def street_weight(street: Region) -> float:
    # The demo street dispatcher's street gets a fifth of the cases, towns fewer than the
    # urban streets (weights sum to 1 over the 11 streets of the demo district).
    if street.name == DEMO_STREET:
        return 0.2
    return 0.06 if street.name.endswith("镇") else 0.1


# ---------------------------------------------------------------- planning


@dataclass
class Planner:
    rng: random.Random
    now: datetime
    places: list[Place]
    grid_worker_grid_id: int

    def plan(self, index: int) -> Plan:
        # The first cases take each scenario once, so even a small demo reaches every state
        # and uses every action.
        if index < len(SCENARIOS):
            plan = self.special(SCENARIOS[index].name)
            if plan.scenario.name != "on_spot" and not plan.problem.question:
                # …and every channel: the first cases take the channels in turn.
                plan.channel = list(CHANNELS)[index % len(CHANNELS)]
            return plan
        roll = self.rng.random()
        if roll < ON_SPOT_SHARE:
            return self.special("on_spot")
        if roll < ON_SPOT_SHARE + QUESTION_SHARE:
            return self._plan(BY_NAME["answered" if self.rng.random() < 0.75 else "closed"],
                              question=True)
        weighted = [s for s in SCENARIOS if s.weight]
        return self._plan(self.rng.choices(weighted, weights=[s.weight for s in weighted])[0])

    def special(self, name: str) -> Plan:
        return self._plan(BY_NAME[name], question=name == "answered")

    def _plan(self, scenario: Scenario, question: bool = False) -> Plan:
        place = self._place(scenario)
        problem = self._problem(place, question)
        channel = Channel.GRID if scenario.name == "on_spot" else self._channel(question)
        plan = Plan(problem, place, channel, scenario)
        plan.gaps = [self._gap(step, problem) for step in scenario.steps]
        return plan

    def _place(self, scenario: Scenario) -> Place:
        if scenario.name == "on_spot":
            return next(p for p in self.places if p.grid.pk == self.grid_worker_grid_id)
        streets = sorted({p.street.code: p.street for p in self.places}.values(),
                         key=lambda r: r.code)
        street = self.rng.choices(streets, weights=[street_weight(r) for r in streets])[0]
        communities = sorted({p.community.code for p in self.places if p.street == street})
        community = self.rng.choice(communities)
        return self.rng.choice([p for p in self.places if p.community.code == community])

    def _problem(self, place: Place, question: bool) -> texts.Problem:
        options = [
            p for p in texts.PROBLEMS
            if p.question == question and texts.fits(p, place.community.name)
        ]
        return self.rng.choice(options)

    def _channel(self, question: bool) -> str:
        # Questions come from people who call or write in, not from patrols or the press.
        table = QUESTION_CHANNELS if question else CHANNELS
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def _gap(self, step: Step, problem: texts.Problem) -> float:
        low, high = GAPS[step.action]
        hours = self.rng.uniform(low, high)
        if problem.urgent:
            hours *= URGENT_SPEEDUP.get(step.action, 1.0)
        return hours

    def schedule(self, plan: Plan) -> None:
        """Pick the report time so the last step lies `slack` before now, within 60 days."""
        low, high = plan.scenario.slack_days
        slack = timedelta(days=self.rng.uniform(low, high), minutes=self.rng.uniform(5, 90))
        age = min(plan.duration + slack, MAX_AGE)
        plan.start = self.now - max(age, plan.duration + timedelta(minutes=5))

    def schedule_duplicate(self, plan: Plan, plans: list[Plan]) -> bool:
        """A merged case repeats an earlier, still-open case a little later."""
        masters = [p for p in plans if p.scenario.final in OPEN_FINALS and p.start
                   and p.start < self.now - timedelta(days=1)]
        if not masters:
            return False
        master = self.rng.choice(masters)
        plan.master, plan.problem, plan.place = master, master.problem, master.place
        latest = self.now - plan.duration - timedelta(minutes=30)
        offset = timedelta(hours=self.rng.uniform(2, 72))
        start = plan.start = min(master.scheduled_start + offset, latest)
        return start > master.scheduled_start


def make_plans(planner: Planner, count: int) -> list[Plan]:
    plans = [planner.plan(i) for i in range(count)]
    for plan in plans:
        if plan.scenario.name != "merged":
            planner.schedule(plan)
    for i, plan in enumerate(plans):
        if plan.scenario.name == "merged" and not planner.schedule_duplicate(plan, plans):
            # Nothing open to repeat yet (a tiny demo): turn it into a rejected report.
            plans[i] = replacement = planner.special("rejected")
            planner.schedule(replacement)
    return sorted(plans, key=lambda p: p.scheduled_start)
