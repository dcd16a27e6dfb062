"""The demo's emergency command (应急指挥): four plans — 停水, 燃气泄漏, 内涝, 火灾 — each with
levels Ⅰ–Ⅳ and steps for the demo district's units; three warehouses with stock (one item
below its minimum), five rescue teams, six experts and three shelters at synthetic places
around the demo street (every one labelled synthetic: made up, not a real site).

With cases: an urgent 12345 call about a gas smell started at level Ⅲ (tasks dispatched to
the units, a team committed, masks issued, raised to Ⅱ) and a drill of the 内涝 plan, closed
with its after-action report (its cases are left out of the real statistics)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import User
from tongxin.cases.models import Channel, Urgency
from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.emergency import services as e
from tongxin.emergency.models import (
    CatalogueItem,
    EventClass,
    Expert,
    Incident,
    Plan,
    PlanLevel,
    PlanStep,
    PlanVersion,
    Shelter,
    StockItem,
    Team,
    Warehouse,
)
from tongxin.org.models import Department
from tongxin.regions.models import Level as RegionLevel
from tongxin.regions.models import Region

from .accounts import DEMO_STREET

OWNER = "yingji"
# plan → (event class, {level: [(unit, action, T+minutes, minutes to finish)]})
PLANS: dict[str, tuple[str, dict[int, list[tuple[str, str, int, int]]]]] = {
    "停水": (EventClass.UTILITY, {
        4: [("shuiwu", "查明停水原因并发布停水公告", 0, 60)],
        3: [("shuiwu", "组织抢修，恢复供水", 0, 240),
            ("chengguan", "安排送水车到停水小区", 30, 90)],
        2: [("minzheng", "排查独居老人等困难群众用水", 30, 180)],
        1: [("yingji", "启动区级应急响应，协调跨区调水", 0, 60)],
    }),
    "燃气泄漏": (EventClass.GAS, {
        4: [("ranqi", "派员现场检测燃气浓度", 0, 30)],
        3: [("ranqi", "关闭片区燃气阀门并抢修", 0, 60), ("gongan", "现场警戒，疏散周边群众", 0, 30),
            ("gongdian", "切断泄漏区域非必要电源", 15, 30)],
        2: [("weijian", "医疗救护组待命", 0, 30), ("zhujian", "排查周边楼栋结构安全", 30, 120)],
        1: [("yingji", "启动区级应急响应，设立现场指挥部", 0, 30)],
    }),
    "内涝": (EventClass.FLOOD, {
        4: [("chengguan", "巡查易涝点，清理雨水箅子", 0, 60)],
        3: [("shuiwu", "开启排涝泵站强排", 0, 30), ("jiaotong", "积水路段交通管制", 15, 30)],
        2: [("minzheng", "开放避难场所，转移低洼地带群众", 30, 120)],
        1: [("yingji", "启动区级防汛应急响应", 0, 30)],
    }),
    "火灾": (EventClass.FIRE, {
        4: [("yingji", "核实火情，通知消防救援", 0, 15)],
        3: [("gongan", "现场警戒与交通疏导", 0, 20), ("weijian", "调派救护车", 0, 20)],
        2: [("minzheng", "安置受灾群众", 60, 180), ("zhujian", "火后建筑安全鉴定", 120, 480)],
        1: [("yingji", "启动区级应急响应", 0, 30)],
    }),
}
ITEMS = [("mask", "防毒面具", "个"), ("sandbag", "沙袋", "袋"), ("pump", "移动排水泵", "台"),
         ("tent", "救灾帐篷", "顶"), ("water", "瓶装饮用水", "箱"),
         ("extinguisher", "灭火器", "具")]
# (name, manager, offset lat, offset lng, {item: (quantity, minimum)})
WAREHOUSES = [
    ("矿区街道应急物资库（示例）", "张库管", 0.004, 0.003,
     {"mask": (40, 20), "sandbag": (800, 300), "water": (120, 50), "extinguisher": (30, 10)}),
    ("区应急物资储备中心（示例）", "李库管", -0.012, 0.018,
     {"mask": (200, 50), "pump": (6, 4), "tent": (60, 20), "sandbag": (3000, 1000)}),
    ("区水务局防汛仓库（示例）", "赵库管", 0.015, -0.01,
     {"pump": (2, 4), "sandbag": (1500, 500)}),  # pumps below their minimum: a warning
]
TEAMS = [("燃气抢险队（示例）", "燃气抢险", 12, 0.002, 0.004),
         ("区消防救援站（示例）", "消防救援", 30, -0.006, 0.01),
         ("供水抢修队（示例）", "供水抢修", 15, 0.01, -0.004),
         ("防汛抢险突击队（示例）", "防汛排涝", 40, 0.014, -0.012),
         ("社区志愿救援队（示例）", "综合救援", 20, 0.001, 0.001)]
EXPERTS = [("专家 孙工（示例）", "燃气", 0.003, 0.002),
           ("专家 钱工（示例）", "燃气", -0.02, 0.02),
           ("专家 周工（示例）", "防汛", 0.01, -0.01),
           ("专家 吴工（示例）", "结构安全", -0.004, 0.006),
           ("专家 郑医生（示例）", "医疗救护", 0.006, 0.008),
           ("专家 王工（示例）", "消防", -0.01, 0.0)]
SHELTERS = [("矿区街道中心广场避难场所（示例）", 2000, 0.001, 0.002),
            ("区体育馆避难场所（示例）", 5000, -0.015, 0.02),
            ("第一中学操场避难场所（示例）", 1500, 0.008, -0.006)]


def _street() -> Region:
    return Region.objects.get(level=RegionLevel.STREET, name=DEMO_STREET)


def load_resources(district: Region) -> int:
    """Once: the plans and the resources; the number of plans added (0 when present)."""
    if Plan.objects.exists():
        return 0
    street = _street()
    lat0, lng0 = float(street.center_lat or 0.0), float(street.center_lng or 0.0)
    units = {d.code: d for d in Department.objects.filter(
        code__in={u for _c, levels in PLANS.values() for steps in levels.values()
                  for u, *_rest in steps} | {OWNER})}
    now = timezone.now()
    with transaction.atomic():
        for name, (event_class, levels) in PLANS.items():
            plan = Plan.objects.create(name=name, event_class=event_class, owner=units[OWNER])
            version = PlanVersion.objects.create(plan=plan, number=1, created_at=now,
                                                 note="示例预案（合成数据）",
                                                 contacts="区应急管理局值班室 0632-0000000（示例）")
            for level, steps in levels.items():
                # One report names the event at Ⅳ; Ⅲ, Ⅱ, Ⅰ ask for 3, 4, 5 within 2 hours.
                row = PlanLevel.objects.create(version=version, level=level,
                                               trigger_keywords=[name],
                                               trigger_similar_cases=(6 - level if level < 4
                                                                      else None),
                                               trigger_window_hours=2)
                PlanStep.objects.bulk_create([
                    PlanStep(plan_level=row, order=n, department=units[unit], action=action,
                             offset_minutes=offset, deadline_minutes=minutes)
                    for n, (unit, action, offset, minutes) in enumerate(steps)])
        items = {code: CatalogueItem.objects.create(code=code, name=name, unit=unit)
                 for code, name, unit in ITEMS}
        for name, manager, dlat, dlng, stock in WAREHOUSES:
            w = Warehouse.objects.create(name=name, manager=manager, lat=lat0 + dlat,
                                         lng=lng0 + dlng, phone="13800009999", synthetic=True)
            StockItem.objects.bulk_create([
                StockItem(warehouse=w, item=items[code], quantity=q, min_level=minimum,
                          expiry=date(2028, 12, 31))
                for code, (q, minimum) in stock.items()])
        Team.objects.bulk_create([Team(name=n, speciality=s, members=m, lat=lat0 + a,
                                       lng=lng0 + b, synthetic=True)
                                  for n, s, m, a, b in TEAMS])
        Expert.objects.bulk_create([Expert(name=n, field=f, lat=lat0 + a, lng=lng0 + b,
                                           phone="13800008888", synthetic=True)
                                    for n, f, a, b in EXPERTS])
        Shelter.objects.bulk_create([Shelter(name=n, capacity=c, lat=lat0 + a, lng=lng0 + b,
                                             synthetic=True) for n, c, a, b in SHELTERS])
    return len(PLANS)


# The demo cases this adds outside the emergency channels: the 12345 call of the gas leak.
REAL_ORIGINS = 1


def demo_incidents() -> int:
    """Once: the gas-leak incident and the flood drill (0 when the demo has incidents)."""
    if Incident.objects.exists() or not Plan.objects.exists():
        return 0
    operator = User.objects.get(username="operator")
    dispatcher = User.objects.get(username="dispatcher")
    grid = (Region.objects.filter(level=RegionLevel.GRID, path__startswith=_street().path)
            .defer("geometry").order_by("code").first())
    assert grid is not None
    lat, lng = float(grid.center_lat or 0.0), float(grid.center_lng or 0.0)
    t0 = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1, hours=3)
    gas = Plan.objects.get(name="燃气泄漏")
    with transaction.atomic():
        case = create_case(actor=operator, at=t0, new=NewCase(
            channel=Channel.HOTLINE, title="小区楼道内燃气味很浓", urgency=Urgency.URGENT,
            description="来电人反映：单元楼道内闻到浓烈燃气味，担心泄漏。",
            reporter_name="赵先生", reporter_phone="13800000901", lat=lat, lng=lng))
        act(case_id=case.pk, actor=dispatcher, action="register", at=t0 + timedelta(minutes=2))
        act(case_id=case.pk, actor=dispatcher, action="start_plan",
            at=t0 + timedelta(minutes=3), data=ActionInput(plan=gas.pk, level=3,
                                                           note="一键启动燃气泄漏预案"))
    incident = Incident.objects.get(case=case)
    e.open_tasks(incident_id=incident.pk, now=t0 + timedelta(minutes=3))
    team = Team.objects.get(speciality="燃气抢险")
    e.commit_team(incident_id=incident.pk, actor=dispatcher, team_id=team.pk,
                  at=t0 + timedelta(minutes=5))
    masks = StockItem.objects.filter(item__code="mask").order_by("warehouse__name").first()
    assert masks is not None
    e.issue_stock(incident_id=incident.pk, actor=dispatcher, stock_id=masks.pk, quantity=10,
                  at=t0 + timedelta(minutes=8))
    e.change_level(incident_id=incident.pk, actor=dispatcher, level=2,
                   at=t0 + timedelta(minutes=20))

    flood = Plan.objects.get(name="内涝")
    d0 = t0 - timedelta(days=3)
    drill = e.start_drill(actor=dispatcher, plan_id=flood.pk, level=3, lat=lat, lng=lng, at=d0)
    e.open_tasks(incident_id=drill.pk, now=d0)
    e.close_incident(incident_id=drill.pk, actor=dispatcher, at=d0 + timedelta(hours=2),
                     report="演练总结（示例）：泵站强排与交通管制按时到位；各单位未在系统中反馈，"
                            "列为迟办，提请修订预案。")
    return 2
