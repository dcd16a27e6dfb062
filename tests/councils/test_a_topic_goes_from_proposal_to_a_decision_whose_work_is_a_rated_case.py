"""A topic's way through the council: supporters, vetting by the grid party branch (only
it), comments during the comment period, a meeting with registrations, no vote without a
quorum of ⅔ of the representatives, the vote counted, the minutes published for the portal,
the work decided as a case on the engine that is handled and rated, and residents rate the
outcome."""

import pytest

from tests.cases.loop import act
from tongxin.cases.models import Case, Channel
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.councils import selectors, services
from tongxin.councils.models import TopicStatus

from .council import T0, to_status


def test_the_whole_way_of_a_topic(council):
    cw = council
    topic = to_status(cw, "proposed")
    services.support(actor=cw.user("rep3"), topic_id=topic.pk)
    with pytest.raises(ValidationFailed, match="already"):
        services.support(actor=cw.user("rep3"), topic_id=topic.pk)
    with pytest.raises(PermissionDenied):
        services.support(actor=cw.world.user("citizen"), topic_id=topic.pk)  # no seat
    services.submit(actor=cw.user("rep1"), topic_id=topic.pk)
    with pytest.raises(PermissionDenied, match="party branch"):
        services.vet(actor=cw.user("convener"), topic_id=topic.pk, approve=True)
    services.vet(actor=cw.user("branch"), topic_id=topic.pk, approve=True, note="符合议事范围")
    services.comment(actor=cw.user("rep4"), topic_id=topic.pk, text="支持，但费用要公开")
    with pytest.raises(PermissionDenied):
        services.schedule(actor=cw.user("rep4"), topic_id=topic.pk, starts_at=T0,
                          place="活动室", agenda="表决")
    services.schedule(actor=cw.user("convener"), topic_id=topic.pk, starts_at=T0,
                      place="社区活动室", agenda="1. 方案 2. 表决")
    with pytest.raises(ValidationFailed, match="while the topic is"):
        services.comment(actor=cw.user("rep4"), topic_id=topic.pk, text="晚了")
    services.register(actor=cw.user("rep2"), topic_id=topic.pk)

    # 7 seats: ⅔ needs 5 present; 4 is no quorum, and the vote does not open.
    seats = [cw.seats[n].pk for n in ("rep1", "rep2", "rep3", "convener")]
    assert services.record_attendance(actor=cw.user("convener"), topic_id=topic.pk,
                                      representative_ids=seats) == {
        "total": 7, "present": 4, "needed": 5}
    with pytest.raises(ValidationFailed, match="No quorum: 4 of 7") as refused:
        services.open_vote(actor=cw.user("convener"), topic_id=topic.pk)
    assert refused.value.status_code == 409
    with pytest.raises(ValidationFailed, match="while the topic is"):
        services.vote(actor=cw.user("rep1"), topic_id=topic.pk, choice="yes")
    services.record_attendance(actor=cw.user("convener"), topic_id=topic.pk,
                               representative_ids=[cw.seats["rep4"].pk])
    services.open_vote(actor=cw.user("convener"), topic_id=topic.pk)

    for name, choice in (("rep1", "yes"), ("rep3", "yes"), ("rep4", "no"),
                         ("convener", "abstain")):
        services.vote(actor=cw.user(name), topic_id=topic.pk, choice=choice)
    topic = services.close_vote(actor=cw.user("convener"), topic_id=topic.pk)
    assert (topic.status, topic.yes, topic.no, topic.abstain) == (TopicStatus.DECIDED, 2, 1, 1)

    assert not selectors.published_minutes()
    services.publish_minutes(actor=cw.user("convener"), topic_id=topic.pk,
                             text="到会5人，表决通过加装电梯。")
    assert list(selectors.published_minutes()) == [topic]

    with pytest.raises(PermissionDenied):  # a convener who is a resident opens no case
        services.add_work_item(actor=cw.user("convener"), topic_id=topic.pk, title="加装电梯")
    case = services.add_work_item(actor=cw.world.user("street_a"), topic_id=topic.pk,
                                  title="1号楼加装电梯施工协调")
    assert (case.channel, case.grid_id) == (Channel.GRID, cw.world.grids["A1"].pk)
    for action, user, inputs in (
        ("register", "street_a", {}),
        ("dispatch", "street_a", {"lead_department": cw.world.departments["zj"]}),
        ("accept", "handler_zj", {}), ("reply", "handler_zj", {"note": "已协调施工"}),
        ("verify_pass", "street_a", {}), ("rate", "street_a", {"rating": "satisfied"}),
    ):
        case = act(cw.world, case, action, user, **inputs)
    assert Case.objects.get(pk=case.pk).rating == "satisfied"

    services.rate_outcome(actor=cw.user("rep5"), topic_id=topic.pk, score=5)
    with pytest.raises(ValidationFailed, match="already"):
        services.rate_outcome(actor=cw.user("rep5"), topic_id=topic.pk, score=1)


def test_the_secretary_of_the_grids_party_branch_vets(council):
    from tongxin.party import services as party

    topic = to_status(council, "vetting")
    w = council.world
    street = party.add_org(name="A街道党工委", level="street", region=w.streets["A"])
    community = party.add_org(name="A1社区党委", level="community",
                              region=w.communities["A1"], parent=street)
    branch = party.add_org(name="A1网格党支部", level="grid", region=w.grids["A1"],
                           parent=community)
    party.add_member(org=branch, name="rep5", user=council.user("rep5"), secretary=True)
    topic = services.vet(actor=council.user("rep5"), topic_id=topic.pk, approve=True)
    assert topic.status == TopicStatus.COMMENTING


def test_a_rejected_topic_needs_a_reason_and_stops(council):
    topic = to_status(council, "vetting")
    with pytest.raises(ValidationFailed, match="why"):
        services.vet(actor=council.user("branch"), topic_id=topic.pk, approve=False)
    topic = services.vet(actor=council.user("branch"), topic_id=topic.pk, approve=False,
                         note="属业主大会事项")
    assert topic.status == TopicStatus.REJECTED
    with pytest.raises(ValidationFailed):
        services.comment(actor=council.user("rep1"), topic_id=topic.pk, text="为什么")
