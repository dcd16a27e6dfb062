"""Trending topics (热词) read like issues: on a fixed corpus where 有人, 小时 and 通知 rise
as fast as the real issues, only the issues are listed; a phrase is shown instead of the
word it mostly comes with (井盖缺失, not 井盖); and a term as common last week as before does
not burst however often it occurs (each term against its own baseline)."""

from tongxin.analytics.hot import bursts_of, titles_with
from tongxin.analytics.terms import Terms
from tongxin.triage.urgency import URGENT_PHRASES

# The domain's issue words, as the duty keyword library would give them.
TERMS = Terms([*URGENT_PHRASES, "路灯", "井盖", "噪音", "扰民", "物业", "电梯"])

# Four weeks before: street lights as usual, a little of everything else.
BASE = (
    ["人民路路灯不亮"] * 12 + ["光明社区路灯损坏"] * 8 + ["物业不作为"] * 6
    + ["小区电梯故障"] * 4 + ["有人反映垃圾"] * 2 + ["通知不到位"] * 1
)
# Last week: the lights as usual, and a burst of outages, missing manhole covers and noise,
# every one of them told with the hotline's filler words.
RECENT = (
    ["人民路路灯不亮"] * 3 + ["光明社区路灯损坏"] * 2
    + ["幸福小区停水已经十个小时", "停水十几个小时没人通知", "有人说又停水了", "小区停水通知太晚",
       "突然停水好几个小时"]
    + ["文化路井盖缺失有人摔倒", "井盖缺失小时候就这样", "学校门口井盖缺失", "井盖缺失没人管"]
    + ["半夜施工噪音扰民", "噪音扰民有人投诉", "工地噪音扰民过大", "夜里噪音扰民"]
    + ["有人通知开会"] * 2 + ["几个小时有人在吵"] * 2
)
NEGATIVES = {"有人", "小时", "通知", "半夜", "过大", "没人", "小区", "门口"}


def trending(top=10):
    counts = {"recent": titles_with(RECENT, TERMS), "base": titles_with(BASE, TERMS),
              "n_recent": len(RECENT), "n_base": len(BASE)}
    return [b["word"] for b in bursts_of(counts, top=top)]


def test_the_bursting_issues_are_listed_and_the_filler_words_are_not():
    words = trending()
    assert {"停水", "井盖缺失", "噪音扰民"} <= set(words)
    assert not NEGATIVES & set(words)
    assert not any(n in w for w in words for n in ("有人", "小时", "通知"))


def test_a_phrase_is_shown_instead_of_the_word_it_mostly_comes_with():
    words = trending()
    assert "井盖缺失" in words and "井盖" not in words
    assert "噪音" not in words and "扰民" not in words


def test_a_term_as_common_as_before_does_not_burst():
    # 路灯 is in five of last week's titles, more than 停水's share of the base, but it
    # came as often before: against its own baseline it is no news.
    assert titles_with(RECENT, TERMS)["路灯"] == 5
    assert "路灯" not in trending(top=50)
