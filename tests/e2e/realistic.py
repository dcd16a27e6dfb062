"""A realistic day at a district command center, for screenshots and list/filter tests:
about thirty cases in every state, some urgent, some close to or past their deadline, and
one case with a long history (returned, extended, rework after a failed verification)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.world import PASSWORD, World
from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Case, Warning
from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.org.models import Category

# community, category key, state, days ago, urgency | title | description
_TABLE = """
A1 light in_progress 3 normal | 小区门口路灯不亮 | 幸福里小区南门两盏路灯已坏一周，夜间出行不便。
A2 city dispatched 1 urgent | 人行道井盖缺失存在安全隐患 | 建设路口人行道井盖缺失，老人险些踩空。
B1 city reported 0 normal | 夜间施工噪音扰民 | 工地晚上十一点后仍在打桩，严重影响休息。
A1 property registered 0 urgent | 楼道内电动车违规充电 | 3号楼2单元楼道有人私拉电线给电动车充电。
B2 water in_progress 9 normal | 二次供水水质发黄 | 小区自来水近三天发黄有异味。
A2 city replied 5 normal | 菜市场周边占道经营 | 早市摊贩占用机动车道，早高峰拥堵。
B1 property dispatched 2 urgent | 老旧小区外墙瓷砖脱落 | 7号楼外墙瓷砖掉落，险些砸到路人。
A1 property adjudicating 4 normal | 物业费收费不透明 | 物业公司未公示收支，业主要求公开账目。
B2 city closed 12 normal | 公交站牌损坏 | 人民医院站站牌玻璃破碎。
A2 drain closed 15 urgent | 暴雨后道路积水严重 | 下穿通道积水约半米，车辆无法通行。
B1 city in_progress 11 normal | 垃圾清运不及时，异味严重 | 小区垃圾桶满溢两天无人清运。
A1 city reported 0 normal | 餐馆油烟直排扰民 | 临街烧烤店油烟直接排向居民楼。
B2 city registered 1 normal | 共享单车乱停放堵塞盲道 | 地铁口大量单车压占盲道。
A2 water dispatched 0 urgent | 小区突然停水无通知 | 今早六点起停水，未见任何通知。
B1 property replied 6 normal | 违章搭建彩钢棚 | 一楼住户在公共绿地搭建彩钢棚。
A1 city closed 20 normal | 绿化带杂草丛生 | 滨河路绿化带杂草半人高，蚊虫多。
B2 city in_progress 10 normal | 路面坑洼影响通行 | 光明路多处坑洼，电动车易摔倒。
A2 property reported 0 normal | 空调外机滴水 | 楼上空调外机冷凝水滴到行人身上。
B1 city closed 9 normal | 商铺门前乱堆杂物 | 五金店门前堆放货物占用人行道。
A1 property dispatched 3 normal | 楼顶防水层破损漏雨 | 顶楼住户家中天花板渗水。
B2 drain registered 0 normal | 河道漂浮垃圾 | 护城河桥下有大量漂浮垃圾。
A2 property in_progress 2 urgent | 小区电梯频繁故障 | 5号楼电梯一周内困人两次。
B1 city replied 1 urgent | 树木倒伏压住电线 | 大风吹倒行道树，压在低压线上。
A1 city reported 1 normal | 广场舞音响音量过大 | 晚上八点至十点音响声音过大。
B2 drain in_progress 8 normal | 雨水井堵塞返水 | 小区雨水井堵塞，下雨即返水。
"""
CASES = [
    (*head.split(), title.strip(), description.strip())
    for head, title, description in (
        line.split(" | ") for line in _TABLE.strip().splitlines()
    )
]

CATEGORIES = {
    # key: (code, name, parent key, lead department code)
    "city": ("02", "市容环卫", None, "cg"),
    "water": ("03", "供水服务", None, "sw"),
    "drain": ("0301", "排水防涝", "water", "sw"),
    "property": ("0102", "物业管理", "top", "zj"),
}

PATH = {
    "reported": [],
    "registered": ["register"],
    "adjudicating": ["register", "adjudicate"],
    "dispatched": ["register", "dispatch"],
    "in_progress": ["register", "dispatch", "accept"],
    "replied": ["register", "dispatch", "accept", "reply"],
    "closed": ["register", "dispatch", "accept", "reply", "verify_pass"],
}
ACTOR = {"register": "dispatcher", "adjudicate": "dispatcher", "dispatch": "dispatcher",
         "verify_pass": "dispatcher", "accept": "handler", "reply": "handler",
         "verify_fail": "dispatcher", "return": "handler", "extend_request": "handler",
         "extend_approve": "dispatcher", "supervise": "supervisor"}
NOTES = {
    "adjudicate": "涉及多个部门职责，提请研判。",
    "reply": "已到现场处置完毕，详见照片。",
    "return": "该事项不属于本单位职责，请改派。",
    "verify_fail": "回访市民反映问题仍存在，请重新处理。",
    "extend_request": "需协调供电部门停电作业，申请延期。",
    "supervise": "请加快办理进度。",
}
HANDLERS = {"cg": "handler", "zj": "handler_zj", "sw": "handler_sw"}


def add_reference_data(world: World) -> None:
    for key, (code, name, parent, lead) in CATEGORIES.items():
        world.categories[key] = Category.objects.create(
            code=code, name=name, level=2 if parent else 1,
            parent=world.categories.get(parent) if parent else None,
            lead_department=world.departments[lead],
        )
    user = User.objects.create_user(username="handler_sw", password=PASSWORD,
                                    display_name="水务局 刘工")
    Membership.objects.create(user=user, role=Role.HANDLER, department=world.departments["sw"])
    world.users["handler_sw"] = user


def _step(world: World, case: Case, action: str, at, **extra) -> Case:
    actor = ACTOR[action]
    if actor == "handler":
        # The unit that leads the case acts for it (before dispatch: the category's unit).
        lead = case.lead_department or case.category.effective_lead_department()
        actor = HANDLERS[lead.code]
    data = ActionInput(note=extra.pop("note", NOTES.get(action, "")), **extra)
    if action == "dispatch" and data.lead_department is None:
        data.lead_department = case.category.effective_lead_department()
    return act(case_id=case.pk, actor=world.user(actor), action=action, data=data, at=at)


def _create(world: World, title, description, community, category, urgency, at) -> Case:
    return create_case(
        actor=world.user("operator"), at=at,
        new=NewCase(channel="hotline", title=title, description=description,
                    region=world.communities[community], category=world.categories[category],
                    reporter_name="李秀兰", reporter_phone="13805461234",
                    address=f"{world.communities[community].name}附近",
                    urgency=urgency),
    )


def seed(world: World) -> dict[str, Case]:
    """Create the day's cases; returns a few of them by role in the screenshots."""
    add_reference_data(world)
    now = timezone.now()
    made = []
    for i, (community, category, state, days, urgency, title, description) in enumerate(CASES):
        at = now - timedelta(days=int(days), hours=2 + i % 5)
        case = _create(world, title, description, community, category, urgency, at)
        for n, action in enumerate(PATH[state]):
            # Handlers sign for their cases the next morning; results come a day later.
            at = min(at + timedelta(hours=3 + 18 * (n > 1)), now - timedelta(minutes=30))
            case = _step(world, case, action, at)
        made.append(case)
    # A case close to its deadline, as the sweep would have marked it.
    Case.objects.filter(pk=made[0].pk).update(warning=Warning.YELLOW)
    return {"history": _long_history(world, now), "first": made[0]}


def _long_history(world: World, now) -> Case:
    """One case that went through a return, an extension and a failed verification."""
    at = now - timedelta(days=7, hours=5)
    case = _create(world, "幸福路52号门前污水井冒溢",
                   "市民来电反映：幸福路52号门前污水井持续冒溢，污水流到人行道上，"
                   "气味很大，附近商户和行人意见很大，希望尽快处理。", "A1", "drain", "normal", at)
    steps = [
        ("register", {}, 1), ("dispatch", {"lead_department": world.departments["cg"]}, 1),
        ("return", {}, 3),
        ("dispatch", {"lead_department": world.departments["sw"],
                      "co_departments": [world.departments["cg"]]}, 2),
        ("accept", {}, 2), ("extend_request", {"until": now + timedelta(days=6)}, 20),
        ("extend_approve", {"note": "同意延期。"}, 2), ("reply", {}, 30),
        ("verify_fail", {}, 20), ("supervise", {}, 2),
        ("reply", {"note": "已疏通管网并更换井盖，现场已清理。"}, 20),
    ]
    for action, extra, hours in steps:
        at = at + timedelta(hours=hours)
        case = _step(world, case, action, at, **extra)
    return case
