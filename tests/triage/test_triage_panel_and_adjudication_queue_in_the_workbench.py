"""The case page says why triage decided; the adjudication queue offers one-click dispatch."""

from django.urls import reverse

from tests.triage.helpers import report
from tests.world import PASSWORD
from tongxin.cases.models import Status
from tongxin.triage.models import TriageResult
from tongxin.triage.services import triage_case


def dispatcher(client):
    assert client.login(username="dispatcher", password=PASSWORD)
    return client


def test_the_panel_shows_confidence_units_keywords_urgency_and_similar_cases(world, client):
    earlier = report(world, "小区停水")
    case = report(world, "小区停水两天", description="供水管道一直没人修")
    result = triage_case(case_id=case.pk)
    # What duplicate detection stores (tongxin.triage.duplicates, another branch).
    TriageResult.objects.filter(pk=result.pk).update(duplicates=[
        {"case_id": earlier.pk, "number": earlier.number, "score": 0.72,
         "reasons": ["相似文本", "同一社区"]}])

    html = dispatcher(client).get(reverse("workbench:case", args=[case.pk])).content.decode()

    assert 'data-testid="triage-panel"' in html
    assert "区水务局" in html and "停水、供水" in html
    assert 'data-testid="triage-urgency">停水' in html
    assert reverse("workbench:case", args=[earlier.pk]) in html and "72%" in html
    assert "研判" in html or "adjudication" in html


def test_one_click_dispatch_from_the_adjudication_queue(world, client):
    case = report(world, "路灯不亮，物业也不管", category=world.categories["light"])
    triage_case(case_id=case.pk)
    dispatcher(client)
    page = client.get(reverse("workbench:cases") + "?queue=adjudicating").content.decode()
    assert 'data-testid="quick-dispatch-cg"' in page and 'data-testid="quick-dispatch-zj"' in page

    response = client.post(reverse("workbench:act", args=[case.pk, "dispatch"]),
                           {"lead_department": world.departments["zj"].pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DISPATCHED and case.lead_department == world.departments["zj"]
    assert case.routing_corrections.get().chosen == world.departments["zj"]


def test_the_dispatch_form_starts_at_the_suggested_unit(world, client):
    case = report(world, "小区停水两天")
    triage_case(case_id=case.pk)
    html = dispatcher(client).get(reverse("workbench:case", args=[case.pk])).content.decode()
    sw = world.departments["sw"].pk
    assert f'<option value="{sw}" selected>' in html
