"""Signal receivers: turn video lines into click-to-play embeds and attach transcripts."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from pelican.contents import Article, Page
from pelican.readers import Readers

from inmind import check_sources
from inmind.errors import ContentError, Problem
from inmind.source import as_list
from inmind.text import printable

from . import captions, placing, render, settings, source, transcripts

logger = logging.getLogger(__name__)

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)</h(?P=level)>", re.DOTALL | re.IGNORECASE)
RAW_IFRAME = re.compile(r"<iframe\b", re.IGNORECASE)
TRANSCRIPT_TEXT = re.compile(r"^transcript\b\s*[:\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def _error(problem):
    return ContentError(problem.message, path=problem.path, line=problem.line, hint=problem.hint)


def _display_path(path, content_root):
    """Return ``content/blog/x.md`` style paths for log messages."""
    return os.path.relpath(path, os.path.dirname(os.path.abspath(content_root)))


def _heading_before(html, position):
    """Return (level, text) of the last heading before ``position``, or (1, None)."""
    last = None
    for match in HEADING.finditer(html, 0, position):
        last = match
    return (int(last.group("level")), placing.text_of(last.group("text"))) if last else (1, None)


def _cut_transcript_sections(html, limit):
    """Remove up to ``limit`` '## Transcript' sections; return (html, [(heading text after "Transcript", body)])."""
    sections = []
    while len(sections) < limit:
        start = None
        for match in HEADING.finditer(html):
            found = TRANSCRIPT_TEXT.match(placing.text_of(match.group("text")))
            if found:
                start, level, rest = match, int(match.group("level")), found.group("rest").strip()
                break
        if start is None:
            break
        end = len(html)
        for match in HEADING.finditer(html, start.end()):
            if int(match.group("level")) <= level:
                end = match.start()
                break
        sections.append((rest, html[start.end() : end].strip()))
        html = html[: start.start()] + html[end:]
    return html, sections


def _transcript_file(target, instance):
    """Return (title, html) of a transcript file (checked by transcripts.problems)."""
    # Pelican's reader registry, as the other plugins left it, so the sanitiser applies to transcripts too.
    html, metadata = Readers(instance.settings).readers["md"].read(str(target))
    title = str(metadata.get("title", "")).strip()
    found = TRANSCRIPT_TEXT.match(title)
    return (found.group("rest").strip() if found else title) or None, html


def check_settings(pelican):
    """Stop the build at once when VIDEO_EMBEDS is wrong."""
    settings.merged(pelican.settings)


def embed_videos(instance):
    """Replace video paragraphs in a Markdown article, page or AGM summary with accessible embeds."""
    if not isinstance(instance, (Article, Page)) or not instance._content:
        return
    path = instance.source_path
    if not path or not path.lower().endswith(MARKDOWN_SUFFIXES) or not os.path.isfile(path):
        return
    config = settings.merged(instance.settings)
    # The checks' reading of the file (inmind.check_sources): the same lines and fields, and the file is not opened again.
    src = check_sources.source(instance.settings, path)
    candidates = []
    for finding in source.scan(src):
        result = source.candidate(finding, path)
        if isinstance(result, Problem):
            raise _error(result)
        candidates.append(result)
    html = instance._content
    if RAW_IFRAME.search(html):
        raise _error(source.iframe_problem(path))
    files = as_list(src.metadata.get("transcript"))
    root = Path(instance.settings["PATH"]).resolve()
    for problem in transcripts.problems(path, src.line("transcript", 1), files, len(candidates), root,
                                        config.transcript_dir):
        raise _error(problem)
    if not candidates:
        return
    found_transcripts = [_transcript_file(transcripts.target(value, root), instance) for value in files]
    html, sections = _cut_transcript_sections(html, len(candidates) - len(files))
    found_transcripts += sections

    pending = list(candidates)
    videos = []

    def _replace(match):
        found = placing.video_at(match, pending)
        if found is None:
            return match.group(0)
        level, heading = _heading_before(html, match.start())
        videos.append((found, level, heading))
        return f"\x00video:{len(videos) - 1}\x00"

    html = placing.PARAGRAPH.sub(_replace, html)
    if pending:
        raise _error(placing.unplaced_problem(path, pending[0]))

    given = captions.values(src.metadata)
    titles = [found.title or heading or "Video" for found, _, heading in videos]
    for problem in captions.problems(path, src, titles):
        if problem.severity == "error":
            raise _error(problem)
    rendered = []
    for index, (found, level, heading) in enumerate(videos):
        transcript_title, transcript_html = found_transcripts[index] if index < len(found_transcripts) else (None, None)
        # The title is read from the Markdown, not from the sanitised page: it loses what no page may carry here.
        title = printable(found.title or transcript_title or heading or placing.text_of(getattr(instance, "title", ""))
                          or "") or "Video"
        video = render.Video(
            found.ref, title, found.line, found.duration, found.duration_text,
            render.nest_headings(transcript_html, level + 1) if transcript_html else None,
        )
        if not video.transcript_html:
            _missing_transcript(video, instance, config)
        video.captions = given[index] if index < len(given) else None
        video.title_shown = title != heading
        note = captions.sentence(video.captions, found.ref.provider_name) if video.captions else config.captions_note
        video.html = render.render(video, note)
        rendered.append(video)

    instance._content = re.sub("\x00video:(\\d+)\x00", lambda m: rendered[int(m.group(1))].html, html)
    instance.videos = rendered
    instance.has_video = True


def list_uncaptioned(generators):
    """Put the published videos marked ``Captions: none`` on the context, for the accessibility statement."""
    found = []
    for generator in generators:
        for attr in ("articles", "pages", "agms"):
            for item in getattr(generator, attr, None) or []:
                for video in getattr(item, "videos", None) or []:
                    if getattr(video, "captions", None) == "none":
                        found.append({"title": video.title, "page_title": item.title, "url": item.url})
    if generators:
        generators[0].context["videos_without_captions"] = sorted(found, key=lambda v: (v["url"], v["title"]))


def _missing_transcript(video, instance, config):
    """Warn (preview) or stop the build (publish) for a video with no transcript."""
    if config.transcript_required == "error":
        raise _error(transcripts.missing(instance.source_path, video.line, video.title, "error"))
    # Otherwise nothing is logged: the checks that gate every build (checks.py) have already warned about this
    # video at this line, and one problem gets one message.
