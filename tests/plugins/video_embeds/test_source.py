"""Scanning Markdown sources for video lines, raw iframes and transcript headings."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from video_embeds import source
from video_embeds.source import Candidate, Finding

from inmind.errors import Problem
from inmind.source import parse

TEXT = """Title: A post
Annual-report: https://www.youtube.com/watch?v=notavideo
Transcript: transcripts/a.md

Intro.

https://youtu.be/q3VtR8xLk2A?t=95

[video: The film | 1:02:03](https://vimeo.com/287419356)

Text with [video: inline](https://youtu.be/q3VtR8xLk2A) in it.

```
<iframe src="https://example.com"></iframe>
https://youtu.be/ignoredInCode
```

Use `<iframe>` never.

<iframe src="https://www.youtube.com/embed/q3VtR8xLk2A"></iframe>

## Transcript

Words.
"""


def test_scan_finds_each_kind_with_its_line():
    assert source.scan(parse(TEXT)) == [
        Finding(7, "bare", "https://youtu.be/q3VtR8xLk2A?t=95"),
        Finding(9, "short", "https://vimeo.com/287419356", "The film | 1:02:03"),
        Finding(11, "inline", "https://youtu.be/q3VtR8xLk2A"),
        Finding(20, "iframe"),
    ]


def test_transcript_headings():
    assert source.transcript_headings(parse(TEXT)) == [(22, 2, "")]


def test_only_real_line_ends_count_in_the_metadata():
    # A line separator or NEL inside a value (str.splitlines would split there) moves no line number.
    text = TEXT.replace("Title: A post", "Title: A\u2028post\x85here").replace("\n", "\r\n")
    assert [f.line for f in source.scan(parse(text))] == [7, 9, 11, 20]
    assert source.transcript_headings(parse("\ufeff" + text)) == [(22, 2, "")]


def test_code_blocks_are_shown_as_code_not_scanned():
    text = ("Title: A post\n\nIntro.\n\n    <iframe src=x></iframe>\n    https://youtu.be/q3VtR8xLk2A\n\n"
            "~~~~\n```\nhttps://youtu.be/q3VtR8xLk2A\n~~~~\n\nhttps://vimeo.com/287419356\n")
    assert source.scan(parse(text)) == [Finding(13, "bare", "https://vimeo.com/287419356")]


def test_a_header_that_is_not_pelicans_ends_where_pelican_ends_it():
    # "Key : value" is no field to Pelican: the header ends above it and the line is body text.
    text = "Title: A post\nTranscript : transcripts/a.md\n\nhttps://youtu.be/q3VtR8xLk2A\n"
    assert parse(text).line("transcript") is None
    assert source.scan(parse(text)) == [Finding(4, "bare", "https://youtu.be/q3VtR8xLk2A")]


def test_candidate_reads_title_and_duration():
    found = source.candidate(Finding(8, "short", "https://vimeo.com/287419356", "The film | 1:02:03"), "p.md")
    assert isinstance(found, Candidate)
    assert (found.title, found.duration, found.duration_text, found.ref.id) == ("The film", 3723, "1:02:03", "287419356")


@pytest.mark.parametrize(
    ("finding", "words"),
    [
        (Finding(3, "short", "https://youtu.be/q3VtR8xLk2A", "Film | four minutes"), "not a video length"),
        (Finding(3, "short", "https://youtu.be/q3VtR8xLk2A", " | 4:12"), "no title"),
        (Finding(3, "short", "https://example.com/film.mp4", "Film"), "not a YouTube or Vimeo"),
        (Finding(3, "bare", "https://youtu.be/short"), "11"),
        (Finding(3, "inline", "https://youtu.be/q3VtR8xLk2A"), "line of its own"),
        (Finding(3, "iframe"), "<iframe>"),
    ],
)
def test_bad_lines_become_problems_with_their_line(finding, words):
    problem = source.candidate(finding, "p.md")
    assert isinstance(problem, Problem)
    assert (problem.path, problem.line, problem.severity) == ("p.md", 3, "error")
    assert words in problem.message
    assert problem.hint


@pytest.mark.parametrize(("text", "seconds"), [("4:12", 252), ("0:05", 5), ("75:00", 4500), ("1:02:03", 3723), ("4:60", None), ("4", None)])
def test_durations(text, seconds):
    assert source.parse_duration(text) == seconds


@pytest.mark.parametrize(("seconds", "iso"), [(252, "PT4M12S"), (3723, "PT1H2M3S"), (3600, "PT1H"), (0, "PT0S")])
def test_iso_durations(seconds, iso):
    assert source.iso_duration(seconds) == iso


@given(st.lists(st.sampled_from(["[", "]", "(", ")", "<", ">", "`", " ", "\t", "video", "VIDEO", ":", "iframe",
                                 "https://youtu.be/q3VtR8xLk2A", "x", "İ", "ſ"]), max_size=20).map("".join))
def test_a_line_without_its_bracket_is_not_searched_for_nothing(line):
    # scan() skips each pattern on a line without the < or [ it starts with; none could match there.
    stripped = line.strip()
    if "<" not in line:
        assert not source.IFRAME.search(source.CODE_SPAN.sub("", line))
    if not stripped.startswith("["):
        assert not source.SHORT_LINE.match(stripped)
    if "[" not in line:
        assert not source.SHORT_ANYWHERE.search(source.CODE_SPAN.sub("", line))
