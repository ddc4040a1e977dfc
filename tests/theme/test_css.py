"""The CSS bundle: small, self-contained, token-based, with focus, motion, forced-colours and print rules."""

import re

import rcssmin
from assets import bundle, settings
from conftest import ROOT

# 18 KB (18 × 1024 bytes), print styles included, plus the 274 bytes dark mode measured (docs/benchmarks.md).
MAX_MINIFIED_BYTES = 18 * 1024 + 274
SOURCE = ROOT / "theme" / "assets"


def css_text():
    patterns = settings.Assets().bundles["css/site.css"]
    files = bundle.collect(SOURCE, patterns)
    assert files, "no CSS sources found"
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_minified_css_is_within_its_budget():
    size = len(rcssmin.cssmin(css_text()).encode("utf-8"))
    assert size <= MAX_MINIFIED_BYTES, f"site.css is {size} bytes minified; the budget is {MAX_MINIFIED_BYTES}"


def test_no_web_fonts_imports_or_outside_urls():
    text = css_text()
    assert "@font-face" not in text
    assert "@import" not in text
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
        assert not re.match(r"^(https?:)?//", url), f"CSS loads {url} from another site"


def test_every_custom_property_used_is_defined():
    text = css_text()
    defined = set(re.findall(r"(--app-[\w-]+)\s*:", text))
    used = set(re.findall(r"var\(\s*(--app-[\w-]+)", text))
    assert used <= defined, f"undefined tokens: {sorted(used - defined)}"


def test_colours_come_from_tokens_in_theme_files():
    # Our own files use tokens for every colour, so the contrast test sees each one.
    for name in ("base.css", "components/header.css", "components/footer.css", "components/article.css", "components/listings.css"):
        text = (SOURCE / "css" / name).read_text(encoding="utf-8")
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", text), f"{name} has a literal colour; use a token"


def test_accessibility_rules_are_present():
    text = re.sub(r"\s+", " ", css_text())
    assert "prefers-reduced-motion: reduce" in text
    assert "forced-colors: active" in text
    assert "@media print" in text
    focus = re.search(r"a:focus[^{]*\{([^}]*)\}", text).group(1)
    assert "var(--app-color-focus)" in focus and "box-shadow" in focus and "outline" in focus
    assert re.search(r"\.app-skip-link:focus\s*\{[^}]*position: static", text)
