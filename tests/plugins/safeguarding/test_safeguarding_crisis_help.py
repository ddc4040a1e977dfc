"""Crisis help within reach: one contacts file, every number a tel: or sms: link, a header link on every page."""

import re

import pytest
from bs4 import NavigableString
from conftest import ROOT
from safeguarding import language, settings

CONTACTS = language.load_contacts(settings.merged({}).contacts)
NUMBERS = {re.sub(r"\D", "", c.link) or c.number: c for c in CONTACTS}
# A crisis number written as text: its digits, maybe spaced, not inside a longer number.
SPOKEN = re.compile(r"(?<![\d\w])(" + "|".join(r"\s?".join(n) for n in sorted(NUMBERS, key=len, reverse=True)) + r")(?![\d\w])")


def _pages(site):
    """Every page readers see (the editor at /admin/ is the officers' tool, with a page of its own)."""
    return [p for p in site.html_files() if not p.relative_to(site.output).as_posix().startswith("admin/")]


def test_the_contacts_include_shout_and_every_number_is_a_link(sample_site):
    assert any(c.kind == "sms" and c.number == "85258" and "SHOUT" in c.before for c in CONTACTS)
    pages = _pages(sample_site)
    assert len(pages) > 20
    found = 0
    for path in pages:
        html = sample_site.soup(path)
        for text in html.find_all(string=SPOKEN):
            if text.find_parent(["script", "style", "title"]) or not isinstance(text, NavigableString):
                continue
            link = text.find_parent("a")
            assert link is not None, f"{path}: crisis number in '{text.strip()[:60]}' is not a link"
            number = SPOKEN.search(text).group(1).replace(" ", "")
            found += 1
            assert link["href"] == NUMBERS[number].href, f"{path}: {link}"
        for link in html.select('a[href^="tel:"], a[href^="sms:"]'):
            assert re.fullmatch(r"tel:\+?\d{3,15}|sms:\+?\d{3,15}(\?&body=[A-Za-z0-9%]+)?", link["href"]), f"{path}: {link}"
    assert found >= len(pages) * len(CONTACTS), "the numbers were not found: the test would pass on anything"


def test_the_shout_link_fills_in_the_word_and_keeps_its_words(sample_site):
    # Tapping "85258" opens a text to 85258 that already says SHOUT (iOS and Android: see Contact.href).
    shout = [c for c in CONTACTS if c.number == "85258"]
    assert [c.href for c in shout] == ["sms:85258?&body=SHOUT"]
    raw = (sample_site.output / "index.html").read_text(encoding="utf-8")
    assert 'href="sms:85258?&amp;body=SHOUT"' in raw  # the & written as an entity, as the HTML checker wants
    for path in ("index.html", "about/index.html", "search/index.html"):
        html = sample_site.soup(path)
        links = html.select('a[href^="sms:"]')
        assert links and {a["href"] for a in links} == {"sms:85258?&body=SHOUT"}, path
        for link in links:
            assert link.get_text() == "85258", path
            assert " ".join(link.parent.get_text().split()).startswith("If you would rather not talk, text SHOUT to 85258")


def test_a_shout_number_written_in_a_post_gets_the_same_link(build_site):
    site = build_site({"blog/p.md": "Title: Texts\nDate: 2019-05-01 09:00\nAuthor: Communications Team\n"
                                    "Summary: A short post.\n\nAt 3am I texted SHOUT to 85 258 and someone answered.\n"})
    assert site.status == 0, site.messages
    links = site.soup("blog/2019/texts/index.html").select(".app-prose a")
    assert [(a.get_text(), a["href"]) for a in links] == [("85 258", "sms:85258?&body=SHOUT")]


@pytest.mark.parametrize("body, kind", [("SHOUT<script>", "sms"), ("SHOUT&x=1", "sms"), ("x" * 41, "sms"),
                                        ("SHOUT", "tel"), ("\u202eTUOHS", "sms")])
def test_a_body_that_is_not_plain_words_on_a_text_is_refused(tmp_path, body, kind):
    from inmind.errors import ContentError

    path = tmp_path / "contacts.toml"
    path.write_text(f'[[contact]]\nbefore = "Text"\nlink = "85258"\nkind = "{kind}"\nnumber = "85258"\n'
                    f'body = "{body}"\n', encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        language.load_contacts(path)
    assert "body" in caught.value.message and caught.value.hint == 'write body = "SHOUT", or leave the body line out'


def test_every_page_has_a_header_link_to_the_footer_help(sample_site):
    for path in _pages(sample_site):
        html = sample_site.soup(path)
        link = html.select_one('header a[href="#need-help"]')
        assert link is not None and link.get_text(strip=True) == "Need help now?", path
        target = html.find(id="need-help")
        assert target is not None and target.find_parent("footer") is not None, path
        assert [a["href"] for a in target.select("a")] == [c.href for c in CONTACTS], path


def test_the_header_link_comes_before_the_search_and_navigation(sample_site):
    html = sample_site.soup("index.html")
    links = [a.get("href") for a in html.find_all("a")]
    assert links.index("#need-help") < min(i for i, h in enumerate(links) if h and "archives" in h)


@pytest.mark.parametrize("page", ["about", "contribute"])
def test_about_and_contribute_show_the_shared_box_and_hold_no_copy(sample_site, page):
    source = (ROOT / "content" / "pages" / f"{page}.md").read_text(encoding="utf-8")
    assert not SPOKEN.search(source.split("\n\n", 1)[1]), f"{page}.md still has its own copy of a crisis number"
    box = sample_site.soup(f"{page}/index.html").select_one("main .app-urgent-help")
    assert [a["href"] for a in box.select("a")] == [c.href for c in CONTACTS]


def test_the_footer_template_holds_no_number_of_its_own():
    footer = (ROOT / "theme" / "templates" / "partials" / "footer.html").read_text(encoding="utf-8")
    assert not SPOKEN.search(footer)


def test_a_post_with_a_content_note_shows_it_above_the_text_with_help(build_site):
    site = build_site({"blog/p.md": """\
        Title: Getting through
        Date: 2019-05-01 09:00
        Author: Communications Team
        Summary: A short post.
        Content-note: This post talks about self-harm <script>alert(1)</script> &amp; recovery.

        First paragraph of the story.
        """})
    assert site.status == 0, site.messages
    html = site.soup("blog/2019/getting-through/index.html")
    note = html.select_one("article .app-content-note")
    assert note is not None and note.find("script") is None
    assert "self-harm <script>alert(1)</script> &amp; recovery" in note.get_text()
    story = html.select_one("article .app-prose")
    assert note.sourceline < story.sourceline, "the note must come before the story"
    assert [a["href"] for a in note.select("a")] == [*(c.href for c in CONTACTS), "#need-help"]
    assert "text SHOUT to 85258" in " ".join(note.get_text().split())
    listed = site.soup("index.html").select_one(".app-post-list .app-content-note-tag")
    assert listed is not None and "self-harm" in listed.get_text()
    meta = html.select_one('[data-pagefind-meta="content_note"]')
    assert meta is not None and "self-harm" in meta.get_text()


def test_updated_and_review_dates_are_shown(build_site):
    site = build_site({
        "blog/p.md": "Title: Changed\nDate: 2019-05-01 09:00\nModified: 2019-06-02 10:00\nAuthor: Communications Team\n"
                     "Summary: A short post.\n\nText.\n",
        "blog/q.md": "Title: Same day\nDate: 2019-05-01 09:00\nModified: 2019-05-01 12:00\nAuthor: Communications Team\n"
                     "Summary: A short post.\n\nText.\n",
        "pages/help.md": "Title: Help\nSummary: Help.\nReviewed: 2026-01-05\nReview-due: 2027-01-05\n\nText.\n",
    })
    assert site.status == 0, site.messages
    changed = site.soup("blog/2019/changed/index.html").select_one(".app-review-dates")
    assert " ".join(changed.get_text().split()) == "Updated 2 June 2019"
    assert changed.time["datetime"] == "2019-06-02"
    assert site.soup("blog/2019/same-day/index.html").select_one(".app-review-dates") is None
    dates = [" ".join(li.get_text().split()) for li in site.soup("help/index.html").select(".app-review-dates .app-review-dates__item")]
    assert dates == ["Page last reviewed: 5 January 2026", "Next review due: 5 January 2027"]
