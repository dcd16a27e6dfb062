"""A report being typed (not saved) is scored like a new case against the open cases the user
sees: the same problem ranks first, a chosen region narrows to its street, the caller's own
open cases still come first in the hotline console."""

from tests.triage.helpers import report
from tongxin.cases.models import Channel
from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.hotline.selectors import similar_open_cases
from tongxin.triage.duplicates import find_similar_to_draft


def test_an_unsaved_draft_is_matched_against_visible_open_cases(world):
    water = report(world, "幸福小区停水", description="幸福小区3号楼从早上开始停水")
    light = report(world, "人民路路灯不亮")
    in_b = report(world, "幸福小区停水", description="幸福小区3号楼停水", street="B")
    closed = report(world, "幸福小区停水了", description="幸福小区3号楼停水")
    act(case_id=closed.pk, actor=world.user("street_a"), action="reject",
        data=ActionInput(note="重复"))

    street_a = world.user("street_a")
    found = find_similar_to_draft(user=street_a, text="幸福小区3号楼停水了")
    ids = [c.case_id for c in found]
    assert ids[0] == water.pk and light.pk not in ids
    assert in_b.pk not in ids and closed.pk not in ids
    assert found[0].reasons and found[0].number == water.number

    district = world.user("dispatcher")
    assert in_b.pk in [c.case_id for c in find_similar_to_draft(user=district,
                                                                  text="幸福小区3号楼停水了")]
    in_a_only = find_similar_to_draft(user=district, text="幸福小区3号楼停水了",
                                      area=world.communities["A1"])
    assert [c.case_id for c in in_a_only] == [water.pk]

    # The caller's own open case (found by the phone hash) comes first, whatever its words.
    own = create_case(actor=None, new=NewCase(channel=Channel.HOTLINE, title="垃圾没人清运",
                                              region=world.communities["A2"],
                                              reporter_phone="13900002222"))
    console = similar_open_cases(user=street_a, phone="13900002222", text="幸福小区3号楼停水了")
    assert console[:2] == [own, water]
