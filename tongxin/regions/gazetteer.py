"""Address text → region: which street, community (or grid) an address names (地名库).

Citizens and hotline operators write places loosely: "文化路街道光明北社区", "光明北小区门口",
"龙山街道38号" (a missing 路), "西王庄镇丁庄村" (a village name two towns share). Each region is
indexed under its full name and under the name without its administrative suffix (区/街道/镇/
社区/村/居委会 …). A lookup takes every index entry contained in the text, drops those covered by
a longer one ("光明" inside "光明北社区"), prefers an entry whose ancestor is named too (that
resolves names several streets share), then the deepest level. With nothing contained it falls
back to fuzzy matching of the full names (rapidfuzz partial ratio), which tolerates a wrong or
missing character. A name that stays ambiguous yields the regions' common ancestor, marked so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .models import LEVEL_DEPTH, Level, Region
from .tree import node

# Longest first: "街道办事处" must be stripped before "办事处".
SUFFIXES = {
    Level.DISTRICT: ("自治县", "区", "县", "市"),
    Level.STREET: ("街道办事处", "街道", "办事处", "镇", "乡"),
    Level.COMMUNITY: ("社区居委会", "社区居民委员会", "村民委员会", "居委会", "村委会", "社区",
                      "村", "居"),
    Level.GRID: (),
}
FULL, LONG_ALIAS, SHORT_ALIAS = 1.0, 0.85, 0.6
FUZZY_CUTOFF = 80.0  # rapidfuzz partial ratio, 0..100
MIN_FUZZY_NAME = 4  # shorter names match too much by accident


@dataclass(frozen=True)
class Entry:
    region_id: int
    level: str
    path: str
    name: str
    alias: str
    weight: float


@dataclass(frozen=True)
class Hit:
    region: Region
    score: float  # 0..1
    matched: str  # the text the region was found by
    ambiguous: bool = False


def aliases(name: str, level: str) -> list[tuple[str, float]]:
    out = [(name, FULL)]
    for suffix in SUFFIXES.get(Level(level), ()):
        if name.endswith(suffix) and len(name) > len(suffix):
            stripped = name[: -len(suffix)]
            if len(stripped) >= 2:
                out.append((stripped, LONG_ALIAS if len(stripped) >= 3 else SHORT_ALIAS))
            break
    return out


class Gazetteer:
    def __init__(self, regions: list[tuple[int, str, str, str]]) -> None:
        self.entries = [
            Entry(pk, level, path, name, alias, weight)
            for pk, name, level, path in regions
            for alias, weight in aliases(name, level)
        ]
        self.full_names = [e for e in self.entries
                           if e.weight == FULL and len(e.name) >= MIN_FUZZY_NAME]

    def lookup(self, text: str) -> Hit | None:
        text = re.sub(r"\s+", "", text or "")
        if not text:
            return None
        found = self._contained(text) or self._fuzzy(text)
        return self._best(found) if found else None

    def _contained(self, text: str) -> list[tuple[Entry, float, tuple[int, int]]]:
        spans = [
            (e, e.weight, m.span())
            for e in self.entries if e.alias in text
            for m in re.finditer(re.escape(e.alias), text)
        ]
        # An entry inside a longer entry's span is part of that name, not a name of its own.
        return [
            s for s in spans
            if not any(o[2][0] <= s[2][0] and s[2][1] <= o[2][1]
                       and o[2][1] - o[2][0] > s[2][1] - s[2][0] for o in spans)
        ]

    def _fuzzy(self, text: str) -> list[tuple[Entry, float, tuple[int, int]]]:
        names = [e.name for e in self.full_names]
        results = process.extract(text, names, scorer=fuzz.partial_ratio,
                                  processor=None, score_cutoff=FUZZY_CUTOFF, limit=10)
        if not results:
            return []
        top = max(score for _, score, _ in results)
        return [(self.full_names[i], 0.8 * score / 100, (0, 0))
                for _, score, i in results if score >= top - 1e-9]

    def _best(self, found: list[tuple[Entry, float, tuple[int, int]]]) -> Hit | None:
        paths = {e.path for e, _, _ in found}

        def support(e: Entry) -> int:  # how many named regions are its ancestors
            return sum(1 for p in paths if p != e.path and e.path.startswith(p))

        def key(item: tuple[Entry, float, tuple[int, int]]) -> tuple:
            e, score, _ = item
            return (support(e), LEVEL_DEPTH[Level(e.level)], score, len(e.alias))

        found = sorted(found, key=key, reverse=True)
        tied = [f for f in found if key(f) == key(found[0])]
        ids = sorted({e.region_id for e, _, _ in tied})
        entry, score, _ = tied[0]
        if len(ids) == 1:
            return Hit(node(ids[0]), round(score, 3), entry.alias)
        common = _common_ancestor([e.path for e, _, _ in tied])
        if common is None:
            return None
        return Hit(common, round(score / 2, 3), entry.alias, ambiguous=True)


def _common_ancestor(paths: list[str]) -> Region | None:
    split = [p.strip("/").split("/") for p in paths]
    common = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    return node(int(common[-1])) if common else None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    rows = list(Region.objects.values_list("pk", "name", "level", "path"))
    return Gazetteer(rows)


def reset() -> None:
    gazetteer.cache_clear()


def locate_address(text: str) -> Hit | None:
    """The region an address names, with a score in 0..1; None when it names none."""
    return gazetteer().lookup(text)
