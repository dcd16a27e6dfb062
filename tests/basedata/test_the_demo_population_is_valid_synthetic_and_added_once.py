"""The demo district's population: every ID number passes its check digit and uses the
serials kept for centenarians (so it is nobody's), everyone is flagged synthetic, each grid
has people, houses and households, and loading the demo again adds nobody."""

from tongxin.basedata import identity
from tongxin.basedata.models import Enrollment, Household, Person
from tongxin.demo.population import populate


def test_the_population_is_valid_and_added_once(world):
    added = populate(world.district)
    assert added == Person.objects.count() == 6 * len(world.grids)
    for p in Person.objects.all():
        who = identity.citizen(p.id_number)
        assert p.id_number[14:17] in {"996", "997", "998", "999"}
        assert who.birth_date.year >= 1945 and p.synthetic and p.name.startswith("示例")
        assert who.sex == p.sex
    assert Household.objects.filter(head__isnull=False).count() == 3 * len(world.grids)
    assert Enrollment.objects.exists()
    assert populate(world.district) == 0
