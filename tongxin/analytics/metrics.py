"""The dashboard's view of the metrics. The definitions live in one place,
tongxin.scoring.metrics (docs/metrics.md); this module only picks the ones the dashboard
shows and names the counters the daily summary (CaseDailyStat) stores.

Counters are the scoring module's own SQL aggregates (`CASE_COUNTS`), either over live cases
or summed from the summary rows (`STAT_COUNTERS`, same names); rates are the scoring
module's `Metric.value` over those counters, so a figure on the dashboard and the same
figure in the assessment reports are one formula.
"""

from __future__ import annotations

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from tongxin.scoring.metrics import BY_KEY, CASE_COUNTS, IN_COHORT, open_late

# The DESIGN.md rates on the dashboard: 办结率, 按期办结率, 满意率, 重办率.
SHOWN_RATES = ("closure_rate", "on_time_closure_rate", "satisfaction_rate", "rework_rate")
# 受理 → 立案 → 办结 → 评价 → 满意: one cohort through its stages (cases.conditions.FUNNEL_STAGES),
# each counter the stage of the same name in the case list's `stage` filter.
FUNNEL = {"received": "received", "registered": "registered", "closed": "closed_registered",
          "rated": "registered_rated", "satisfied": "registered_satisfied"}
COUNTER_NAMES: tuple[str, ...] = tuple(dict.fromkeys(
    ["closed", *FUNNEL.values(), *(name for key in SHOWN_RATES
                for name in (BY_KEY[key].numerator, BY_KEY[key].denominator) if name)]))
CASE_COUNTERS = {name: CASE_COUNTS[name] for name in COUNTER_NAMES}
STAT_COUNTERS = {name: Sum(name) for name in COUNTER_NAMES}

# The dashboard counts the same cohort as the reports: merged duplicates left out.
COUNTED: Q = IN_COHORT
# The dashboard's overdue card and list: cases overdue *now* (the open part of 超期).
OVERDUE_NOW = open_late

LABELS = {
    "received": BY_KEY["received"].label,
    "overdue": _("Overdue now"),
    **{key: BY_KEY[key].label for key in SHOWN_RATES},
}


# How each shown rate names its base: a rate is never shown without its n.
BASE_TEXTS = {
    "closure_rate": _("n = %(n)s registered, %(numerator)s closed"),
    "on_time_closure_rate": _("n = %(n)s closed with a time limit, %(numerator)s on time"),
    "satisfaction_rate": _("n = %(n)s rated, %(numerator)s satisfied"),
    "rework_rate": _("n = %(n)s closed or reworked, %(numerator)s reworked"),
}


def bases(counters: dict) -> dict[str, dict]:
    """Each shown rate's numerator, base (n) and the sentence that names them."""
    out: dict[str, dict] = {}
    for key in SHOWN_RATES:
        numbers = {"numerator": int(counters.get(BY_KEY[key].numerator) or 0),
                   "n": int(counters.get(BY_KEY[key].denominator or "") or 0)}
        out[key] = {**numbers, "text": str(BASE_TEXTS[key]) % numbers}
    return out


def rates(counters: dict) -> dict[str, float | None]:
    """Each shown rate as a share in [0, 1], or None when nothing is counted."""
    return {key: BY_KEY[key].value(counters) for key in SHOWN_RATES}


def zero() -> dict[str, int]:
    return dict.fromkeys(COUNTER_NAMES, 0)
