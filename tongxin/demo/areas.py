"""The demo's responsibility beyond the region tree: three roads of 矿区街道 with their chiefs
(路长制), two police blocks with patrol units and the 110 desk (街区警务), three compounds with
their property companies (物业通). Every geometry is synthetic (drawn inside the demo street's
synthetic grids) and labelled so; each responsible unit has a demo account.

Then a few reports through triage show the routing: a street light on 建设路 goes to its road
chief, a lift in 幸福家园 to its property company, two 110 transfers (one returned to 110).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Membership, Role, User
from tongxin.areas.models import (
    AreaKind,
    Chief,
    PoliceCategory,
    PoliceUnit,
    ResponsibilityArea,
    UnitStatus,
)
from tongxin.areas.selectors import notice_point
from tongxin.areas.services import Transfer, receive_transfer
from tongxin.basedata.models import Compound
from tongxin.cases.models import Case, Channel
from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.org.models import Category, Department, DepartmentKind
from tongxin.regions.models import Level, Region
from tongxin.triage.services import triage_case

from .accounts import DEMO_STREET, PASSWORD

ROAD_BUFFER_M = 40
# (code, road, unit, categories, chiefs: level, post, name, phone; the account of the unit)
ROADS = [
    ("jianshe", "建设路（矿区段）", ["城市管理/市政设施", "城市管理/市容环境"],
     [(1, "一级路长（区级）", "吴建国", "0632-3311001"),
      (2, "二级路长（街道级）", "王强", "0632-3311002"),
      (3, "三级路长（社区级）", "李娜", "13906321003")], "roadchief"),
    ("guangming", "光明路（矿区段）", ["城市管理/市政设施", "城市管理/市容环境"],
     [(2, "二级路长（街道级）", "张磊", "0632-3311012"),
      (3, "三级路长（社区级）", "刘芳", "13906321013")],
     "roadchief_guangming"),
    ("wenhua", "文化路（矿区段）", ["城市管理/市政设施", "城市管理/市容环境"],
     [(2, "二级路长（街道级）", "陈刚", "0632-3311022"),
      (3, "三级路长（社区级）", "赵敏", "13906321023")],
     "roadchief_wenhua"),
]
POLICE_BLOCKS = [("kq1", "矿区第一警务街区", "police_block1"),
                 ("kq2", "矿区第二警务街区", "police_block2")]
COMPOUNDS = [("xfjy", "幸福家园", "枣庄安居物业有限公司", "wuye_anju"),
             ("jxy", "锦绣苑", "枣庄锦绣物业服务有限公司", "wuye_jinxiu"),
             ("hpxq", "和平小区", "山东和平物业管理有限公司", "wuye_heping")]
PROPERTY_CATEGORIES = ["住房保障/物业管理"]
POLICE_CATEGORIES = [("NOISE", "噪音扰民", "生态环境/噪声污染/社会生活噪声"),
                     ("LIGHT", "路灯故障", "城市管理/市政设施/路灯不亮"),
                     ("NEIGHBOUR", "邻里纠纷", "社会治安/邻里纠纷")]


def load_areas(district: Region) -> int:
    """Once: the number of areas added (0 when the demo has them already)."""
    if ResponsibilityArea.objects.exists():
        return 0
    street = Region.objects.get(parent=district, level=Level.STREET, name=DEMO_STREET)
    grids = list(Region.objects.filter(level=Level.GRID, path__startswith=street.path)
                 .order_by("code"))
    password = make_password(PASSWORD)
    with transaction.atomic():
        _roads(district, grids, password)
        _police(district, grids, password)
        _compounds(district, grids, password)
        _police_categories()
    return ResponsibilityArea.objects.count()


def _category(path: str) -> Category:
    parts = path.split("/")
    node = Category.objects.get(name=parts[0], parent__isnull=True)
    for name in parts[1:]:
        node = Category.objects.get(name=name, parent=node)
    return node


def _unit(district: Region, code: str, name: str, kind: str, username: str,
          password: str) -> Department:
    dept = Department.objects.create(code=code, name=name, region=district, kind=kind)
    user = User.objects.create(username=username, display_name=f"{name}承办人",
                               password=password)
    Membership.objects.create(user=user, role=Role.HANDLER, department=dept)
    return dept


def _centre(grid: Region) -> tuple[float, float]:
    return float(grid.center_lat or 0.0), float(grid.center_lng or 0.0)


def _box(lat: float, lng: float, half: float) -> dict:
    ring = [[lng - half, lat - half], [lng + half, lat - half], [lng + half, lat + half],
            [lng - half, lat + half], [lng - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def _roads(district: Region, grids: list[Region], password: str) -> None:
    for (code, name, categories, chiefs, username), grid in zip(ROADS, grids, strict=False):
        dept = _unit(district, f"lz_{code}", f"{name}路长办", DepartmentKind.ROAD_SQUAD,
                     username, password)
        lat, lng = _centre(grid)
        line = {"type": "LineString", "coordinates": [[lng - 0.004, lat], [lng + 0.004, lat]]}
        area = ResponsibilityArea.objects.create(
            code=f"road-{code}", name=name, kind=AreaKind.ROAD_SEGMENT, geometry=line,
            buffer_m=ROAD_BUFFER_M, department=dept, synthetic=True)
        area.categories.set([_category(p) for p in categories])
        # The most local chief signs in as the squad's handler; 一级路长 吴建国 is the
        # district leader (the `leader` account), who hears of red alarms on his road.
        accounts = {max(c[0] for c in chiefs): User.objects.get(username=username),
                    1: User.objects.filter(username="leader").first()}
        for level, post, person, phone in chiefs:
            Chief.objects.create(area=area, level=level, title=post, name=person, phone=phone,
                                 user=accounts.get(level))


def _police(district: Region, grids: list[Region], password: str) -> None:
    User.objects.get_or_create(username="police", defaults={
        "display_name": "110指挥中心联动席", "password": password})
    desk = User.objects.get(username="police")
    Membership.objects.get_or_create(user=desk, role=Role.OPERATOR, region=district)
    for n, ((code, name, username), grid) in enumerate(
            zip(POLICE_BLOCKS, grids[3:], strict=False), 1):
        dept = _unit(district, f"jw_{code}", f"{name}警务室", DepartmentKind.POLICE, username,
                     password)
        area = ResponsibilityArea.objects.create(
            code=f"police-{code}", name=name, kind=AreaKind.POLICE_BLOCK,
            geometry=grid.geometry, department=dept, synthetic=True)
        area.categories.set([_category("社会治安/治安秩序")])
        lat, lng = _centre(grid)
        for k, status in enumerate((UnitStatus.AVAILABLE, UnitStatus.BUSY)):
            PoliceUnit.objects.create(
                call_sign=f"KQ{n}{k + 1}", name=f"{name}巡逻{k + 1}组", department=dept,
                status=status, lat=lat + 0.002 * k, lng=lng,
                updated_at=timezone.now())


def _compounds(district: Region, grids: list[Region], password: str) -> None:
    for (code, name, company, username), grid in zip(COMPOUNDS, grids[5:], strict=False):
        dept = _unit(district, f"wy_{code}", company, DepartmentKind.PROPERTY, username,
                     password)
        lat, lng = (c + 0.003 for c in _centre(grid))
        shape = _box(lat, lng, 0.0015)
        compound = Compound.objects.create(grid=grid, name=name, lat=lat, lng=lng,
                                           geometry=shape, property_company=company)
        area = ResponsibilityArea.objects.create(
            code=f"compound-{code}", name=name, kind=AreaKind.COMPOUND, geometry=shape,
            department=dept, compound=compound, synthetic=True,
            valid_from=timezone.localdate() - timedelta(days=365))
        area.categories.set([_category(p) for p in PROPERTY_CATEGORIES])


def _police_categories() -> None:
    for code, name, path in POLICE_CATEGORIES:
        PoliceCategory.objects.create(code=code, name=name, category=_category(path))


# ---------------------------------------------------------------- reports that show it


DEMO_REPORTS = [
    ("road-jianshe", "建设路矿区段路灯不亮好几天了，晚上走路很危险", "城市管理/市政设施/路灯不亮"),
    ("road-guangming", "光明路上有人占道经营摆摊，堵住了人行道", "城市管理/市容环境/占道经营"),
    ("compound-xfjy", "幸福家园小区电梯坏了三天物业一直不修", "住房保障/物业管理/电梯故障"),
    ("compound-jxy", "锦绣苑楼道堆满杂物物业不清理", "住房保障/物业管理/楼道堆物"),
]


# The 110 desk's two transfers: the first is returned to 110 (an 治安 matter), the second
# stays for triage.
TRANSFERS = [("噪音扰民", "市民报警称楼下烧烤店深夜噪音很大"),
             ("邻里纠纷", "两户邻居因楼道堆物发生口角，请社区调解")]


def demo_reports() -> int:
    """Reports inside the areas, through triage as any report; two 110 transfers."""
    if Case.objects.filter(routed_area__isnull=False).exists():
        return 0
    shown = 0
    for area, title, path in DEMO_REPORTS:
        where = ResponsibilityArea.objects.get(code=area)
        lat, lng = notice_point(where)
        case = create_case(actor=None, new=NewCase(
            channel=Channel.PORTAL, title=title, lat=lat, lng=lng, category=_category(path),
            reporter_name="示例居民", reporter_phone="13800000000"))
        triage_case(case_id=case.pk)
        shown += 1
    desk = User.objects.get(username="police")
    today = timezone.localdate()
    grids = Region.objects.filter(level=Level.GRID).defer("geometry").order_by("code")
    for n, (category, text) in enumerate(TRANSFERS):
        grid = grids[n]
        received = receive_transfer(actor=desk, token=None, transfer=Transfer(
            f"110-{today:%Y%m%d}-{n + 1:04d}", category, text, *_centre(grid),
            timezone.now() - timedelta(minutes=20)), render=lambda c: {"number": c.number})
        shown += 1
        if n == 0:
            dispatcher = User.objects.get(username="dispatcher")
            act(case_id=received.case.pk, actor=dispatcher, action="reject",
                data=ActionInput(note="经核实属治安案件，退回110处置"))
    return shown

