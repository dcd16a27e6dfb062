import random

from tongxin.demo import categories, texts
from tongxin.demo.departments import DISTRICT_UNITS


def test_appeal_templates_name_real_categories_and_units():
    paths = {row.path for row in categories.rows()}
    units = {u.code for u in DISTRICT_UNITS}
    for problem in texts.PROBLEMS:
        assert problem.category in paths, problem.category
        assert not problem.wrong_unit or problem.wrong_unit in units
        assert bool(problem.wrong_unit) == bool(problem.return_reason)


def test_every_category_has_a_lead_unit_that_exists():
    units = {u.code for u in DISTRICT_UNITS}
    leads = categories.lead_units()
    assert set(leads) == {row.path for row in categories.rows()}
    assert set(leads.values()) <= units


def test_templates_fill_without_leftover_placeholders():
    rng = random.Random(1)
    for problem in texts.PROBLEMS:
        values = texts.slots(rng, community="北马路社区", street="矿区街道")
        for text in (*problem.titles, *problem.details, problem.reply):
            filled = text.format(**values)
            assert "{" not in filled and "}" not in filled


def test_category_tree_has_three_levels_of_realistic_size():
    levels = [row.level for row in categories.rows()]
    assert 10 <= levels.count(1) <= 14
    assert 40 <= levels.count(2) <= 60
    assert levels.count(3) >= 20
