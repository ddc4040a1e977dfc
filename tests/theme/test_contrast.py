"""Every text/background pair of the design tokens keeps a contrast of at least 4.5:1 (WCAG 1.4.3)."""

import re

import pytest
from conftest import ROOT

TOKENS = ROOT / "theme" / "assets" / "css" / "tokens.css"
# (text, background): each pair the CSS actually uses for text.
PAIRS = [
    ("text", "background"),
    ("text", "surface"),
    ("text", "white"),
    ("secondary-text", "background"),
    ("secondary-text", "surface"),
    ("link", "background"),
    ("link", "surface"),
    ("link-visited", "background"),
    ("link-visited", "surface"),
    ("link-hover", "background"),
    ("link-hover", "surface"),
    ("link-active", "background"),
    ("link-active", "surface"),
    ("white", "blue"),
    ("white", "dark-blue"),
    ("focus-text", "focus"),
]
# Colours that never carry text (decorative separators).
DECORATIVE = {"border"}


def colour_tokens():
    text = TOKENS.read_text(encoding="utf-8")
    return {name: value for name, value in re.findall(r"--app-color-([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;", text)}


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(hex_colour):
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("a", "b", "expected"), [("#000", "#fff", 21.0), ("#fff", "#fff", 1.0), ("#767676", "#fff", 4.54)])
def test_contrast_formula(a, b, expected):
    assert contrast(a, b) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_pair_meets_aa(text, background):
    tokens = colour_tokens()
    ratio = contrast(tokens[text], tokens[background])
    assert ratio >= 4.5, f"--app-color-{text} on --app-color-{background}: {ratio:.2f}:1 is below 4.5:1"


def test_every_colour_token_is_checked():
    checked = {name for pair in PAIRS for name in pair} | DECORATIVE
    unchecked = set(colour_tokens()) - checked
    assert not unchecked, f"add these colour tokens to PAIRS: {sorted(unchecked)}"


def test_nhs_identity_colours():
    tokens = colour_tokens()
    assert tokens["blue"].lower() == "#005eb8"
    assert tokens["dark-blue"].lower() == "#003087"
    assert tokens["white"].lower() in ("#fff", "#ffffff")
