"""Metadata is text: hostile values in every field of a post, an AGM summary and an author come out as
harmless visible text on every page, feed and search record; hostile addresses stop the build with path:line."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from escaping_tools import Page, assert_output_harmless, plugins_without_editor, read_bytes, site_files
from file_samples import pdf

# The cases, and more of each kind a careless or hostile writer could type.
PAYLOADS = {
    "script-tag": '<script src="/images/x.js"></script>',
    "script-entities": "&lt;script src=\"/images/x.js\"&gt;&lt;/script&gt;",
    "meta-refresh": 'Hi &lt;meta http-equiv="refresh" content="0;url=https://evil.example/"&gt;',
    "comment": "Why the `<!--` bit matters.",
    "numeric-entities": "&#60;img src=x onerror=alert(1)&#62; and &#x3C;b&#x3E;",
    "quotes": "It's \"quoted\" onmouseover=\"alert(1)\" x='y",
    "end-script": "</script><script>alert(1)</script><!--",
    "cdata": "]]>&amp;<![CDATA[x]]> &#0; &bogus;",
    "controls": "Tab\tesc\x1b c1\x85 end",
    "unicode": "RTL\u202eoverride zero\u200bwidth \U0001f600 e\u0301 \ufeffbom \u2028line",
    "base-tag": "<base href=//evil.example/><svg onload=alert(1)>",
}
# Removed from metadata (controls, direction overrides and noncharacters), as the site does; everything else is shown as typed.
_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202d\u202e]")


def shown(value):
    """Return what a reader should see for ``value``: the same text, controls removed, spaces collapsed."""
    return " ".join(_REMOVED.sub("", value).split())


def post_fields(value):
    return [("Title", value), ("Summary", value), ("Series", value)]


def agm_fields(value):
    return [
        ("Title", value), ("Summary", value), ("Venue", value), ("Highlight", value), ("Highlight", "A plain one."),
        ("Annual-report", "https://www.example.org/report.pdf"), ("Annual-report-title", value),
    ]


def author_fields(value):
    # The name must match the posts' Author: line, which loses control characters on reading; a registry
    # name with them is refused as an unknown author, so the name gets the value without them.
    return {"name": f"Sam {shown(value)}", "bio": value, "roles": [value, "Peer worker"]}


# Pages each group's value must show up on, visibly, as the text that was typed.
EXPECTED_PAGES = {
    "post": ["blog/2020/post/index.html", "index.html"],
    "agm": ["agm/2020/index.html", "agm/index.html"],
    "author": ["blog/2020/post/index.html", "authors/sam-plain/index.html"],
}
ATOM = "{http://www.w3.org/2005/Atom}"
PREVIEW = {"PLUGINS": plugins_without_editor("pelicanconf.py")}
NO_TITLE_CHECK = {"CHECKS": {"severity": {"title-html": "off"}}, "PLUGINS": plugins_without_editor("publishconf.py")}


def build_hostile(build_site, group, value, settings_file="publishconf.py"):
    files = site_files(
        post=post_fields(value) if group == "post" else (),
        agm=agm_fields(value) if group == "agm" else (),
        author=author_fields(value) if group == "author" else None,
    )
    return build_site(files, settings_file=settings_file, **NO_TITLE_CHECK)


@pytest.mark.parametrize("group", ["post", "agm", "author"])
@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_hostile_metadata_is_harmless_visible_text(build_site, group, kind):
    value = PAYLOADS[kind]
    site = build_hostile(build_site, group, value)
    assert site.status == 0, site.messages
    assert assert_output_harmless(site.output) > 20
    expected = shown(value)
    for rel in EXPECTED_PAGES[group]:
        page = Page(site.path(rel).read_text(encoding="utf-8"))
        assert expected in page.visible, f"{rel} does not show {expected!r}"
    # Feeds carry the same text: the summary as escaped HTML that reads the same; the title is text (Pelican
    # strips what looks like tags from it, which a checked build never has: see the title check below).
    feed = ET.fromstring(read_bytes(site.path("feeds/agm.atom.xml" if group == "agm" else "feeds/all.atom.xml")))
    entry = feed.find(f"{ATOM}entry")
    if group != "author":
        summary = Page(entry.findtext(f"{ATOM}summary"))
        assert summary.names == [] and summary.visible == expected


def test_plain_build_shows_every_field(build_site):
    site = build_site(site_files(), settings_file="publishconf.py", PLUGINS=plugins_without_editor("publishconf.py"))
    assert site.status == 0, site.messages
    assert assert_output_harmless(site.output) > 20
    post = Page(site.path("blog/2020/post/index.html").read_text(encoding="utf-8"))
    assert "A plain post" in post.visible and "Sam Plain" in post.visible and "Peer worker" in post.visible


def test_summary_is_shown_exactly_as_typed_in_lists_and_head(build_site):
    value = "Carers &amp; families, *not* <em>markup</em>"
    site = build_site(site_files(post=[("Summary", value)]), **PREVIEW)
    assert site.status == 0, site.messages
    home = site.soup("index.html")
    assert home.select_one(".app-post-list__summary").get_text() == value
    post = site.soup("blog/2020/post/index.html")
    assert post.find("meta", attrs={"name": "description"})["content"] == value
    assert post.find("meta", property="og:description")["content"] == value


def test_json_ld_cannot_be_ended_or_commented(build_site):
    value = "</script><!--<script>"
    site = build_site(site_files(post=[("Title", value)], agm=[("Title", value), ("Summary", value)]),
                      settings_file="publishconf.py", **NO_TITLE_CHECK)
    assert site.status == 0, site.messages
    import json

    for rel in ("blog/2020/post/index.html", "agm/2020/index.html"):
        text = site.path(rel).read_text(encoding="utf-8")
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
        assert "<" not in block and "\\u003c/script\\u003e" in block
        data = json.loads(block)
        assert value in (data.get("headline"), data.get("name"))


# --- Addresses from metadata: only https:, http:, mailto:, tel:, sms: or this site; else path:line -------------
BAD_ADDRESSES = {
    "attribute-injection": 'https://x.y/"hidden="hidden',
    "javascript": "javascript:alert(1)",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "javascript-tab": "java\tscript:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "vbscript": "vbscript:msgbox(1)",
    "protocol-relative": "//evil.example/report.pdf",
    "backslash": "https:\\\\evil.example\\report.pdf",
    "angle-brackets": "https://x.y/<script>",
    "zero-width": "https://x.y/\u200breport.pdf",
    "no-host": "https:///report.pdf",
}


@pytest.mark.parametrize("field", ["Annual-report", "Minutes"])
@pytest.mark.parametrize("kind", list(BAD_ADDRESSES))
def test_unsafe_document_address_stops_the_build_with_its_line(build_site, field, kind):
    site = build_site(site_files(agm=[(field, BAD_ADDRESSES[kind])]), **PREVIEW)
    assert site.status != 0
    text = site_files(agm=[(field, BAD_ADDRESSES[kind])])["agm/2020.md"]
    line = next(n for n, row in enumerate(text.split("\n"), start=1) if row.startswith(f"{field}:"))
    assert re.search(rf"agm/2020\.md:{line}: error: the {field.lower().replace('-', ' ')} link cannot be used",
                     site.messages), site.messages
    assert "Traceback" not in site.messages
    assert not (site.output / "agm" / "2020" / "index.html").exists()


@pytest.mark.parametrize(
    "address, href",
    [
        ("https://www.example.org/report-2020.pdf", "https://www.example.org/report-2020.pdf"),
        ("http://www.example.org/a?b=1&c=2", "http://www.example.org/a?b=1&c=2"),
        ("{static}/documents/report.pdf", "/documents/report.pdf"),
    ],
)
def test_safe_document_address_is_linked_and_attribute_escaped(build_site, address, href):
    files = site_files(agm=[("Annual-report", address)])
    files["documents/report.pdf"] = pdf()  # a real one: a file that cannot be read as a PDF is refused
    site = build_site(files, **PREVIEW)
    assert site.status == 0, site.messages
    page = site.soup("agm/2020/index.html")
    link = page.select_one(".app-agm-documents a")
    assert link["href"].endswith(href)
    if "&" in address:
        assert "&amp;c=2" in site.path("agm/2020/index.html").read_text(encoding="utf-8")


# --- The title check looks through entities ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "title",
    ["&#60;script&#62;alert(1)&#60;/script&#62;", "&#x3C;img src=x onerror=alert(1)&#x3E;", "&lt;b&gt;Bold&lt;/b&gt;",
     "<em>Why</em> it matters", "Why the <!-- bit"],
)
def test_title_with_markup_is_an_error_even_in_entities(build_site, title):
    site = build_site(site_files(post=[("Title", title)]), **PREVIEW)
    assert site.status != 0
    assert re.search(r"blog/2020/post\.md:1: error: the title contains HTML", site.messages), site.messages


def test_title_with_an_ampersand_is_fine(build_site):
    site = build_site(site_files(post=[("Title", "Carers & families: 5 < 6")]), **PREVIEW)
    assert site.status == 0, site.messages
    assert site.soup("blog/2020/post/index.html").h1.get_text() == "Carers & families: 5 < 6"


# --- Body links: tel: and sms: are kept --------------------------------------------------------------------------
def test_body_keeps_tel_and_sms_links(build_site):
    files = site_files()
    files["blog/2020/post.md"] = files["blog/2020/post.md"].replace(
        "Some plain words", "Call [Samaritans on 116 123](tel:116123) or [text SHOUT to 85258](sms:85258). Some plain words"
    )
    site = build_site(files, **PREVIEW)
    assert site.status == 0, site.messages
    hrefs = [a["href"] for a in site.soup("blog/2020/post/index.html").select(".app-prose a")]
    assert "tel:116123" in hrefs and "sms:85258" in hrefs


# --- A real name replaced in a summary keeps the summary's text exact ---------------------------------------------
def test_a_replaced_real_name_leaves_the_summary_text_exact(build_site, tmp_path, monkeypatch):
    private = tmp_path / "private" / "names.toml"
    private.parent.mkdir()
    private.write_text('[a-carer]\nreal_name = "Pippa Oduyemi-Marsh"\n', encoding="utf-8")
    monkeypatch.setenv("INMIND_PRIVATE_NAMES", str(private))
    # The source check refuses the file first; the build's own replacement is the second line of defence.
    import inmind.build

    monkeypatch.setattr(inmind.build, "preflight", lambda settings, fatal_warnings=False, sources=None: [])
    post = ("Title: Caring from far away\nDate: 2019-04-01 09:00\nAuthor: A carer\nSlug: far\n"
            "Summary: Pippa Oduyemi-Marsh on <caring> & distance.\n\nI care for my brother from another city.\n")
    site = build_site({"blog/2019/far.md": post}, **PREVIEW)
    assert site.status == 0, site.messages
    summary = site.soup("index.html").select_one(".app-post-list__summary").get_text()
    assert summary == "A carer on <caring> & distance."
