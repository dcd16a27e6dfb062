"""/regions/locate: which region a map point or an address belongs to — or that it lies
outside the service area, said in words."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status

from tongxin.regions.coords import to_wgs84
from tongxin.regions.gazetteer import locate_address
from tongxin.regions.locator import locate_point, metres_outside
from tongxin.regions.models import Region

from .schemas import Checked, ErrorOut, Ref, Schema

router = Router(tags=["reference data"])
ERRORS = {401: ErrorOut, 422: ErrorOut}


class LocateQuery(Checked):
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    crs: str = Field("wgs84", pattern="^(wgs84|gcj02|bd09)$",
                     description="coordinate system of lat/lng: wgs84, gcj02 or bd09")
    address: str = Field("", max_length=255)


class LocateOut(Schema):
    found: bool
    outside_jurisdiction: bool
    matched_by: str = Field(description="point, address or empty")
    score: float | None = None
    ambiguous: bool = False
    region: Ref | None = None
    level: str | None = None
    chain: list[Ref] = Field(default_factory=list, description="district → … → the region")
    message: str


def _answer(region: Region, matched_by: str, score: float | None, ambiguous: bool) -> dict:
    chain = [{"code": r.code, "name": r.name} for r in region.ancestors()]
    return {
        "found": True, "outside_jurisdiction": False, "matched_by": matched_by,
        "score": score, "ambiguous": ambiguous, "region": {"code": region.code,
                                                             "name": region.name},
        "level": region.level, "chain": chain,
        "message": _("Located in %(place)s.") % {"place": " · ".join(r["name"] for r in chain)},
    }


@router.get("/regions/locate", response={200: LocateOut, **ERRORS},
            operation_id="locate_region", summary="The region of a map point or an address")
def locate(request, query: Query[LocateQuery]):
    """Give `lat`+`lng` (WGS-84, or `crs=gcj02` / `bd09` as phone maps give them) and/or an
    `address`. A point wins over the address; a point outside every region says so."""
    if (query.lat is None) != (query.lng is None):
        return Status(422, {"detail": _("Give both latitude and longitude, or neither.")})
    if query.lat is not None and query.lng is not None:
        lng, lat = to_wgs84(query.lng, query.lat, query.crs)
        region = locate_point(lat, lng)
        if region is not None:
            return _answer(region, "point", 1.0, False)
        metres = metres_outside(lat, lng)
        if metres is not None:
            return {"found": False, "outside_jurisdiction": True, "matched_by": "",
                    "message": _("The point lies outside the service area, %(km).1f km from "
                                 "its boundary: outside jurisdiction.") % {"km": metres / 1000}}
    if query.address.strip():
        hit = locate_address(query.address)
        if hit is not None:
            return _answer(hit.region, "address", hit.score, hit.ambiguous)
    if query.lat is None and not query.address.strip():
        return Status(422, {"detail": _("Give a map point (lat, lng) or an address.")})
    return {"found": False, "outside_jurisdiction": False, "matched_by": "",
            "message": _("No region matches this place.")}
