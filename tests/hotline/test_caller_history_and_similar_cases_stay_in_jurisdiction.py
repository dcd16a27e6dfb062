"""The caller's history and the similar open cases come only from the operator's jurisdiction;
similar cases match the caller's number or the words typed so far, closed ones are left out."""

from tongxin.cases.services import ActionInput, NewCase, act, create_case
from tongxin.hotline.selectors import caller_history, similar_open_cases

PHONE = "13900001111"


def _case(world, title, street_user, community, phone=""):
    return create_case(actor=world.user(street_user), new=NewCase(
        channel="hotline", title=title, reporter_phone=phone,
        region=world.communities[community]))


def test_caller_history_and_similar_cases_stay_in_jurisdiction(world):
    in_a = _case(world, "幸福小区停水", "street_a", "A1", PHONE)
    in_b = _case(world, "光明路停水", "street_b", "B1", PHONE)
    other = _case(world, "人民路路灯不亮", "street_a", "A2")
    done = _case(world, "幸福小区停水又来了", "street_a", "A1")
    act(case_id=done.pk, actor=world.user("street_a"), action="reject",
        data=ActionInput(note="重复"))

    street_a = world.user("street_a")
    assert list(caller_history(user=street_a, phone=PHONE)) == [in_a]
    assert set(caller_history(user=world.user("dispatcher"), phone=PHONE)) == {in_a, in_b}
    assert list(caller_history(user=street_a, phone="")) == []

    by_text = similar_open_cases(user=street_a, text="幸福小区停水了")
    assert in_a in by_text and other not in by_text and done not in by_text
    assert similar_open_cases(user=street_a, phone=PHONE) == [in_a]
    assert similar_open_cases(user=street_a, text="完全无关的内容") == []
