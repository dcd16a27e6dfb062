"""Where a new case belongs: its district/street/community/grid and the command center that
registers it (the street's, or the district's when the street is unknown).

In order: the region given by the reporter or operator; the map point (the grid whose polygon
contains it); the address text through the gazetteer; the single district. A map point outside
every region does not lose the report: it is placed at the district's command center and
marked `outside_jurisdiction`, so a dispatcher rejects it or passes it to the right district
(what a 12345 center does with a call about the neighbouring district).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.regions.gazetteer import locate_address
from tongxin.regions.locator import locate_point, locator_for
from tongxin.regions.models import Level, Region


def place_case(*, region: Region | None, lat: float | None, lng: float | None,
               address: str = "") -> dict:
    outside = False
    if region is None and lat is not None and lng is not None:
        region = locate_point(lat, lng)
        outside = region is None and has_boundaries()
    if region is None and address.strip() and not outside:
        hit = locate_address(address)
        region = hit.region if hit is not None else None
    if region is None:
        region = _single_root()
    chain = {r.level: r for r in region.ancestors()}
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
    roots = list(Region.objects.filter(parent__isnull=True)[:2])
    if len(roots) != 1:
        raise ValidationFailed(_("Give the place of the problem (a region or a map point)."))
    return roots[0]
