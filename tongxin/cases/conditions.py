"""Which cases have a running finish clock, as query conditions shared by the sweep and the
partial indexes on Case (tongxin.cases.models). Both must use the very same conditions, or
PostgreSQL cannot prove the sweep's WHERE implies the index predicate and scans the table.

Imports only the pure workflow module, so cases.models can import it.
"""

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
