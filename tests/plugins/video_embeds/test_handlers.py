"""Video embeds in real builds: markup, transcripts, and errors that name the file and line."""

import re

import pytest
from conftest import ROOT

from inmind.build import load_settings

HEAD = """Title: {title}
Date: 2018-03-04 10:00
Author: Communications Team
Summary: A post with a video.
"""

TRANSCRIPT = """Title: Transcript: Chief Executive's message

This is a summary transcript.

## Transcript

Joe Rafferty: Good afternoon, everyone.
"""


def post(body, title="A post with a video", extra=""):
    return HEAD.format(title=title) + extra + "\n" + body


def _no_outside_loads(soup):
    for tag in soup.find_all(["iframe", "img", "script", "link", "source", "video"]):
        for attr in ("src", "href", "srcset"):
            value = tag.get(attr) or ""
            assert not re.search(r"youtube|ytimg|vimeo|vimeocdn|googlevideo", value), f"{tag.name} loads {value}"


def test_short_form_with_transcript_file(build_site):
    site = build_site({
        "transcripts/ceo.md": TRANSCRIPT,
        "blog/2018/ceo.md": post(
            "## A message\n\n[video: Chief Executive's message | 4:12](https://www.youtube.com/watch?v=q3VtR8xLk2A&t=1m35s)\n\nAfter.\n",
            extra="Transcript: transcripts/ceo.md\n",
        ),
    })
    assert site.status == 0, site.messages
    soup = site.soup("blog/2018/a-post-with-a-video/index.html")
    figure = soup.select_one("figure.app-video")
    assert figure["data-embed-src"] == (
        "https://www.youtube-nocookie.com/embed/q3VtR8xLk2A?autoplay=1&rel=0&dnt=1&start=95"
    )
    assert figure.find("time")["datetime"] == "PT4M12S"
    assert figure.find("button").get_text() == "Play video: Chief Executive's message. Connects to YouTube"
    watch = figure.select_one(".app-video__watch a")
    assert watch["href"] == "https://www.youtube.com/watch?v=q3VtR8xLk2A&t=95s"
    assert "noopener" in watch["rel"]
    assert watch.get_text() == "Watch on YouTube: Chief Executive's message"
    details = figure.find("details")
    assert details.find("summary").get_text() == "Read the transcript: Chief Executive's message"
    assert "Good afternoon, everyone." in details.get_text()
    # The transcript's own "## Transcript" sits below the section the video is in.
    assert details.find("h3").get_text() == "Transcript"
    assert soup.find("script", src=re.compile(r"js/video\.js$"))["defer"] is not None
    _no_outside_loads(soup)


def test_bare_links_and_a_transcript_section(build_site):
    site = build_site({
        "blog/2018/bare.md": post(
            "Intro.\n\n## The film\n\nhttps://youtu.be/Lr8nK2pQe5M?t=90\n\n## After the film\n\nMore words.\n\n"
            "## Transcript\n\nKerry: Hello.\n\n### Part two\n\nKerry: Goodbye.\n\n## Last section\n\nThe end.\n"
        ),
    })
    assert site.status == 0, site.messages
    assert "transcript" not in site.messages.lower()
    soup = site.soup("blog/2018/a-post-with-a-video/index.html")
    figure = soup.select_one("figure.app-video")
    # Without a title, the heading above the video names it.
    assert figure["data-video-title"] == "The film"
    assert "start=90" in figure["data-embed-src"]
    details = figure.find("details")
    assert "Kerry: Hello." in details.get_text() and "Kerry: Goodbye." in details.get_text()
    assert details.find("h3").get_text() == "Part two"
    headings = [h.get_text() for h in soup.select(".app-prose h2")]
    assert headings == ["The film", "After the film", "Last section"]
    assert "The end." in soup.select_one(".app-prose").get_text()


def test_autolinked_bare_link_and_vimeo_unlisted(build_site):
    site = build_site({
        "transcripts/film.md": "Title: Our year in review\n\nWords of the film.\n",
        "blog/2018/vimeo.md": post("<https://vimeo.com/287419356/a1b2c3d4e5#t=1m>\n", extra="Transcript: transcripts/film.md\n"),
    })
    assert site.status == 0, site.messages
    figure = site.soup("blog/2018/a-post-with-a-video/index.html").select_one("figure.app-video")
    assert figure["data-embed-src"] == "https://player.vimeo.com/video/287419356?h=a1b2c3d4e5&autoplay=1&dnt=1#t=60s"
    assert figure["data-video-title"] == "Our year in review"
    assert figure.select_one(".app-video__watch a")["href"] == "https://vimeo.com/287419356/a1b2c3d4e5#t=60s"


def test_ordinary_links_to_youtube_are_left_alone(build_site):
    site = build_site({"blog/2018/link.md": post("[Our YouTube channel](https://www.youtube.com/@merseycare)\n\nSee https://youtu.be/Lr8nK2pQe5M in a sentence.\n")})
    assert site.status == 0, site.messages
    soup = site.soup("blog/2018/a-post-with-a-video/index.html")
    assert soup.select_one("figure.app-video") is None
    assert soup.find("a", string="Our YouTube channel")
    assert not soup.find("script", src=re.compile("video"))


LINE_ERRORS = [
    ("[video: A film | 4:12](https://example.com/film.mp4)\n", "not a YouTube or Vimeo video link"),
    ("https://www.youtube.com/watch?v=q3VtR8xLk2\n", "11 letters"),
    ("https://vimeo.com/showcase/123456\n", "not a video"),
    ("[video: A film | four minutes](https://youtu.be/q3VtR8xLk2A)\n", "not a video length"),
    ("Watch [video: A film](https://youtu.be/q3VtR8xLk2A) here.\n", "line of its own"),
    # Named once, by the HTML check (content_safety), with the video fix as its hint.
    ('<iframe src="https://example.com/player"></iframe>\n', "pasted <iframe> code"),
    ('<iframe width="560" src="https://www.youtube.com/embed/q3VtR8xLk2A"></iframe>\n', "pasted <iframe> code"),
]


@pytest.mark.parametrize(("line", "words"), LINE_ERRORS)
def test_bad_video_lines_stop_the_build_with_file_and_line(build_site, line, words):
    site = build_site({"blog/2018/bad.md": post("First paragraph.\n\n" + line + "\nLast paragraph.\n")})
    assert site.status == 1
    # Header (4 lines) + blank + "First paragraph." + blank: the video line is line 8.
    assert re.search(r"content/blog/2018/bad\.md:8: error: .*" + re.escape(words), site.messages), site.messages
    assert "hint:" in site.messages
    assert "Traceback" not in site.messages


def test_a_video_link_inside_a_paragraph_is_an_error(build_site):
    site = build_site({"blog/2018/bad.md": post("Some words\nhttps://youtu.be/Lr8nK2pQe5M\nmore words.\n")})
    assert site.status == 1
    assert re.search(r"bad\.md:7: error: a video link must be a paragraph of its own", site.messages), site.messages


def test_missing_transcript_file_names_the_metadata_line(build_site):
    site = build_site({
        "transcripts/ceo.md": TRANSCRIPT,
        "blog/2018/bad.md": post("https://youtu.be/Lr8nK2pQe5M\n", extra="Transcript: transcripts/cea.md\n"),
    })
    assert site.status == 1
    assert re.search(r"bad\.md:5: error: the transcript file \"transcripts/cea.md\" does not exist\. Did you mean \"transcripts/ceo.md\"", site.messages), site.messages


def test_transcript_without_a_video_is_an_error(build_site):
    site = build_site({"transcripts/ceo.md": TRANSCRIPT, "blog/2018/bad.md": post("No video.\n", extra="Transcript: transcripts/ceo.md\n")})
    assert site.status == 1
    assert re.search(r"bad\.md:5: error: Transcript: names a transcript, but this file has no video", site.messages)


def test_missing_transcript_is_a_warning_in_preview(build_site):
    site = build_site({"blog/2018/nt.md": post("Intro.\n\nhttps://youtu.be/Lr8nK2pQe5M\n")})
    assert site.status == 0, site.messages
    # One "path:line: warning:" prefix, as every other message has.
    assert re.search(r"(?m)^\S*content/blog/2018/nt\.md:8: warning: the video .* has no transcript", site.messages), site.messages
    assert "site: warning" not in site.messages and "warning: warning" not in site.messages
    assert site.soup("blog/2018/a-post-with-a-video/index.html").select_one("figure.app-video")


def test_missing_transcript_stops_the_publish_build(build_site):
    site = build_site(
        {"blog/2018/nt.md": post("Intro.\n\nhttps://youtu.be/Lr8nK2pQe5M\n")},
        VIDEO_EMBEDS=load_settings(ROOT / "publishconf.py")["VIDEO_EMBEDS"],
    )
    assert site.status == 1
    assert re.search(r"content/blog/2018/nt\.md:8: error: the video .* has no transcript", site.messages), site.messages
    assert "hint: add a line Transcript: transcripts/NAME.md to the lines at the top of the file" in site.messages


def test_misspelt_setting_is_named(build_site):
    site = build_site({"blog/2018/a.md": post("Words.\n")}, VIDEO_EMBEDS={"transcript_requird": "error"})
    assert site.status == 1
    assert "VIDEO_EMBEDS has an unknown key 'transcript_requird'" in site.messages
    assert 'Did you mean "transcript_required"' in site.messages


def test_misspelt_setting_is_named_even_without_videos(build_site):
    site = build_site({"pages/about.md": "Title: About\n\nNo videos here.\n"}, VIDEO_EMBEDS={"captions": "x"})
    assert site.status == 1
    assert "VIDEO_EMBEDS has an unknown key 'captions'" in site.messages


def test_transcript_files_go_through_the_sites_sanitiser(tmp_path):
    from types import SimpleNamespace

    from pelican.readers import Readers
    from video_embeds.handlers import _transcript_file

    (tmp_path / "transcripts").mkdir()
    (tmp_path / "transcripts" / "t.md").write_text(
        "Title: Transcript: A talk\n\nHello <script>alert(1)</script> <a href=\"#\" onclick=\"x()\">there</a>\n",
        encoding="utf-8",
    )
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(tmp_path), "PLUGIN_PATHS": [str(ROOT / "plugins")]})
    from pelican import Pelican

    from inmind.build import _disconnect_plugins

    _disconnect_plugins()
    Pelican(settings)  # connects the plugins, the sanitiser among them
    assert "md" in Readers(settings).readers
    instance = SimpleNamespace(settings=settings, source_path=str(tmp_path / "post.md"))
    title, html = _transcript_file(tmp_path / "transcripts" / "t.md", instance)
    assert title == "A talk"
    assert "Hello" in html
    assert "<script" not in html and "onclick" not in html
