"""Where a new case belongs: its district/street/community/grid and the command center that
registers it (the street's, or the district's when the street is unknown)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.core.errors import ValidationFailed
from tongxin.regions.locator import locate_point
from tongxin.regions.models import Level, Region


def place_case(*, region: Region | None, lat: float | None, lng: float | None) -> dict:
    if region is None and lat is not None and lng is not None:
        region = locate_point(lat, lng)
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
    }


def _single_root() -> Region:
    roots = list(Region.objects.filter(parent__isnull=True)[:2])
    if len(roots) != 1:
        raise ValidationFailed(_("Give the place of the problem (a region or a map point)."))
    return roots[0]
