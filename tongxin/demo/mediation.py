"""The demo's mediation centre (矛调中心): two committees — 矿区街道人民调解委员会 and the
district's professional 区物业纠纷调解委员会 — with five mediators (handler accounts of
those departments, `mediator` … `mediator_5`) and three rooms.

With cases, a dozen disputes in several states, made as people would make them: a 12345 call
recorded by the operator, transferred to a committee (秒转快办), signed for, and then
mediated through `tongxin.mediation.services` (a mediator assigned, a room booked, records,
an agreement signed by both parties, a follow-up visit; one closed, one failed, one handed
back to the command centre). Every name and number is synthetic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from tongxin.accounts.models import Membership, Role, User
from tongxin.cases.models import Channel
from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.mediation import services as m
from tongxin.mediation.models import (
    Dispute,
    Level,
    MediationOrg,
    Mediator,
    OrgKind,
    PartyRole,
    Room,
)
from tongxin.mediation.referral import refer
from tongxin.org.models import Department, DepartmentKind
from tongxin.regions.models import Level as RegionLevel
from tongxin.regions.models import Region

from .accounts import DEMO_STREET, PASSWORD

# (code, name, level, kind, specialities, rooms)
ORGS = [
    ("tj_kuangqu", "矿区街道人民调解委员会", Level.STREET, OrgKind.PEOPLES, [],
     ["第一调解室", "第二调解室"]),
    ("tj_wuye", "区物业纠纷调解委员会", Level.DISTRICT, OrgKind.PROFESSIONAL, ["property"],
     ["物业调解室"]),
]
# (username, display name, organisation code, specialities, certificate)
MEDIATORS = [
    ("mediator", "王秀兰", "tj_kuangqu", ["neighbour", "family"], "TJ-370402-0101"),
    ("mediator_2", "刘德明", "tj_kuangqu", ["labour", "consumer"], "TJ-370402-0102"),
    ("mediator_3", "孙晓燕", "tj_kuangqu", ["neighbour", "land"], "TJ-370402-0103"),
    ("mediator_4", "周立新", "tj_wuye", ["property"], "TJ-370402-0201"),
    ("mediator_5", "马春梅", "tj_wuye", ["property", "consumer"], "TJ-370402-0202"),
]


@dataclass(frozen=True)
class DemoDispute:
    """A 12345 call and how far its mediation went: received (not signed for), accepted,
    assigned, booked, recorded, drawn (agreement, unsigned), agreed, visited, closed,
    failed, referred (failed, then 三调联动 to administrative mediation), handed_back,
    passed_on."""

    org: str
    mediator: str
    title: str
    caller: str
    respondent: str
    stage: str
    terms: str = ""


DISPUTES = [
    DemoDispute("tj_kuangqu", "mediator", "楼上邻居每晚拖动家具噪音扰民，协商不成", "张桂芳",
                "李建军", "closed", "一、李建军每晚22:00后不拖动家具；二、十日内为桌椅加装脚垫。"),
    DemoDispute("tj_kuangqu", "mediator", "楼上卫生间漏水泡坏我家天花板，邻居不肯赔", "赵丽",
                "钱国庆", "visited", "一、钱国庆十五日内修复防水层；二、赔偿赵丽修缮费1200元。"),
    DemoDispute("tj_kuangqu", "mediator_3", "邻居在楼道堆放杂物占用公共通道，多次沟通无果",
                "陈建华", "吴海燕", "agreed",
                "一、吴海燕三日内清理楼道杂物；二、今后不在楼道堆物。"),
    DemoDispute("tj_kuangqu", "mediator_2", "装修公司拖欠我两个月工钱不给", "郑大勇",
                "枣庄某装饰公司", "drawn", "一、公司于本月底前一次性支付工钱8600元。"),
    DemoDispute("tj_kuangqu", "mediator", "兄弟俩因老人赡养费分摊吵架，请社区调解", "冯秀英",
                "冯志刚", "recorded"),
    DemoDispute("tj_kuangqu", "mediator_3", "邻居家狗夜里一直叫，吵得老人睡不着", "褚玉兰",
                "卫东", "booked"),
    DemoDispute("tj_kuangqu", "mediator_2", "在商家买的电动车三天就坏了，商家不给退款", "蒋文",
                "矿区某车行", "assigned"),
    DemoDispute("tj_kuangqu", "", "楼下烧烤店油烟和噪音扰民，和老板协商不了", "沈红", "某烧烤店",
                "accepted"),
    DemoDispute("tj_kuangqu", "", "隔壁邻居加装空调外机对着我家窗户吹", "韩磊", "杨伟", "received"),
    DemoDispute("tj_kuangqu", "mediator", "邻居因宅前空地种菜起争执，要求调解", "朱丽华", "秦勇",
                "failed"),
    DemoDispute("tj_kuangqu", "mediator_3", "房东以家具损坏为由不退租房押金3000元", "马丽",
                "周强", "referred"),
    DemoDispute("tj_kuangqu", "", "小区门口有人打架斗殴，请派人处理", "许明", "不详",
                "handed_back"),
    DemoDispute("tj_kuangqu", "", "新买的房子墙体开裂，开发商推诿，邻居说是楼上装修造成的",
                "孔德福", "严凯", "passed_on"),
    DemoDispute("tj_wuye", "mediator_4", "物业公司多收物业费还不开发票，业主要求退还", "何建平",
                "枣庄安居物业有限公司", "booked"),
    DemoDispute("tj_wuye", "mediator_5", "小区电梯长期故障，业主拒交物业费与物业发生纠纷", "吕芳",
                "枣庄锦绣物业服务有限公司", "recorded"),
]


# A dispute that is no matter for mediation is passed on to the department (矛调转办).
PASS_ON_TO = "zhujian"

# ---------------------------------------------------------------- organisations


def load_organisations(district: Region) -> int:
    """Once: the committees, their mediators (handler accounts) and rooms; the number of
    mediators added (0 when the demo has them already)."""
    if Department.objects.filter(code=ORGS[0][0]).exists():
        return 0
    street = Region.objects.get(parent=district, level=RegionLevel.STREET, name=DEMO_STREET)
    password = make_password(PASSWORD)
    orgs: dict[str, MediationOrg] = {}
    with transaction.atomic():
        for code, name, level, kind, specialities, rooms in ORGS:
            region = street if level == Level.STREET else district
            dept = Department.objects.create(code=code, name=name, region=district,
                                             kind=DepartmentKind.MEDIATION)
            orgs[code] = MediationOrg.objects.create(
                department=dept, kind=kind, level=level, region=region,
                specialities=specialities, lat=region.center_lat, lng=region.center_lng)
            for room in rooms:
                Room.objects.create(org=orgs[code], name=room)
        for n, (username, person, code, specialities, certificate) in enumerate(MEDIATORS):
            org = orgs[code]
            user = User.objects.create(username=username, display_name=f"调解员 {person}",
                                       password=password)
            Membership.objects.create(user=user, role=Role.HANDLER, department=org.department)
            Mediator.objects.create(
                user=user, org=org, name=person, specialities=specialities,
                certificate_no=certificate,
                lat=(org.lat or 0.0) + 0.002 * n, lng=(org.lng or 0.0) + 0.001 * n)
    return len(MEDIATORS)


# ---------------------------------------------------------------- disputes


ORDER = ["received", "accepted", "assigned", "booked", "recorded", "drawn", "agreed",
         "visited", "closed"]


def _reached(stage: str, step: str) -> bool:
    return stage in ORDER and ORDER.index(stage) >= ORDER.index(step)


def signature_image(name: str) -> SimpleUploadedFile:
    """A synthetic signature scan: a scrawl on white."""
    picture = Image.new("RGB", (240, 90), "white")
    ImageDraw.Draw(picture).line([(20, 60), (80, 20), (140, 70), (220, 30)], fill="black",
                                 width=3)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile(f"signature-{name}.png", buffer.getvalue(),
                              content_type="image/png")


def demo_disputes() -> int:
    """Once: the disputes of DISPUTES (0 when the demo has disputes already)."""
    if Dispute.objects.exists() or not MediationOrg.objects.filter(
            department__code=ORGS[0][0]).exists():
        return 0
    operator = User.objects.get(username="operator")
    dispatcher = User.objects.get(username="dispatcher")
    street = Region.objects.get(level=RegionLevel.STREET, name=DEMO_STREET)
    grids = list(Region.objects.filter(level=RegionLevel.GRID, path__startswith=street.path)
                 .defer("geometry").order_by("code"))
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=30)
    for n, d in enumerate(DISPUTES):
        grid = grids[n % len(grids)]
        with transaction.atomic():
            _mediate(d, n, grid, operator, dispatcher, start + timedelta(days=2 * n, hours=n))
    return len(DISPUTES)


class _Clock:
    """The moments of one dispute's trail, each a little after the one before (a trail's
    events are strictly in order)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def tick(self, **step: float) -> datetime:
        self.now += timedelta(**step) if step else timedelta(minutes=7)
        return self.now


def _mediate(d: DemoDispute, n: int, grid: Region, operator: User, dispatcher: User,
             t0: datetime) -> None:
    org = MediationOrg.objects.select_related("department").get(department__code=d.org)
    clock = _Clock(t0)
    case = create_case(actor=operator, at=t0, new=NewCase(
        channel=Channel.HOTLINE, title=d.title, description=f"来电人反映：{d.title}。",
        reporter_name=d.caller, reporter_phone=f"1380000{n + 100:04d}",
        lat=float(grid.center_lat or 0.0), lng=float(grid.center_lng or 0.0)))
    act(case_id=case.pk, actor=operator, action="transfer_to_mediation", at=clock.tick(),
        data=ActionInput(lead_department=org.department, note="属民间纠纷，转矛调中心调解"))
    if d.stage == "received":
        return
    handler = (Mediator.objects.get(user__username=d.mediator).user if d.mediator
               else Mediator.objects.filter(org=org).order_by("user__username")[0].user)
    act(case_id=case.pk, actor=handler, action="accept", at=clock.tick(minutes=25))
    if d.stage == "handed_back":
        act(case_id=case.pk, actor=handler, action="hand_back", at=clock.tick(),
            data=ActionInput(note="属治安案件，不属调解范围，退回指挥中心"))
        return
    if d.stage == "passed_on":
        act(case_id=case.pk, actor=handler, action="pass_on", at=clock.tick(),
            data=ActionInput(lead_department=Department.objects.get(code=PASS_ON_TO),
                             note="属房屋质量问题，转住建部门处理"))
        return
    if d.stage == "accepted":
        return
    mediator = Mediator.objects.get(user__username=d.mediator)
    m.assign_mediator(case_id=case.pk, actor=handler, mediator=mediator, at=clock.tick())
    m.add_party(case_id=case.pk, actor=handler, role=PartyRole.RESPONDENT, name=d.respondent,
                phone=f"1380000{n + 200:04d}", at=clock.tick())
    if d.stage == "assigned":
        return
    room = Room.objects.filter(org=org).order_by("name")[n % org.rooms.count()]
    # Sessions of finished disputes lie in the past, the booked ones in the coming days.
    begins = (timezone.now() + timedelta(days=2 + n % 5) if d.stage == "booked"
              else t0 + timedelta(days=1))
    begins = begins.replace(hour=9 + n % 8, minute=0, second=0, microsecond=0)
    if d.stage != "booked" and begins + timedelta(hours=3) > timezone.now():
        # The latest disputes began yesterday: "the next day at that hour" may not have come
        # yet today, and a finished session's trail must lie wholly in the past.
        begins = (clock.now + timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    session = m.book_session(case_id=case.pk, actor=handler, at=clock.tick(), booking=m.Booking(
        mediator=mediator, room=room, starts_at=begins, ends_at=begins + timedelta(hours=1)))
    if d.stage == "booked":
        return
    clock.now = max(clock.now, begins + timedelta(hours=1))
    parties = list(Dispute.objects.get(pk=case.pk).parties.values_list("pk", flat=True))
    attended = parties if d.stage not in ("failed", "referred") else parties[:1]
    m.record_session(case_id=case.pk, actor=mediator.user, session_id=session.pk,
                     attended=attended, at=clock.tick(),
                     record=f"申请人{d.caller}陈述了事实与诉求；被申请人{d.respondent}"
                            + ("未到场。" if d.stage in ("failed", "referred")
                               else "到场并陈述意见。"))
    m.caucus_note(case_id=case.pk, actor=mediator.user, session_id=session.pk,
                  at=clock.tick(), text="背靠背：申请人表示愿意适当让步。")
    if d.stage in ("failed", "referred"):
        m.end_without_agreement(case_id=case.pk, actor=mediator.user, at=clock.tick(),
                                reason="被申请人拒绝调解，已告知可通过诉讼途径解决")
        if d.stage == "referred":  # 房屋租赁: the housing bureau's administrative mediation
            refer(case_id=case.pk, actor=mediator.user, kind="administrative",
                  department=Department.objects.get(code=PASS_ON_TO), at=clock.tick(),
                  note="租赁押金纠纷，当事人同意由住建部门行政调解")
        return
    if d.stage == "recorded":
        return
    m.draw_up_agreement(case_id=case.pk, actor=mediator.user, terms=d.terms, at=clock.tick(),
                        perform_by=(clock.now + timedelta(days=15)).date())
    if d.stage == "drawn":
        return
    for party in parties:
        m.sign(case_id=case.pk, actor=mediator.user, party_id=party, method="scan",
               image=signature_image(f"{case.number}-{party}"), at=clock.tick())
    if d.stage == "agreed":
        m.request_judicial_confirmation(case_id=case.pk, actor=mediator.user,
                                        court="枣庄市市中区人民法院", at=clock.tick())
        return
    m.follow_up(case_id=case.pk, actor=mediator.user, performance="full",
                at=clock.tick(days=10), note="回访双方，协议已履行，无新的矛盾。")
    if d.stage == "visited":
        return
    act(case_id=case.pk, actor=mediator.user, action="reply", at=clock.tick(),
        data=ActionInput(note="调解成功，协议已履行"))
    act(case_id=case.pk, actor=dispatcher, action="verify_pass", at=clock.tick())
