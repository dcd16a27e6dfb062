"""What a user may rate in the reverse evaluation: residents their grid's service
(党群评网格), grid workers their community (网格评社区), community staff the departments
(社区评部门). Used by the peer-rating page to offer only what the user may give."""

from __future__ import annotations

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.org.models import Department
from tongxin.regions.models import Level, Region

from .models import PeerKind


def may_rate_peers(user: User) -> bool:
    """Whether `targets` offers the user anything (no query beyond the memberships)."""
    return any(m.role in (Role.CITIZEN, Role.GRID_WORKER)
               or (m.region is not None and m.region.level == Level.COMMUNITY)
               for m in memberships_of(user))


def targets(user: User) -> dict[str, list[tuple[str, str]]]:
    """{kind: [(target value, label)]}; a value is "r<region id>" or "d<department id>"."""
    found: dict[str, list[tuple[str, str]]] = {}
    ms = memberships_of(user)
    if any(m.role == Role.CITIZEN for m in ms):
        grids = Region.objects.filter(level=Level.GRID).defer("geometry").order_by("path")
        found[PeerKind.RESIDENT_GRID] = [(f"r{g.pk}", g.name) for g in grids]
    communities = {m.region.parent_id for m in ms if m.role == Role.GRID_WORKER
                   and m.region is not None and m.region.parent_id is not None}
    if communities:
        rows = Region.objects.filter(pk__in=communities).defer("geometry")
        found[PeerKind.GRID_COMMUNITY] = [(f"r{c.pk}", c.name) for c in rows]
    if any(m.region is not None and m.region.level == Level.COMMUNITY for m in ms):
        found[PeerKind.COMMUNITY_DEPARTMENT] = [
            (f"d{d.pk}", str(d)) for d in Department.objects.order_by("name")]
    return found


def resolve(value: str) -> tuple[Region | None, Department | None]:
    """The region or department a target value names (None, None if it names nothing)."""
    kind, _sep, number = value[:1], "", value[1:]
    if not number.isdigit():
        return None, None
    if kind == "r":
        return Region.objects.filter(pk=int(number)).defer("geometry").first(), None
    if kind == "d":
        return None, Department.objects.filter(pk=int(number)).first()
    return None, None
