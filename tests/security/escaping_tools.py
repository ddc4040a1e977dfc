"""Helpers for the escaping tests: tiny hostile sites, and what every output byte must (not) hold."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import brotli

# Scripts the theme itself loads (and the editor's, under /admin/); any other <script> came from content.
THEME_SCRIPTS = ("/theme/js/search", "/theme/js/video", "/admin/inmind-", "/admin/decap-cms.js")
CRISIS = "116 123"
SCHEMA_AUTHOR = {"name": "Sam Plain", "slug": "sam-plain", "roles": ["Peer worker"], "bio": "Sam writes plainly."}


def plugins_without_editor(settings_file):
    """Return the PLUGINS of ``settings_file`` without the editor.

    The editor's page holds no metadata, and compressing its bundle would make each tiny build slow.
    """
    from inmind.build import load_settings

    return [p for p in load_settings(settings_file)["PLUGINS"] if p != "editor"]


def toml_string(value):
    """Return ``value`` as a TOML basic string (controls and DEL escaped)."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def authors_toml(name, bio, roles, slug="sam-plain"):
    """Return an authors registry with one author."""
    role_list = ", ".join(toml_string(r) for r in roles)
    return (
        f"[[author]]\nname = {toml_string(name)}\nslug = {toml_string(slug)}\nroles = [{role_list}]\n"
        f'role_group = "service-user"\nbio = {toml_string(bio)}\nanonymous = false\n'
    )


def metadata_block(fields):
    """Return Markdown metadata lines for ``[(key, value)]``."""
    return "".join(f"{key}: {value}\n" for key, value in fields)


POST_BODY = "Some plain words about working together on a ward, written for the test.\n"
AGM_BODY = "The meeting looked back on the year.\n"


def site_files(post=(), agm=(), author=None):
    """Return the files of a tiny site: one post, one AGM summary and the authors registry.

    ``post`` and ``agm`` are extra or replacement metadata ``(key, value)`` pairs; ``author`` overrides
    the registry entry's ``name``, ``bio`` or ``roles``.
    """
    who = {**SCHEMA_AUTHOR, **(author or {})}
    post_fields = dict(
        [("Title", "A plain post"), ("Date", "2020-05-14 09:00"), ("Author", who["name"]),
         ("Summary", "A plain summary."), ("Themes", "recovery"), ("Slug", "post")]
    )
    post_fields.update(dict(post))
    agm_fields = dict(
        [("Title", "Annual General Meeting 2020"), ("Date", "2020-09-25 14:00"), ("Author", who["name"]),
         ("Summary", "A plain meeting summary."), ("Venue", "Town Hall, High Street, Bootle L20 7AE"),
         ("Slug", "agm-2020")]
    )
    highlights = [value for key, value in agm if key == "Highlight"]
    agm_fields.update({key: value for key, value in agm if key != "Highlight"})
    agm_text = metadata_block(agm_fields.items()) + "".join(f"Highlight: {h}\n" for h in highlights)
    return {
        "authors.toml": authors_toml(who["name"], who["bio"], who["roles"], who["slug"]),
        "blog/2020/post.md": metadata_block(post_fields.items()) + "\n" + POST_BODY,
        "agm/2020.md": agm_text + "\n" + AGM_BODY,
        "pages/about.md": "Title: About\nSummary: About the site.\n\nAbout us.\n",
    }


def read_bytes(path: Path) -> bytes:
    """Return a file's bytes, decompressed when it is a .gz, .br or Pagefind file."""
    raw = path.read_bytes()
    if path.suffix == ".br":
        return brotli.decompress(raw)
    if path.suffix == ".gz" or raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    return raw


class Page(HTMLParser):
    """One HTML document tokenised the way a browser does: its start tags (with attributes) and scripts."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.scripts = []
        self.text = []
        self._script = None
        self.feed(text)
        # html.parser reads an unclosed "<!--" as text; a browser hides everything after it.
        if "<!--" in text:
            self.tags.append(("!--", {}))
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = [dict(attrs), ""]

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        else:
            self.text.append(data)

    def handle_comment(self, data):
        self.tags.append(("!--", {}))

    @property
    def names(self):
        """Return the sequence of tag names (comments as ``!--``)."""
        return [name for name, _ in self.tags]

    @property
    def visible(self):
        """Return the page's text, whitespace collapsed."""
        return " ".join("".join(self.text).split())


def assert_harmless_html(text, where):
    """Fail when a page has an event attribute, <base>, a meta refresh or a script that is not the theme's."""
    page = Page(text)
    for name, attrs in page.tags:
        assert name != "!--", f"{where}: an HTML comment in the output"
        assert name != "base", f"{where}: a <base> element"
        events = [a for a in attrs if a.startswith("on")]
        assert not events, f"{where}: event attribute {events} on <{name}>"
        if name == "meta":
            assert (attrs.get("http-equiv") or "").lower() != "refresh", f"{where}: a meta refresh"
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/ld+json":
            assert not attrs.get("src")
            json.loads(body)  # still one whole JSON value: nothing ended or commented it
            assert "<" not in body, f"{where}: a raw < inside JSON-LD"
        else:
            src = attrs.get("src") or ""
            assert src and any(s in src for s in THEME_SCRIPTS), f"{where}: a script that is not the theme's: {attrs}"
            assert not body.strip(), f"{where}: an inline script"
    if "<footer" in text:
        assert CRISIS in page.visible, f"{where}: the crisis numbers in the footer are gone"
    return page


def assert_harmless_feed(text, where):
    """Fail when an Atom feed is not well formed, or the HTML inside it is not harmless."""
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2005/Atom}"
    for element in root.iter():
        if element.tag in (f"{ns}summary", f"{ns}content") and element.get("type") == "html" and element.text:
            assert_harmless_html(element.text, f"{where} <{element.tag[len(ns):]}>")
    return root


def assert_output_harmless(output: Path):
    """Check every output file (compressed copies and Pagefind's files decompressed, names included)."""
    checked = 0
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = path.relative_to(output).as_posix()
        assert not any(c in rel for c in '<>"\'`\\') and rel.isprintable(), f"odd output file name {rel!r}"
        data = read_bytes(path)
        name = rel.removesuffix(".gz").removesuffix(".br")
        if name.endswith(".html"):
            assert_harmless_html(data.decode("utf-8"), rel)
        elif name.endswith(".xml") and name.startswith("feeds/"):
            assert_harmless_feed(data.decode("utf-8"), rel)
        elif name.endswith(".xml"):
            ET.fromstring(data)
        checked += 1
    return checked
