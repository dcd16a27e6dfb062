"""The supervise and refer forms go through the supervision services, so an order the unit
must answer (or a referral) exists beside the workflow event."""

from django.urls import reverse

from tongxin.supervision.models import Referral, SupervisionOrder

from .conftest import make_case


def test_supervise_form_opens_an_order_to_the_lead_unit(world, login):
    case = make_case(world, state="in_progress", in_grid=True)
    client = login("supervisor")
    response = client.post(reverse("workbench:act", args=[case.pk, "supervise"]),
                           {"note": "请于两个工作日内答复"})
    assert response.status_code == 302
    order = SupervisionOrder.objects.get(case=case)
    assert order.department == case.lead_department and order.text == "请于两个工作日内答复"
    assert case.events.last().action == "supervise"


def test_refer_form_records_the_kind_of_problem(world, login):
    case = make_case(world, state="in_progress", in_grid=True)
    client = login("supervisor")
    response = client.post(reverse("workbench:act", args=[case.pk, "refer"]),
                           {"note": "多次推诿", "problem_type": "repeated_returns"})
    assert response.status_code == 302
    referral = Referral.objects.get(case=case)
    assert referral.problem_type == "repeated_returns"
