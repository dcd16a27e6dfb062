import re

from tests.cases.loop import drive
from tongxin.cases.models import Case
from tongxin.cases.workflow import State
from tongxin.feedback.models import Method, ReturnVisit, VisitStatus
from tongxin.feedback.services import open_visits


def test_the_link_rates_the_case_once_and_refuses_forgeries(world, client, capsys):
    case = drive(world, State.CLOSED, reporter_phone="13800000000")
    assert open_visits(base_url="http://testserver") == {"opened": 1, "texted": 1, "failed": 0}
    assert open_visits(base_url="http://testserver") == {"opened": 0, "texted": 0, "failed": 0}
    visit = ReturnVisit.objects.get(case=case)
    assert visit.method == Method.SMS and visit.message_id.startswith("console-")
    url = re.search(r"http://testserver(\S+)", capsys.readouterr().out)[1]

    assert client.get(url).status_code == 200
    answered = client.post(url, {"rating": "basically", "comment": "还行"})
    assert answered.status_code == 200 and b"data-rated" in answered.content
    case.refresh_from_db()
    assert case.rating == "basically" and case.status == State.CLOSED
    # The citizen has no account: the platform records it, saying through which door.
    rated = case.events.filter(action="rate").get()
    assert rated.actor is None and rated.data["via"] == Method.SMS
    visit.refresh_from_db()
    assert (visit.status, visit.rating, visit.comment) == (
        VisitStatus.ANSWERED, "basically", "还行")

    assert client.post(url, {"rating": "unsatisfied"}).status_code == 400
    assert client.get(url[:-3] + "xx/").status_code == 400
    assert Case.objects.get(pk=case.pk).rating == "basically"


def test_a_bad_rating_is_refused_with_the_form_again(world, client, capsys):
    drive(world, State.CLOSED, reporter_phone="13800000000")
    open_visits(base_url="http://testserver")
    url = re.search(r"http://testserver(\S+)", capsys.readouterr().out)[1]
    assert client.post(url, {"rating": "great"}).status_code == 400
    assert ReturnVisit.objects.get().status == VisitStatus.PENDING
