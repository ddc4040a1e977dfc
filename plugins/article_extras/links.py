"""Pure: give links that leave the site a ``rel`` (e.g. ``noopener``) without touching anything else."""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit


def is_external(href, site_host=""):
    """Return True when ``href`` points to another website."""
    parts = urlsplit((href or "").strip())
    if parts.scheme not in ("http", "https") and not (not parts.scheme and parts.netloc):
        return False
    return bool(parts.netloc) and parts.hostname != (site_host or None)


class _AnchorFinder(HTMLParser):
    """Record each external <a> start tag: its offset in the text, original source and attributes."""

    def __init__(self, site_host):
        super().__init__(convert_charrefs=True)
        self.site_host = site_host
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and is_external(dict(attrs).get("href"), self.site_host):
            self.found.append((self.getpos(), self.get_starttag_text(), attrs))

    handle_startendtag = handle_starttag


def _with_rel(attrs, tokens):
    attrs = list(attrs)
    for i, (name, value) in enumerate(attrs):
        if name == "rel":
            have = (value or "").split()
            attrs[i] = ("rel", " ".join(have + [t for t in tokens if t not in have]))
            return attrs
    return attrs + [("rel", " ".join(tokens))]


def _render_tag(attrs):
    parts = ["<a"]
    for name, value in attrs:
        parts.append(f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"')
    return "".join(parts) + ">"


def add_rel(html, rel, site_host=""):
    """Return ``html`` with every token of ``rel`` on each external link; other markup is left byte for byte."""
    tokens = rel.split()
    if not html or not tokens or "<a" not in html.lower():
        return html
    finder = _AnchorFinder(site_host)
    finder.feed(html)
    finder.close()
    if not finder.found:
        return html
    # HTMLParser reports (line, column); turn those into offsets in the original text.
    line_starts = [0]
    for index, char in enumerate(html):
        if char == "\n":
            line_starts.append(index + 1)
    out, last = [], 0
    for (line, column), original, attrs in finder.found:
        start = line_starts[line - 1] + column
        updated = _with_rel(attrs, tokens)
        out.append(html[last:start])
        out.append(original if updated == attrs else _render_tag(updated))
        last = start + len(original)
    out.append(html[last:])
    return "".join(out)
