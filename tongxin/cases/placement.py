"""Where a new case belongs: its district/street/community/grid and the command center that
registers it (the street's, or the district's when the street is unknown).

In order: the region given by the reporter or operator; the map point (the grid whose polygon
contains it); the address text through the gazetteer; the single district. A map point outside
every region does not lose the report: it is placed at the district's command center and
marked `outside_jurisdiction`, so a dispatcher rejects it or passes it to the right district
(what a 12345 center does with a call about the neighbouring district).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from tongxin.accounts.access import memberships_of
from tongxin.accounts.models import Role, User
from tongxin.accounts.permissions import CREATE, role_has
from tongxin.core.errors import PermissionDenied, ValidationFailed
from tongxin.regions import tree
from tongxin.regions.gazetteer import locate_address
from tongxin.regions.locator import locate_point, locator_for, metres_outside
from tongxin.regions.models import Level, Region


def check_point(lat: float | None, lng: float | None, *, region: Region | None = None) -> None:
    """Refuse a point that is half given, off the globe, or far outside the service area (a
    wrong pin or coordinate system: one just across the boundary is a report about the
    neighbouring district and is accepted, marked outside jurisdiction)."""
    if (lat is None) != (lng is None):
        raise ValidationFailed(_("Give both latitude and longitude, or neither."))
    if lat is None or lng is None:
        return
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationFailed(
            _("Latitude must be between -90 and 90 and longitude between -180 and 180.")
        )
    metres = metres_outside(lat, lng) if region is None else None
    limit = float(getattr(settings, "TONGXIN_OUTSIDE_TOLERANCE_KM", 50)) * 1000
    if metres is not None and metres > limit:
        raise ValidationFailed(_("The point is outside the service area."))


def check_reporter_may_place(actor: User | None, placement: dict) -> None:
    """Staff and channel service users report into the regions of their memberships; a
    citizen (or a user with a citizen membership) may report anywhere in the service area,
    and so may an anonymous citizen or a trusted channel adapter (actor None). A point just
    outside lands at the district command center: a citizen or a district-wide channel may
    report it, a street's staff may not."""
    if actor is None:
        return
    members = memberships_of(actor)
    if any(m.role == Role.CITIZEN for m in members):
        return
    place = (placement["grid"] or placement["community"] or placement["street"]
             or placement["district"])
    scopes = [m.region for m in members if m.region_id and role_has(m.role, CREATE)]
    if scopes and not any(place.is_within(region) for region in scopes):
        raise PermissionDenied(_("The place of this report is outside your jurisdiction."))


def place_case(*, region: Region | None, lat: float | None, lng: float | None,
               address: str = "") -> dict:
    """Where the case belongs (the Case fields district … owner_region and
    outside_jurisdiction). Raises ValidationFailed for a point it cannot accept."""
    check_point(lat, lng, region=region)
    outside = False
    if region is None and lat is not None and lng is not None:
        region = locate_point(lat, lng)
        outside = region is None and has_boundaries()
    if region is None and address.strip() and not outside:
        hit = locate_address(address)
        region = hit.region if hit is not None else None
    if region is None:
        region = _single_root()
    chain = {r.level: r for r in tree.ancestors(region)}
    district = chain.get(Level.DISTRICT)
    if district is None:
        raise ValidationFailed(_("The region is not inside a district."))
    street = chain.get(Level.STREET)
    return {
        "district": district,
        "street": street,
        "community": chain.get(Level.COMMUNITY),
        "grid": chain.get(Level.GRID),
        "owner_region": street or district,
        "outside_jurisdiction": outside,
    }


def has_boundaries() -> bool:
    # Without any polygons nothing can be located, and a point is no evidence of being outside.
    return any(locator_for(level) is not None for level in Level.values)


def _single_root() -> Region:
    roots = tree.roots()
    if len(roots) != 1:
        raise ValidationFailed(_("Give the place of the problem (a region or a map point)."))
    return roots[0]
