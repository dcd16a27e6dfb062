"""The demo district's population: made up, valid, and unmistakably synthetic.

Every grid gets a building with three houses and a couple in each, a few organisations,
places and components, and one person in ten enrolled in a care or attention programme with
a visit due over the coming six weeks (one in twenty up to ten days late), so the grid profile, the
field app's visit list and its overdue warnings have something to show.

No real person: the ID numbers use the serials 996–999, which GB 11643 keeps for people
over a hundred, with birth dates that make everyone younger than that — so no number can
be anyone's. Each person is flagged `synthetic` and named 示例·….
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric, uscc

from tongxin.basedata.identity import id_index
from tongxin.basedata.models import (
    Building,
    Component,
    Enrollment,
    House,
    Household,
    HouseUse,
    Organisation,
    Person,
    Place,
    PlaceKind,
    Residence,
    Tag,
)
from tongxin.org.models import Department
from tongxin.regions.models import Level, Region
from tongxin.security.crypto import phone_hash

FAMILY = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
USES = [HouseUse.OWNER, HouseUse.OWNER, HouseUse.RENTED, HouseUse.VACANT]
# The unit answering for each programme's visits (an overdue visit's case goes to it).
PROGRAMME_UNITS = {"独居老人": "minzheng", "空巢老人": "minzheng", "留守儿童": "minzheng",
                   "残疾人": "minzheng", "严重精神障碍": "weijian", "社区矫正": "sifa"}
PROGRAMMES = [("独居老人", 0), ("空巢老人", 0), ("留守儿童", 0), ("残疾人", 0),
              ("严重精神障碍", 1), ("严重精神障碍", 3), ("社区矫正", 0)]
SEED = 20261203


def citizen_number(rng: random.Random, county: str, male: bool,
                   used: set[str]) -> tuple[str, date]:
    """A number nobody has (serials 996–999) and no one else in the demo has (`used`)."""
    while True:
        born = date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 70))
        serial = rng.choice((997, 999) if male else (996, 998))
        body = f"{county}{born:%Y%m%d}{serial}"
        if body not in used:
            used.add(body)
            return body + ric.calc_check_digit(body + "0"), born


def credit_code(rng: random.Random) -> str:
    body = "9137040" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
    return body + uscc.calc_check_digit(body + "0")


def populate(district: Region, *, seed: int = SEED) -> int:
    """Fill the district's grids once; returns the number of people added (0 when the
    district has people already)."""
    grids = list(Region.objects.filter(level=Level.GRID, path__startswith=district.path)
                 .defer("geometry").order_by("code"))
    if not grids or Person.objects.filter(grid__in=grids).exists():
        return 0
    rng, now = random.Random(seed), timezone.now()
    used: set[str] = set()
    chengguan = Department.objects.filter(code="chengguan").first()
    tags = {t.name: t for t in Tag.objects.all()}
    with transaction.atomic():
        people = []
        for g in grids:
            people += _grid(rng, g, district.code[:6], now, chengguan, used)
        _enrol(rng, people, tags, now)
    return len(people)


def _near(rng: random.Random, grid: Region) -> tuple[float | None, float | None]:
    if grid.center_lat is None or grid.center_lng is None:
        return None, None
    return (grid.center_lat + rng.uniform(-3e-4, 3e-4),
            grid.center_lng + rng.uniform(-3e-4, 3e-4))


def _grid(rng: random.Random, grid: Region, county: str, now, department,
          used: set[str]) -> list[Person]:
    lat, lng = _near(rng, grid)
    building = Building.objects.create(code=f"B{grid.code}", name=f"{grid.name}1号楼",
                                       grid=grid, lat=lat, lng=lng, last_verified_at=now)
    people = []
    for n in range(1, 4):
        house = House.objects.create(code=f"H{grid.code}{n:02d}", building=building,
                                     room=f"{n}01", use=rng.choice(USES), grid=grid, lat=lat,
                                     lng=lng, last_verified_at=now)
        household = Household.objects.create(house=house, grid=grid, last_verified_at=now)
        couple = [_person(rng, grid, county, house, household, male, relation, now, used)
                  for male, relation in ((True, "户主"), (False, "配偶"))]
        household.head = couple[0]
        household.save(update_fields=["head"])
        people += couple
    if int(grid.code[-2:]) % 5 == 1:
        Organisation.objects.create(
            name=f"示例·{grid.name}便民超市", credit_code=credit_code(rng), grid=grid, lat=lat,
            lng=lng, kind="个体工商户", employees=rng.randrange(2, 12), last_verified_at=now)
        Place.objects.create(name=f"示例·{grid.name}小餐饮", kind=PlaceKind.NINE_SMALL,
                             grid=grid, lat=lat, lng=lng, inspection_days=30,
                             last_verified_at=now)
    for kind, name in (("01", "上水井盖"), ("02", "路灯")):
        serial = f"{rng.randrange(10**6):06d}"
        Component.objects.get_or_create(code=f"{county}{kind}01{serial}", defaults={
            "name": name, "grid": grid, "lat": lat, "lng": lng, "department": department,
            "last_verified_at": now})
    return people


def _person(rng: random.Random, grid: Region, county: str, house: House, household: Household,
            male: bool, relation: str, now, used: set[str]) -> Person:
    number, born = citizen_number(rng, county, male, used)
    phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    return Person.objects.create(
        name=f"示例·{rng.choice(FAMILY)}{rng.choice(GIVEN)}", id_number=number,
        id_index=id_index(number), phone=phone, phone_index=phone_hash(phone),
        sex="m" if male else "f", birth_date=born, residence=rng.choice(
            [Residence.REGISTERED] * 4 + [Residence.FLOATING]),
        grid=grid, house=house, household=household, relation=relation, synthetic=True,
        last_verified_at=now - timedelta(days=rng.randrange(200)))


def _enrol(rng: random.Random, people: list[Person], tags: dict[str, Tag], now) -> None:
    units = {d.code: d for d in Department.objects.filter(code__in=PROGRAMME_UNITS.values())}
    for name, code in PROGRAMME_UNITS.items():
        if name in tags and code in units:
            tags[name].departments.add(units[code])
    rows = []
    for p in rng.sample(people, k=max(1, len(people) // 10)):
        name, grade = rng.choice(PROGRAMMES)
        # A well-run district: one visit in twenty is late (each becomes a case once the
        # worker runs), the rest fall due over the coming weeks.
        days = rng.randrange(-10, 0) if rng.random() < 0.05 else rng.randrange(1, 42)
        if name in tags:
            rows.append(Enrollment(person=p, tag=tags[name], grade=grade, since=now,
                                   next_visit_due=now + timedelta(days=days)))
    Enrollment.objects.bulk_create(rows, ignore_conflicts=True)
