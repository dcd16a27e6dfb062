"""A period the report form cannot read is refused in the user's language (Chinese by
default), naming the kind of report and how to write its period."""

import pytest
from django.test import Client
from django.utils import translation

from tests.world import PASSWORD
from tongxin.scoring.periods import parse

pytestmark = pytest.mark.django_db


def test_the_report_form_says_in_chinese_how_to_write_the_period(world):
    client = Client()
    client.login(username="leader", password=PASSWORD)
    response = client.post("/scoring/reports/generate/", {
        "kind": "monthly", "region": world.district.pk, "period": "十月"}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["请按 2026-10 的格式填写月通报的周期。"]


def test_an_impossible_period_is_refused_in_english_for_an_english_user():
    with (translation.override("en"),
          pytest.raises(ValueError, match="no such period of the Weekly summary: 2026-W60")):
        parse("weekly", "2026-W60")
