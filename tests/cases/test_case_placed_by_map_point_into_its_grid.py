"""A report with a map point (WGS-84) lands in the grid whose polygon contains it, and so in
that grid's community, street and district; its command center is the street's. Without a
point the given region places it; with neither, the single district does."""

from __future__ import annotations

import pytest

from tongxin.cases.models import Case

from .loop import local, report

T0 = local(2026, 9, 21, 10)


@pytest.mark.parametrize(
    ("point", "grid", "street"),
    [
        ((34.05, 117.1), "A1", "A"),
        ((34.15, 117.1), "A2", "A"),
        ((34.05, 117.3), "B1", "B"),
        ((34.199, 117.399), "B2", "B"),  # just inside the district's far corner
    ],
)
def test_a_point_places_the_case_in_its_grid(world, point, grid, street):
    case = report(world, point=point, at=T0)
    assert case.grid == world.grids[grid]
    assert case.community == world.communities[grid]
    assert case.street == world.streets[street]
    assert case.district == world.district
    assert case.owner_region == world.streets[street]
    assert (case.lat, case.lng) == point
    assert case.place == world.grids[grid]


def test_the_place_is_stored_not_recomputed(world):
    case = report(world, point=(34.05, 117.1), at=T0)
    stored = Case.objects.values("grid_id", "community_id", "street_id", "district_id",
                                 "owner_region_id").get(pk=case.pk)
    assert stored == {
        "grid_id": world.grids["A1"].pk, "community_id": world.communities["A1"].pk,
        "street_id": world.streets["A"].pk, "district_id": world.district.pk,
        "owner_region_id": world.streets["A"].pk,
    }


def test_a_point_outside_every_polygon_falls_back_to_the_single_district(world):
    # Just across the boundary (about 5.5 km north): a report about the neighbouring area,
    # accepted and marked; a point far away is refused (test_bad_points_are_refused…).
    case = report(world, point=(34.25, 117.1), at=T0)
    assert case.outside_jurisdiction
    assert case.district == world.district
    assert case.street is None and case.community is None and case.grid is None
    assert case.owner_region == world.district  # the district's command center registers it


def test_an_explicit_region_places_the_case_without_a_point(world):
    case = report(world, region=world.communities["B2"], point=None, at=T0)
    assert case.community == world.communities["B2"] and case.grid is None
    assert case.street == world.streets["B"] and case.owner_region == world.streets["B"]


def test_an_explicit_region_wins_over_the_point(world):
    # A hotline operator corrects a mis-set pin: the chosen region places the case.
    case = report(world, region=world.grids["B1"], point=(34.05, 117.1), at=T0)
    assert case.grid == world.grids["B1"] and case.street == world.streets["B"]


def test_a_street_region_gives_the_street_command_center(world):
    case = report(world, region=world.streets["A"], point=None, at=T0)
    assert (case.street, case.community, case.grid) == (world.streets["A"], None, None)
    assert case.owner_region == world.streets["A"]


def test_polygons_added_later_are_used_at_once(world):
    from tests.world import square
    from tongxin.regions.models import Level, Region

    report(world, point=(34.05, 117.1), at=T0)  # builds the spatial index
    # Split grid A1: a new grid covering its eastern part (lng 117.15–117.2).
    world.grids["A1"].geometry = square(117.0, 34.0, 117.15, 34.1)
    world.grids["A1"].save()
    east = Region.objects.create(code="x-east", name="A1东网格", level=Level.GRID,
                                 parent=world.communities["A1"],
                                 geometry=square(117.15, 34.0, 117.2, 34.1))
    assert report(world, point=(34.05, 117.18), at=T0).grid == east
    assert report(world, point=(34.05, 117.1), at=T0).grid == world.grids["A1"]
