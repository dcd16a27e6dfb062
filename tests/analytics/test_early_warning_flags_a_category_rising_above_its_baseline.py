"""Early warnings: a category rising in a street far above its own baseline, the same
complaint again and again from one spot — each with a link to its cases."""

from datetime import timedelta

from django.utils import timezone

from tests.cases.loop import report
from tongxin.analytics.stats import rebuild
from tongxin.analytics.warnings import early_warnings


def test_early_warning_flags_a_category_rising_above_its_baseline(world):
    light = world.categories["light"]
    now = timezone.now()
    # Baseline: one report a fortnight for eight weeks; then six in the last few days.
    for weeks in (2, 4, 6, 8):
        report(world, category=light, at=now - timedelta(weeks=weeks), point=(34.05, 117.11))
    for hours in range(6):
        report(world, category=light, at=now - timedelta(hours=hours * 10),
               point=(34.0501, 117.1001))
    rebuild()

    found = early_warnings(world.user("dispatcher"))
    kinds = {w["kind"]: w for w in found}
    assert "rising" in kinds and "spot" in kinds
    rising = kinds["rising"]
    assert rising["count"] == 6 and rising["baseline"] == 0.5
    assert "A街道" in rising["title"] and "路灯照明" in rising["title"]
    assert f"category={light.pk}" in rising["url"] and "region=" in rising["url"]
    assert kinds["spot"]["count"] >= 6

    # Street B's dispatcher is not warned about street A.
    assert early_warnings(world.user("street_b")) == []
