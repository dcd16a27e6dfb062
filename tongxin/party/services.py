"""Writes of the party organisation and 双报到. Each checks its input and who acts; the
community's staff (a dispatcher or administrator whose region holds the community) assign
grids; a member acts for themselves."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.org.models import Department
from tongxin.participation import services as participation
from tongxin.participation.models import Wish
from tongxin.regions.locator import locate_point
from tongxin.regions.models import Level, Region

from .models import (
    PARENT_LEVEL,
    REGION_LEVEL,
    DualReport,
    MemberKind,
    OrgLevel,
    PartyMember,
    PartyOrg,
    ServiceRecord,
)

STAFF = frozenset({Role.DISPATCHER, Role.ADMIN})
MAX_HOURS = Decimal("12")


def add_org(*, name: str, level: str, region: Region, parent: PartyOrg | None = None
            ) -> PartyOrg:
    """An organisation on its region: a street's committee on a street, …, a building's
    group on a grid; its parent one level up, on the region above (or the same grid)."""
    level = OrgLevel(level)
    if region.level != REGION_LEVEL[level]:
        raise ValidationFailed(_("%(level)s belongs on a region of level %(region)s.") % {
            "level": level.label, "region": Level(REGION_LEVEL[level]).label})
    want = PARENT_LEVEL.get(level)
    if (parent is None) != (want is None) or (parent is not None and parent.level != want):
        raise ValidationFailed(_("The parent organisation must be one level up."))
    if parent is not None and not (region.path.startswith(parent.region.path)):
        raise ValidationFailed(_("The organisation's region must lie in its parent's."))
    return PartyOrg.objects.create(name=name, level=level, region=region, parent=parent)


def add_member(*, org: PartyOrg, name: str, kind: str = MemberKind.RESIDENT,
               employer: Department | None = None, user: User | None = None,
               secretary: bool = False) -> PartyMember:
    if kind == MemberKind.IN_SERVICE and employer is None:
        raise ValidationFailed(_("An in-service member names their employer unit."))
    with transaction.atomic():
        member = PartyMember.objects.create(org=org, name=name, kind=kind, employer=employer,
                                            user=user)
        if secretary:
            org.secretary = member
            org.save(update_fields=["secretary"])
    return member


def _member_of(actor: User) -> PartyMember:
    member = PartyMember.objects.filter(user=actor).first()
    if member is None:
        raise PermissionDenied(_("Only a party member reports in."))
    return member


def report_in(*, actor: User, community: Region, at: datetime | None = None) -> DualReport:
    """双报到: the acting in-service member reports to `community`."""
    member = _member_of(actor)
    if member.kind != MemberKind.IN_SERVICE:
        raise ValidationFailed(_("双报到 is for in-service members."))
    if community.level != Level.COMMUNITY:
        raise ValidationFailed(_("Report to a community."))
    report, created = DualReport.objects.get_or_create(
        member=member, community=community, defaults={"reported_at": at or timezone.now()})
    if not created:
        raise ValidationFailed(_("You have reported to this community already."))
    return report


def assign_grid(*, actor: User, report_id: int, grid: Region, at: datetime | None = None
                ) -> DualReport:
    with transaction.atomic():
        report = DualReport.objects.select_for_update().select_related("community").get(
            pk=report_id)
        if not any(m.region is not None and m.role in STAFF
                   and report.community.path.startswith(m.region.path)
                   for m in memberships_of(actor)):
            raise PermissionDenied(_("Only the community's staff assign a grid."))
        if grid.level != Level.GRID or grid.parent_id != report.community_id:
            raise ValidationFailed(_("Choose a grid of the community."))
        report.grid, report.assigned_at = grid, at or timezone.now()
        report.save(update_fields=["grid", "assigned_at"])
    return report


def check_in(*, actor: User, report_id: int, lat: float, lng: float, hours: str | Decimal,
             task: str = "", wish_id: int | None = None, at: datetime | None = None
             ) -> ServiceRecord:
    """Service hours checked in at the place: the point must lie in the assigned grid. A
    micro-wish named is claimed for the member (tongxin.participation) if still open."""
    now = at or timezone.now()
    report = DualReport.objects.select_related("member", "grid").filter(
        pk=report_id, member__user=actor).first()
    if report is None:
        raise PermissionDenied(_("Check in on your own report."))
    if report.grid is None:
        raise ValidationFailed(_("The community has not assigned you a grid yet."))
    try:
        amount = Decimal(str(hours))
    except InvalidOperation:
        raise ValidationFailed(_("Give the hours as a number.")) from None
    if not Decimal("0") < amount <= MAX_HOURS:
        raise ValidationFailed(_("Hours must be more than 0 and at most 12."))
    place = locate_point(lat, lng)
    if place is None or place.pk != report.grid_id:
        raise ValidationFailed(_("Check in at the place: the point is not in your grid."))
    wish = None
    if wish_id is not None:
        wish = Wish.objects.filter(pk=wish_id).first()
        if wish is None:
            raise ValidationFailed(_("No such micro-wish."))
        if wish.claimed_by_id is None:
            participation.claim_wish(actor=actor, wish_id=wish.pk, at=now)
        task = task or wish.title
    if not task.strip():
        raise ValidationFailed(_("Say what the service was."))
    return ServiceRecord.objects.create(report=report, task=task.strip()[:200], wish=wish,
                                        checked_in_at=now, lat=lat, lng=lng, hours=amount)
