"""A field continued on an indented line is one value, in the checks and the build alike. Pelican made it a list:
a continued Title: showed "['A post', 'the rest']" on the page (and its HTML passed the title check, which read
the first line only), and a continued Summary: or Series: stopped the build as a fault in the site's code."""

from __future__ import annotations

import re

import pytest
from escaping_tools import plugins_without_editor

PREVIEW = {"PLUGINS": plugins_without_editor("pelicanconf.py")}


def _post(head):
    return f"{head}Author: Communications Team\nDate: 2018-01-02 10:00\n\nSome plain words.\n"


@pytest.mark.parametrize(("head", "shown"), [
    ("Title: A post about\n    our garden\nSummary: One.\n", "A post about our garden"),
    ("Title: A post\nSummary: The first part,\n    and the second.\n", "The first part, and the second."),
    ("Title: A post\nSummary: One.\nSeries: In\n    Mind\nSeries_index: 1\n", "In Mind"),
], ids=["title", "summary", "series"])
def test_a_continued_field_is_one_value(build_site, head, shown):
    site = build_site({"blog/a.md": _post(head)}, **PREVIEW)
    assert site.status == 0, site.messages
    page = next(site.output.rglob("blog/2018/*/index.html"))
    text = " ".join(site.soup(page.relative_to(site.output)).get_text(" ").split())
    assert shown in text and "['" not in text, text


def test_html_on_a_continuation_line_of_a_title_is_refused_at_its_line(build_site):
    site = build_site({"blog/a.md": _post("Title: A post\n    <b>bold</b>\nSummary: One.\n")}, **PREVIEW)
    assert site.status == 1
    assert re.search(r"a\.md:1: error: the title contains HTML", site.messages), site.messages
