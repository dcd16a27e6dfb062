"""Is this text a real report? Checks that keep automatic dispatch to reports a person wrote.

Pure Python (no Django). A calibrated model still gives *some* unit a confidence for a line of
one repeated character or a string of digits; its probability says nothing about texts unlike
anything it was trained on. So before the confidence is even compared with the threshold, the
text must look like a report: long enough to say something, not one character or a few
repeated over and over, and written mostly in words (Chinese characters or letters), not in
digits and symbols. A text that fails goes to a dispatcher with the reason.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

# Fewer Chinese characters or letters than this say too little to route on: "路灯不亮"
# (4) with its map point is a report, "路灯" or "啊啊" is not.
MIN_CHARS = 4
# A real report of this length or more compresses to at least this share of its size; a
# text of one phrase pasted over and over compresses far below it.
MIN_COMPRESSED_SHARE = 0.35
COMPRESSION_FROM = 40
# No single character fills more than this share of a real report's characters.
MAX_ONE_CHAR_SHARE = 0.3
# At least this share of the non-space characters are Chinese characters or letters.
MIN_WORD_SHARE = 0.5

_WORD = re.compile(r"[\u3400-\u9fffA-Za-z]")
_SPACE_AND_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def problems(text: str) -> list[str]:
    """The reasons `text` is not taken for a real report (empty: it is one). Codes, so the
    caller chooses the words: too_short, repetitive, not_words."""
    found = []
    core = _SPACE_AND_PUNCT.sub("", text)
    words = _WORD.findall(core)
    if len(words) < MIN_CHARS:
        found.append("too_short")
    if core and _repetitive(core):
        found.append("repetitive")
    visible = re.sub(r"\s+", "", text)
    if visible and len(words) / len(visible) < MIN_WORD_SHARE:
        found.append("not_words")
    return found


def _repetitive(core: str) -> bool:
    most = Counter(core).most_common(1)[0][1]
    if len(core) >= 10 and most / len(core) > MAX_ONE_CHAR_SHARE:
        return True
    if len(core) >= COMPRESSION_FROM:
        raw = core.encode("utf-8")
        return len(zlib.compress(raw, 9)) / len(raw) < MIN_COMPRESSED_SHARE
    return False
