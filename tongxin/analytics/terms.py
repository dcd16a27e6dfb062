"""The terms of a report that name an issue (热词 that mean something): 停水, 井盖缺失, 噪音扰民 —
never 有人, 小时, 通知 or 半夜.

A title is cut by jieba.posseg (the shared default dictionary, read only: adding words to it
would change how the triage classifier segments). A token counts when it is a noun (n, nz,
vn, nt, nw, idioms and fixed phrases i, l, j) of two characters or more, is not on the stop
list (function words, the hotline's filler — 反映, 希望, 尽快 — times, quantities and the
generic places every report names: 小区, 门口, 附近) and is not a place name (人民路, 光明社区).
A verb counts only inside a phrase: two adjacent tokens, a noun with a noun or a verb on
either side (井盖+缺失, 拖欠+工资, 噪音+扰民), form a phrase; whether a phrase is shown instead
of its words is decided where the counts are known (`prefer_phrases`). The issue words of the
domain — the urgent phrases and the duty keyword library — are nouns whatever jieba tags
them (停水 is a verb to jieba, 井盖 a person's name), and count wherever they occur in the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

import jieba
import jieba.posseg as pseg

jieba.setLogLevel(logging.WARNING)

NOUN_FLAGS = frozenset({"n", "nz", "vn", "nt", "nw", "i", "l", "j", "an"})
VERB_FLAGS = frozenset({"v", "vd"})
# Function words, the hotline's filler, time and quantity words, and the places every report
# names. Chosen by reading the demo's and appeals-zh's most frequent tokens: what is left is
# an object or a problem.
_STOP_TEXT = """
有人 没人 无人 大家 自己 别人 人员 有关 相关 部门 领导 政府 单位 工作人员 师傅 市民 群众
居民 业主 住户 村民 家里 我家 本人 我们 他们 你们 这里 那里 这边 那边 地方 位置 地点 旁边
附近 周边 周围 门口 门前 路口 路边 路段 路面 楼下 楼上 楼道 单元 小区 社区 村里 街道 区域
现场 一带 全部 所有 部分 一些 很多 好多 许多 多数 一段 一次 多次 每次 每天 天天 每晚 每年
小时 分钟 时间 时候 半夜 深夜 凌晨 早上 上午 中午 下午 晚上 夜里 夜间 白天 今天 昨天 前天
明天 今年 去年 最近 近期 目前 现在 当时 以前 之前 之后 以后 长期 经常 一直 已经 马上 多日
多天 好几天 几天 数天 连续 通知 消息 情况 问题 事情 事项 情形 原因 结果 方面 方式 办法 反映
希望 要求 请求 恳请 建议 咨询 投诉 举报 处理 解决 落实 答复 回复 尽快 及时 立即 严重 影响
造成 导致 引发 引起 存在 出现 发生 有 没有 进行 开展 过大 太大 很大 不少 不好 难闻 不便
麻烦 安全隐患 隐患 安全 正常
生活 工作 东西 情况 一个 这个 那个 什么 怎么 如何 为何 为什么 是否 能否 可否 谢谢 您好
尊敬 你好 市长 书记 请问 关于 对于 由于 因为 所以 如果 但是 而且 并且 或者 还是 以及 等等
"""
STOP_TERMS = frozenset(_STOP_TEXT.split())
# A token ending like a place (人民路, 光明社区, 幸福小区) names where, not what.
PLACE_TAIL = re.compile(r"(?:小区|社区|村|镇|乡|街道|大道|路|街|巷|广场|花园|公寓|家园|新城|"
                        r"市场|车站|苑|府|湾|园|区|市|县|号楼|号|楼|栋|单元|门)$")
HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
# A token right before one of these is the name of the place (文化|路, 龙头|社区, 大庙|社区).
_PLACE_TEXT = """
社区 村 镇 乡 街道 街 路 大道 巷 小区 花园 广场 公园 家园 新城 新村 市场 车站 号楼 号 楼 栋
单元 农村 村委会 居委会 公寓
"""
PLACE_WORDS = frozenset(_PLACE_TEXT.split())


class Terms:
    """Cuts texts into issue terms; `nouns` are the domain's own issue words."""

    def __init__(self, nouns: Iterable[str] = ()) -> None:
        # A duty keyword may be a generic word (楼道) or a place (农村): the stop list wins.
        self.nouns = frozenset(w for w in nouns if len(w) >= 2 and w not in STOP_TERMS
                               and not PLACE_TAIL.search(w))

    def tokens(self, text: str) -> list[tuple[str, str]]:
        """(word, kind) for every token: kind "n" a term, "v" a verb (phrases only), "" none."""
        pairs = [(p.word, p.flag) for p in pseg.cut(text)]
        out = []
        for i, (word, flag) in enumerate(pairs):
            before_place = i + 1 < len(pairs) and pairs[i + 1][0] in PLACE_WORDS
            out.append((word, "" if before_place else self._kind(word, flag)))
        return out

    def _kind(self, word: str, flag: str) -> str:
        if word in STOP_TERMS or not HAS_HAN.search(word):
            return ""
        if word in self.nouns:
            return "n"
        if flag in VERB_FLAGS and len(word) >= 2:
            return "v"
        if flag not in NOUN_FLAGS or PLACE_TAIL.search(word):
            return ""
        # A one-character noun (路, 水, 灯) may start or end a phrase, never stand alone.
        return "n" if len(word) >= 2 else "n1"

    def of(self, text: str) -> tuple[set[str], set[str]]:
        """The words and the phrases of one text (each once)."""
        tokens = self.tokens(text)
        # The domain's words count wherever they occur, even where jieba cuts across them
        # (人民路路灯不亮 → 人民路 / 路 / 灯不亮 still names 路灯).
        words = {w for w, kind in tokens if kind == "n"} | {w for w in self.nouns if w in text}
        phrases = set()
        for (a, ka), (b, kb) in zip(tokens, tokens[1:], strict=False):
            nouns = (ka in ("n", "n1")) + (kb in ("n", "n1"))
            if not ka or not kb or nouns == 0 or len(a) + len(b) < 3:
                continue
            if ka == "n1" and kb == "n1":
                continue
            phrases.add(a + b)
        return words, phrases

    def count(self, texts: Iterable[str]) -> dict[str, int]:
        """In how many of the texts each word or phrase occurs."""
        counts: dict[str, int] = {}
        for text in texts:
            words, phrases = self.of(text)
            for term in words | phrases:
                counts[term] = counts.get(term, 0) + 1
        return counts


# A phrase is shown instead of its word when at least this share of the word's texts have it.
PHRASE_SHARE = 0.5


def prefer_phrases(terms: list[str], counts: Mapping[str, int]) -> list[str]:
    """`terms` (best first) with a phrase shown instead of a listed word it mostly stands for
    (the phrase is in at least PHRASE_SHARE of the word's texts: 井盖缺失 over 井盖), and
    without a phrase that stands for none of its listed words (they say it better alone)."""
    listed = set(terms)
    dropped: set[str] = set()
    for phrase in terms:
        parts = [w for w in listed if w != phrase and w in phrase]
        if not parts:
            continue
        won = [w for w in parts if counts.get(phrase, 0) >= PHRASE_SHARE * counts.get(w, 0)]
        if won:
            dropped.update(won)
        else:
            dropped.add(phrase)
    return [t for t in terms if t not in dropped]


# Two listed terms sharing this many characters, with counts this close, are one issue.
OVERLAP_CHARS, SAME_COUNT = 2, 0.25


def one_per_issue(terms: list[str], counts: Mapping[str, int]) -> list[str]:
    """`terms` (best first) without a term that repeats a better one: they share a word of
    OVERLAP_CHARS characters and about the same titles (小广告 and 广告泛滥 of 楼道墙面小广告泛滥,
    焚烧垃圾 and 露天焚烧)."""
    kept: list[str] = []
    for term in terms:
        n = counts.get(term, 0)
        if not any(_shares(term, other) and abs(n - counts.get(other, 0))
                   <= SAME_COUNT * max(n, counts.get(other, 0)) for other in kept):
            kept.append(term)
    return kept


def _shares(a: str, b: str) -> bool:
    return any(a[i:i + OVERLAP_CHARS] in b for i in range(len(a) - OVERLAP_CHARS + 1))
