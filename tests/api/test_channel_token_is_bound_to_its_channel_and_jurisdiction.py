"""A channel client's token reports only through its channel and only into its jurisdiction
(the memberships of its service user), and reads only cases there."""

from tests.api.support import POINT_B1, Api, case_body, channel_user, token_for
from tongxin.cases.models import Case, Channel
from tongxin.intake.models import ApiToken


def test_cases_carry_the_token_channel_whatever_the_body_says(world):
    grid_app = channel_user(world, "grid-app", region_key="A")
    api = Api(token_for(grid_app, Channel.GRID))

    response = api.post("/cases", case_body(channel=Channel.HOTLINE))

    assert response.status_code == 201, response.content
    assert response.json()["channel"] == Channel.GRID
    assert Case.objects.get().channel == Channel.GRID


def test_a_report_outside_the_token_jurisdiction_is_refused(world):
    street_a_app = Api(token_for(channel_user(world, "street-a-app", region_key="A"),
                                 Channel.ROAD_CHIEF))
    lat, lng = POINT_B1
    response = street_a_app.post("/cases", case_body(lat=lat, lng=lng))
    assert response.status_code == 403
    assert "jurisdiction" in response.json()["detail"]
    by_region = street_a_app.post("/cases", case_body(lat=None, lng=None,
                                                      region=world.communities["B2"].code))
    assert by_region.status_code == 403
    assert not Case.objects.exists()


def test_a_channel_token_reads_only_its_jurisdiction(world):
    district = Api(token_for(world.user("dispatcher")))
    lat, lng = POINT_B1
    in_a = district.post("/cases", case_body()).json()
    in_b = district.post("/cases", case_body(lat=lat, lng=lng)).json()
    app = Api(token_for(channel_user(world, "a-app", region_key="A"), Channel.GRID))

    listed = [c["id"] for c in app.get("/cases").json()["items"]]

    assert listed == [in_a["id"]]
    assert app.get(f"/cases/{in_b['id']}").status_code == 404
    assert app.get(f"/cases/{in_a['id']}").status_code == 200


def test_a_revoked_or_unknown_token_is_401(world):
    user = channel_user(world, "old-app", region_key="A")
    raw = token_for(user, Channel.GRID)
    ApiToken.objects.update(is_active=False)
    for token in (raw, "tx_not-a-token", ""):
        response = Api(token).get("/cases")
        assert response.status_code == 401
        assert "Bearer" in response.json()["detail"]


def test_only_the_hash_of_a_token_is_stored(world):
    raw = token_for(world.user("operator"))
    stored = ApiToken.objects.get()
    assert raw not in (stored.key_hash, stored.prefix, stored.name)
    assert raw.startswith(stored.prefix) and len(stored.key_hash) == 64
