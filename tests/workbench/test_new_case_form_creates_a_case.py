"""Staff record a call with the new-case form; it goes through services.create_case."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tongxin.cases.models import Case

pytestmark = pytest.mark.django_db

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")


def test_operator_records_a_call(world, login):
    client = login("operator")
    response = client.post(reverse("workbench:case_new"), {
        "title": "小区停水", "description": "今早起停水", "channel": "hotline",
        "urgency": "urgent", "category": world.categories["top"].pk,
        "reporter_name": "李四", "reporter_phone": "13900001111",
        "region": world.communities["B2"].pk, "address": "B2社区3号楼",
        "attachments": [SimpleUploadedFile("water.png", PNG, content_type="image/png")],
    })

    case = Case.objects.get(title="小区停水")
    assert response.status_code == 302
    assert response["Location"] == reverse("workbench:case", args=[case.pk])
    assert case.status == "reported"
    assert case.street == world.streets["B"]
    assert case.urgency == "urgent"
    assert case.events.get().actor == world.users["operator"]
    assert case.attachments.count() == 1


def test_place_by_map_point(world, login):
    login("dispatcher").post(reverse("workbench:case_new"), {
        "title": "井盖缺失", "channel": "hotline", "urgency": "normal",
        "lat": "34.05", "lng": "117.25",
    })
    assert Case.objects.get(title="井盖缺失").street == world.streets["B"]


def test_missing_title_and_place_are_shown_in_the_form(world, login):
    response = login("operator").post(reverse("workbench:case_new"),
                                      {"channel": "hotline", "urgency": "normal"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "这个字段是必填项" in html
    assert "请选择街道或社区" in html
    assert not Case.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(world, login):
    response = login("operator").post(reverse("workbench:case_new"), {
        "title": "测试", "channel": "hotline", "urgency": "normal",
        "region": world.communities["A1"].pk,
        "attachments": [SimpleUploadedFile("x.html", b"<script>", content_type="text/html")],
    })
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_street_dispatcher_can_only_place_cases_in_their_street(world, login):
    client = login("street_a")
    html = client.get(reverse("workbench:case_new")).content.decode()
    assert "A1社区" in html and "B1社区" not in html

    response = client.post(reverse("workbench:case_new"), {
        "title": "越界上报", "channel": "hotline", "urgency": "normal",
        "region": world.communities["B1"].pk,
    })
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_roles_without_create_get_403(world, login):
    assert login("handler").get(reverse("workbench:case_new")).status_code == 403
