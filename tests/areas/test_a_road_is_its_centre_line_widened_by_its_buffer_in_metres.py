"""A road segment holds the points within its buffer of the centre line, measured in metres."""

import pytest
from shapely.geometry import Point

from tongxin.areas.geometry import METRES_PER_DEGREE, BadGeometry, area_shape

from .support import ROAD


def north_of_the_line(metres: float) -> Point:
    return Point(117.1, 34.05 + metres / METRES_PER_DEGREE)


def test_points_inside_the_buffer_belong_to_the_road_and_points_beyond_do_not():
    road = area_shape(ROAD, 50)
    assert road.contains(north_of_the_line(45))
    assert not road.contains(north_of_the_line(55))


def test_the_buffer_is_metres_east_west_too_not_degrees():
    road = area_shape(ROAD, 50)
    # Past the end of the line: a degree of longitude is shorter than one of latitude here.
    east = 50 / (METRES_PER_DEGREE * 0.8285)  # cos(34.05°)
    assert road.contains(Point(117.15 + east * 0.9, 34.05))
    assert not road.contains(Point(117.15 + east * 1.1, 34.05))


def test_a_line_without_a_buffer_is_refused():
    with pytest.raises(BadGeometry):
        area_shape(ROAD, 0)
    with pytest.raises(BadGeometry):
        area_shape({"type": "Polygon", "coordinates": []})
