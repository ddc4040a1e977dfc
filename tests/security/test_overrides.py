"""A content file never chooses its own output file, address or template, nor takes over a page the site makes."""

from __future__ import annotations

import re

import pytest
from escaping_tools import plugins_without_editor

POST = """Title: Taking over
Slug: take
Date: 2020-05-14 09:00
Author: Communications Team
Summary: A post that tries to choose where it is written.
{extra}

Body words that mark this post: TAKEOVER-7Q.
"""
PAGE = "Title: Our page\nSlug: {slug}\nSummary: A page.\n\nBody words that mark this page: TAKEOVER-7Q.\n"

# (id, metadata line, where the post must never be written)
OVERRIDES = [
    ("save-as-outside-output", "Save_as: ../escaped.html", "../escaped.html"),
    ("save-as-over-a-theme-script", "Save_as: theme/js/search.js", "theme/js/search.js"),
    ("save-as-over-the-home-page", "Save_as: index.html", "index.html"),
    ("save-as-headers-file", "Save_as: _headers", "_headers"),
    ("save-as-lower-case", "save_as: robots.txt", "robots.txt"),
    ("url-javascript", "Url: javascript:alert(1)", None),
    ("url-another-site", "URL: https://evil.example/", None),
    ("template-traversal", "Template: ../../etc/passwd", None),
    ("template-another-page", "Template: 404", None),
    ("lang-path", "Lang: x/../index", "index.html"),
    # Pelican makes every field an attribute of the page, so a field named like one of its own chose the file,
    # the address or the layout ("Override_save_as: index.html" replaced the home page), or broke the build.
    ("pelican-override-save-as", "Override_save_as: index.html", "index.html"),
    ("pelican-override-url", "override_url: https://evil.example/", None),
    ("pelican-default-template", "Default_template: 404", None),
    ("pelican-settings", "Settings: none", None),
    ("pelican-content", "Content: none", None),
    ("pelican-get-content", "Get_content: none", None),
    ("pelican-private-attribute", "_context: none", None),
    ("pelican-timezone", "Timezone: ../../etc/none", None),
]


@pytest.mark.parametrize(("line", "target"), [row[1:] for row in OVERRIDES], ids=[row[0] for row in OVERRIDES])
def test_an_address_or_template_override_is_an_error_at_its_line(build_site, line, target):
    site = build_site({"blog/2020/take.md": POST.format(extra=line)}, PLUGINS=plugins_without_editor("pelicanconf.py"))
    assert site.status == 1, site.messages
    assert re.search(r"blog/2020/take\.md:6: error: .*(cannot be set in a content file|not a language code)",
                     site.messages), site.messages
    assert ("Slug:" in site.messages or "en-GB" in site.messages) and "Traceback" not in site.messages


@pytest.mark.parametrize(("line", "target"), [row[1:] for row in OVERRIDES], ids=[row[0] for row in OVERRIDES])
def test_without_the_checks_the_override_is_ignored(build_site, monkeypatch, line, target):
    import inmind.build

    monkeypatch.setattr(inmind.build, "preflight", lambda settings, fatal_warnings=False, sources=None: [])
    site = build_site({"blog/2020/take.md": POST.format(extra=line)}, PLUGINS=plugins_without_editor("pelicanconf.py"))
    assert site.status == 0, site.messages
    post = site.path("blog/2020/take/index.html").read_text(encoding="utf-8")
    assert "TAKEOVER-7Q" in post and "Taking over" in site.soup("blog/2020/take/index.html").h1.get_text()
    assert not (site.output.parent / "escaped.html").exists()
    for path in site.output.rglob("*"):
        if path.is_file() and path != site.path("blog/2020/take/index.html") and path.suffix in (".js", ".txt", ""):
            assert b"TAKEOVER-7Q" not in path.read_bytes(), f"the post was written to {path}"
    link = site.soup("index.html").select_one(".app-post-list__link")
    assert link["href"].rstrip("/").endswith("blog/2020/take")


@pytest.mark.parametrize("slug", ["admin", "pagefind", "theme", "feeds", "search"])
def test_a_page_cannot_take_the_address_of_a_folder_the_site_writes(build_site, slug):
    site = build_site({"pages/ours.md": PAGE.format(slug=slug)})
    assert site.status == 1, site.messages
    assert re.search(rf"pages/ours\.md:2: error: the address {slug}/index\.html is already used", site.messages), \
        site.messages


AGM = "Title: Annual General Meeting 2020\nDate: 2020-09-25 14:00\nAuthor: Communications Team\nSummary: A meeting.\n" \
      "Venue: Town Hall, High Street, Bootle L20 7AE\n{extra}\nBody words that mark this page: TAKEOVER-7Q.\n"


@pytest.mark.parametrize(("rel", "text", "address"), [
    ("blog/2020/take.md", POST.format(extra="Lang: cy"), "blog/2020/take/"),
    ("blog/2020/take.md", POST.format(extra="Lang: cy\nStatus: draft"), "drafts/take/"),
    ("pages/ours.md", PAGE.format(slug="ours").replace("Summary:", "Lang: cy\nSummary:"), "ours/"),
    ("agm/2020.md", AGM.format(extra="Lang: cy"), "agm/2020/"),
], ids=["post", "draft", "page", "agm"])
def test_a_language_never_moves_a_file_from_its_address(build_site, rel, text, address):
    # Pelican's own patterns wrote a post in Welsh to /take-cy.html, outside blog/, where check did not look for it.
    site = build_site({rel: text}, PLUGINS=plugins_without_editor("pelicanconf.py"))
    assert site.status == 0, site.messages
    assert "TAKEOVER-7Q" in site.path(f"{address}index.html").read_text(encoding="utf-8")
    marked = [p.relative_to(site.output).as_posix() for p in site.output.rglob("*.html")
              if b"TAKEOVER-7Q" in p.read_bytes()]
    assert marked == [f"{address}index.html"], marked


def test_two_posts_at_one_address_in_two_languages_are_refused_at_their_lines(build_site):
    site = build_site({"blog/2020/take.md": POST.format(extra=""), "blog/2020/cymraeg.md": POST.format(extra="Lang: cy")},
                      PLUGINS=plugins_without_editor("pelicanconf.py"))
    assert site.status == 1, site.messages
    assert re.search(r"blog/2020/cymraeg\.md:2: error: .*blog/2020/take/index\.html", site.messages), site.messages


@pytest.mark.parametrize(("rel", "text"), [
    ("blog/2020/draft.md", POST.format(extra="Status: draft\nLang: cy")),
    ("blog/2020/later.md", POST.format(extra="Lang: cy").replace("2020-05-14", "2099-05-14")),
    ("pages/ours.md", PAGE.format(slug="ours").replace("Summary:", "Status: draft\nLang: cy\nSummary:")),
    ("agm/2020.md", AGM.format(extra="Status: draft\nLang: cy")),
    ("blog/2020/draft.md", POST.format(extra="Status: draft")),
], ids=["draft-post", "scheduled-post", "draft-page", "draft-agm", "draft-without-language"])
def test_a_draft_or_scheduled_post_in_any_language_is_never_published(build_site, rel, text):
    # Pelican writes drafts in another language with DRAFT_LANG_SAVE_AS: the publish build wrote them to drafts/.
    site = build_site({rel: text, "blog/2020/live.md": POST.format(extra="").replace("Slug: take", "Slug: live")
                                                                .replace("TAKEOVER-7Q", "A LIVE POST")},
                      settings_file="publishconf.py", PLUGINS=plugins_without_editor("publishconf.py"),
                      CHECKS={"latest_days_ahead": 36500})
    assert site.status == 0, site.messages
    assert site.path("blog/2020/live/index.html").exists()
    written = [p.relative_to(site.output).as_posix() for p in site.output.rglob("*")
               if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt") and b"TAKEOVER-7Q" in p.read_bytes()]
    assert written == [], written
    assert not site.path("drafts").exists()


# A plugin's own content type has names of its own: an AGM summary's "Year:" took the place of its year (a property
# with no setter) and stopped the build with a Python message and no line.
@pytest.mark.parametrize("skip_checks", [False, True], ids=["checked", "checks-skipped"])
def test_a_field_named_like_a_plugins_own_attribute_is_refused_or_ignored(build_site, monkeypatch, skip_checks):
    import inmind.build

    if skip_checks:
        monkeypatch.setattr(inmind.build, "preflight", lambda settings, fatal_warnings=False, sources=None: [])
    site = build_site({"agm/2020.md": AGM.format(extra="Year: 1999")}, PLUGINS=plugins_without_editor("pelicanconf.py"))
    if skip_checks:
        assert site.status == 0, site.messages
        assert "TAKEOVER-7Q" in site.path("agm/2020/index.html").read_text(encoding="utf-8")
    else:
        assert site.status == 1
        assert re.search(r"agm/2020\.md:6: error: Year: cannot be set in a content file", site.messages), site.messages
    assert "Traceback" not in site.messages and "no setter" not in site.messages


# A field with "_" in its name stood in for what a plugin works out and sets only on some pages: "Scheduled_for:" put
# a "Scheduled for" banner on a published post, "Reading_time:" a made-up reading time on an AGM summary. Fields are
# written with hyphens; the one with "_" that Pelican's series support reads (Series_index:) is still a field.
@pytest.mark.parametrize(("line", "close"), [("Scheduled_for: 1 January 2099", None),
                                             ("Reading_time: 90", None), ("Content_note: Talks about loss.", "content-note")])
def test_a_field_with_an_underscore_is_refused_with_the_hyphenated_name(build_site, line, close):
    site = build_site({"blog/2020/take.md": POST.format(extra=line)}, PLUGINS=plugins_without_editor("pelicanconf.py"))
    assert site.status == 1
    found = re.search(r"blog/2020/take\.md:6: error: (.*cannot be set in a content file.*)\n  hint: (.*)", site.messages)
    assert found, site.messages
    assert "hyphens" in found.group(2) and (close is None or f'"{close}"' in found.group(2))


def test_without_the_checks_a_field_with_an_underscore_changes_nothing(build_site, monkeypatch):
    import inmind.build

    monkeypatch.setattr(inmind.build, "preflight", lambda settings, fatal_warnings=False, sources=None: [])
    site = build_site({"blog/2020/take.md": POST.format(extra="Scheduled_for: 1 January 2099\nSeries: In Mind\n"
                                                              "Series_index: 2"),
                       "agm/2020.md": AGM.format(extra="Reading_time: 90")},
                      settings_file="publishconf.py", PLUGINS=plugins_without_editor("publishconf.py"))
    assert site.status == 0, site.messages
    post = site.path("blog/2020/take/index.html").read_text(encoding="utf-8")
    assert "Scheduled for" not in post and "2099" not in post
    assert "90 minute" not in site.path("agm/2020/index.html").read_text(encoding="utf-8")
    from content_safety.readers import chooses_output

    assert not chooses_output("Series_index", "2")  # still read, for the series' order
