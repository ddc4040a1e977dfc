"""Pure: every id in a post's or page's body is valid, unique on its page and never one the theme writes."""

from __future__ import annotations

import html
import re

# Ids the theme writes on its pages. A body's heading "## Need help" is given id="need-help" by Markdown:
# the first element with an id wins, so every page's "Need help now?" link would jump to the writer's heading
# instead of the crisis numbers. The theme's own are these, and any starting "app-" (its namespace).
THEME_IDS = frozenset(
    {
        "maincontent", "need-help", "series", "related-heading", "share-preview-title", "videos-without-captions",
        "agm-heading", "agm-next-heading", "latest-heading", "themes-heading", "groups-heading", "years-heading",
        "voices-chart-title", "voices-chart-desc",
    }
)
_THEME_PATTERN = re.compile(r"app-.*|year-\d+|series-\d+-heading")
# A body's id the theme owns is kept under this prefix, which no theme id starts with.
RENAMED_PREFIX = "text-"
# Sanitised HTML (nh3, then our plugins) double-quotes every attribute and escapes "<", ">" and '"' inside it,
# so a tag ends at its first ">" and ' id="' inside a tag always starts an id attribute.
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_ID = re.compile(r'\sid="([^"]*)"')
# A link to a place on the same page: its name is spelt as the ids are (a footnote "[^a b]" links to "#fn:a b").
_FRAGMENT = re.compile(r'(\shref="#)([^"]*)(")')


def _spelt(value):
    """Return an id or fragment as the page spells it: no spaces (runs become one hyphen)."""
    return "-".join(html.unescape(value).split())


def theme_owns(value):
    """Return True when the theme writes an element with the id ``value`` on some page."""
    return value in THEME_IDS or bool(_THEME_PATTERN.fullmatch(value))


def unique_ids(body):
    """Return ``body`` with each id valid (no spaces, not empty), unique and not the theme's; first seen keeps its own."""
    used = set()

    def one_id(match):
        value = _spelt(match.group(1))
        if not value:
            return ""  # an empty id names nothing and is invalid HTML
        if theme_owns(value):
            value = RENAMED_PREFIX + value
        candidate, number = value, 1
        while candidate in used:
            number += 1
            candidate = f"{value}-{number}"
        used.add(candidate)
        return f' id="{html.escape(candidate, quote=True)}"'

    def one_fragment(match):
        return f"{match.group(1)}{html.escape(_spelt(match.group(2)), quote=True)}{match.group(3)}"

    def one_tag(match):
        tag = match.group(0)
        if ' href="#' in tag:
            tag = _FRAGMENT.sub(one_fragment, tag)
        return _ID.sub(one_id, tag) if ' id="' in tag else tag

    return _TAG.sub(one_tag, body) if body and (' id="' in body or ' href="#' in body) else body


def make_ids_unique(content):
    """Give a post's, page's or AGM summary's body (transcripts inlined) ids of its own."""
    if getattr(content, "_content", None):
        content._content = unique_ids(content._content)
