"""Pure: which video lines Markdown made a paragraph of their own, the only place a player can go.

The build replaces each such paragraph in the page's HTML; the check renders the text the same way and
asks the same question, so a link that shares its paragraph with other text is refused by both, in one set
of words.
"""

from __future__ import annotations

import re
from html import unescape

from inmind.errors import Problem

from . import providers

# A paragraph that is only a link, or only a bare address (Markdown leaves bare addresses as text).
PARAGRAPH = re.compile(
    r"<p>\s*(?:<a\b[^>]*?\shref=\"(?P<href>[^\"]*)\"[^>]*>(?P<text>(?:(?!</?a\b).)*?)</a>|(?P<bare>[^<>\s]+))\s*</p>", re.DOTALL
)
TAG = re.compile(r"<[^>]+>")
_MARKDOWN = {}


def text_of(html):
    """Return the text of an HTML fragment, tags removed, entities read and spaces collapsed."""
    return " ".join(unescape(TAG.sub("", html)).split())


def video_at(match, pending):
    """Return (and take from ``pending``) the Candidate a PARAGRAPH match shows, or None if it is no video."""
    href, text = match.group("href"), match.group("text")
    if href is not None:
        url, label = unescape(href).strip(), text_of(text)
        if label.lower().startswith("video:"):
            kind = "short"
        elif label == url or providers.looks_like_video_url(url) and url.endswith(label):
            kind = "bare"
        else:
            return None
    else:
        url, label, kind = unescape(match.group("bare")).strip(), "", "bare"
    if kind == "bare" and not providers.looks_like_video_url(url):
        return None
    for index, found in enumerate(pending):
        if found.url == url:
            return pending.pop(index)
    return None


def unplaced(html, candidates):
    """Return the candidates that are not a paragraph of their own in ``html``, in order."""
    pending = list(candidates)
    for match in PARAGRAPH.finditer(html):
        video_at(match, pending)
    return pending


def unplaced_problem(path, found):
    """Return the problem with a video link that shares its paragraph with other text."""
    return Problem(path, found.line, "error", "a video link must be a paragraph of its own",
                   "leave a blank line before and after the link, and put nothing else on its line")


def render(source, pelican_settings):
    """Return the HTML the build's Markdown makes of a file's body (``source`` from inmind.source.parse)."""
    config = pelican_settings.get("MARKDOWN") or {}
    key = repr(config)
    if key not in _MARKDOWN:
        from markdown import Markdown

        md = Markdown(**config)
        # The header is already read (inmind.source.parse), as the build's reader reads it.
        md.preprocessors.deregister("meta", strict=False)
        _MARKDOWN[key] = md
    md = _MARKDOWN[key]
    md.reset()
    return md.convert(source.markdown_body())
