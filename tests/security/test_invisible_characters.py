"""Characters no page, feed or calendar may carry (C0 and C1 controls, DEL, Unicode noncharacters) are left out of
whatever a contributor writes: a post's text, a video's title, themes.toml, the next meeting's file. One of them
used to stop the publish build as 'a fault in the site's code' (XML refuses it) or reach the page as it was."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from escaping_tools import plugins_without_editor, read_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from inmind.text import NOT_TEXT, printable

# One of each kind: C0 controls (not tab or line ends), DEL, C1 controls, noncharacters in and beyond the BMP.
# And the invisible direction characters, which show text in another order than it is written (see inmind/text.py).
INVISIBLE = ["\x01", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\ufdd0", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff",
             "\u202d", "\u202e", "\u2067", "\u200f"]
PUBLISH = {"PLUGINS": plugins_without_editor("publishconf.py")}
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def _texts(output):
    """Yield (relative path, text) of every page, feed, calendar and data file, compressed copies unpacked."""
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        name = path.name.removesuffix(".gz").removesuffix(".br")
        if name.endswith((".html", ".xml", ".json", ".ics", ".txt")):
            yield path.relative_to(output).as_posix(), read_bytes(path).decode("utf-8")


def assert_no_invisible(output, char):
    seen = 0
    for rel, text in _texts(output):
        assert char not in text, f"{rel} holds U+{ord(char):04X}"
        if rel.endswith(".xml"):
            ET.fromstring(text.encode("utf-8"))
        seen += 1
    assert seen > 20


@given(st.text())
@settings(max_examples=300)
def test_printable_leaves_out_exactly_what_no_page_may_carry(text):
    kept = printable(text)
    assert not NOT_TEXT.search(kept)
    assert kept == "".join(c for c in text if not NOT_TEXT.fullmatch(c))


@given(st.text(alphabet=st.sampled_from(INVISIBLE + list("ab <>&\"'\t\n"))))
@settings(max_examples=200)
def test_the_sanitised_body_never_holds_what_no_page_may_carry(text):
    from content_safety.sanitiser import sanitise

    assert not NOT_TEXT.search(sanitise(f"<p>{text}</p>"))


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_a_posts_text_and_video_title_is_left_out_of_every_file(build_site, char):
    post = (
        "Title: A post\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: A plain summary.\n"
        "Transcript: transcripts/talk.md\n\n"
        f"Body text with{char} it.\n\n`code{char}`\n\n![A square{char}]({{static}}/images/square.svg)\n\n"
        f"[video: A talk{char} | 4:12](https://www.youtube.com/watch?v=q3VtR8xLk2A)\n"
    )
    transcript = f"Words of{char} the talk.\n"
    site = build_site({"blog/a.md": post, "transcripts/talk.md": transcript, "images/square.svg": SVG},
                      settings_file="publishconf.py", **PUBLISH)
    assert site.status == 0, site.messages
    assert "Body text with it." in site.soup("blog/2018/a-post/index.html").get_text(" ")
    assert_no_invisible(site.output, char)


@pytest.mark.parametrize("char", ["\x1b", "\x85", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_themes_toml_is_left_out_of_every_file(build_site, char):
    from conftest import ROOT
    from escaping_tools import toml_string

    themes = (ROOT / "content" / "themes.toml").read_text(encoding="utf-8") + (
        f'\n[[theme]]\nslug = "gardens"\nlabel = {toml_string("Gardens" + char)}\n'
        f'description = {toml_string("Growing things" + char + " together.")}\nphrases = ["zzqx"]\n'
    )
    post = ("Title: A post\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: A plain summary.\n"
            "Themes: gardens\n\nPlain words.\n")
    site = build_site({"themes.toml": themes, "blog/a.md": post}, settings_file="publishconf.py", **PUBLISH)
    assert site.status == 0, site.messages
    assert "Growing things together." in site.soup("themes/gardens/index.html").get_text(" ")
    assert_no_invisible(site.output, char)


@pytest.mark.parametrize("char", ["\x1b", "\x85", "\ufffe"], ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_in_the_next_meetings_file_is_left_out_of_the_hub_and_calendar(build_site, char):
    from conftest import NEXT_AGM

    lines = [line if line.startswith(("Date", "End", "Modified", "Online")) else line + char
             for line in NEXT_AGM.splitlines()]
    site = build_site({"agm/next.md": "\n".join(lines) + "\n"}, AGM={"today": "2031-06-01 09:00"},
                      CHECKS={"latest_days_ahead": 3650})
    assert site.status == 0, site.messages
    assert "Step-free entrance" in site.soup("agm/index.html").get_text(" ")
    assert_no_invisible(site.output, char)
    assert char not in site.path("agm/next-meeting.ics").read_bytes().decode("utf-8")


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\ufffe", "\u2065", "\ufff0", "\U000e0080"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_a_real_name_split_by_a_character_the_site_leaves_out_is_found_at_its_line(build_site, char):
    # The page shows the name whole once the character is gone, so the check reads the text as the page will; and
    # a code point Unicode keeps for invisible characters (U+2065…) is drawn as nothing even while it is unassigned.
    from conftest import SAMPLE_REAL_NAME

    first, rest = SAMPLE_REAL_NAME.split(" ", 1)
    split = f"{first[:3]}{char}{first[3:]} {rest}"
    post = ("Title: A post\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: A plain summary.\n\n"
            f"Words by {split} here.\n")
    site = build_site({"blog/a.md": post})
    assert site.status == 1, site.messages
    assert 'a.md:6: error: the real name of the anonymous author "A carer" is written here' in site.messages
