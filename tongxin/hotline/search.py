"""Search tokens for the knowledge base: character bigrams of Chinese text and whole Latin
words. Bigrams need no dictionary (no start-up cost, no out-of-vocabulary words) and find
"停水" in "小区停水三天" as well as in "停水通知"."""

from __future__ import annotations

import re

_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+")
STOP = frozenset({"的", "了", "是", "在", "和", "我", "您", "请", "问"})


def tokens(text: str) -> list[str]:
    """Distinct tokens of `text`, in order of first appearance."""
    found: list[str] = []
    for run in _RUN.findall(text or ""):
        if run.isascii():
            found.append(run.lower())
        elif len(run) == 1:
            if run not in STOP:
                found.append(run)
        else:
            found.extend(run[i:i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(found))


def index_text(text: str) -> str:
    """The stored form: tokens between spaces, so ' tok ' matches a whole token."""
    return " " + " ".join(tokens(text)) + " "
