from tests.cases.loop import drive
from tests.world import PASSWORD
from tongxin.cases.workflow import State


def test_post_rating_reopens_and_bad_input_is_422(world, client):
    case = drive(world, State.CLOSED)
    client.login(username="citizen", password=PASSWORD)
    url = f"/api/v1/cases/{case.pk}/rating"
    bad = client.post(url, {"rating": "great"}, content_type="application/json")
    assert bad.status_code == 422 and "detail" in bad.json()
    ok = client.post(url, {"rating": "unsatisfied", "comment": "没修好"},
                     content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == State.IN_PROGRESS
    assert client.post(url, {"rating": "satisfied"},
                       content_type="application/json").status_code == 409
    assert client.post("/api/v1/cases/999999/rating", {"rating": "satisfied"},
                       content_type="application/json").status_code == 404
