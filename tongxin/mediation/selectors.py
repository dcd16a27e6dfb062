"""Reads of the mediation centre. Disputes are read through the cases' jurisdiction filter
(a dispute is visible exactly when its case is); parties are shown masked; caucus notes only
to the session's mediator."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import has_permission
from tongxin.accounts.masking import mask_name, mask_phone
from tongxin.accounts.models import Membership, Role, User
from tongxin.accounts.permissions import VIEW, VIEW_PERSONAL
from tongxin.basedata.selectors import present_person
from tongxin.cases.access import jurisdiction_filter
from tongxin.cases.models import Case
from tongxin.org.models import Department, DepartmentKind

from .models import (
    OPEN_DISPUTE,
    CaucusNote,
    Dispute,
    DisputeStatus,
    Level,
    MediationOrg,
    Mediator,
    Objection,
    Party,
    PartyRole,
    Session,
)


def visible_disputes(user: User, *, status: str = "") -> QuerySet[Dispute]:
    cases = jurisdiction_filter(Case.objects.all(), user)
    qs = (Dispute.objects.filter(case__in=cases.values("pk"))
          .select_related("case", "org__department", "mediator"))
    return qs.filter(status=status) if status else qs


def get_dispute(user: User, case_id: int) -> Dispute:
    """Dispute.DoesNotExist outside the user's jurisdiction, as for a case."""
    return visible_disputes(user).get(pk=case_id)


def dispute_link(user: User, case: Case) -> str:
    """The case page's link to its dispute page: for a case that is (or was) a dispute, to
    the staff who may open the mediation pages; empty otherwise."""
    if not sees_mediation(user) or not Dispute.objects.filter(pk=case.pk).exists():
        return ""
    return reverse("mediation:dispute", args=[case.pk])


def referral_targets() -> QuerySet[Department]:
    """三调联动 goes to an administrative body or a court: any active unit that is no
    mediation organisation (those take a case by 转办)."""
    return (Department.objects.filter(is_active=True).exclude(kind=DepartmentKind.MEDIATION)
            .order_by("name"))


def suggested_organisation(case: Case):
    """The mediation organisation for a case's place: its community's committee, else its
    street's, else the district centre (the department the transfer names)."""
    orgs = {o.region_id: o.department for o in
            MediationOrg.objects.filter(kind__in=["peoples", "centre"])
            .select_related("department")}
    for region_id in (case.community_id, case.street_id, case.district_id):
        if region_id in orgs:
            return orgs[region_id]
    return None


def present_party(party: Party, user: User) -> dict:
    """A party as pages and the API show it: masked unless the user may see personal data;
    a person of the base data as the base data shows them."""
    full = has_permission(user, VIEW_PERSONAL)
    shown = {"id": party.pk, "role": party.role, "role_label": party.get_role_display(),
             "name": party.name if full else mask_name(party.name),
             "phone": party.phone if full else mask_phone(party.phone), "person": None}
    if party.person is not None:
        shown["person"] = present_person(party.person, user)
    return shown


def parties_of(dispute: Dispute) -> list[Party]:
    """The parties; before the organisation's first write, the caller of the case as the
    applicant (unsaved: services._prefill_applicant stores it then)."""
    parties = list(dispute.parties.select_related("person"))
    if parties:
        return parties
    case = dispute.case
    return [Party(dispute=dispute, role=PartyRole.APPLICANT,
                  name=case.reporter_name or _("Caller"), phone=case.reporter_phone)]


def caucus_notes(user: User, session: Session) -> list[CaucusNote]:
    """背靠背 notes: the session's mediator sees them; nobody else, whatever their role."""
    if session.mediator.user_id != user.pk:
        return []
    return list(CaucusNote.objects.filter(session=session))


def load_of(mediator_ids: list[int]) -> Counter:
    rows = (Dispute.objects.filter(mediator_id__in=mediator_ids, status__in=OPEN_DISPUTE)
            .values("mediator_id").annotate(n=Count("pk")))
    return Counter({r["mediator_id"]: r["n"] for r in rows})


def km_between(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine), kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Suggestion:
    mediator: Mediator
    speciality: bool
    load: int
    km: float | None


def recused(dispute: Dispute) -> QuerySet:
    """The mediators a party's upheld objection (回避) keeps off this dispute."""
    return Objection.objects.filter(dispute=dispute, upheld=True).values("mediator_id")


def suggest_mediators(dispute: Dispute) -> list[Suggestion]:
    """The organisation's active mediators, best first: one whose speciality is the
    dispute's type, then the fewest open disputes, then the nearest (straight line from
    where they work to the case's point)."""
    mediators = list(Mediator.objects.filter(org_id=dispute.org_id, active=True)
                     .exclude(pk__in=recused(dispute)).select_related("org"))
    loads = load_of([m.pk for m in mediators])
    case = dispute.case
    out = []
    for m in mediators:
        lat, lng = (m.lat, m.lng) if m.lat is not None else (m.org.lat, m.org.lng)
        km = None
        if lat is not None and lng is not None and case.lat is not None and case.lng is not None:
            km = km_between(lat, lng, case.lat, case.lng)
        out.append(Suggestion(m, dispute.type in (m.specialities or []), loads[m.pk], km))
    return sorted(out, key=lambda s: (not s.speciality, s.load,
                                      s.km if s.km is not None else math.inf, s.mediator.pk))


# ---------------------------------------------------------------- metrics


ENDED = (DisputeStatus.AGREED, DisputeStatus.FAILED)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def metrics(disputes: QuerySet[Dispute], by: str) -> list[dict]:
    """Per organisation (`by`="org") or mediator (`by`="mediator"), with fixed meanings:
    received (disputes received), 调解成功率 = agreements / mediations ended (agreed +
    failed), 履行率 = agreements whose latest follow-up says performed in full / agreements
    followed up, average days from receipt to resolution (ended mediations), trips per
    dispute (最多跑一地) = sessions held in a mediation room (the parties came; a session on
    site costs them no trip) per ended mediation."""
    key = {"org": "org_id", "mediator": "mediator_id", "all": "pk"}[by]
    rows: dict[int | None, dict] = {}
    for d in disputes.select_related("org__department", "mediator").prefetch_related(
            "follow_ups", "sessions"):
        k = 0 if by == "all" else getattr(d, key)
        if k is None:
            continue
        name = {"org": str(d.org), "mediator": str(d.mediator), "all": ""}[by]
        row = rows.setdefault(k, {"id": k, "name": name, "received": 0, "ended": 0,
                                  "agreed": 0, "followed": 0, "performed": 0, "days": [],
                                  "trips": 0})
        row["received"] += 1
        if d.status in ENDED:
            row["ended"] += 1
            row["trips"] += sum(1 for s in d.sessions.all()
                                if s.room_id is not None and not s.cancelled)
            if d.resolved_at:
                row["days"].append((d.resolved_at - d.received_at).total_seconds() / 86400)
        if d.status == DisputeStatus.AGREED:
            row["agreed"] += 1
            visits = sorted(d.follow_ups.all(), key=lambda v: (v.at, v.pk))
            if visits:
                row["followed"] += 1
                row["performed"] += visits[-1].performance == "full"
    out = []
    for row in rows.values():
        days, trips = row.pop("days"), row.pop("trips")
        out.append({**row, "success_rate": _share(row["agreed"], row["ended"]),
                    "trips_per_dispute": round(trips / row["ended"], 2) if row["ended"] else None,
                    "performance_rate": _share(row["performed"], row["followed"]),
                    "avg_days": round(sum(days) / len(days), 2) if days else None})
    return sorted(out, key=lambda r: (-r["received"], r["name"]))


def summary(user: User, *, since: date | None) -> dict:
    """The dashboard's and 大屏's mediation panel, beside the 12345 figures: the disputes
    received in the period (all of them without `since`), in total and by organisation,
    with the same definitions as `metrics`."""
    disputes = visible_disputes(user)
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        disputes = disputes.filter(received_at__gte=start)
    total = metrics(disputes, "all")
    return {"total": total[0] if total else None, "orgs": metrics(disputes, "org")[:5]}


def level_counts(disputes: QuerySet[Dispute]) -> dict[str, int]:
    counts = Counter(d.level for d in disputes.only("complexity"))
    return {lv: counts.get(lv, 0) for lv in Level.values}


def open_filter() -> Q:
    return Q(status__in=OPEN_DISPUTE)


CENTRE_ROLES = (Role.OPERATOR, Role.DISPATCHER, Role.SUPERVISOR, Role.LEADER)


def sees_mediation(user) -> bool:
    """The nav entry: staff of a mediation organisation, and the command centre."""
    if not user.is_authenticated or not has_permission(user, VIEW):
        return False
    return Membership.objects.filter(
        Q(department__kind=DepartmentKind.MEDIATION)
        | Q(department__isnull=True, role__in=CENTRE_ROLES), user=user).exists()
