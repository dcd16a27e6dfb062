"""Training rows for the routing model from the district's own history (active learning).

Every case a person dispatched is a labelled example: its routing text → the lead unit it
has now. A dispatcher's correction (RoutingCorrection) replaces the example of its case, using
the text as it was when triage got it wrong; corrections of cases that have since lost their
lead unit (returned) still count. Automatic dispatches nobody touched are left out, so the
model never trains on its own unreviewed output.
"""

from __future__ import annotations

from tongxin.cases.models import Case, CaseEvent

from .classifier import Record, merge_records
from .models import RoutingCorrection
from .services import case_routing_text, keyword_library


def routing_records() -> tuple[list[Record], dict[str, int]]:
    library = keyword_library()
    by_people = CaseEvent.objects.filter(action="dispatch", actor__isnull=False).values("case_id")
    cases = (Case.objects.filter(pk__in=by_people, lead_department__isnull=False)
             .select_related("lead_department", "category", "street", "district")
             .order_by("pk"))
    history = [Record(f"case:{c.pk}", case_routing_text(c, library), c.lead_department.code)
               for c in cases if c.lead_department is not None]
    # Oldest first, so a later correction of the same case wins in merge_records.
    corrections = [Record(f"case:{c.case_id}", c.text, c.chosen.code)
                   for c in RoutingCorrection.objects.select_related("chosen").order_by("at", "pk")]
    records = merge_records(history, corrections)
    return records, {"history": len(history), "corrections": len(corrections)}
