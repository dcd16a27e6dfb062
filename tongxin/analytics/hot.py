"""Hot issues (热点问题) and trending topics (热词).

A hot issue is a group of messages about the same problem at the same place, ranked by a
heat index that grows with volume, recency, spread and votes:

    heat = Σ_m exp(−age_m / τ) · (1 + ln(1 + votes_m))  ×  (1 + 0.5 · ln(people))
                                                          ×  (1 + 0.2 · ln(1 + span_days))

age_m is the message's age in days at the newest message (τ = 30 days), votes_m its up- and
down-votes, people the distinct reporters, span_days the first-to-last spread in time.

Grouping free text (`cluster_messages`): jieba words → TF-IDF → 120-dimensional LSA →
agglomerative clustering by cosine distance (average linkage, threshold 0.5), so messages
with the same words about the same place fall together. Cases already carry a category and
a community, so `case_hot_issues` groups by those and applies the same heat index.
Trending topics (热词) are the issue terms of case titles (tongxin.analytics.terms: nouns and
noun phrases, no function words, times or places) that burst in the last 7 days against
their own baseline, the 4 weeks before: with the term's earlier rate the week should have
brought `expected` titles with it, and it brought `count`. A burst is count ≥ 3 and
count ≥ 1.5 × expected, ranked by the Poisson z-score (count − expected) / √expected, so a
common term must rise by much more than a rare one to rank. A phrase is shown instead of
its word when they mostly come together (井盖缺失 rather than 井盖), and one term per issue
(小广告 or 广告泛滥, not both).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import jieba
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tongxin.accounts.models import User
from tongxin.cases.models import Case
from tongxin.core.cache import ProcessCache
from tongxin.org.models import DutyKeyword
from tongxin.triage.urgency import URGENT_PHRASES

from .scope import Audience
from .terms import Terms, one_per_issue, prefer_phrases
from .warnings import cases_url

jieba.setLogLevel(logging.WARNING)

TAU_DAYS = 30.0
TOP = 20
# Case hot issues: groups from the last HOT_DAYS; the CANDIDATES busiest get a heat index.
HOT_DAYS, CANDIDATES = 30, 200
SUFFIX = (r"(?:小区|社区|村|镇|乡|街道|大道|路|街|巷|学校|中学|小学|幼儿园|大学|学院|医院|广场|"
          r"花园|公寓|家园|新城|工业园|市场|车站|城|苑|府|湾|园)")
# A place is named after an administrative prefix ("A市A2区丽发新城"), the way people write
# to the hotline; bare suffix matches ("我们小区") say nothing about where.
PLACE = re.compile(r"(?:[A-Z]市)?[A-Z]\d{1,2}[区县市]([\u4e00-\u9fa5]{2,10}?" + SUFFIX + ")")
PEOPLE = ("业主", "居民", "村民", "学生", "家长", "员工", "职工", "商户", "司机", "老人", "租户",
          "教师", "农民工", "患者", "乘客", "消费者", "购房者", "退休人员")
_STOP_TEXT = """
的 了 和 是 在 有 我 我们 你 他 她 它 们 这 那 就 都 也 还 要 会 能 与 及 或 对 被 把 从 到 为
以 而 但 并 等 等等 一个 没有 什么 怎么 如何 为什么 请问 问题 反映 希望 相关 部门 领导 情况
现在 已经 可以 进行 一下 这个 那个 因为 所以 如果 非常 很多 多次 今年 去年 目前 关于 尊敬
您好 谢谢 市长 书记 有关 处理 解决 要求 咨询 投诉 建议 能否 是否 不 没 给 让 又 再 该 其
之 此 中 上 下 后 前 里 个
"""
STOP = frozenset(_STOP_TEXT.split())


@dataclass
class Message:
    id: str
    subject: str
    text: str
    at: datetime
    votes: int = 0
    author: str = ""


@dataclass
class HotIssue:
    heat: float
    first: datetime
    last: datetime
    ids: list[str]
    keywords: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    url: str = ""


def words(text: str) -> list[str]:
    return [w for w in jieba.lcut(text) if len(w) >= 2 and w not in STOP
            and not w.isdigit() and not re.fullmatch(r"[\W_A-Za-z0-9]+", w)]


def heat_index(ats: Sequence[datetime], votes: Sequence[int], people: int,
               now: datetime) -> float:
    volume = sum(math.exp(-max((now - at).total_seconds(), 0) / 86400 / TAU_DAYS)
                 * (1 + math.log1p(max(v, 0))) for at, v in zip(ats, votes, strict=True))
    span = (max(ats) - min(ats)).total_seconds() / 86400 if ats else 0
    return round(volume * (1 + 0.5 * math.log(max(people, 1)))
                 * (1 + 0.2 * math.log1p(span)), 3)


def cluster_messages(messages: Sequence[Message], threshold: float = 0.5) -> list[list[int]]:
    """Groups of message indexes about the same thing (largest first; singletons kept)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    if len(messages) < 2:
        return [[i] for i in range(len(messages))]
    # The subject says what the message is about; count it twice against the long text.
    docs = [" ".join(words(m.subject) * 2 + words(m.text)) for m in messages]
    # Words in most messages of a big corpus say nothing; a small one keeps them all.
    tfidf = TfidfVectorizer(token_pattern=r"[^ ]+", min_df=2, sublinear_tf=True,
                            max_df=0.3 if len(messages) >= 200 else 1.0)
    try:
        matrix = tfidf.fit_transform(docs)
    except ValueError:  # no word occurs twice: nothing to group
        return [[i] for i in range(len(messages))]
    # A message sharing no word with any other has no direction: it stays alone.
    kept = [i for i in range(len(messages)) if matrix[i].nnz]
    alone = [[i] for i in range(len(messages)) if not matrix[i].nnz]
    if len(kept) < 2:
        return [[i] for i in kept] + alone
    dims = max(1, min(120, matrix.shape[1] - 1, len(kept) - 1))
    dense = normalize(TruncatedSVD(n_components=dims, random_state=0)
                      .fit_transform(matrix[kept]))
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(dense)
    groups: dict[int, list[int]] = {}
    for index, label in zip(kept, labels, strict=True):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=len, reverse=True) + alone


def describe(members: Sequence[Message]) -> tuple[list[str], list[str], list[str]]:
    """Keywords, places and people that the members share most."""
    kw: Counter[str] = Counter()
    places: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for m in members:
        text = f"{m.subject} {m.text}"
        kw.update(set(words(m.subject)) | set(words(m.text)[:40]))
        places.update(set(PLACE.findall(text)))
        people.update({p for p in PEOPLE if p in text})
    shared = [w for w, n in kw.most_common(12) if n >= max(2, len(members) // 3)]
    return (shared[:5] or [w for w, _n in kw.most_common(3)],
            [p for p, n in places.most_common(2) if n >= 2],
            [p for p, _n in people.most_common(2)])


def hot_issues(messages: Sequence[Message], *, top: int = TOP, min_size: int = 2,
               threshold: float = 0.5) -> list[HotIssue]:
    if not messages:
        return []
    now = max(m.at for m in messages)
    issues = []
    for topic in cluster_messages(messages, threshold):
        for group in by_place(messages, topic):
            if len(group) >= min_size:
                issues.append(_issue([messages[i] for i in group], now))
    issues.sort(key=lambda h: -h.heat)
    return issues[:top]


def by_place(messages: Sequence[Message], topic: list[int]) -> list[list[int]]:
    """Split a topic into the places its messages share (a message goes with the place most
    of the topic names); messages without a shared place stay together."""
    texts = {i: f"{messages[i].subject} {messages[i].text}" for i in topic}
    named = {i: set(PLACE.findall(texts[i])) for i in topic}
    counts = Counter(p for places in named.values() for p in places)
    shared = [p for p, n in counts.items() if n >= 2]
    groups: dict[str, list[int]] = {}
    for i in topic:
        # A message may name the place without the district prefix ("丽发新城搅拌站").
        mine = [p for p in shared if p in named[i]] or [p for p in shared if p in texts[i]]
        key = max(mine, key=lambda p: (counts[p], p)) if mine else ""
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def _issue(members: list[Message], now: datetime) -> HotIssue:
    ats = [m.at for m in members]
    keywords, places, people = describe(members)
    return HotIssue(
        heat=heat_index(ats, [m.votes for m in members],
                        len({m.author or m.id for m in members}), now),
        first=min(ats), last=max(ats), ids=sorted(m.id for m in members),
        keywords=keywords, places=places, people=people,
    )


# ---------------------------------------------------------------- on cases


def case_hot_issues(user: User, *, top: int = TOP,
                    now: datetime | None = None) -> list[dict]:
    from .snapshots import read

    stored = read("hot", user, now=now)
    if stored is None:
        return hot_cases(Audience.of(user), top=top, now=now)
    # Stored as JSON: the page formats the first and last report times as dates.
    return [{**h, "first": parse_datetime(h["first"]), "last": parse_datetime(h["last"])}
            for h in ranked_hot(stored, top)]


def ranked_hot(found: list[dict], top: int = TOP) -> list[dict]:
    return sorted(found, key=lambda h: (-h["heat"], h["url"]))[:top]


def hot_groups(audience: Audience, *, days: int = HOT_DAYS,
               now: datetime | None = None) -> list[dict]:
    """(category, community) groups of at least two cases in the last `days`, busiest first,
    with what the heat index needs; votes are the duplicates merged into its cases."""
    since = (now or timezone.now()) - timedelta(days=days)
    # Merged duplicates are not cases of their own here but votes for their master.
    cases = audience.cases.filter(created_at__gte=since, category__isnull=False,
                                  community__isnull=False, merged_into__isnull=True).order_by()
    # Counted apart: joining the few merged duplicates onto every case costs a join per
    # case (seconds on SQLite) and would count a case once per duplicate.
    merged = {(cat, place): n for cat, place, n in
              Case.objects.filter(merged_into__in=cases.values("pk")).order_by()
              .values_list("merged_into__category_id", "merged_into__community_id")
              .annotate(n=Count("pk"))}
    groups = (cases.values("category_id", "category__name", "community_id", "community__name",
                           "street_id", "street__name")
              .annotate(n=Count("pk"), first=Min("created_at"), last=Max("created_at"),
                        people=Count("reporter_phone_hash", distinct=True))
              .filter(n__gte=2).order_by("-n"))
    return [{**r, "merged": merged.get((r["category_id"], r["community_id"]), 0)}
            for r in groups]


def hot_cases(audience: Audience, *, top: int = TOP, now: datetime | None = None) -> list[dict]:
    """The same problem (category) at the same place (community) over the last HOT_DAYS."""
    return hot_of(hot_groups(audience, now=now), top=top, now=now)


def hot_of(groups: Sequence[dict], *, days: int = HOT_DAYS, top: int = TOP,
           now: datetime | None = None) -> list[dict]:
    """The `top` hottest of the CANDIDATES busiest groups."""
    now = now or timezone.now()
    since = timezone.localdate(now - timedelta(days=days))
    out = []
    for r in groups[:CANDIDATES]:
        # Without each case's time, spread the volume evenly between first and last.
        step = (r["last"] - r["first"]) / max(r["n"] - 1, 1)
        ats = [r["first"] + step * i for i in range(r["n"])]
        votes = [r["merged"] // r["n"]] * r["n"]
        out.append({
            "heat": heat_index(ats, votes, r["people"], now), "count": r["n"],
            "first": r["first"], "last": r["last"],
            "place": f"{r['street__name'] or ''}{r['community__name']}",
            "problem": r["category__name"], "street": r["street_id"],
            "url": cases_url(region=r["community_id"], category=r["category_id"],
                             date_from=since.isoformat()),
        })
    return ranked_hot(out, top)


def trending_topics(user: User, *, top: int = 15, now: datetime | None = None) -> list[dict]:
    """Words of case titles bursting in the last week against their usual share."""
    from .snapshots import read

    stored = read("trending", user, now=now)
    if stored is None:
        stored = [word_counts(Audience.of(user), now=now)]
    return bursts_of(merge_counts(stored), top=top)


def word_counts(audience: Audience, *, recent_days: int = 7, base_days: int = 28,
                cap: int = 5000, now: datetime | None = None) -> dict:
    """How many titles of the last week, and of the four weeks before, contain each word.
    Reads the newest `cap` titles of each window (a city's week has more than enough)."""
    recent_from = (now or timezone.now()) - timedelta(days=recent_days)
    qs = audience.cases.order_by("-created_at")
    recent = list(qs.filter(created_at__gte=recent_from).values_list("title", flat=True)[:cap])
    base = list(qs.filter(created_at__lt=recent_from,
                          created_at__gte=recent_from - timedelta(days=base_days))
                .values_list("title", flat=True)[:cap])
    return {"recent": dict(titles_with(recent)), "base": dict(titles_with(base)),
            "n_recent": len(recent), "n_base": len(base)}


def _issue_terms() -> Terms:
    # The domain's own issue words are nouns whatever jieba tags them.
    keywords = DutyKeyword.objects.values_list("keyword", flat=True).distinct()
    return Terms([*URGENT_PHRASES, *keywords])


ISSUE_TERMS = ProcessCache(_issue_terms, ttl=300, watch=["org.DutyKeyword"])


def titles_with(titles: Sequence[str], terms: Terms | None = None) -> Counter[str]:
    """How many of the titles contain each issue term (words and phrases)."""
    return Counter((terms or ISSUE_TERMS.get()).count(titles))


def merge_counts(parts: Sequence[dict]) -> dict:
    """Word counts of several disjoint places added up."""
    recent: Counter[str] = Counter()
    base: Counter[str] = Counter()
    for part in parts:
        recent.update(part["recent"])
        base.update(part["base"])
    return {"recent": recent, "base": base, "n_recent": sum(p["n_recent"] for p in parts),
            "n_base": sum(p["n_base"] for p in parts)}


BURST_RATIO = 1.5


def bursts_of(counts: dict, *, top: int = 15, min_count: int = 3) -> list[dict]:
    """Terms bursting in the recent titles against their own earlier rate (module doc)."""
    now_counts, then_counts = counts["recent"], counts["base"]
    n_now, n_then = max(counts["n_recent"], 1), max(counts["n_base"], 0)
    found: list[dict[str, Any]] = []
    for word, n in now_counts.items():
        if n < min_count:
            continue
        before = then_counts.get(word, 0)
        # The term's own earlier rate, with half a title of prior so a term never seen
        # before is not infinitely surprising.
        expected = n_now * (before + 0.5) / (n_then + 1)
        if n < BURST_RATIO * expected:
            continue
        z = (n - expected) / math.sqrt(expected)
        found.append({"word": word, "count": n, "before": before,
                      "expected": round(expected, 2), "ratio": round(n / expected, 2),
                      "z": round(z, 2)})
    found.sort(key=lambda b: (-float(b["z"]), b["word"]))
    shown = one_per_issue(prefer_phrases([str(b["word"]) for b in found], now_counts),
                          now_counts)
    by_word = {b["word"]: b for b in found}
    return [by_word[w] for w in shown[:top]]
