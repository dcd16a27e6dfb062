"""A department writes, edits and retires its answers on /hotline/kb/; the operators' search
(the in-memory index) sees each change at once, and saving records the review."""

import pytest
from django.test import Client
from django.utils import timezone

from tongxin.hotline.models import KnowledgeArticle
from tongxin.hotline.selectors import search_knowledge

pytestmark = pytest.mark.django_db


def questions(query: str) -> list[str]:
    return [a.question for a in search_knowledge(query)]


def test_create_edit_retire_and_search(world):
    handler = Client()
    handler.force_login(world.user("handler"))
    assert questions("共享单车") == []
    created = handler.post("/hotline/kb/new/", {
        "question": "共享单车乱停放找谁？", "answer": "拨打城管热线。",
        "department": world.departments["cg"].pk})
    assert created.status_code == 302
    article = KnowledgeArticle.objects.get()
    assert article.reviewed_on == timezone.localdate()
    assert article.reviewed_by == world.users["handler"]
    assert questions("共享单车") == ["共享单车乱停放找谁？"]

    handler.post(f"/hotline/kb/{article.pk}/", {
        "question": "电动自行车乱停放找谁？", "answer": "拨打城管热线。",
        "department": world.departments["cg"].pk})
    assert questions("共享单车") == [] and questions("电动自行车") == ["电动自行车乱停放找谁？"]

    assert handler.post(f"/hotline/kb/{article.pk}/retire/").status_code == 302
    assert questions("电动自行车") == []
    retired = handler.get("/hotline/kb/", {"status": "retired", "q": "电动"}).content.decode()
    assert "电动自行车乱停放找谁" in retired
    handler.post(f"/hotline/kb/{article.pk}/retire/")  # bring back
    assert questions("电动自行车") == ["电动自行车乱停放找谁？"]


def test_empty_answers_are_refused(world):
    handler = Client()
    handler.force_login(world.user("handler"))
    response = handler.post("/hotline/kb/new/", {"question": "问", "answer": "  ",
                                                 "department": world.departments["cg"].pk})
    assert response.status_code == 200 and KnowledgeArticle.objects.count() == 0
