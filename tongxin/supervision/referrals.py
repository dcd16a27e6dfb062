"""Worker job: refer problems to discipline inspection (纪检) by the configured rules.

Each rule is one aggregate query (no loop over cases); only the few hits are loaded. Running
the job again refers nothing new: a case is referred once per problem type, and a unit is
referred again for repeated overdue only for red alarms after its last referral. One worker
at a time runs the job (a PostgreSQL advisory lock; SQLite's writer lock), and every referral
carries a unique detection key as a second guard.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases import events
from tongxin.cases.models import Case, CaseEvent, Rating
from tongxin.core.language import in_default_language
from tongxin.org.models import Department

from . import notify
from .models import OrderKind, ProblemType, Referral, ReferralRule, SupervisionOrder

LOCK_KEY = zlib.crc32(b"tongxin.supervision.detect_referrals")


def _job_lock() -> bool:
    """Whether this transaction may run the job (released at commit)."""
    if connection.vendor != "postgresql":
        return True  # SQLite: BEGIN IMMEDIATE already made this the only writer
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return bool(cursor.fetchone()[0])


def _refer_case(case: Case, problem: str, reason: str, now: datetime,
                department_id: int | None) -> Referral:
    referral = Referral.objects.create(
        case=case, department_id=department_id, problem_type=problem, reason=reason,
        created_at=now, dedupe_key=f"{problem}:case:{case.pk}",
    )
    case.referred = True  # `case` is locked by the detector's query
    events.record(case, events.new_event(
        case, action="refer", at=now, note=reason,
        data={"referral": referral.pk, "problem": problem, "auto": True},
    ), case_fields=["referred"])
    return referral


def _locked(cases):
    """The cases locked in id order: a referral writes an event on each (its trail head)."""
    return cases.select_for_update(of=("self",)).order_by("pk")


def _already_referred(problem: str):
    return Exists(Referral.objects.filter(problem_type=problem, case_id=OuterRef("case_id")))


def repeated_overdue(rule: ReferralRule, now: datetime) -> list[Referral]:
    """Units with `threshold` red cases in the window, counting only red alarms after the
    unit's last referral of this kind."""
    problem = ProblemType.REPEATED_OVERDUE
    referred_since = Referral.objects.filter(
        problem_type=problem, department_id=OuterRef("department_id"),
        created_at__gte=OuterRef("created_at"),
    )
    hits = (
        SupervisionOrder.objects.filter(
            kind=OrderKind.AUTO, level=0,
            created_at__gt=now - timedelta(days=rule.window_days), created_at__lte=now,
        )
        .exclude(Exists(referred_since))
        .values("department_id")
        .annotate(red=Count("case_id", distinct=True), latest=Max("pk"))
        .filter(red__gte=rule.threshold)
        .order_by("department_id")
    )
    made = []
    for hit in hits:
        unit = Department.objects.get(pk=hit["department_id"])
        reason = _("%(unit)s had %(count)s overdue cases within %(days)s days.") % {
            "unit": unit, "count": hit["red"], "days": rule.window_days,
        }
        made.append(Referral.objects.create(
            department=unit, problem_type=problem, reason=reason, created_at=now,
            dedupe_key=f"{problem}:dept:{unit.pk}:{hit['latest']}",
        ))
    return made


def repeated_returns(rule: ReferralRule, now: datetime) -> list[Referral]:
    """Cases returned `threshold` times in the window: units passing the buck (推诿)."""
    problem = ProblemType.REPEATED_RETURNS
    hits = dict(
        CaseEvent.objects.filter(
            action="return", at__gt=now - timedelta(days=rule.window_days), at__lte=now
        )
        .exclude(_already_referred(problem))
        .values("case_id").annotate(returns=Count("pk"))
        .filter(returns__gte=rule.threshold)
        .values_list("case_id", "returns")
    )
    units: dict[int, list[str]] = defaultdict(list)
    returns = CaseEvent.objects.filter(action="return", case_id__in=list(hits))
    for case_id, data in returns.values_list("case_id", "data"):
        if data.get("department") and data["department"] not in units[case_id]:
            units[case_id].append(data["department"])
    made = []
    for case in _locked(Case.objects.filter(pk__in=list(hits))):
        count = hits[case.pk]
        reason = _("Case %(number)s was returned %(count)s times within %(days)s days "
                   "(by %(units)s).") % {
            "number": case.number, "count": count, "days": rule.window_days,
            "units": "、".join(units[case.pk]),
        }
        made.append(_refer_case(case, problem, reason, now, None))
    return made


def unsatisfied_after_rework(rule: ReferralRule, now: datetime) -> list[Referral]:
    """Cases the citizen rated unsatisfied again after `threshold` reworks. Read from the
    trail's `rate` events (the round each rated): a 不满意 reworks the case at once, so the
    case row no longer carries the rating that counts here."""
    problem = ProblemType.UNSATISFIED_AFTER_REWORK
    since = now - timedelta(days=rule.window_days)
    rated = CaseEvent.objects.filter(
        action="rate", at__gt=since, at__lte=now, data__rating=Rating.UNSATISFIED,
        data__round__gte=rule.threshold,
    ).values("case_id")
    cases = Case.objects.filter(pk__in=rated).exclude(
        Exists(Referral.objects.filter(problem_type=problem, case_id=OuterRef("pk"))))
    made = []
    for case in _locked(cases):
        reason = _("Case %(number)s was rated unsatisfied after %(count)s reworks.") % {
            "number": case.number, "count": rule.threshold,
        }
        made.append(_refer_case(case, problem, reason, now, case.lead_department_id))
    return made


DETECTORS = {
    ProblemType.REPEATED_OVERDUE: repeated_overdue,
    ProblemType.REPEATED_RETURNS: repeated_returns,
    ProblemType.UNSATISFIED_AFTER_REWORK: unsatisfied_after_rework,
}


@in_default_language
def detect_referrals(now: datetime | None = None) -> dict[str, int]:
    """Apply every active rule once; returns how many referrals each made."""
    now = now or timezone.now()
    with transaction.atomic():
        if not _job_lock():
            return {}  # another worker is running the job right now
        made: dict[str, int] = {}
        new_ids: list[int] = []
        for rule in ReferralRule.objects.filter(is_active=True):
            referrals = DETECTORS[ProblemType(rule.problem_type)](rule, now)
            made[rule.problem_type] = len(referrals)
            new_ids += [r.pk for r in referrals]
        if new_ids:
            notify.referrals_made(new_ids, now=now)
    return made
