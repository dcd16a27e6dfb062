"""Address text → region through the gazetteer, on the demo district's real names: exact
names, names without their 街道/镇/社区/村 suffix, a typo, a village name two towns share
(resolved by the town named beside it, else left at their common ancestor), and nothing."""

from __future__ import annotations

import pytest

from tongxin.regions.gazetteer import aliases, locate_address
from tongxin.regions.models import Level, Region


def named(name: str, parent: str | None = None) -> Region:
    qs = Region.objects.filter(name=name)
    return qs.get(parent__name=parent) if parent else qs.get()


@pytest.mark.parametrize(
    ("text", "name", "parent"),
    [
        ("枣庄市市中区文化路街道光明北社区3号楼", "光明北社区", "文化路街道"),  # exact
        ("光明北小区门口的路灯不亮", "光明北社区", "文化路街道"),  # no 社区 suffix
        ("矿区街道北马路社区", "北马路社区", "矿区街道"),
        ("龙山路38号", "龙山路街道", None),  # a street office named by its road, no 街道
        ("中心街大观园附近噪音", "大观园社区", "中心街街道"),
        ("各搭埠街道", "各塔埠街道", None),  # 搭 for 塔: fuzzy
        ("西王庄镇丁庄村村口", "丁庄村", "西王庄镇"),  # a shared name, resolved by its town
        ("光明路街道丁庄村", "丁庄村", "光明路街道"),
    ],
)
def test_an_address_finds_its_deepest_region(demo_regions, text, name, parent):
    hit = locate_address(text)
    assert hit is not None and not hit.ambiguous
    assert hit.region == named(name, parent)
    assert 0 < hit.score <= 1


def test_the_longest_name_wins_over_the_names_inside_it(demo_regions):
    # "光明" (光明社区 without suffix) is inside "光明北社区" and "光明路街道".
    assert locate_address("光明北社区").region == named("光明北社区")
    assert locate_address("光明社区").region == named("光明社区")


def test_a_name_two_towns_share_is_ambiguous_without_its_town(demo_regions):
    hit = locate_address("丁庄村村口有人倒垃圾")
    assert hit is not None and hit.ambiguous
    assert hit.region.level == Level.DISTRICT and hit.region == demo_regions


def test_an_address_naming_no_region_finds_nothing(demo_regions):
    assert locate_address("北京市海淀区中关村大街1号") is None
    assert locate_address("   ") is None


def test_aliases_strip_one_administrative_suffix():
    assert aliases("文化路街道", Level.STREET) == [("文化路街道", 1.0), ("文化路", 0.85)]
    assert aliases("税郭镇", Level.STREET) == [("税郭镇", 1.0), ("税郭", 0.6)]
    assert aliases("丁庄村", Level.COMMUNITY) == [("丁庄村", 1.0), ("丁庄", 0.6)]
    assert aliases("镇", Level.STREET) == [("镇", 1.0)]
