"""The 110 desk hands a non-police call over once per 警情编号: the first post is 201 with the
new case, a repeat (even with other wording) is 200 with the same case; bad input is a 4xx
with a message, and only a police-channel token may post."""

import pytest

from tests.api.support import Api, token_for
from tongxin.areas.models import PoliceCategory, PoliceTransfer
from tongxin.cases.models import Case, Channel

from .support import police_desk, transfer_body


@pytest.fixture
def desk(world):
    return Api(token_for(police_desk(world), Channel.POLICE))


def test_a_repeated_incident_number_answers_with_the_first_case(world, desk):
    PoliceCategory.objects.create(code="NOISE", name="噪音扰民",
                                  category=world.categories["top"])
    first = desk.post("/police/transfers", transfer_body())
    again = desk.post("/police/transfers", transfer_body(text="同一警情再次推送"))

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == first.json()["number"]
    case = Case.objects.get()
    assert case.channel == Channel.POLICE and case.category == world.categories["top"]
    transfer = PoliceTransfer.objects.get()
    assert transfer.case == case and transfer.police_category == "噪音扰民"


def test_another_desk_account_sending_the_same_number_gets_the_same_case(world, desk):
    number = desk.post("/police/transfers", transfer_body()).json()["number"]
    other = world.user("operator")
    second = Api(token_for(other, Channel.POLICE)).post("/police/transfers", transfer_body())
    assert second.status_code == 200 and second.json()["number"] == number
    assert Case.objects.count() == 1


@pytest.mark.parametrize("change", [
    {"incident_no": "has space"}, {"lat": 91}, {"text": ""},
    {"reported_at": "2026-12-04T09:30:00"}, {"reported_at": "yesterday"},
])
def test_bad_input_is_a_4xx_with_a_message(desk, change):
    response = desk.post("/police/transfers", transfer_body(**change))
    assert 400 <= response.status_code < 500 and response.json()["detail"]
    assert not Case.objects.exists()


def test_a_token_of_another_channel_may_not_hand_over(world):
    response = Api(token_for(world.user("operator"))).post("/police/transfers", transfer_body())
    assert response.status_code == 403 and "110" in response.json()["detail"]
