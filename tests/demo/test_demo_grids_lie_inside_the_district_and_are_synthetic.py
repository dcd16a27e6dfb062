import shapely
from shapely.geometry import shape

from tongxin.regions.locator import locate_point
from tongxin.regions.models import Level, Region

# Neighbouring polygons are rounded to 6 decimals (≈ 0.1 m): allow that much overhang.
TOLERANCE = 2e-6


def test_demo_grids_lie_inside_the_district_and_are_synthetic(demo_base):
    regions = {r.pk: r for r in Region.objects.all()}
    district = next(r for r in regions.values() if r.level == Level.DISTRICT)
    assert not district.synthetic, "the district outline is the real one"
    grids = [r for r in regions.values() if r.level == Level.GRID]
    assert 340 <= len(grids) <= 680  # 2–4 per community
    outline = shape(district.geometry).buffer(TOLERANCE)
    for grid in grids:
        polygon = shape(grid.geometry)
        assert grid.synthetic and polygon.is_valid and not polygon.is_empty
        assert outline.contains(polygon)
        assert shape(regions[grid.parent_id].geometry).buffer(TOLERANCE).contains(polygon)


def test_grids_cover_the_district_without_overlap(demo_base):
    district = Region.objects.get(level=Level.DISTRICT)
    grids = [shape(g) for g in Region.objects.filter(level=Level.GRID)
             .values_list("geometry", flat=True)]
    outline = shape(district.geometry)
    assert abs(sum(g.area for g in grids) - outline.area) / outline.area < 1e-3
    assert shapely.union_all(grids).symmetric_difference(outline).area < 1e-3 * outline.area


def test_every_grid_centre_locates_to_that_grid(demo_base):
    for grid in Region.objects.filter(level=Level.GRID)[:: 25]:
        assert locate_point(grid.center_lat, grid.center_lng) == grid


def test_streets_and_communities_are_marked_synthetic_too(demo_base):
    below = Region.objects.exclude(level=Level.DISTRICT)
    assert not below.filter(synthetic=False).exists()
