"""A council of grid A1 in the test world: six representatives (two of them of one
household), one of them the convener, and the grid party branch's secretary."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.cases.loop import local
from tests.world import PASSWORD, World
from tongxin.accounts.models import Membership, Role, User
from tongxin.councils import services
from tongxin.councils.models import Council, Representative, Seat, Topic

T0 = local(2026, 9, 21, 10)


@dataclass
class CouncilWorld:
    world: World
    council: Council
    seats: dict[str, Representative] = field(default_factory=dict)

    def user(self, name: str) -> User:
        if name in self.seats:
            return User.objects.get(pk=self.seats[name].user_id)
        return self.world.user(name)


HOUSEHOLDS = {"rep1": "1号楼101", "rep2": "1号楼101", "rep3": "1号楼102",
              "rep4": "2号楼201", "rep5": "2号楼202", "convener": "3号楼301"}


def build_council(world: World, *, vote_by: str = "household") -> CouncilWorld:
    council = Council.objects.create(grid=world.grids["A1"], name="A1网格议事会",
                                     vote_by=vote_by)
    cw = CouncilWorld(world, council)
    for name, household in HOUSEHOLDS.items():
        user = User.objects.create_user(username=name, password=PASSWORD, display_name=name)
        Membership.objects.create(user=user, role=Role.CITIZEN)
        cw.seats[name] = Representative.objects.create(
            council=council, user=user, household_label=household,
            seat=Seat.CONVENER if name == "convener" else Seat.REPRESENTATIVE)
    branch = User.objects.create_user(username="branch", password=PASSWORD,
                                      display_name="支部书记")
    Membership.objects.create(user=branch, role=Role.CITIZEN)
    # The branch secretary vets; not a representative of a household in the count.
    cw.seats["branch"] = Representative.objects.create(council=council, user=branch,
                                                       seat=Seat.BRANCH)
    return cw


def to_status(cw: CouncilWorld, status: str) -> Topic:
    """A topic proposed by rep1 and taken by the right people to `status`."""
    topic = services.propose(actor=cw.user("rep1"), council=cw.council, title="加装电梯",
                             text="1号楼老人多，提议加装电梯", at=T0)
    steps = ["vetting", "commenting", "scheduled", "voting", "decided"]
    for step in steps[:steps.index(status) + 1] if status in steps else []:
        if step == "vetting":
            services.submit(actor=cw.user("rep1"), topic_id=topic.pk)
        elif step == "commenting":
            services.vet(actor=cw.user("branch"), topic_id=topic.pk, approve=True, at=T0)
        elif step == "scheduled":
            services.schedule(actor=cw.user("convener"), topic_id=topic.pk,
                              starts_at=local(2026, 9, 30, 19), place="社区活动室",
                              agenda="1. 加装电梯方案 2. 表决")
        elif step == "voting":
            services.record_attendance(actor=cw.user("convener"), topic_id=topic.pk,
                                       representative_ids=[s.pk for s in cw.seats.values()])
            services.open_vote(actor=cw.user("convener"), topic_id=topic.pk)
        elif step == "decided":
            for name in ("rep1", "rep3", "rep4"):
                services.vote(actor=cw.user(name), topic_id=topic.pk, choice="yes")
            services.close_vote(actor=cw.user("convener"), topic_id=topic.pk)
    topic.refresh_from_db()
    assert topic.status == status
    return topic
