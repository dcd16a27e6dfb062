"""Which cases have a running finish clock, as query conditions shared by the sweep and the
partial indexes on Case (tongxin.cases.models). Both must use the very same conditions, or
PostgreSQL cannot prove the sweep's WHERE implies the index predicate and scans the table.

Imports only the pure workflow module, so cases.models can import it.
"""

from datetime import datetime

from django.db.models import Q

from .workflow import KIND, Kind, State

# The finish clock runs from dispatch until the unit replies. A case in a suspended state
# (adjudication 研判) is not here, and a pending extension request pauses the clock too
# (extension_pending=False below); see tongxin.sla.clock for how a pause moves the deadline.
CLOCK_RUNNING: tuple[str, ...] = (State.DISPATCHED.value, State.IN_PROGRESS.value)
assert all(KIND[State(s)] is Kind.OPEN for s in CLOCK_RUNNING), "suspended cases never warn"

# The one exception: an urgent case (特事特办: water, power, gas …) never waits unclocked.
# Entering adjudication it gets the urgent policy's deadline (cases.appliers), and it is
# warned yellow and red while people decide who handles it, like any running case.
URGENT = "urgent"  # cases.models.Urgency.URGENT, a literal so this module stays ORM-free
URGENT_ADJUDICATING = Q(status=State.ADJUDICATING.value, urgency=URGENT)
CLOCKED = Q(status__in=list(CLOCK_RUNNING)) | URGENT_ADJUDICATING


def clock_runs(status: str, urgency: str) -> bool:
    """The same condition for one case in memory (a countdown, a badge)."""
    return status in CLOCK_RUNNING or (status == State.ADJUDICATING and urgency == URGENT)


# Warning values as stored (cases.models.Warning); literals so this module stays ORM-free.
NONE, YELLOW, RED = "none", "yellow", "red"

# Lists, not tuples: migrations serialise the index conditions, and makemigrations compares them.
RED_PENDING = CLOCKED & Q(warning__in=[NONE, YELLOW], extension_pending=False)
YELLOW_PENDING = CLOCKED & Q(warning=NONE, extension_pending=False)

# Open and not yet answered by the unit: the cases that can be overdue now (the open part of
# 超期). States other than "replied" (a replied case always has replied_at); a pending
# extension request pauses the clock.
UNREPLIED_OPEN: list[str] = [s.value for s in State
                             if KIND[s] is Kind.OPEN and s is not State.REPLIED]
UNFINISHED = Q(status__in=UNREPLIED_OPEN, replied_at__isnull=True, extension_pending=False)


def open_late(as_of: datetime) -> Q:
    """当前超期 (overdue now): still unfinished past the finish deadline at `as_of`. The one
    definition behind the sidebar's count, the queue filter, the overdue board, the dashboard,
    the big screen and the API: a paused clock (an extension request awaiting decision) is
    not overdue yet; a case replied to and awaiting verification has done its part. The
    condition is the partial index `case_unfinished`, which PostgreSQL walks in deadline
    order; listing four statuses rather than five keeps SQLite on the (street|district,
    status) indexes (measured: 0.6 ms vs 44 ms)."""
    # An urgent case in adjudication runs the urgent clock (URGENT_ADJUDICATING above), so
    # it can be overdue before anyone has dispatched it.
    return (UNFINISHED | URGENT_ADJUDICATING) & Q(finish_deadline__lt=as_of)


# The funnel (受理 → 立案 → 办结 → 评价 → 满意): one cohort followed through its stages, each
# stage inside the one before, so 办结 can never exceed 立案. Merged duplicates are left out
# (the appeal counts once, on its master case), and so are emergency drills (演练: their cases
# run the same way but no real statistic counts them; cases.models.Channel.DRILL). Rating
# values as stored (cases.models.Rating).
IN_COHORT = Q(merged_into__isnull=True) & ~Q(channel="drill")
REGISTERED = Q(registered_at__isnull=False)
REGISTERED_CLOSED = REGISTERED & Q(status=State.CLOSED.value)
# 满意率's base and numerator: every rated case of the cohort (a consultation answered at
# once is rated too), so these are wider than the funnel's last two stages.
RATED = ~Q(rating="")
SATISFIED = Q(rating__in=["satisfied", "basically"])
REGISTERED_RATED = REGISTERED_CLOSED & RATED
REGISTERED_SATISFIED = REGISTERED_CLOSED & SATISFIED
FUNNEL_STAGES: dict[str, Q] = {
    "received": IN_COHORT,
    "registered": IN_COHORT & REGISTERED,
    "closed": IN_COHORT & REGISTERED_CLOSED,
    "rated": IN_COHORT & REGISTERED_RATED,
    "satisfied": IN_COHORT & REGISTERED_SATISFIED,
}
# The case list's rating filter: the cases behind 满意率 (n, and the satisfied among them).
RATING_FILTERS: dict[str, Q] = {"rated": IN_COHORT & RATED, "satisfied": IN_COHORT & SATISFIED}
