"""The case page offers the street the whistle with the departments to call; the called
department's handlers find the call in their queue page and report in from there."""

from tests.cases.loop import drive
from tongxin.whistle.models import WhistleCall


def test_whistle_from_the_case_page_and_report_in_from_the_queue(world, client):
    case = drive(world, "in_progress")
    client.force_login(world.user("street_a"))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="id_whistle_co_departments"' in page
    r = client.post(f"/cases/{case.pk}/act/whistle/",
                    {"co_departments": [world.departments["zj"].pk], "note": "请住建到场"})
    assert r.status_code in (200, 302), r.content[:500]
    call = WhistleCall.objects.get()

    client.force_login(world.user("handler_zj"))
    queue = client.get("/whistle/").content.decode()
    assert case.number in queue
    r = client.post(f"/whistle/{call.pk}/acknowledge/", {"note": "马上到"})
    assert r.status_code == 302
    call.refresh_from_db()
    assert call.acknowledged_at is not None
    waiting = client.get("/whistle/").content.decode().split("</table>")[0]
    assert case.number not in waiting  # no longer waiting, listed as reported in below

    client.force_login(world.user("handler"))  # 城管 was not called
    assert client.post(f"/whistle/{call.pk}/acknowledge/").status_code == 404
