"""What the "相似案件 / Similar cases" panel of the case page shows a user: likely duplicates,
related cases, the master a case was merged into (with its outcome) and the cases merged into
this one. Everything through the user's jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass

from tongxin.accounts.models import User
from tongxin.cases.access import can_act, jurisdiction_filter
from tongxin.cases.linking import LINK_PERMISSION, related_cases
from tongxin.cases.models import Case
from tongxin.cases.selectors import facts_of
from tongxin.cases.services import rework_limit
from tongxin.cases.workflow import BY_ACTION, Action, Kind, Scope, legal_actions

from .duplicates import Candidate, find_duplicates


@dataclass
class SimilarRow:
    case: Case
    candidate: Candidate | None
    may_merge_this_into_it: bool
    may_merge_it_into_this: bool
    related: bool


def may_merge(user: User, case: Case) -> bool:
    row = BY_ACTION[Action.MERGE]
    legal = row in legal_actions(facts_of(case, rework_limit=rework_limit()))
    return legal and can_act(user, row.permission, case, row.scope)


def similar_panel(user: User, case: Case) -> dict:
    visible = jurisdiction_filter(Case.objects.select_related("owner_region", "district",
                                                              "street", "community", "grid"),
                                  user)
    related = list(visible.filter(pk__in=related_cases(case).values("pk")))
    may_link = can_act(user, LINK_PERMISSION, case, Scope.AREA)
    candidates = find_duplicates(case, user=user) if case.kind != Kind.CLOSED else []
    by_id = visible.in_bulk([c.case_id for c in candidates])
    this_mergeable = may_merge(user, case)
    rows = [
        SimilarRow(by_id[c.case_id], c, this_mergeable and by_id[c.case_id].kind != Kind.CLOSED,
                   may_merge(user, by_id[c.case_id]) and case.kind != Kind.CLOSED,
                   any(r.pk == c.case_id for r in related))
        for c in candidates if c.case_id in by_id
    ]
    master = visible.filter(pk=case.merged_into_id).first() if case.merged_into_id else None
    return {
        "rows": rows,
        "related": related,
        "may_link": may_link,
        "master": master,
        "merged": list(visible.filter(merged_into=case).order_by("created_at")),
    }
