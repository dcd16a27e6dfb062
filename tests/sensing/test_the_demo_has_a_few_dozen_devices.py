"""The demo's sensors: four profiles with a rule each, nine devices per profile in the
district's grids (fewer in the small test world), added once."""

from tongxin.demo.devices import load_devices
from tongxin.sensing.models import Device, Profile


def test_devices_are_added_once(world):
    added = load_devices(world.district)
    assert added == Device.objects.count() == len(world.grids)
    assert Profile.objects.filter(rules__isnull=False).distinct().count() == 4
    assert load_devices(world.district) == 0
