"""Every text/background pair of the front-line apps' palette has a WCAG contrast of at least
4.5:1 (AA for normal text), computed from the colours in mobile.css."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "mobile.css"


def _vars() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS.read_text()))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


PAIRS = [("text", "surface"), ("text", "bg"), ("muted", "surface"), ("muted", "bg"),
         ("primary", "surface"), ("primary", "bg"), ("surface", "primary"),
         ("surface", "danger"), ("danger", "surface"), ("ok", "surface"),
         ("warn-text", "warn-bg"), ("primary", "primary-soft")]


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_front_line_palette_meets_wcag_aa_contrast(fg, bg):
    colours = _vars()
    assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    assert contrast("#ffffff", "#000000") > 20  # the formula itself
