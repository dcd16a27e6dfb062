from tongxin.regions.models import Level, Region

# National statistical division codes 2023 of 枣庄市市中区's streets and towns.
STREETS = {
    "370402001000": "中心街街道", "370402002000": "各塔埠街道", "370402003000": "矿区街道",
    "370402004000": "文化路街道", "370402005000": "龙山路街道", "370402006000": "光明路街道",
    "370402101000": "税郭镇", "370402102000": "孟庄镇", "370402103000": "齐村镇",
    "370402104000": "永安镇", "370402105000": "西王庄镇",
}


def test_demo_loads_eleven_streets_with_real_codes(demo_base):
    district = Region.objects.get(level=Level.DISTRICT)
    assert (district.code, district.name, district.parent) == ("370402000000", "市中区", None)
    streets = Region.objects.filter(level=Level.STREET)
    assert {s.code: s.name for s in streets} == STREETS
    assert all(s.parent_id == district.pk for s in streets)


def test_communities_use_their_streets_code_and_a_sequence(demo_base):
    communities = Region.objects.filter(level=Level.COMMUNITY).select_related("parent")
    assert communities.count() == 170
    for community in communities:
        assert community.parent.level == Level.STREET
        assert community.code[:9] == community.parent.code[:9]
        assert len(community.code) == 12 and community.code[9:] != "000"
    kuangqu = Region.objects.get(name="矿区街道")
    assert "北马路社区" in set(kuangqu.children.values_list("name", flat=True))
