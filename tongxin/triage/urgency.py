"""Urgency (特事特办): rules first, the category's time-limit policy second.

Rules are phrases whose mere mention makes a report urgent whatever else it says: outages of
water, power, gas and heating, gas leaks, fire, collapse and similar immediate dangers. They
are deliberately plain substrings (no model) so a dispatcher can read why a case jumped the
queue. The "model" half is the category: a category whose effective policy is the urgent one
(e.g. the demo's 停水/停电/燃气 branches) makes the case urgent too.
"""

from __future__ import annotations

from dataclasses import dataclass

# Phrase → the rule's name shown in the triage panel. Order matters only for display.
URGENT_PHRASES: tuple[str, ...] = (
    "停水", "停电", "停气", "停暖", "断水", "断电", "断气", "没水", "没电",
    "燃气泄漏", "煤气泄漏", "天然气泄漏", "漏气", "燃气味", "煤气味",
    "火灾", "着火", "起火", "失火", "冒烟",
    "塌陷", "坍塌", "塌方", "倒塌", "地陷",
    "爆炸", "触电", "电线掉落", "井盖缺失", "被困", "溺水", "危化品泄漏",
)
URGENT_POLICY = "urgent"


@dataclass(frozen=True)
class UrgencyVerdict:
    urgent: bool
    phrases: tuple[str, ...] = ()  # the rule phrases found in the text
    by_category: bool = False  # the category's own policy is the urgent one

    @property
    def reason(self) -> str:
        if self.phrases:
            return "rule:" + ",".join(self.phrases)
        return "category" if self.by_category else ""


def urgent_phrases(text: str) -> tuple[str, ...]:
    return tuple(p for p in URGENT_PHRASES if p in text)


def judge(text: str, *, category_policy: str | None = None) -> UrgencyVerdict:
    phrases = urgent_phrases(text)
    by_category = category_policy == URGENT_POLICY
    return UrgencyVerdict(bool(phrases) or by_category, phrases, by_category)
