"""Every text/background pair of the design tokens keeps a contrast of at least 4.5:1 (WCAG 1.4.3), light and dark."""

import re

import pytest
from conftest import ROOT

TOKENS = ROOT / "theme" / "assets" / "css" / "tokens.css"
# (text, background): each pair the CSS actually uses for text.
PAIRS = [
    ("text", "background"),
    ("text", "surface"),
    ("secondary-text", "background"),
    ("secondary-text", "surface"),
    ("link", "background"),
    ("link", "surface"),
    ("link-visited", "background"),
    ("link-visited", "surface"),
    ("link-hover", "background"),
    ("link-hover", "surface"),
    ("white", "blue"),
    ("white", "dark-blue"),
    ("dark-blue", "white"),  # the header's help box
    ("focus-text", "focus"),
]
# Colours that never carry text (decorative separators).
DECORATIVE = {"border"}


_DARK = re.compile(r"@media\s*(?:screen\s+and\s*)?\(\s*prefers-color-scheme:\s*dark\s*\)\s*\{(.*?)\}\s*\}", re.DOTALL)
_COLOUR = re.compile(r"--app-color-([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;")


def colour_tokens(scheme="light"):
    """Return {token: colour} as a page in ``scheme`` sees them: the dark block's tokens over the light ones."""
    text = TOKENS.read_text(encoding="utf-8")
    dark = _DARK.search(text)
    light = dict(_COLOUR.findall(_DARK.sub("", text)))
    return {**light, **dict(_COLOUR.findall(dark.group(1)))} if scheme == "dark" else light


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_pair_meets_aa(text, background, scheme):
    tokens = colour_tokens(scheme)
    ratio = contrast(tokens[text], tokens[background])
    assert ratio >= 4.5, f"{scheme}: --app-color-{text} on --app-color-{background}: {ratio:.2f}:1 is below 4.5:1"


def test_dark_mode_changes_the_page_and_only_through_tokens():
    light, dark = colour_tokens(), colour_tokens("dark")
    assert set(dark) == set(light)
    assert luminance(dark["background"]) < 0.05 < luminance(light["background"])  # a dark page, not a tinted one
    assert all(dark[name] == light[name] for name in ("blue", "dark-blue", "white", "focus", "focus-text"))
    dark_block = _DARK.search(TOKENS.read_text(encoding="utf-8")).group(1)
    assert not re.search(r"--(?!app-color-)[\w-]+\s*:", dark_block), "only colour tokens change in dark mode"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_chart_bar_stands_out_from_the_page(scheme):
    # WCAG 1.4.11: a bar is told from the page by its edge, drawn in the text colour (coproduction.css).
    tokens = colour_tokens(scheme)
    css = (ROOT / "theme" / "assets" / "css" / "components" / "coproduction.css").read_text(encoding="utf-8")
    assert re.search(r"\.app-chart__bar\s*\{[^}]*stroke:\s*var\(--app-color-text\)", css)
    assert contrast(tokens["text"], tokens["background"]) >= 3


def test_every_colour_token_is_checked():
    checked = {name for pair in PAIRS for name in pair} | DECORATIVE
    unchecked = set(colour_tokens()) - checked
    assert not unchecked, f"add these colour tokens to PAIRS: {sorted(unchecked)}"


def test_nhs_identity_colours():
    tokens = colour_tokens()
    assert tokens["blue"].lower() == "#005eb8"
    assert tokens["dark-blue"].lower() == "#003087"
    assert tokens["white"].lower() in ("#fff", "#ffffff")
