"""Pure rendering: one video's click-to-play embed, watch link, captions note and transcript."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .providers import VideoRef
from .source import iso_duration

HEADING = re.compile(r"<(/?)h([1-6])\b([^>]*)>", re.IGNORECASE)
ID_ATTR = re.compile(r"(?<!\s)\s+id=(\"[^\"]*\"|'[^']*')", re.IGNORECASE)  # from a run's start only: linear


@dataclass
class Video:
    """A video as it appears on a page; ``html`` is filled in by ``render``."""

    ref: VideoRef
    title: str
    line: int | None = None
    duration: int | None = None
    duration_text: str | None = None
    transcript_html: str | None = None
    captions: str | None = None
    # False when the title is the heading just above the video, which the page already shows.
    title_shown: bool = True
    html: str = ""

    @property
    def iso_duration(self):
        """Return the duration as ``PT4M12S``, or None."""
        return iso_duration(self.duration) if self.duration is not None else None


def nest_headings(html, level):
    """Shift headings so the highest becomes ``level`` (never past h6), and drop their ids to avoid clashes."""
    levels = [int(m.group(2)) for m in HEADING.finditer(html) if not m.group(1)]
    if not levels:
        return html
    shift = level - min(levels)

    def _replace(match):
        closing, number, attrs = match.groups()
        attrs = "" if closing else ID_ATTR.sub("", attrs)
        return f"<{closing}h{min(6, max(1, int(number) + shift))}{attrs}>"

    return HEADING.sub(_replace, html)


def render(video, captions_note):
    """Return the figure for ``video``: title, length, play button (JavaScript only), watch link, transcript."""
    title = escape(video.title)
    ref = video.ref
    duration = ""
    if video.duration is not None:
        duration = (
            f' <span class="app-video__duration" data-pagefind-ignore>Video length: <time datetime="{video.iso_duration}">'
            f"{escape(video.duration_text)}</time></span>"
        )
    title_class = "app-video__title" if video.title_shown else "app-video__title app-visually-hidden"
    transcript = ""
    if video.transcript_html:
        transcript = (
            '\n  <details class="app-video__transcript">\n'
            f'    <summary class="app-video__summary" data-pagefind-ignore>Read the transcript<span class="app-visually-hidden">: {title}</span></summary>\n'
            f'    <div class="app-video__transcript-body">\n{video.transcript_html.strip()}\n    </div>\n'
            "  </details>"
        )
    # The button says where pressing it connects, as nothing is requested from the host before: a reader who would
    # rather YouTube did not know they watched a film about self-harm can choose the transcript instead.
    # The player area and its button stay hidden until video.js runs: without JavaScript the
    # reader gets the watch link, not a button that does nothing. The title is shown once, in the caption;
    # the button, link and transcript repeat it only for screen readers, which hear each on its own.
    # Search reads the title and the transcript, never the player's own words ("Play video", "press CC"), which
    # otherwise filled the extract of every result with a video.
    # Markup: every value in it is escaped here.
    return Markup(
        f'<figure class="app-video" data-app-video data-embed-src="{escape(ref.embed_url())}" '
        f'data-video-title="{title}">\n'
        f'  <figcaption class="app-video__caption"><span class="{title_class}">{title}</span>{duration}</figcaption>\n'
        '  <div class="app-video__player" hidden data-pagefind-ignore>\n'
        f'    <button class="app-video__play" type="button" disabled><span class="app-video__label">Play video'
        f'<span class="app-visually-hidden">: {title}.</span><br> Connects to {ref.provider_name}'
        '</span></button>\n'
        "  </div>\n"
        f'  <p class="app-video__watch" data-pagefind-ignore><a href="{escape(ref.watch_url())}" rel="noopener">'
        f'Watch on {ref.provider_name}<span class="app-visually-hidden">: {title}</span></a></p>\n'
        f'  <p class="app-video__captions" data-pagefind-ignore>{escape(captions_note)}</p>'
        f"{transcript}\n"
        "</figure>"
    )
