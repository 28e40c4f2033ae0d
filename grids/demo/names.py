"""Plausible Chinese names for generated demo data. Deterministic given the random generator."""

import numpy as np

# The district's real streets and towns, with rough WGS84 anchor points (seeds of the synthetic
# boundaries, placed near where each one lies so the demo map reads plausibly).
STREETS = [
    ("001", "三井街道", 119.975, 31.812),
    ("002", "河海街道", 119.996, 31.838),
    ("003", "龙虎塘街道", 120.005, 31.868),
    ("004", "新桥街道", 119.930, 31.845),
    ("005", "春江街道", 119.985, 31.930),
    ("006", "薛家镇", 119.890, 31.870),
    ("007", "罗溪镇", 119.880, 31.940),
    ("008", "西夏墅镇", 119.815, 31.960),
    ("009", "孟河镇", 119.860, 32.030),
    ("010", "奔牛镇", 119.790, 31.880),
]

_FIRST = list("新华安康和平阳光幸福锦绣长江龙虎春晖汉江花园翠竹枫林银河滨江黄山泰山嵩山")
_SECOND = list("苑庭园湾府里坊城湖岸桥港塘")
_VILLAGE = list("王李张刘陈杨黄赵吴周徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁")
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志文斌浩宇欣怡")

PLACE_NAMES = {
    "school": ["{a}小学", "{a}实验学校", "{a}中学", "{a}幼儿园"],
    "hospital": ["{a}社区卫生服务中心", "{a}医院", "{a}卫生院"],
    "facility": ["{a}路井盖", "{a}路路灯", "{a}消防栓", "{a}垃圾分类点", "{a}公交站台", "{a}监控探头"],
    "key_place": ["{a}农贸市场", "{a}加油站", "{a}商业广场", "{a}网吧", "{a}KTV", "{a}化工仓储点"],
    "religious_site": ["{a}寺", "{a}观", "{a}教堂"],
    "financial_outlet": ["工商银行{a}支行", "农商银行{a}网点", "建设银行{a}支行", "{a}自助银行"],
    "militia_unit": ["{a}民兵连", "{a}应急民兵排", "{a}民兵哨所"],
    "warehouse": ["{a}应急装备仓库", "{a}防汛物资仓库"],
    "shelter": ["{a}应急避难场所", "{a}公园避难点"],
}
# How many of each kind the demo district holds (≈5,000 in all; schools and hospitals additionally
# own dedicated grids).
PLACE_COUNTS = {
    "facility": 3500,
    "key_place": 600,
    "financial_outlet": 350,
    "shelter": 150,
    "militia_unit": 150,
    "religious_site": 90,
    "warehouse": 80,
    "school": 0,
    "hospital": 0,
}


def pick(rng: np.random.Generator, seq):
    return seq[int(rng.integers(len(seq)))]


def community_name(rng, urban: bool) -> str:
    if urban:
        return pick(rng, _FIRST) + pick(rng, _FIRST) + pick(rng, _SECOND) + "社区"
    return pick(rng, _VILLAGE) + pick(rng, _FIRST) + "村"


def person_name(rng) -> str:
    return pick(rng, _SURNAMES) + "".join(pick(rng, _GIVEN) for _ in range(int(rng.integers(1, 3))))


def place_name(rng, kind: str, area_name: str) -> str:
    stem = area_name.removesuffix("社区").removesuffix("村").removesuffix("街道").removesuffix("镇")
    return pick(rng, PLACE_NAMES[kind]).format(a=stem)
