"""Editorial checks: bad video links, raw iframes, missing transcripts and captions, each with its line."""

from __future__ import annotations

from pathlib import Path

from inmind.errors import Problem
from inmind.source import as_list, parse_shared

from . import captions, placing, settings, source, transcripts
from .handlers import MARKDOWN_SUFFIXES


def _title(found, src):
    """Return the title the page will show for a video, as the build works it out."""
    title = src.metadata.get("title")
    return found.title or source.heading_before(src, found.line) or (title if isinstance(title, str) else "") or found.url


def check(source_path, text, metadata, pelican_settings):
    """Return the problems with the videos and transcripts in one Markdown file."""
    if not str(source_path).lower().endswith(MARKDOWN_SUFFIXES):
        return []
    config = settings.merged(pelican_settings)
    src = parse_shared(text)
    problems, candidates = [], []
    findings = source.scan(src)
    for finding in findings:
        if finding.kind == "iframe":
            continue  # content_safety names the <iframe> it removes, with this fix as its hint: one message
        result = source.candidate(finding, source_path)
        (problems if isinstance(result, Problem) else candidates).append(result)
    if candidates:
        # The build puts a player only where Markdown made the link a paragraph of its own, and stops at
        # the first that is not: render the text as it does, and report that one.
        crowded = placing.unplaced(placing.render(src, pelican_settings), candidates)
        if crowded:
            problems.append(placing.unplaced_problem(source_path, crowded[0]))
    # Count broken video lines too, so one mistake is not reported twice.
    videos = sum(1 for finding in findings if finding.kind != "iframe")
    files = as_list(src.metadata.get("transcript"))
    root = Path(pelican_settings.get("PATH") or "content").resolve()
    problems += transcripts.problems(source_path, src.line("transcript", 1), files, videos, root,
                                     config.transcript_dir)
    problems += captions.problems(source_path, src, [_title(found, src) for found in candidates])
    available = len(files) + len(source.transcript_headings(src))
    for found in candidates[available:]:
        problems.append(transcripts.missing(source_path, found.line, _title(found, src),
                                            config.transcript_required))
    return sorted(problems, key=lambda p: p.line or 0)
