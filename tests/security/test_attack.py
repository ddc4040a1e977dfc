"""Holes a hostile or careless contributor found: each payload that got through, now refused or made harmless."""

from __future__ import annotations

import re

import pytest
from escaping_tools import plugins_without_editor, site_files

PREVIEW = {"PLUGINS": plugins_without_editor("pelicanconf.py")}


def _post_with(body):
    files = site_files()
    files["blog/2020/post.md"] = files["blog/2020/post.md"] + "\n" + body
    return files


def _line_of(text, needle):
    return next(n for n, row in enumerate(text.split("\n"), start=1) if needle in row)


# --- A picture from another site is a third-party request on every page load ------------------------------------
# Browsers read "\" as "/" and drop tabs and line ends anywhere in an address, so each of these names evil.example.
OFF_SITE_PICTURES = [
    "https://evil.example/pixel.png", "HTTP://evil.example/pixel.png", "//evil.example/pixel.png",
    "\\\\evil.example/pixel.png", "/\\evil.example/pixel.png", "/\t/evil.example/pixel.png",
    " //evil.example/pixel.png", "&#47;&#47;evil.example/pixel.png",
]
ON_SITE_PICTURES = ["{static}/images/a.png", "|static|/images/a.png", "/images/a.png", "images/a.png", "../a.png"]


@pytest.mark.parametrize("address", OFF_SITE_PICTURES)
def test_sanitiser_drops_a_picture_address_on_another_site(address):
    from content_safety.sanitiser import removed, sanitise

    html = f'<p><img src="{address}" alt="A chart"></p>'
    assert "evil" not in sanitise(html)
    assert any("picture from another site" in what for what in removed(html)), removed(html)


@pytest.mark.parametrize("address", ON_SITE_PICTURES)
def test_sanitiser_keeps_a_picture_of_this_site(address):
    from content_safety.sanitiser import removed, sanitise

    html = f'<p><img src="{address}" alt="A chart"></p>'
    assert f'src="{address}"' in sanitise(html)
    assert removed(html) == []


@pytest.mark.parametrize("picture", ["![A chart of the year](https://evil.example/pixel.png)",
                                     '<img src="//evil.example/pixel.png" alt="A chart of the year">'])
def test_a_picture_from_another_site_stops_check_and_build_at_its_line(build_site, picture):
    from test_sources import _check

    files = _post_with(f"Our year in one picture.\n\n{picture}\n")
    site = build_site(files, **PREVIEW)
    line = _line_of(files["blog/2020/post.md"], "A chart of the year")
    assert site.status != 0
    found = re.search(rf"blog/2020/post\.md:{line}: error: (.*picture from another site.*)\n  hint: (.*)", site.messages)
    assert found, site.messages
    assert "content/images/" in found.group(2) and "Traceback" not in site.messages
    assert not (site.output / "blog").exists()
    checked = [p.format() for p in _check(site.content, "pelicanconf.py")]
    assert any(f"post.md:{line}: error: {found.group(1)}" in p for p in checked), checked
