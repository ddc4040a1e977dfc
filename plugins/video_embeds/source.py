"""Pure scanning of a Markdown source (read by inmind.source.parse): video lines, raw iframes and transcript headings.

Only prose lines are scanned (inmind.source.prose_lines): what is in a code block is shown as code, never embedded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inmind.errors import Problem, counted
from inmind.source import prose_lines

from . import providers

# "[video: Title | 4:12](URL)" alone on its line; the URL may be wrapped in <>.
SHORT_LINE = re.compile(r"^\[\s*video\s*:(?P<label>[^\]]*)\]\(\s*<?(?P<url>[^()\s<>]*)>?\s*\)$", re.IGNORECASE)
SHORT_ANYWHERE = re.compile(r"\[\s*video\s*:[^\]]*\]\(\s*<?(?P<url>[^()\s<>]*)", re.IGNORECASE)
BARE_LINE = re.compile(r"^<?(?P<url>[^\s<>]+)>?$")
IFRAME = re.compile(r"<\s*iframe\b", re.IGNORECASE)
CODE_SPAN = re.compile(r"`+[^`]*`+")
# A heading's closing hashes are taken off in Python (closing_hashes_removed): a lazy ".*?" before "\s*#*\s*$"
# backtracked cubically on a long line of spaces (2,000 took 6 s).
TRANSCRIPT_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s*transcript\b\s*[:\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
ATX_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+)$")
# 4:12, 12:05 or 1:02:03.
DURATION = re.compile(r"^(?:(?P<h>\d+):(?P<hm>[0-5]\d)|(?P<m>\d+)):(?P<s>[0-5]\d)$")

HINT = (
    "put a video on a line of its own, with a blank line before and after, either as the plain link or as "
    "[video: Title | m:ss](link). Accepted links: " + providers.ACCEPTED_FORMS
)
IFRAME_HINT = (
    "delete the <iframe> code and paste the video's plain link (from its Share button) on a line of its own; "
    "the site builds a player that loads nothing from the video host until the reader presses play"
)


@dataclass(frozen=True)
class Finding:
    """Something on one line of the source: a video link, a misplaced one, or a raw iframe."""

    line: int
    kind: str  # "short", "bare", "inline" (a [video: ...] inside other text) or "iframe"
    url: str = ""
    label: str = ""


@dataclass(frozen=True)
class Candidate:
    """A valid video line: where it is, which video, and what the writer said about it."""

    line: int
    url: str
    ref: providers.VideoRef
    title: str | None = None
    duration: int | None = None
    duration_text: str | None = None


def scan(source):
    """Return every video line, misplaced short form and raw iframe in a Markdown source, in order."""
    findings = []
    for number, line in prose_lines(source):
        stripped = line.strip()
        # Each pattern needs its < or [; most lines have neither, and are not searched for them.
        if "<" in line and IFRAME.search(CODE_SPAN.sub("", line)):
            findings.append(Finding(number, "iframe"))
        short = SHORT_LINE.match(stripped) if stripped.startswith("[") else None
        if short:
            findings.append(Finding(number, "short", short.group("url"), short.group("label").strip()))
            continue
        inline = SHORT_ANYWHERE.search(CODE_SPAN.sub("", line)) if "[" in line else None
        if inline:
            findings.append(Finding(number, "inline", inline.group("url")))
            continue
        bare = BARE_LINE.match(stripped)
        if bare and not line.startswith(("    ", "\t")) and providers.looks_like_video_url(bare.group("url")):
            findings.append(Finding(number, "bare", bare.group("url")))
    return findings


def closing_hashes_removed(text):
    """Return a heading's text without the spaces and closing hashes at its end ("Talk ##" is "Talk")."""
    return text.rstrip().rstrip("#").rstrip()


def heading_before(source, line):
    """Return the text of the last Markdown heading above ``line`` (a video's fallback title), or None."""
    found = None
    for number, body_line in prose_lines(source):
        if number >= line:
            break
        match = ATX_HEADING.match(body_line)
        if match:
            found = closing_hashes_removed(match.group("text"))
    return found


def transcript_headings(source):
    """Return (line number, heading level, text after "Transcript") for each transcript heading in the body."""
    found = []
    for number, line in prose_lines(source):
        match = TRANSCRIPT_HEADING.match(line.strip())
        if match:
            found.append((number, len(match.group("hashes")), closing_hashes_removed(match.group("rest"))))
    return found


def parse_duration(text):
    """Return seconds for ``m:ss`` or ``h:mm:ss``, or None if it is not a duration."""
    match = DURATION.match(text.strip())
    if not match:
        return None
    hours = int(match.group("h") or 0)
    minutes = int(match.group("hm") or match.group("m") or 0)
    return hours * 3600 + minutes * 60 + int(match.group("s"))


def iso_duration(seconds):
    """Return an ISO 8601 duration for <time datetime>, such as ``PT4M12S``."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs or not seconds else "")
    return "PT" + parts


def not_a_length(text):
    """Return the words for a video length that is not m:ss (the build's and the editor's)."""
    return f'"{text}" is not a video length; write minutes and seconds, such as 4:12 (or 1:02:03)'


def iframe_problem(path, line=None):
    """Return the problem with a video player's code pasted into the text, instead of its link."""
    return Problem(path, line, "error", "a raw <iframe> cannot be used here", IFRAME_HINT)


def candidate(finding, path):
    """Return a Candidate for a video finding, or a Problem saying what is wrong with it."""
    if finding.kind == "iframe":
        return iframe_problem(path, finding.line)
    if finding.kind == "inline":
        return Problem(path, finding.line, "error", "a [video: ...] link must be on a line of its own", HINT)
    title = duration = duration_text = None
    if finding.kind == "short":
        label, bar, tail = finding.label.rpartition("|") if "|" in finding.label else (finding.label, "", "")
        title = " ".join(label.split())
        if bar:
            duration_text = tail.strip()
            duration = parse_duration(duration_text)
            if duration is None:
                return Problem(
                    path, finding.line, "error", not_a_length(duration_text),
                    "write [video: Title | m:ss](link), or leave out the | and the length",
                )
        if not title:
            return Problem(path, finding.line, "error", "the [video: ...] link has no title", "write [video: Title | m:ss](link)")
    try:
        ref = providers.parse(finding.url)
    except providers.InvalidVideoURL as exc:
        return Problem(path, finding.line, "error", f"this video link cannot be used: {exc.reason}", HINT)
    return Candidate(finding.line, finding.url, ref, title, duration, duration_text)


def more_lines_than_videos(field, lines, videos):
    """Return "there are 2 Transcript: lines but only 1 video" in plain counts (never "1 lines" or "1 video(s)")."""
    said = ("is " if lines == 1 else "are ") + counted(lines, f"{field}: line")
    if not videos:
        return f"there {said} but no video in the text"
    return f"there {said} but only {counted(videos, 'video')}"
