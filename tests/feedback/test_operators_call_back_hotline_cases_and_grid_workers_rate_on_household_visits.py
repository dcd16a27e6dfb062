from tests.cases.loop import drive
from tests.world import PASSWORD
from tongxin.cases.models import Channel
from tongxin.cases.workflow import State
from tongxin.feedback.models import Method, ReturnVisit, VisitStatus
from tongxin.feedback.services import open_visits


def test_operator_sees_the_hotline_case_and_records_the_answer(world, client):
    hotline = drive(world, State.CLOSED, channel=Channel.HOTLINE, reporter_phone="13900000000")
    drive(world, State.CLOSED, reporter_phone="13800000000")  # SMS, not on the list
    open_visits()
    client.login(username="operator", password=PASSWORD)
    page = client.get("/feedback/callbacks/")
    assert page.status_code == 200
    visits = page.context["page"].object_list
    assert [v.case_id for v in visits] == [hotline.pk]
    client.post(f"/feedback/visits/{visits[0].pk}/answer/", {"rating": "satisfied"})
    hotline.refresh_from_db()
    assert hotline.rating == "satisfied"
    assert hotline.events.get(action="rate").actor.username == "operator"


def test_grid_worker_rates_on_a_household_visit(world, client):
    case = drive(world, State.CLOSED, reporter_phone="13800000000")
    open_visits()
    client.login(username="grid_a1", password=PASSWORD)
    visit = client.get("/feedback/callbacks/").context["page"].object_list[0]
    client.post(f"/feedback/visits/{visit.pk}/answer/", {"rating": "basically",
                                                        "comment": "入户回访"})
    visit = ReturnVisit.objects.get(pk=visit.pk)
    assert (visit.method, visit.status, visit.visited_by.username) == (
        Method.HOUSEHOLD, VisitStatus.ANSWERED, "grid_a1")
    case.refresh_from_db()
    assert case.rating == "basically"


def test_citizens_and_other_streets_cannot_record(world, client):
    drive(world, State.CLOSED, channel=Channel.HOTLINE)
    open_visits()
    visit = ReturnVisit.objects.get()
    client.login(username="citizen", password=PASSWORD)
    assert client.get("/feedback/callbacks/").status_code == 403
    client.login(username="street_b", password=PASSWORD)
    assert client.post(f"/feedback/visits/{visit.pk}/answer/",
                       {"rating": "satisfied"}).status_code == 404
