"""Captions: lines: the sentence each value gives, the checks, the build and the accessibility statement."""

import re

import pytest
from video_embeds import captions

from inmind.source import parse

VIDEO = "[video: Our year | 4:12](https://youtu.be/q3VtR8xLk2A)\n\n## Transcript\n\nHello.\n"


def post(captions_lines="", body=VIDEO, title="A post with a video"):
    return f"Title: {title}\nDate: 2018-05-01 09:00\nAuthor: Communications Team\nSummary: A video.\n{captions_lines}\nIntro.\n\n{body}"


@pytest.mark.parametrize(
    ("kind", "words"),
    [("checked", "captions that we have checked"), ("automatic", "made automatically by YouTube, which may have mistakes"),
     ("none", "no captions yet"), (None, "If the player offers captions")],
)
def test_each_value_gives_its_own_sentence(kind, words):
    assert words in captions.sentence(kind, "YouTube")


def test_values_are_read_in_order_and_in_any_case():
    assert captions.values({"captions": ["Checked", " NONE "]}) == ["checked", "none"]
    assert captions.values({"captions": "automatic"}) == ["automatic"]
    assert captions.values({}) == []


def test_problems_name_the_line_and_never_block_for_none():
    (typo,) = captions.problems("x.md", parse("Title: X\nCaptions: chekced\n\nbody"), ["Our year"])
    assert (typo.line, typo.severity) == (2, "error") and 'Did you mean "checked"' in typo.message
    two = parse("Title: X\u2028Y\nCaptions: checked\nCaptions: none\n\nbody")
    (extra,) = [p for p in captions.problems("x.md", two, ["Our year"]) if "lines" in p.message]
    assert extra.severity == "error" and "2 Captions: lines but only 1 video" in extra.message and extra.line == 2
    (alone,) = captions.problems("x.md", parse("Title: X\nCaptions: automatic\n\nbody"), [])
    # A video link the site could not read leaves its Captions: line alone: said in plain counts, with both fixes.
    assert alone.message == "there is 1 Captions: line but no video in the text" and "mend the video's link" in alone.hint
    three = parse("Title: X\nCaptions: none\nCaptions: none\nCaptions: none\n\nbody")
    assert [p.message for p in captions.problems("x.md", three, ["A", "B"]) if "lines" in p.message] == [
        "there are 3 Captions: lines but only 2 videos"]
    (notice,) = captions.problems("x.md", parse("Title: X\nCaptions: none\n\nbody"), ["Our year"])
    assert notice.severity == "notice" and '"Our year" has no captions (WCAG 1.2.2)' in notice.message and notice.hint


def test_the_build_writes_the_sentence_under_each_video(build_site):
    two = VIDEO + "\n## Part two\n\n[video: Part two | 1:00](https://vimeo.com/287419356)\n\n## Transcript\n\nBye.\n"
    site = build_site({"blog/2018/video.md": post("Captions: checked\nCaptions: automatic\n", two)})
    assert site.status == 0, site.messages
    notes = [p.get_text() for p in site.soup("blog/2018/a-post-with-a-video/index.html").select(".app-video__captions")]
    assert notes == [captions.sentence("checked"), captions.sentence("automatic", "Vimeo")]


def test_a_wrong_value_stops_the_build_at_its_line(build_site):
    site = build_site({"blog/2018/video.md": post("Captions: yes\n")})
    assert site.status == 1
    assert re.search(r"video\.md:5: error: \"yes\" is not a Captions: value", site.messages), site.messages


def test_none_is_a_notice_in_check_and_listed_in_the_accessibility_statement(build_site, tmp_path):
    from conftest import ROOT
    from pelican.settings import read_settings

    from inmind.check import check_site

    statement = "Title: Accessibility statement\nSlug: accessibility\nSummary: How accessible it is.\n\nWords.\n"
    site = build_site({"blog/2018/video.md": post("Captions: none\n"), "pages/accessibility.md": statement},
                      settings_file="publishconf.py", fatal_warnings=True, SITEURL="https://inmind.example.org", RELATIVE_URLS=False)
    # Publishing is not blocked: the video has its transcript.
    assert site.status == 0, site.messages
    section = site.soup("accessibility/index.html").select_one("#videos-without-captions").find_parent("section")
    assert [(a.get_text(), a["href"]) for a in section.select("li a")] == [
        ("A post with a video", "https://inmind.example.org/blog/2018/a-post-with-a-video/")]
    assert "Our year" in section.get_text() and "1.2.2" in section.get_text()
    settings = read_settings(str(ROOT / "publishconf.py"), override={
        "PATH": str(site.content), "PLUGIN_PATHS": [str(ROOT / "plugins")], "THEME": str(ROOT / "theme")})
    notices = [p for p in check_site(settings, fatal_warnings=True) if p.severity == "notice"]
    assert [(p.path.endswith("video.md"), p.line) for p in notices] == [(True, 5)]


def test_without_none_the_statement_says_every_video_has_captions(build_site):
    statement = "Title: Accessibility statement\nSlug: accessibility\nSummary: How accessible it is.\n\nWords.\n"
    site = build_site({"blog/2018/video.md": post("Captions: checked\n"), "pages/accessibility.md": statement})
    assert site.status == 0, site.messages
    section = site.soup("accessibility/index.html").select_one("#videos-without-captions").find_parent("section")
    assert not section.select("li") and "We know of no video on this site without captions" in section.get_text()
