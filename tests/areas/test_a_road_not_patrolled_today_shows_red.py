"""Patrol coverage per segment per day: the grid workers' GPS tracks (field app) matched to
the segment's buffer; a segment no patrol passed today is shown red on the areas page."""

import uuid
from datetime import timedelta

from django.utils import timezone

from tongxin.areas.selectors import patrol_coverage
from tongxin.fieldapp.services import TrackPoint, add_points, start_patrol


def patrol(world, points):
    worker = world.user("grid_a1")
    p = start_patrol(worker=worker, client_id=uuid.uuid4())
    now = timezone.now()
    add_points(worker=worker, patrol_id=p.pk, points=[
        TrackPoint(now + timedelta(seconds=10 * i), lat, lng, 5.0)
        for i, (lat, lng) in enumerate(points)])


def test_coverage_counts_patrols_through_the_buffer(world, road, client):
    client.force_login(world.user("dispatcher"))
    page = client.get("/areas/").content.decode()
    assert "0/2" in page and "is-red" in page

    patrol(world, [(34.0502, 117.10), (34.0502, 117.11)])  # on the road
    patrol(world, [(34.0600, 117.10)])  # a kilometre north: not on it
    assert patrol_coverage(timezone.localdate()) == {road.pk: 1}
    assert patrol_coverage(timezone.localdate() - timedelta(days=1)) == {}
    page = client.get("/areas/").content.decode()
    assert "1/2" in page
