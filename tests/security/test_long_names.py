"""A role, a theme's slug or an author's slug too long to be the last part of its page's address is refused at its
line, by check and build alike. They stopped the build with 'site: error: a web address made from a title or Slug:
is too long', naming neither the file nor the line (a 400-character Author-role: made roles/<400 letters>/)."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from escaping_tools import plugins_without_editor, site_files, toml_string

PREVIEW = {"PLUGINS": plugins_without_editor("pelicanconf.py")}
LONG = "Peer support worker " * 15  # 300 characters: more than a file name can hold
THEMES = (ROOT / "content" / "themes.toml").read_text(encoding="utf-8")


def _line_of(text, needle):
    return next(n for n, row in enumerate(text.split("\n"), start=1) if needle in row)


def _cases():
    guest = site_files(post=[("Consent", "CF-2020-001"), ("Author", "Guest Writer"), ("Author-role", LONG),
                             ("Role-group", "carer")])
    registry = site_files(author={"roles": [LONG]}, post=[("Consent", "CF-2020-001")])
    author_slug = site_files(post=[("Consent", "CF-2020-001")])
    author_slug["authors.toml"] = author_slug["authors.toml"].replace('slug = "sam-plain"', f'slug = "{"sam-" * 70}x"')
    theme = site_files(post=[("Themes", f"{'garden-' * 40}x")])
    theme["themes.toml"] = THEMES + (f'\n[[theme]]\nslug = "{"garden-" * 40}x"\nlabel = "Gardens"\n'
                                     f'description = {toml_string("Growing things.")}\nphrases = ["zzqx"]\n')
    return {
        "post-role": (guest, "blog/2020/post.md", "Author-role:"),
        "registry-role": (registry, "authors.toml", "roles ="),
        "author-slug": (author_slug, "authors.toml", 'slug = "sam-'),
        "theme-slug": (theme, "themes.toml", 'slug = "garden-'),
    }


@pytest.mark.parametrize("case", ["post-role", "registry-role", "author-slug", "theme-slug"])
def test_a_name_too_long_for_its_pages_address_is_refused_at_its_line(build_site, case):
    from test_sources import _check

    files, rel, needle = _cases()[case]
    line = _line_of(files[rel], needle)
    site = build_site(files, **PREVIEW)
    found = re.search(rf"{re.escape(rel)}:{line}: error: (.* characters long; the limit is 150.*)\n  hint: ",
                      site.messages)
    assert site.status != 0 and found, site.messages
    assert "site: error" not in site.messages and "Traceback" not in site.messages
    checked = [p.format() for p in _check(site.content, "pelicanconf.py")]
    assert any(f"{rel}:{line}: error: {found.group(1)}" in p for p in checked), checked
