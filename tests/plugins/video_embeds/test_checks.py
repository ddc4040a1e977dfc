"""The editorial checker sees the same video problems the build would stop on, with lines."""

import pytest
from video_embeds import checks

from inmind.errors import SettingsError


@pytest.fixture
def settings(tmp_path):
    (tmp_path / "transcripts").mkdir()
    (tmp_path / "transcripts" / "ceo.md").write_text("Title: Transcript: CEO\n\nWords.\n")
    return {"PATH": str(tmp_path), "VIDEO_EMBEDS": {"transcript_required": "warning"}}


def run(text, settings, metadata=None):
    return checks.check("content/blog/x.md", text, metadata or {}, settings)


def test_clean_file_has_no_problems(settings):
    text = "Title: X\nTranscript: transcripts/ceo.md\n\n[video: CEO | 4:12](https://youtu.be/q3VtR8xLk2A)\n"
    assert run(text, settings, {"transcript": "transcripts/ceo.md"}) == []


def test_bad_link_raw_iframe_and_missing_transcript(settings):
    text = "Title: X\n\nhttps://youtu.be/short\n\n<iframe src=x></iframe>\n\nhttps://vimeo.com/287419356\n"
    problems = run(text, settings)
    # The <iframe> is content_safety's to name (one problem, one message): see test_a_pasted_iframe_is_one_error.
    assert [(p.line, p.severity) for p in problems] == [(3, "error"), (7, "warning")]
    assert "11 letters" in problems[0].message
    assert "no transcript" in problems[1].message


def test_missing_transcript_is_an_error_when_publishing(settings):
    settings["VIDEO_EMBEDS"] = {"transcript_required": "error"}
    (problem,) = run("Title: X\n\nhttps://vimeo.com/287419356\n", settings)
    assert (problem.line, problem.severity) == (3, "error")


def test_transcript_section_counts(settings):
    assert run("Title: X\n\nhttps://vimeo.com/287419356\n\n## Transcript\n\nWords.\n", settings) == []


def test_transcript_file_must_exist_and_have_a_video(settings):
    (missing,) = run("Title: X\nTranscript: transcripts/cea.md\n\nhttps://vimeo.com/287419356\n", settings, {"transcript": "transcripts/cea.md"})
    assert missing.line == 2 and 'Did you mean "transcripts/ceo.md"' in missing.message
    (orphan,) = run("Title: X\nTranscript: transcripts/ceo.md\n\nNo video.\n", settings, {"transcript": "transcripts/ceo.md"})
    assert orphan.line == 2 and "no video" in orphan.message


def test_other_files_are_skipped(settings):
    assert checks.check("content/blog/x.rst", "https://youtu.be/short\n", {}, settings) == []


def test_bad_setting_is_named(settings):
    settings["VIDEO_EMBEDS"] = {"transcript_required": "sometimes"}
    with pytest.raises(SettingsError, match="transcript_required"):
        run("Title: X\n", settings)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Some words\nhttps://vimeo.com/287419356\nmore words.\n", 4),
        ("- an item\nhttps://vimeo.com/287419356\n", 4),
        ("[video: Talk | 1:00](https://vimeo.com/287419356)\nSetext heading\n===\n", 3),
        # A heading ends a paragraph in Markdown: the link is a paragraph of its own, nothing to report.
        ("## Talk\nhttps://vimeo.com/287419356\n## Next\n", None),
        ("Intro.\n\nhttps://vimeo.com/287419356\n", None),
    ],
)
def test_a_video_link_must_be_a_paragraph_of_its_own(settings, body, line):
    text = f"Title: X\n\n{body}\n## Transcript\n\nWords.\n"
    found = [p for p in run(text, settings) if "paragraph of its own" in p.message]
    assert [p.line for p in found] == ([line] if line else [])
    assert all(p.severity == "error" and p.hint for p in found)
