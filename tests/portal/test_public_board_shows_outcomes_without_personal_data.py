"""The public board lists handled cases with their outcome but no reporter, no exact
address and no phone numbers; open and rejected cases are not on it."""

from tests.frontline import handle
from tongxin.cases.services import NewCase, create_case


def test_public_board_shows_outcomes_without_personal_data(world, client):
    operator = world.user("operator")
    case = create_case(actor=operator, new=NewCase(
        channel="hotline", title="路灯不亮，电话13912345678", description="住户王小明反映",
        reporter_name="王小明", reporter_phone="13912345678", address="幸福路88号院3号楼",
        region=world.communities["A1"], category=world.categories["light"]))
    handle(world, case, result="已修复路灯")
    create_case(actor=operator, new=NewCase(channel="hotline", title="仍在办理的诉求",
                                            region=world.communities["A1"]))

    html = client.get("/portal/board/").content.decode()
    assert "已修复路灯" in html and "A1社区" in html
    assert "13912345678" not in html and "幸福路88号" not in html
    assert "仍在办理的诉求" not in html
