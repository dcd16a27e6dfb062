"""Answers not reviewed within settings.TONGXIN_KB_STALE_DAYS are marked "due for review"
and can be listed alone; marking one reviewed clears the mark."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tongxin.hotline.models import KnowledgeArticle

pytestmark = pytest.mark.django_db


def test_stale_marker_and_review(world, settings):
    settings.TONGXIN_KB_STALE_DAYS = 30
    today = timezone.localdate()
    cg = world.departments["cg"]
    old = KnowledgeArticle.objects.create(question="旧答复", answer="a", department=cg,
                                          reviewed_on=today - timedelta(days=31))
    KnowledgeArticle.objects.create(question="新答复", answer="b", department=cg,
                                    reviewed_on=today - timedelta(days=29))
    never = KnowledgeArticle.objects.create(question="导入答复", answer="c", department=cg)
    KnowledgeArticle.objects.filter(pk=never.pk).update(
        updated_at=timezone.now() - timedelta(days=40))
    handler = Client()
    handler.force_login(world.user("handler"))

    page = handler.get("/hotline/kb/").content.decode()
    assert page.count('data-testid="stale"') == 2
    stale_only = handler.get("/hotline/kb/", {"stale": "on"}).content.decode()
    assert "旧答复" in stale_only and "导入答复" in stale_only and "新答复" not in stale_only

    assert 'data-testid="stale"' in handler.get(f"/hotline/kb/{old.pk}/").content.decode()
    handler.post(f"/hotline/kb/{old.pk}/reviewed/")
    old.refresh_from_db()
    assert old.reviewed_on == today and old.answer == "a"
    assert 'data-testid="stale"' not in handler.get(f"/hotline/kb/{old.pk}/").content.decode()
    assert "旧答复" not in handler.get("/hotline/kb/", {"stale": "on"}).content.decode()
