"""Vectorised plausible Chinese names, streets and ID-number regions for the registry demo."""

import numpy as np

# The commonest surnames with rough shares (per cent of the population), most frequent first.
SURNAMES = (
    "王7.1 李7.0 张6.7 刘5.4 陈4.5 杨3.1 黄2.3 赵2.2 吴2.0 周1.9 徐1.7 孙1.5 马1.3 朱1.2 胡1.1 郭1.1 何1.0 "
    "林1.0 高1.0 罗0.9 郑0.8 梁0.7 谢0.6 宋0.6 唐0.6 许0.5 韩0.5 冯0.5 邓0.5 曹0.5 彭0.5 曾0.4 肖0.4 田0.4 "
    "董0.4 潘0.4 袁0.4 蔡0.3 蒋0.3 余0.3 于0.3 杜0.3 叶0.3 程0.3 魏0.3 苏0.3 吕0.3 丁0.3 任0.3 卢0.2 姚0.2 "
    "沈0.2 钟0.2 姜0.2 崔0.2 谭0.2 陆0.2 范0.2 汪0.2 廖0.2 石0.2 金0.2 韦0.2 贾0.2 夏0.2 付0.2 方0.2 邹0.2 "
    "熊0.1 白0.1 孟0.1 秦0.1 邱0.1 侯0.1 江0.1 尹0.1 薛0.1 闫0.1 段0.1 雷0.1 龙0.1 黎0.1 史0.1 陶0.1 贺0.1 "
    "毛0.1 郝0.1 顾0.1 龚0.1 邵0.1 万0.1 覃0.1 武0.1 钱0.1 戴0.1 严0.1 欧阳0.05 诸葛0.01"
)
_MALE = list("伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文博晨昊子轩睿泽")
_FEMALE = list("芳娜敏静丽艳娟霞秀英华慧巧美娅琳雪梅莉倩婷颖琪欣怡悦佳雨萱涵诗梦瑶晶玲燕红桂兰")
ROADS = list("通江长江河海龙虎塘新桥春江汉江太湖黄河晋陵衡山泰山华山庐山嵩山辽河珠江锦江")
ETHNIC = ["汉族"] * 97 + ["回族", "满族", "蒙古族"]
# Prefecture codes floating residents commonly come from (Anhui, Henan, Sichuan, Jiangxi, Hubei,
# Shandong, Guizhou, Jiangsu north); the district's own county code is used for registered people.
ORIGINS = [
    "340102",
    "340302",
    "341202",
    "410102",
    "411302",
    "510104",
    "511302",
    "360102",
    "420102",
    "370102",
    "520102",
    "320311",
    "320803",
    "321302",
]


def _surnames():
    names, weights = [], []
    for token in SURNAMES.split():
        i = next(k for k, ch in enumerate(token) if ch.isdigit())
        names.append(token[:i])
        weights.append(float(token[i:]))
    w = np.array(weights)
    return np.array(names, dtype=object), w / w.sum()


def names(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    """One name per entry of the boolean array `male`: a surname by frequency and 1–2 given characters."""
    surnames, weights = _surnames()
    n = len(male)
    sur = surnames[rng.choice(len(surnames), n, p=weights)]
    m, f = np.array(_MALE, dtype=object), np.array(_FEMALE, dtype=object)
    first = np.where(male, m[rng.integers(len(m), size=n)], f[rng.integers(len(f), size=n)])
    second = np.where(male, m[rng.integers(len(m), size=n)], f[rng.integers(len(f), size=n)])
    two = rng.random(n) < 0.7
    return sur + first + np.where(two, second, "")


def road(rng: np.random.Generator, n: int) -> np.ndarray:
    a = np.array(ROADS, dtype=object)
    return a[rng.integers(len(a), size=n)] + a[rng.integers(len(a), size=n)] + "路"
