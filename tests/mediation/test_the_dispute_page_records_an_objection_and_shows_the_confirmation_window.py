"""On the dispute page the committee records a party's objection to the mediator (回避) and
another member upholds it — the mediator objected to is refused with a message, not an error
page — and a signed agreement shows the days left to ask a court for judicial confirmation."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tongxin.mediation.models import Agreement, Dispute, Objection

from .flow import dispute_case
from .test_the_dispute_pages_take_a_mediation_from_assignment_to_the_dossier import (
    client_of,
    post,
)


def test_an_objection_is_recorded_and_upheld_on_the_page(world, centre):
    case = dispute_case(world, centre, at=timezone.now() - timedelta(hours=1))
    li, wang = client_of(centre.user("med_li")), client_of(centre.user("med_wang"))
    post(li, case, "assign", mediator=centre.mediators["med_li"].pk)
    assert post(li, case, "objection", reason="与对方是亲戚").status_code == 302
    objection = Objection.objects.get()

    refused = post(li, case, "objection_decided", objection=objection.pk, uphold="1")
    assert refused.status_code == 403 and "被申请回避的调解员不能决定" in refused.content.decode()

    assert post(wang, case, "objection_decided", objection=objection.pk,
                uphold="1").status_code == 302
    assert Dispute.objects.get(pk=case.pk).mediator is None
    page = wang.get(f"/mediation/{case.pk}/").content.decode()
    assert 'data-testid="objections"' in page and "与对方是亲戚" in page


def test_a_signed_agreement_shows_the_days_left_for_judicial_confirmation(world, centre):
    case = dispute_case(world, centre, at=timezone.now() - timedelta(days=27))
    Agreement.objects.create(dispute_id=case.pk, text="赔偿500元", created_at=timezone.now(),
                             signed_at=timezone.now() - timedelta(days=27))
    page = client_of(centre.user("med_li")).get(f"/mediation/{case.pk}/").content.decode()
    assert 'data-testid="judicial-window"' in page and "剩余 3 天" in page
    assert "warn-yellow" in page
