"""Emergency command for the test world: a gas-leak plan (燃气泄漏) whose level Ⅲ has two steps
(城管 and 水务) and level Ⅱ one more (住建), owned by 住建; a warehouse with the last two
masks, two teams and an expert; and an urgent case in grid A1 to start it from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from tests.cases.loop import POINT_A1
from tests.world import World
from tongxin.cases import services
from tongxin.cases.models import Case, Channel, Urgency
from tongxin.cases.services import ActionInput, NewCase
from tongxin.emergency.models import (
    CatalogueItem,
    EventClass,
    Expert,
    Plan,
    PlanLevel,
    PlanStep,
    PlanVersion,
    StockItem,
    Team,
    Warehouse,
)


@dataclass
class Command:
    plan: Plan
    version: PlanVersion
    warehouse: Warehouse
    masks: StockItem
    teams: dict[str, Team] = field(default_factory=dict)
    expert: Expert | None = None


def build_command(world: World, *, at: datetime | None = None) -> Command:
    d = world.departments
    plan = Plan.objects.create(name="燃气泄漏", event_class=EventClass.GAS, owner=d["zj"])
    version = PlanVersion.objects.create(plan=plan, number=1, created_at=at or timezone.now())
    for level in (4, 3, 2, 1):
        PlanLevel.objects.create(version=version, level=level, trigger_keywords=["燃气"])
    three = version.levels.get(level=3)
    two = version.levels.get(level=2)
    PlanStep.objects.create(plan_level=three, department=d["cg"], action="现场警戒，疏散周边",
                            offset_minutes=0, deadline_minutes=30)
    PlanStep.objects.create(plan_level=three, department=d["sw"], action="关闭片区阀门",
                            offset_minutes=15, deadline_minutes=45)
    PlanStep.objects.create(plan_level=two, department=d["zj"], action="排查周边楼栋",
                            offset_minutes=0, deadline_minutes=60)
    warehouse = Warehouse.objects.create(name="A街道物资库", lat=34.06, lng=117.11,
                                         manager="王库管")
    mask = CatalogueItem.objects.create(code="mask", name="防毒面具", unit="个")
    masks = StockItem.objects.create(warehouse=warehouse, item=mask, quantity=2, min_level=5)
    command = Command(plan, version, warehouse, masks)
    command.teams["near"] = Team.objects.create(name="燃气抢险一队", speciality="燃气抢险",
                                                members=12, lat=34.051, lng=117.101)
    command.teams["far"] = Team.objects.create(name="燃气抢险二队", speciality="燃气抢险",
                                               members=8, lat=34.15, lng=117.3)
    command.expert = Expert.objects.create(name="李工", field="燃气", lat=34.05, lng=117.1)
    return command


def urgent_case(world: World, *, at: datetime, channel: str = Channel.HOTLINE,
                title: str = "小区闻到浓烈燃气味") -> Case:
    lat, lng = POINT_A1
    case = services.create_case(actor=world.user("operator"), at=at, new=NewCase(
        channel=channel, title=title, lat=lat, lng=lng, urgency=Urgency.URGENT))
    services.act(case_id=case.pk, actor=world.user("street_a"), action="register", at=at)
    return case


def start(world: World, command: Command, case: Case, *, level: int, at: datetime,
          user: str = "street_a") -> Case:
    return services.act(case_id=case.pk, actor=world.user(user), action="start_plan", at=at,
                        data=ActionInput(plan=command.plan.pk, level=level))
