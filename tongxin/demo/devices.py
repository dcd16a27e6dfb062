"""The demo district's sensors: a few dozen devices on its buildings and components, with
the profiles a city brain starts from. `tongxin sensing simulate` makes them talk."""

from __future__ import annotations

from tongxin.basedata.models import Building, Component
from tongxin.org.models import Department
from tongxin.regions.models import Level, Region
from tongxin.sensing.models import Device, Profile, Rule

# profile name, channel, heartbeat (s), rule: event, alarm, case title, op, threshold,
# repeat within 60 s, clear op, clear threshold, urgent
PROFILES = [
    ("独立式烟感", "iot", 300, ("smoke", "fire", "烟感报警：疑似火情", "ge", 1, 1, "le", 0, True)),
    ("井盖倾斜传感器", "iot", 600, ("tilt", "cover_tilt", "井盖倾斜或移位", "ge", 15, 3, "le", 5,
                              False)),
    ("积水监测仪", "iot", 600, ("water_level", "flooding", "道路积水超过警戒水位", "ge", 0.5, 2,
                           "le", 0.2, True)),
    ("视频AI·消防通道", "video", 0, ("fire_lane", "fire_lane_blocked", "消防通道被占用", "ge", 1, 1,
                                "le", 0, False)),
]
PER_PROFILE = 9


def load_devices(district: Region) -> int:
    """Once: returns the number of devices added (0 when the demo has devices)."""
    if Device.objects.exists():
        return 0
    grids = list(Region.objects.filter(level=Level.GRID, path__startswith=district.path)
                 .defer("geometry").order_by("code")[:PER_PROFILE * len(PROFILES)])
    chengguan = Department.objects.filter(code="chengguan").first()
    added = 0
    for p_index, (name, channel, heartbeat, rule) in enumerate(PROFILES):
        profile, _created = Profile.objects.get_or_create(
            name=name, defaults={"channel": channel, "heartbeat_s": heartbeat})
        event, alarm, title, op, threshold, repeat, clear_op, clear_at, urgent = rule
        Rule.objects.get_or_create(profile=profile, event_type=event, defaults={
            "alarm_type": alarm, "title": title, "op": op, "threshold": threshold,
            "repeat": repeat, "window_s": 60, "clear_op": clear_op,
            "clear_threshold": clear_at, "urgent": urgent})
        for n, grid in enumerate(grids[p_index::len(PROFILES)], 1):
            building = Building.objects.filter(grid=grid).first()
            component = Component.objects.filter(grid=grid, name="上水井盖").first()
            where = component or building
            lat = where.lat if where is not None else grid.center_lat
            lng = where.lng if where is not None else grid.center_lng
            Device.objects.create(
                code=f"{event.upper()[:3]}-{n:03d}", name=f"{name} · {grid.name}",
                profile=profile, grid=grid, lat=lat, lng=lng, building=building,
                component=component if event == "tilt" else None,
                department=chengguan if event in ("tilt", "water_level") else None)
            added += 1
    return added
