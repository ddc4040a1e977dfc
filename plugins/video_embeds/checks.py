"""Editorial checks: bad video links, raw iframes, missing transcripts and captions, each with its line."""

from __future__ import annotations

from pathlib import Path

from inmind.errors import Problem, did_you_mean

from . import captions, settings, source
from .handlers import MARKDOWN_SUFFIXES, TRANSCRIPT_HINT


def _as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def _title(found, text, metadata):
    """Return the title the page will show for a video, as the build works it out."""
    title = metadata.get("title")
    return found.title or source.heading_before(text, found.line) or (title if isinstance(title, str) else "") or found.url


def check(source_path, text, metadata, pelican_settings):
    """Return the problems with the videos and transcripts in one Markdown file."""
    if not str(source_path).lower().endswith(MARKDOWN_SUFFIXES):
        return []
    config = settings.merged(pelican_settings)
    problems, candidates = [], []
    findings = source.scan(text)
    for finding in findings:
        if finding.kind == "iframe":
            continue  # content_safety names the <iframe> it removes, with this fix as its hint: one message
        result = source.candidate(finding, source_path)
        (problems if isinstance(result, Problem) else candidates).append(result)
    # Count broken video lines too, so one mistake is not reported twice.
    videos = sum(1 for finding in findings if finding.kind != "iframe")

    files = _as_list(metadata.get("transcript"))
    line = source.metadata_line(text, "Transcript")
    root = Path(pelican_settings.get("PATH") or "content").resolve()
    known = sorted(p.relative_to(root).as_posix() for p in (root / config["transcript_dir"]).glob("*.md"))
    for value in files:
        target = (root / value.strip()).resolve()
        if root not in target.parents:
            # The build reads transcripts only from inside the content folder (symlinks resolved).
            problems.append(Problem(
                source_path, line, "error", f'the transcript file "{value}" is outside the content folder',
                f"write the path from the content folder, such as Transcript: {config['transcript_dir']}/NAME.md",
            ))
        elif not target.is_file():
            problems.append(Problem(
                source_path, line, "error", f'the transcript file "{value}" does not exist.{did_you_mean(value, known)}',
                f"write the path from the content folder, such as Transcript: {config['transcript_dir']}/NAME.md",
            ))
    if files and not videos:
        problems.append(Problem(
            source_path, line, "error", "Transcript: names a transcript, but this file has no video",
            "put the video's link on a line of its own in the text, or remove the Transcript: line",
        ))
    elif len(files) > videos:
        problems.append(Problem(
            source_path, line, "error", f"there are {len(files)} Transcript: lines but only {videos} video(s)",
            "give one Transcript: line per video, in the same order as the videos",
        ))
    problems += captions.problems(source_path, text, captions.values(metadata),
                                  [_title(found, text, metadata) for found in candidates])
    available = len(files) + len(source.transcript_headings(text))
    for found in candidates[available:]:
        problems.append(Problem(
            source_path, found.line, config["transcript_required"],
            f'the video "{_title(found, text, metadata)}" has no transcript', TRANSCRIPT_HINT,
        ))
    return sorted(problems, key=lambda p: p.line or 0)
