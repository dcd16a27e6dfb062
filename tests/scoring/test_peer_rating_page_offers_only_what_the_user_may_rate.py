from tests.world import PASSWORD
from tongxin.scoring.models import PeerKind, PeerRating


def test_each_role_rates_its_own_seed(world, client):
    client.login(username="grid_a1", password=PASSWORD)
    page = client.get("/scoring/peer/")
    [(kind, _label, rows)] = page.context["options"]
    assert kind == PeerKind.GRID_COMMUNITY and rows == [
        (f"r{world.communities['A1'].pk}", "A1社区")]
    client.post("/scoring/peer/", {"kind": kind, "target": rows[0][0], "month": "2026-09",
                                   "score": "4"})
    rating = PeerRating.objects.get()
    assert (rating.region, rating.score, str(rating.month)) == (
        world.communities["A1"], 4, "2026-09-01")
    other = client.post("/scoring/peer/", {"kind": kind, "month": "2026-09", "score": "4",
                                           "target": f"r{world.communities['B1'].pk}"})
    assert other.status_code == 400 and PeerRating.objects.count() == 1
    bad = client.post("/scoring/peer/", {"kind": kind, "target": rows[0][0],
                                         "month": "someday", "score": "4"})
    assert bad.status_code == 400
    client.login(username="citizen", password=PASSWORD)
    kinds = [k for k, _l, _r in client.get("/scoring/peer/").context["options"]]
    assert kinds == [PeerKind.RESIDENT_GRID]
    client.login(username="handler", password=PASSWORD)
    page = client.get("/scoring/peer/")
    assert page.status_code == 200 and page.context["options"] == []
