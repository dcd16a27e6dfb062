"""The mediation pages, as a mediator uses them: the queue lists the dispute (by status),
the page shows the parties masked and the suggested mediators; the forms assign, book a room,
record the session, keep a caucus note only its mediator sees, draw up the agreement (its
PDF), take the signature scans, request judicial confirmation and record the follow-up visit;
the dossier PDF holds the five papers in order. A double booking and a bad form come back as
a message with a 4xx status, never an error page."""

from __future__ import annotations

import io
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tongxin.mediation.models import Dispute, DisputeStatus, Judicial, Session

from .flow import dispute_case
from .test_a_dispute_closes_only_with_its_dossier_complete_and_in_order import (  # noqa: F401
    _media,
)
from .test_a_dispute_closes_only_with_its_dossier_complete_and_in_order import (
    signature_png as png,
)


def slot(days: int, hour: int) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, case, step: str, **data):
    return client.post(f"/mediation/{case.pk}/{step}/", data)


def test_a_mediator_takes_a_dispute_through_the_pages(world, centre):
    case = dispute_case(world, centre, at=timezone.now() - timedelta(hours=2))
    li = client_of(centre.user("med_li"))
    queue = li.get("/mediation/")
    assert queue.status_code == 200 and case.number in queue.content.decode()
    page = li.get(f"/mediation/{case.pk}/").content.decode()
    assert "med_li" in page and "张三" not in page and "13800001111" not in page  # masked

    med = centre.mediators["med_li"]
    assert post(li, case, "assign", mediator=med.pk).status_code == 302
    assert post(li, case, "party", role="respondent", name="李四").status_code == 302
    booked = post(li, case, "book", mediator=med.pk, room=centre.rooms["r1"].pk,
                  starts_at=slot(2, 9), ends_at=slot(2, 10))
    assert booked.status_code == 302
    session = Session.objects.get(dispute_id=case.pk)
    parties = list(Dispute.objects.get(pk=case.pk).parties.values_list("pk", flat=True))
    assert post(li, case, "record", session=session.pk, attended=parties,
                record="双方到场，李四同意加装脚垫。").status_code == 302
    assert post(li, case, "caucus", session=session.pk, text="张三私下表示不要赔偿"
                ).status_code == 302
    assert "张三私下表示不要赔偿" in li.get(f"/mediation/{case.pk}/").content.decode()
    wang = client_of(centre.user("med_wang"))
    assert "张三私下表示不要赔偿" not in wang.get(f"/mediation/{case.pk}/").content.decode()

    assert post(li, case, "agreement", terms="李四十日内加装脚垫。").status_code == 302
    pdf = li.get(f"/mediation/{case.pk}/agreement.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert [o.title for o in PdfReader(io.BytesIO(pdf.content)).outline] == ["调解协议书"]
    for party in parties:
        assert li.post(f"/mediation/{case.pk}/sign/",
                       {"party": party, "method": "scan", "image": png()}).status_code == 302
    assert Dispute.objects.get(pk=case.pk).status == DisputeStatus.AGREED
    assert post(li, case, "judicial", court="枣庄市市中区人民法院").status_code == 302
    assert post(li, case, "decided", confirmed="1").status_code == 302
    assert Dispute.objects.get(pk=case.pk).agreement.judicial == Judicial.CONFIRMED
    assert post(li, case, "follow_up", performance="full", note="已履行").status_code == 302

    dossier = li.get(f"/mediation/{case.pk}/dossier.pdf")
    titles = [o.title for o in PdfReader(io.BytesIO(dossier.content)).outline]
    assert titles == ["申请书", "受理登记表", "调解笔录", "调解协议书", "回访记录"]
    assert case.number in li.get("/mediation/?status=agreed&mine=1").content.decode()
    assert case.number not in li.get("/mediation/?status=received").content.decode()


def test_a_double_booking_and_a_bad_form_come_back_as_messages(world, centre):
    case = dispute_case(world, centre, at=timezone.now() - timedelta(hours=2))
    li = client_of(centre.user("med_li"))
    room = centre.rooms["r1"].pk
    med, zhao = centre.mediators["med_li"], centre.mediators["med_zhao"]
    assert post(li, case, "book", mediator=med.pk, room=room, starts_at=slot(3, 9),
                ends_at=slot(3, 11)).status_code == 302
    twice = post(li, case, "book", mediator=zhao.pk, room=room, starts_at=slot(3, 10),
                 ends_at=slot(3, 12))
    assert twice.status_code == 400
    assert "该调解室在此时间已被预约。" in twice.content.decode()  # zh-Hans by default
    for step, data in (("book", {"mediator": "x"}), ("sign", {"party": "1"}),
                       ("follow_up", {"performance": "full"}), ("record", {})):
        response = post(li, case, step, **data)
        assert response.status_code == 400, step
    assert Session.objects.filter(dispute_id=case.pk).count() == 1


def test_staff_of_another_unit_may_only_look(world, centre):
    case = dispute_case(world, centre, at=timezone.now() - timedelta(hours=2))
    district = client_of(world.user("dispatcher"))
    assert district.get(f"/mediation/{case.pk}/").status_code == 200
    refused = post(district, case, "assign", mediator=centre.mediators["med_li"].pk)
    assert refused.status_code == 403
    assert client_of(world.user("citizen")).get("/mediation/").status_code == 403
