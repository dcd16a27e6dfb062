"""GET /cases lists only what the caller may see, newest first, page by page by cursor."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.api.support import POINT_A1, POINT_B1, Api, token_for
from tongxin.cases.models import Channel
from tongxin.cases.services import NewCase, create_case

T0 = datetime(2026, 9, 21, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _report(world, point, minutes: int, **fields):
    lat, lng = point
    new = NewCase(channel=Channel.PORTAL, title=fields.pop("title", f"报告 {minutes}"),
                  lat=lat, lng=lng, **fields)
    return create_case(actor=world.user("citizen"), new=new, at=T0 + timedelta(minutes=minutes))


def _all_pages(api: Api, **params) -> list[dict]:
    items, cursor, pages = [], None, 0
    while True:
        response = api.get("/cases", **params, **({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert pages < 20


def test_a_street_sees_its_own_cases_newest_first_across_pages(world):
    a_cases = [_report(world, POINT_A1, m) for m in (1, 2, 3, 3, 5)]  # two at the same minute
    b_cases = [_report(world, POINT_B1, m) for m in (2, 4)]
    street_a = Api(token_for(world.user("street_a")))

    items = _all_pages(street_a, limit=2)

    expected = sorted(a_cases, key=lambda c: (c.created_at, c.pk), reverse=True)
    assert [i["id"] for i in items] == [c.pk for c in expected]
    assert not {i["id"] for i in items} & {c.pk for c in b_cases}
    district = Api(token_for(world.user("dispatcher")))
    assert len(_all_pages(district, limit=3)) == 7


def test_new_reports_do_not_shift_the_next_page(world):
    for m in range(1, 6):
        _report(world, POINT_A1, m)
    api = Api(token_for(world.user("street_a")))
    first = api.get("/cases", limit=2).json()
    _report(world, POINT_A1, 60)  # arrives while the client reads page one
    second = api.get("/cases", limit=2, cursor=first["next_cursor"]).json()
    titles = [i["title"] for i in first["items"] + second["items"]]
    assert titles == ["报告 5", "报告 4", "报告 3", "报告 2"]


def test_filters_narrow_the_list(world):
    light = world.categories["light"]
    _report(world, POINT_A1, 1, category=light)
    _report(world, POINT_A1, 2)
    _report(world, POINT_B1, 3, category=light)
    api = Api(token_for(world.user("dispatcher")))

    def ids(**params):
        return len(api.get("/cases", **params).json()["items"])

    assert ids(category="0101") == 2
    assert ids(category="01") == 2  # a parent category includes its children
    assert ids(region=world.streets["B"].code) == 1
    assert ids(status="reported") == 3 and ids(status="closed") == 0
    assert ids(kind="open") == 3 and ids(kind="closed") == 0
    assert ids(q="报告 2") == 1
    assert ids(created_from="2026-09-21", created_to="2026-09-21") == 3


def test_a_citizen_lists_only_their_own_reports(world):
    _report(world, POINT_A1, 1)
    api = Api(token_for(world.user("handler")))  # the unit sees nothing not dispatched to it
    assert api.get("/cases").json()["items"] == []
    assert len(Api(token_for(world.user("citizen"))).get("/cases").json()["items"]) == 1


def test_a_forged_cursor_is_400_not_500(world):
    api = Api(token_for(world.user("dispatcher")))
    for cursor in ("not-base64!", "bm9waXBl", "MjAyNi0wOS0yMXw="):
        response = api.get("/cases", cursor=cursor)
        assert response.status_code == 400
        assert "cursor" in response.json()["detail"]
