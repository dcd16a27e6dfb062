"""The demo category tree (事项分类): 一级 → 二级 → 三级, modelled on Chinese 12345 catalogues.

Every first- and second-level item names its default lead department (a department code from
departments.py); third-level items inherit it. Policies: first levels say `general` (or
`consultation` for the enquiry branch); outages and safety hazards use `urgent` (特事特办) and
large, multi-party matters `complex`. Codes follow the position: 01, 0102, 010203.
Other demo data refers to items by their path, e.g. "城市管理/市政设施/路灯不亮".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    name: str
    department: str | None = None
    policy: str | None = None
    children: tuple[Item, ...] = field(default_factory=tuple)


def C(name: str, department: str | None = None, policy: str | None = None,  # noqa: N802
      children: tuple | list | str = ()) -> Item:
    """One item; `children` may be a space-separated string of third-level names."""
    if isinstance(children, str):
        children = [Item(n) for n in children.split()]
    return Item(name, department, policy, tuple(children))


TREE: tuple[Item, ...] = (
    C("城市管理", "chengguan", "general", [
        C("市容环境", "chengguan", None, "占道经营 店外经营 乱贴乱画 户外广告 垃圾清运不及时"),
        C("市政设施", "chengguan", None, "路灯不亮 井盖缺失 公厕管理 下水道堵塞"),
        C("违法建设", "chengguan", None, "私搭乱建 违章建筑"),
        C("园林绿化", "chengguan", None, "树木修剪 绿地毁坏"),
        C("渣土运输", "chengguan", None, "渣土遗撒"),
    ]),
    C("住房保障", "zhujian", "general", [
        C("物业管理", "zhujian", None, "物业不作为 物业收费 电梯故障 楼道堆物 小区环境"),
        C("房屋质量", "zhujian", None, "房屋漏雨 墙体开裂"),
        C("房产交易", "zhujian", "complex", "房产证办理 逾期交房"),
        C("建筑施工", "zhujian", None, "工地管理 夜间施工"),
        C("老旧小区改造", "zhujian", "complex"),
        C("保障性住房", "zhujian"),
    ]),
    C("生态环境", "huanbao", "general", [
        C("噪声污染", "huanbao", None, "施工噪声 社会生活噪声 商业噪声"),
        C("大气污染", "huanbao", None, "油烟扰民 扬尘污染 露天焚烧"),
        C("水污染", "huanbao", None, "污水直排 河道污染"),
        C("固体废物", "huanbao"),
    ]),
    C("水电气暖", "shuiwu", "general", [
        C("停水", "shuiwu", "urgent", "突发停水 计划停水"),
        C("供水服务", "shuiwu", None, "水压不足 水质浑浊 管道漏水"),
        C("停电", "gongdian", "urgent", "突发停电 频繁跳闸"),
        C("供电服务", "gongdian", None, "电压不稳 电费争议"),
        C("燃气", "ranqi", "urgent", "燃气泄漏 燃气停供"),
        C("供暖", "gongre", None, "供暖不热 采暖费争议"),
    ]),
    C("交通出行", "jiaotong", "general", [
        C("道路破损", "jiaotong", None, "道路坑洼 人行道破损"),
        C("公共交通", "jiaotong", None, "公交线路 出租车拒载"),
        C("交通秩序", "gongan", None, "违章停车 占用消防通道"),
        C("交通设施", "gongan", None, "信号灯故障 交通标线"),
    ]),
    C("市场监管", "shichang", "general", [
        C("食品安全", "shichang", None, "过期食品 餐饮卫生"),
        C("价格收费", "shichang"),
        C("消费维权", "shichang", None, "预付卡退费 虚假宣传"),
        C("无证经营", "shichang"),
    ]),
    C("劳动社保", "renshe", "general", [
        C("欠薪讨薪", "renshe", "complex"),
        C("社会保险", "renshe", None, "养老保险 失业保险"),
        C("劳动关系", "renshe"),
        C("就业创业", "renshe"),
    ]),
    C("教育卫生", "jiaoyu", "general", [
        C("入学招生", "jiaoyu"),
        C("校外培训", "jiaoyu"),
        C("医疗服务", "weijian", None, "医疗纠纷 就医秩序"),
        C("公共卫生", "weijian"),
    ]),
    C("社会治安", "gongan", "general", [
        C("治安秩序", "gongan", None, "聚众赌博 盗窃"),
        C("邻里纠纷", "sifa"),
        C("安全隐患", "yingji", "urgent", "消防隐患 飞线充电"),
    ]),
    C("民生保障", "minzheng", "general", [
        C("社会救助", "minzheng", None, "低保 临时救助"),
        C("养老服务", "minzheng"),
        C("退役军人服务", "tuiyi"),
    ]),
    C("农业农村", "nongye", "general", [
        C("农村人居环境", "nongye", None, "村内道路 秸秆焚烧"),
        C("惠农政策", "nongye"),
        C("土地与宅基地", "ziran", "complex"),
    ]),
    C("政策咨询", "xinfang", "consultation", [
        C("社保政策咨询", "renshe"),
        C("户籍证件咨询", "gongan"),
        C("入学政策咨询", "jiaoyu"),
        C("不动产登记咨询", "ziran"),
        C("其他咨询", "xinfang"),
    ]),
)


@dataclass(frozen=True)
class Row:
    code: str
    path: str
    name: str
    level: int
    parent_code: str | None
    department: str | None
    policy: str | None


def rows() -> Iterator[Row]:
    """The tree flattened parent-first, with codes and paths."""
    def walk(items: tuple[Item, ...], prefix: str, path: str, level: int) -> Iterator[Row]:
        for i, item in enumerate(items, start=1):
            code = f"{prefix}{i:02d}"
            full = f"{path}/{item.name}" if path else item.name
            yield Row(code, full, item.name, level, prefix or None, item.department, item.policy)
            yield from walk(item.children, code, full, level + 1)

    return walk(TREE, "", "", 1)


def lead_units() -> dict[str, str]:
    """Department code of the lead unit of every path, inherited down the tree."""
    leads: dict[str, str] = {}
    for row in rows():
        parent = row.path.rpartition("/")[0]
        leads[row.path] = row.department or leads[parent]
    return leads
