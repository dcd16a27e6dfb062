"""党建引领 and 网格议事会 in the demo (synthetic people).

- A 街道党工委 for every street; in 矿区街道 a 社区党委 per community, a 网格党支部 per grid and
  a 楼栋党小组 in the first grid; 50 members spread over them, one in three in service with a
  district unit (each of those reported to its community and was given a grid, with a few
  hours of service checked in), a secretary for each organisation that has members.
- Two councils on the first two grids of 矿区街道, with topics in six states; the demo
  `citizen` sits on the first for the household 3号楼2单元301 and may vote on the topic in
  voting. The street's dispatcher (`street_dispatcher`) manages both.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from tongxin.accounts.models import Membership, Role, User
from tongxin.councils import services as council
from tongxin.councils.models import Council, Representative, Seat
from tongxin.org.models import Department, DepartmentKind
from tongxin.party import services as party
from tongxin.party.models import DualReport, MemberKind, PartyOrg, ServiceRecord
from tongxin.regions.models import Level, Region

from .accounts import DEMO_STREET, PASSWORD

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
MEMBERS = 50


def _name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + (
        GIVEN[(n * 3) % len(GIVEN)] if n % 2 else "")


def load_party(district: Region) -> int:
    """Once: the organisations and members; the number of members added."""
    if PartyOrg.objects.exists():
        return 0
    now = timezone.now()
    employers = list(Department.objects.filter(kind=DepartmentKind.GOVERNMENT)
                     .order_by("code")[:6]) or list(Department.objects.order_by("code")[:6])
    with transaction.atomic():
        streets = Region.objects.filter(parent=district, level=Level.STREET).order_by("code")
        committees = {s.pk: party.add_org(name=f"{s.name}党工委", level="street", region=s)
                      for s in streets}
        demo = next(s for s in streets if s.name == DEMO_STREET)
        branches = []
        for community in Region.objects.filter(parent=demo).order_by("code"):
            c_org = party.add_org(name=f"{community.name}党委", level="community",
                                  region=community, parent=committees[demo.pk])
            for grid in Region.objects.filter(parent=community).order_by("code"):
                branches.append(party.add_org(name=f"{grid.name}党支部", level="grid",
                                              region=grid, parent=c_org))
        group = party.add_org(name="1号楼党小组", level="building", region=branches[0].region,
                              parent=branches[0])
        orgs = [group, *branches]
        secretaries: set[int] = set()
        for n in range(MEMBERS):
            org = orgs[n % len(orgs)]
            in_service = n % 3 == 0 and bool(employers)
            member = party.add_member(
                org=org, name=_name(n), kind=MemberKind.IN_SERVICE if in_service
                else MemberKind.RESIDENT, employer=employers[n % len(employers)]
                if in_service else None, secretary=org.pk not in secretaries and not in_service)
            if member.org.secretary_id == member.pk:
                secretaries.add(org.pk)
            if in_service:
                grid = org.region
                assert grid.parent_id is not None  # a grid lies in a community
                report = DualReport.objects.create(
                    member=member, community_id=grid.parent_id, grid=grid,
                    reported_at=now - timedelta(days=60), assigned_at=now - timedelta(days=59))
                for k in range(1 + n % 3):
                    ServiceRecord.objects.create(
                        report=report, task=("清理楼道", "探望独居老人", "文明劝导")[k],
                        checked_in_at=now - timedelta(days=50 - 10 * k),
                        lat=grid.center_lat or 0.0, lng=grid.center_lng or 0.0,
                        hours=Decimal("2.0") + k)
    return MEMBERS


COUNCIL_HOUSEHOLDS = ("1号楼1单元101", "1号楼1单元102", "2号楼1单元201", "2号楼2单元202",
                      "3号楼1单元301")


def _seat(c: Council, username: str, display: str, seat: str, household: str,
          password: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, display_name=display, password=password)
        Membership.objects.create(user=user, role=Role.CITIZEN)
    Representative.objects.create(council=c, user=user, seat=seat, household_label=household)
    return user


def load_councils(district: Region) -> int:
    """Once: two councils and their topics; the number of topics added."""
    if Council.objects.exists():
        return 0
    street = Region.objects.filter(parent=district, level=Level.STREET, name=DEMO_STREET).first()
    manager = User.objects.filter(username="street_dispatcher").first()
    citizen = User.objects.filter(username="citizen").first()
    if street is None or manager is None or citizen is None:
        return 0
    grids = list(Region.objects.filter(level=Level.GRID, path__startswith=street.path)
                 .order_by("path")[:2])
    now = timezone.now()
    password = make_password(PASSWORD)
    topics = 0
    with transaction.atomic():
        councils = []
        for i, grid in enumerate(grids):
            c = Council.objects.create(grid=grid, name=f"{grid.name}议事会")
            reps = [_seat(c, f"council{i + 1}_rep{k + 1}", f"居民代表 {_name(100 + 10 * i + k)}",
                          Seat.CONVENER if k == 0 else Seat.REPRESENTATIVE, h, password)
                    for k, h in enumerate(COUNCIL_HOUSEHOLDS)]
            branch = _seat(c, f"council{i + 1}_branch", f"网格党支部书记 {_name(200 + i)}",
                           Seat.BRANCH, "", password)
            if i == 0:
                Representative.objects.create(council=c, user=citizen,
                                              household_label="3号楼2单元301")
            councils.append((c, reps, branch))

        def proposed(c, reps, title, text, days):
            nonlocal topics
            topics += 1
            return council.propose(actor=reps[1], council=c, title=title, text=text,
                                   at=now - timedelta(days=days))

        def to_commenting(t, branch, days):
            council.submit(actor=manager, topic_id=t.pk)
            council.vet(actor=branch, topic_id=t.pk, approve=True, note="属本网格议事范围",
                        at=now - timedelta(days=days))

        def to_voting(t, c, reps, days):
            council.schedule(actor=manager, topic_id=t.pk, starts_at=now - timedelta(hours=2),
                             place="社区党群服务中心二楼会议室",
                             agenda="1. 情况说明 2. 讨论 3. 表决")
            council.record_attendance(actor=manager, topic_id=t.pk, representative_ids=list(
                Representative.objects.filter(council=c).values_list("pk", flat=True)))
            council.open_vote(actor=manager, topic_id=t.pk)

        c, reps, branch = councils[0]
        t = proposed(c, reps, "小区东门增设电动车充电桩", "居民电动车飞线充电隐患大，提议在东门空地"
                     "增设集中充电桩。", 12)
        council.support(actor=reps[2], topic_id=t.pk)
        to_commenting(t, branch, 10)
        council.comment(actor=reps[3], topic_id=t.pk, text="赞成，建议收费标准公示。")
        to_voting(t, c, reps, 3)  # voting: the demo citizen may vote on it
        for rep in reps[:3]:
            council.vote(actor=rep, topic_id=t.pk, choice="yes")

        t = proposed(c, reps, "楼道杂物集中清理日",
                     "楼道堆物堵塞消防通道，提议每月第一个周六集中清理。", 30)
        to_commenting(t, branch, 28)
        to_voting(t, c, reps, 20)
        for rep, choice in zip(reps, ("yes", "yes", "yes", "no", "abstain"), strict=True):
            council.vote(actor=rep, topic_id=t.pk, choice=choice)
        council.close_vote(actor=manager, topic_id=t.pk, at=now - timedelta(days=20))
        council.publish_minutes(actor=manager, topic_id=t.pk, at=now - timedelta(days=19),
                                text="应到7人，实到7人。表决同意3票、反对1票、弃权1票，通过。"
                                     "每月第一个周六上午由网格员组织清理楼道杂物。")

        t = proposed(c, reps, "广场舞音量与时段", "晚间广场舞音量过大，提议限定时段和音量。", 4)
        to_commenting(t, branch, 3)
        council.comment(actor=reps[4], topic_id=t.pk, text="建议晚上八点半前结束。")

        c, reps, branch = councils[1]
        t = proposed(c, reps, "背街小巷增设路灯", "巷内夜间无照明，老人出行不便。", 2)
        council.support(actor=reps[2], topic_id=t.pk)
        t = proposed(c, reps, "闲置车棚改建为居民活动室", "车棚长期闲置，提议改建。", 6)
        council.submit(actor=manager, topic_id=t.pk)
        t = proposed(c, reps, "小区内饲养家禽", "有住户在绿地养鸡，提议议事会表决禁止。", 15)
        council.submit(actor=manager, topic_id=t.pk)
        council.vet(actor=branch, topic_id=t.pk, approve=False,
                    note="属违反物业管理规定事项，转物业和社区直接处理，不列议题",
                    at=now - timedelta(days=14))
        t = proposed(c, reps, "垃圾分类投放点调整", "投放点离住户窗口太近，提议南移二十米。", 9)
        to_commenting(t, branch, 8)
        council.schedule(actor=manager, topic_id=t.pk, starts_at=now + timedelta(days=3),
                         place="网格服务站", agenda="1. 选址方案 2. 表决")
        council.register(actor=reps[1], topic_id=t.pk)
    return topics
