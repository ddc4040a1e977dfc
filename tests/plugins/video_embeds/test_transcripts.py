"""The rules for a file's Transcript: lines (plugins/video_embeds/transcripts.py)."""

from __future__ import annotations

import pytest
from video_embeds import transcripts


@pytest.mark.parametrize(("count", "videos", "said"), [
    (2, 1, "there are 2 Transcript: lines but only 1 video"),
    (3, 2, "there are 3 Transcript: lines but only 2 videos"),
])
def test_more_transcript_lines_than_videos_is_said_in_plain_counts(tmp_path, count, videos, said):
    (tmp_path / "transcripts").mkdir()
    names = [f"transcripts/t{n}.md" for n in range(count)]
    for name in names:
        (tmp_path / name).write_text("Words.\n", encoding="utf-8")
    found = transcripts.problems("x.md", 2, names, videos, tmp_path, "transcripts")
    assert [p.message for p in found] == [said]
    assert "(s)" not in found[0].message and found[0].hint.startswith("give one Transcript: line per video")


def test_a_transcript_line_in_a_file_with_no_video_says_so(tmp_path):
    (tmp_path / "transcripts").mkdir()
    (tmp_path / "transcripts" / "t.md").write_text("Words.\n", encoding="utf-8")
    found = transcripts.problems("x.md", 2, ["transcripts/t.md"], 0, tmp_path, "transcripts")
    assert [p.message for p in found] == ["Transcript: names a transcript, but this file has no video"]
