"""GET /councils/topics lists the topics of the councils the caller may read (a street's
staff: its grids; a representative: their council; anyone else: none), each with id, title,
grid and status; a run of similar cases of one grid becomes a topic in one click."""

from tests.api.support import token_for
from tests.cases.loop import POINT_A1, POINT_B1, report
from tongxin.councils.models import Council, Topic

from .council import to_status


def get(client, user, path="/api/v1/councils/topics"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")


def test_the_list_is_filtered_by_jurisdiction(council, client):
    topic = to_status(council, "commenting")
    other = Council.objects.create(grid=council.world.grids["B1"], name="B1网格议事会")
    Topic.objects.create(council=other, title="B1 停车", text="…", created_at=topic.created_at)
    rows = get(client, council.world.user("street_a")).json()
    assert [(r["id"], r["title"], r["grid"]["code"], r["status"]) for r in rows] == [
        (topic.pk, "加装电梯", council.world.grids["A1"].code, "commenting")]
    assert [r["id"] for r in get(client, council.user("rep4")).json()] == [topic.pk]
    assert len(get(client, council.world.user("dispatcher")).json()) == 2
    assert get(client, council.world.user("street_b")).json()[0]["title"] == "B1 停车"
    assert get(client, council.world.user("citizen")).json() == []
    assert get(client, council.world.user("street_b"),
               f"/api/v1/councils/topics/{topic.pk}").status_code == 404


def test_three_similar_cases_become_a_topic(council, client):
    w = council.world
    cases = [report(w, title="小区门口占道停车", point=POINT_A1) for _ in range(3)]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(w.user('street_a'))}"}
    r = client.post("/api/v1/councils/topics/from-cases",
                    {"case_ids": [c.pk for c in cases]}, content_type="application/json",
                    **auth)
    assert r.status_code == 201, r.content
    topic = Topic.objects.get(pk=r.json()["id"])
    assert topic.status == "proposed" and topic.council == council.council
    assert set(topic.source_cases.all()) == set(cases)
    assert all(c.number in topic.text for c in cases)
    mixed = [cases[0].pk, report(w, title="占道停车", point=POINT_B1).pk]
    r = client.post("/api/v1/councils/topics/from-cases", {"case_ids": mixed},
                    content_type="application/json", **auth)
    assert r.status_code == 422 and "you can see" in r.json()["detail"]  # B1: not street A's
    district = {"HTTP_AUTHORIZATION": f"Bearer {token_for(w.user('dispatcher'))}"}
    r = client.post("/api/v1/councils/topics/from-cases", {"case_ids": mixed},
                    content_type="application/json", **district)
    assert r.status_code == 422 and "one grid" in r.json()["detail"]
