"""A handler keeps only their department's answers (another department's article is 404 for
viewing, editing, reviewing and retiring); the command centre keeps all; others get 403."""

import pytest
from django.test import Client

from tongxin.hotline.models import KnowledgeArticle

pytestmark = pytest.mark.django_db


def as_user(world, name) -> Client:
    client = Client()
    client.force_login(world.user(name))
    return client


@pytest.fixture
def articles(world):
    cg = KnowledgeArticle.objects.create(question="路灯坏了找谁？", answer="城管局维修。",
                                         department=world.departments["cg"])
    zj = KnowledgeArticle.objects.create(question="物业费怎么交？", answer="找物业公司。",
                                         department=world.departments["zj"])
    return cg, zj


def test_a_handler_sees_and_edits_only_their_department(world, articles):
    cg, zj = articles
    handler = as_user(world, "handler")  # 区城管局
    listing = handler.get("/hotline/kb/").content.decode()
    assert "路灯坏了找谁" in listing and "物业费怎么交" not in listing
    for url in (f"/hotline/kb/{zj.pk}/",):
        assert handler.get(url).status_code == 404
    for url in (f"/hotline/kb/{zj.pk}/", f"/hotline/kb/{zj.pk}/reviewed/",
                f"/hotline/kb/{zj.pk}/retire/"):
        assert handler.post(url, {"question": "改", "answer": "改",
                                  "department": world.departments["cg"].pk}).status_code == 404
    zj.refresh_from_db()
    assert zj.question == "物业费怎么交？" and zj.is_active and zj.reviewed_on is None


def test_a_handler_cannot_move_an_answer_to_another_department(world, articles):
    cg, _ = articles
    response = as_user(world, "handler").post(f"/hotline/kb/{cg.pk}/", {
        "question": "路灯坏了找谁？", "answer": "x", "department": world.departments["zj"].pk})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    cg.refresh_from_db()
    assert cg.department == world.departments["cg"] and cg.answer == "城管局维修。"


def test_the_command_centre_keeps_all_and_others_are_refused(world, articles):
    listing = as_user(world, "dispatcher").get("/hotline/kb/").content.decode()
    assert "路灯坏了找谁" in listing and "物业费怎么交" in listing
    for name in ("street_a", "operator", "citizen", "grid_a1"):
        assert as_user(world, name).get("/hotline/kb/").status_code == 403, name
    assert Client().get("/hotline/kb/").status_code == 302  # to the login page
