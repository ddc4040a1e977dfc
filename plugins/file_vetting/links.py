"""Pure: name the type and size of a document a post's text links to, "Annual report (PDF, 2.1 MB)".

A reader on a phone should know before tapping that a link downloads a file, of what kind and how big
(GOV.UK and NHS pages do the same). Works on the sanitised body, whose tags and quotes are regular.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath
from urllib.parse import unquote

from inmind.urls import path_of, split

from .kinds import MB

# The documents readers are told about, by ending, with the words that show a link already names the type
# (so "Minutes (Word, 40 KB)" or "the PDF of the report" is left as written). Each label matches its own words,
# so labelling twice changes nothing. Pictures and plain text open in the browser and are not labelled.
_WORD = r"\b(?:docx?|(?:microsoft|ms)\s+word|word\s+(?:document|file|doc|version))\b|\(\s*word\b"
_EXCEL = r"\b(?:xlsx?|excel)\b"
_POWERPOINT = r"\b(?:pptx?|power\s?point)\b"
_ODF = r"\b(?:od[tsp]|open\s?document)\b"
DOCUMENTS = {
    ".pdf": ("PDF", r"\bpdf\b"),
    ".docx": ("Word document", _WORD), ".doc": ("Word document", _WORD),
    ".xlsx": ("Excel spreadsheet", _EXCEL), ".xls": ("Excel spreadsheet", _EXCEL),
    ".pptx": ("PowerPoint presentation", _POWERPOINT), ".ppt": ("PowerPoint presentation", _POWERPOINT),
    ".odt": ("OpenDocument text", _ODF), ".ods": ("OpenDocument spreadsheet", _ODF),
    ".odp": ("OpenDocument presentation", _ODF),
}
# One link of sanitised HTML (nh3 writes every attribute in double quotes, and never nests links).
LINK = re.compile(r'(<a\b[^>]*?\bhref="([^"]*)"[^>]*>)(.*?)(</a>)', re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")
LOCAL = re.compile(r"^(?:\{(?:static|attach)\}|\|(?:static|attach)\|)")
# What follows a link and may already say its type: "(PDF, 2 MB)" written after it.
AFTER = re.compile(r"\s*\(([^()<]*)\)")


def human_size(size):
    """Return a file size as readers see it on GOV.UK and NHS pages: "2.1 MB", "48 KB"."""
    kilobytes = round(size / 1024)
    if kilobytes < 1024:
        return f"{max(1, kilobytes)} KB"
    return f"{size / MB:.1f} MB"


def document_type(address):
    """Return the (label, words) of the document an address ends with, or None for any other address."""
    return DOCUMENTS.get(PurePosixPath(unquote(path_of(address))).suffix.lower())


def linked_file(address, item_dir, *, forms=LOCAL, from_root=True):
    """Return the content-relative path a local address names, or None; the one rule for links and pictures.

    ``forms`` matches the prefixes read as a file of the site ({static} and {attach} by default); with
    ``from_root`` an address from the site's root ("/documents/a.pdf") counts too. A path that climbs out of
    the content folder names nothing.
    """
    match = forms.match(address)
    if match:
        written = split(address[match.end():])
    elif from_root and address.startswith("/") and not address.startswith("//"):
        written = split(address)
    else:
        return None
    if written is None:
        return None  # "{static}//[zz]/a.pdf": no browser can open it, so it names no file
    path = unquote(written.path)
    base = PurePosixPath("/") if path.startswith("/") else PurePosixPath("/") / item_dir
    parts = []
    for part in (base / path.lstrip("/")).parts[1:]:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) or None


def is_external(address):
    """Return True for a web address on another site (its size is not ours to know)."""
    parts = split(address)
    return parts is not None and parts.scheme.lower() in ("http", "https")


def note(address, size_of, said=""):
    """Return what a link to ``address`` tells readers, "PDF, 2.1 MB", or None: the one wording for posts and AGM pages.

    ``size_of(address)`` returns the published file's size in bytes, or None when it is not a file of this site;
    another site's document gets its type only. None for an address that is no document, for a file the site
    does not publish (the link check and the vetting say why), and when ``said`` (the link's text) names the type.
    """
    found = document_type(address)
    if not found or re.search(found[1], said, re.IGNORECASE):
        return None
    if is_external(address):
        return found[0]
    size = size_of(address)
    return None if size is None else f"{found[0]}, {human_size(size)}"


def label(body, size_of):
    """Return ``body`` with " (PDF, 2.1 MB)" at the end of each document link's text that does not name its type."""
    def one(match):
        opening, address, text, closing = match.groups()
        after = AFTER.match(body, match.end())
        said = " ".join(html.unescape(TAG.sub(" ", text)).split()) + (f" ({after.group(1)})" if after else "")
        found = note(html.unescape(address), size_of, said)
        return f"{opening}{text} ({html.escape(found)}){closing}" if found else match.group(0)

    return LINK.sub(one, body)
