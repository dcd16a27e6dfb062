"""The demo district's departments (承办单位) and their duty keywords (职能关键字).

District units first, then one office per street or town, generated from the region fixture.
Codes are stable slugs: other demo data (categories, accounts, case templates) refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short_name: str
    keywords: tuple[str, ...]


def _unit(code: str, name: str, short_name: str, keywords: str) -> Unit:
    return Unit(code, name, short_name, tuple(keywords.split()))


DISTRICT_UNITS: tuple[Unit, ...] = (
    _unit("chengguan", "枣庄市市中区城市管理局", "区城管局",
          "路灯 占道经营 流动摊贩 违章搭建 户外广告 渣土 井盖 垃圾清运 环卫 市容 乱贴乱画 "
          "店外经营 绿化 树木 公厕"),
    _unit("zhujian", "枣庄市市中区住房和城乡建设局", "区住建局",
          "物业 物业费 房屋 维修基金 电梯 老旧小区 工地 建筑施工 房产证 公租房 开发商 "
          "楼道 漏雨 交房"),
    _unit("shichang", "枣庄市市中区市场监督管理局", "区市场监管局",
          "食品安全 过期 价格 假冒 虚假宣传 缺斤短两 消费者 退款 无证经营 餐饮 "
          "营业执照 预付卡 药店"),
    _unit("huanbao", "枣庄市生态环境局市中分局", "区生态环境分局",
          "噪音 噪声 油烟 污水 排污 异味 废气 扬尘 焚烧 污染 河道 粉尘"),
    _unit("gongan", "枣庄市公安局市中分局", "公安分局",
          "违章停车 治安 盗窃 诈骗 打架 交通秩序 户口 身份证 电动车被盗 赌博 "
          "占用车位 信号灯"),
    _unit("jiaoyu", "枣庄市市中区教育和体育局", "区教育局",
          "学校 幼儿园 学位 入学 校外培训 教师 学校收费 课后服务 学区 校车"),
    _unit("renshe", "枣庄市市中区人力资源和社会保障局", "区人社局",
          "工资 欠薪 拖欠工资 社保 养老保险 劳动合同 失业 就业 工伤 退休 职称"),
    _unit("weijian", "枣庄市市中区卫生健康局", "区卫健局",
          "医院 诊所 医疗 疫苗 卫生院 医生 看病 急救 健康证 医保报销"),
    _unit("shuiwu", "枣庄市市中区水务局", "区水务局",
          "停水 水压 自来水 水质 供水 漏水 管网 排水 下水道 积水 防汛"),
    _unit("gongdian", "国网枣庄市市中区供电公司", "供电公司",
          "停电 电压 电表 电费 电线 变压器 线路 跳闸 充电桩"),
    _unit("ranqi", "枣庄市市中区燃气公司", "燃气公司",
          "燃气 天然气 煤气 燃气泄漏 燃气表 气压 通气 燃气灶"),
    _unit("gongre", "枣庄市市中区热力公司", "热力公司",
          "供暖 暖气 供热 不热 采暖费 暖气片 热力 室温"),
    _unit("jiaotong", "枣庄市市中区交通运输局", "区交通运输局",
          "公交 公交车 出租车 网约车 道路破损 坑洼 公路 站牌 班次 拒载 人行道"),
    _unit("minzheng", "枣庄市市中区民政局", "区民政局",
          "低保 养老院 老年人 残疾人 救助 婚姻登记 殡葬 高龄补贴 特困 养老服务"),
    _unit("yingji", "枣庄市市中区应急管理局", "区应急管理局",
          "安全隐患 消防 火灾 危化品 安全生产 应急 灭火器 消防通道 液化气"),
    _unit("ziran", "枣庄市自然资源和规划局市中分局", "区自然资源局",
          "土地 宅基地 不动产登记 规划 违法占地 矿山 测绘 征地 塌陷"),
    _unit("nongye", "枣庄市市中区农业农村局", "区农业农村局",
          "农业 农药 化肥 种子 养殖 农村 惠农补贴 农机 动物防疫 耕地 秸秆"),
    _unit("wenlv", "枣庄市市中区文化和旅游局", "区文旅局",
          "景区 旅游 文化 健身器材 图书馆 广场舞 演出 网吧 文物"),
    _unit("xinfang", "枣庄市市中区信访局", "区信访局",
          "信访 上访 重复投诉 信访件 信访事项 复查"),
    _unit("sifa", "枣庄市市中区司法局", "区司法局",
          "法律援助 调解 律师 公证 纠纷 邻里纠纷 社区矫正 普法"),
    _unit("tuiyi", "枣庄市市中区退役军人事务局", "区退役军人事务局",
          "退役军人 优抚 伤残军人 退伍 军属 安置 烈士 光荣牌"),
)

# Every street office or town government takes the neighbourhood matters in its area.
STREET_OFFICE_KEYWORDS = (
    "邻里纠纷", "楼道堆物", "村居环境", "私搭乱建", "小广告", "流浪犬", "飞线充电", "社区服务",
    "村内道路", "环境卫生",
)


def street_office_code(street_code: str) -> str:
    return f"street-{street_code[:9]}"


def street_office(street_code: str, street_name: str) -> Unit:
    town = street_name.endswith("镇")
    return Unit(
        street_office_code(street_code),
        f"枣庄市市中区{street_name}{'人民政府' if town else '办事处'}",
        f"{street_name}{'政府' if town else '办'}",
        STREET_OFFICE_KEYWORDS,
    )
