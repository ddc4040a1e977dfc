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
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*>")
_ID = re.compile(r'\sid="([^"]*)"')
# A cell's headers= lists the ids of <th> cells of its own table, separated by HTML's (ASCII) spaces.
_HEADERS = re.compile(r'\sheaders="([^"]*)"')
_TOKENS = re.compile(r"[ \t\n\f\r]+")
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
    return _label(body)[0]


def unknown_headers(body):
    """Return (name, the table's header ids) for each headers= name that no <th> of its table has as its id."""
    return _label(body)[1]


def _label(body):
    """Return ``body`` with ids made unique and each cell's headers= following them, and the names it dropped."""
    if not body or (' id="' not in body and ' href="#' not in body and ' headers="' not in body):
        return body, []
    used = set()
    tables = []  # for each table, in the order they open: a <th>'s id as written -> its id on the page

    def one_id(match, renamed):
        value = _spelt(match.group(1))
        if not value:
            return ""  # an empty id names nothing and is invalid HTML
        written = value
        if theme_owns(value):
            value = RENAMED_PREFIX + value
        candidate, number = value, 1
        while candidate in used:
            number += 1
            candidate = f"{value}-{number}"
        used.add(candidate)
        renamed.append((written, candidate))
        return f' id="{html.escape(candidate, quote=True)}"'

    def one_fragment(match):
        return f"{match.group(1)}{html.escape(_spelt(match.group(2)), quote=True)}{match.group(3)}"

    def one_tag(match, open_tables):
        tag, name = match.group(0), _opened(match, tables, open_tables)
        if name is None:
            return tag
        if ' href="#' in tag:
            tag = _FRAGMENT.sub(one_fragment, tag)
        if ' id="' not in tag:
            return tag
        renamed = []
        tag = _ID.sub(lambda m: one_id(m, renamed), tag)
        if name == "th" and open_tables and renamed:
            tables[open_tables[-1]].setdefault(*renamed[0])  # the first <th> with an id is the one it names
        return tag

    opened = []
    body = _TAG.sub(lambda m: one_tag(m, opened), body)
    if ' headers="' not in body:
        return body, []
    missing, walked = [], []

    def one_cell(match, open_tables):
        tag, name = match.group(0), _opened(match, walked, open_tables)
        if name not in ("td", "th") or ' headers="' not in tag:
            return tag
        ids = tables[open_tables[-1]] if open_tables else {}
        kept = []
        for written in _TOKENS.split(html.unescape(_HEADERS.search(tag).group(1)).strip()):
            page_id = ids.get(_spelt(written)) if written else None
            if page_id and page_id not in kept:
                kept.append(page_id)
            elif written and not page_id:
                missing.append((written, sorted(ids)))
        return _HEADERS.sub(f' headers="{html.escape(" ".join(kept), quote=True)}"' if kept else "", tag)

    opened = []
    return _TAG.sub(lambda m: one_cell(m, opened), body), missing


def _opened(match, tables, open_tables):
    """Follow which table a tag is in; return the start tag's name, or None for an end tag."""
    name = match.group(2).lower()
    if match.group(1):
        if name == "table" and open_tables:
            open_tables.pop()
        return None
    if name == "table":
        tables.append({})
        open_tables.append(len(tables) - 1)
    return name


def make_ids_unique(content):
    """Give a post's, page's or AGM summary's body (transcripts inlined) ids of its own."""
    if getattr(content, "_content", None):
        content._content = unique_ids(content._content)
