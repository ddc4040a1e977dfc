"""Read a Markdown content file's metadata header the way Pelican does, but keep each field's line number.

Pelican reads ``Key: value`` lines with Python-Markdown's ``meta`` extension: the header ends at the
first blank line (or ``---``/``...``), keys are case-insensitive, a repeated key gives a list, and a line
indented by four spaces continues the previous value. This module follows the same rules exactly, except in what
is read: a continued value is one text, and a repeated field is read once unless it takes one line per value.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field, replace

from inmind.fields import REPEATED

# Limits of what the build can make from a file: the slug becomes a file name, and the disk refuses
# names longer than 255 bytes, so titles (which make the slug) and slugs are kept well below that.
TITLE_MAX = 150
SLUG_MAX = 150
# A published file's name, in bytes as the disk counts them: the site writes copies beside it with longer
# names ("NAME-1280w.0123456789.webp", "NAME.br"), which must stay under the disk's 255.
FILE_NAME_MAX = 200
# The text a new file (./dev new) starts with wherever the writer must write their own: the checks warn while
# it is left, and the consent check counts a Consent: line still holding it as no consent at all.
PLACEHOLDER = "Replace this"
# An HTML tag; in a title it is refused (title_problems), in a body's prose it is skipped over.
TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w-]*[^<>]*>")

# The same patterns as markdown.extensions.meta, so both read the same header.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass(frozen=True)
class Field:
    """One ``Key: value`` line (or a continuation line of one)."""

    key: str  # lower case, as Pelican sees it
    name: str  # as written
    value: str
    line: int
    continued: bool = False  # an indented line that continues the previous value


@dataclass
class Source:
    """A content file split into its metadata header and its body."""

    fields: list[Field] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # line number of the body's first line
    lines: list[str] = field(default_factory=list)  # every line of the file, normalised as Markdown does

    def joined(self):
        """Return the fields with each one's continuation lines joined to its value by a space.

        Markdown's meta extension makes a continued field a list, which Pelican printed as "['A post', 'more']"
        (a title) or could not read at all (a summary, a series); a continuation line continues the text.
        """
        if not any(f.continued for f in self.fields):
            return self.fields  # nearly every file: nothing to join, nothing copied
        out = []
        for f in self.fields:
            if f.continued and out and out[-1].key == f.key:
                out[-1] = replace(out[-1], value=" ".join(filter(None, (out[-1].value, f.value))))
            else:
                out.append(f)
        return out

    def grouped(self):
        """Return ``{key: [values]}``: every value of a field that may repeat, only the first of any other.

        The checks refuse a field given twice at its second line (inmind/check_file.py); what is read is the first,
        so no plugin is handed a list where it reads one value ("In Mind" twice as a series' name).
        """
        values = {}
        for f in self.joined():
            given = values.setdefault(f.key, [])
            if not given or f.key in REPEATED:
                given.append(f.value)
        return values

    @property
    def metadata(self):
        """Return ``{key: value}`` with raw strings, or a list for a repeated Highlight:, Transcript: or Captions:."""
        return {key: v[0] if len(v) == 1 else v for key, v in self.grouped().items()}

    def value(self, key):
        """Return the first value of ``key`` (any case), its continuation lines joined, or None."""
        key = key.lower()
        return next((f.value for f in self.joined() if f.key == key), None)

    def values(self, key):
        """Return every value of ``key`` with its line, as ``[(value, line)]``."""
        key = key.lower()
        return [(f.value, f.line) for f in self.joined() if f.key == key]

    def line(self, key, default=None):
        """Return the line of the first ``key`` field, or ``default``."""
        key = key.lower()
        return next((f.line for f in self.fields if f.key == key), default)

    def markdown_body(self):
        """Return the body as Python-Markdown would see it after reading the header itself (its meta extension)."""
        body = self.lines[self.body_line - 1:]
        # Markdown empties lines of spaces that follow a line end; in the whole file the body's first line
        # follows one, on its own it does not.
        if body and body[0] and not body[0].strip(" "):
            body = ["", *body[1:]]
        return "\n".join(body)

    def body_lines(self):
        """Yield ``(line number, text)`` for each body line."""
        for offset, text in enumerate(self.body.split("\n")):
            yield self.body_line + offset, text


def decode(data):
    """Return a file's bytes as text the way Pelican reads a file: UTF-8 without a byte-order mark, Unix line ends."""
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def normalise(text):
    """Return ``text`` as Python-Markdown sees it: no byte-order mark, Unix line ends, tabs expanded.

    (Markdown also drops STX and ETX, its own markers; they stay here, so that a rule sees them and the
    sanitiser removes them from metadata either way.)
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.expandtabs(4)


def parse(text):
    """Split a Markdown file's text into metadata fields (with line numbers) and body."""
    lines = normalise(text).split("\n")
    source = Source(lines=lines)
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    key = name = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or END_RE.match(line):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            key, name = match.group("key").lower().strip(), match.group("key")
            source.fields.append(Field(key, name, match.group("value").strip(), index + 1))
        else:
            more = META_MORE_RE.match(line)
            if not (more and key):
                break
            source.fields.append(Field(key, name, more.group("value").strip(), index + 1, continued=True))
        index += 1
    source.body_line = index + 1
    source.body = "\n".join(lines[index:])
    return source


_BACKTICKS = re.compile(r"`+")


def blank_code_spans(text):
    """Return ``text`` with each code span (a run of backticks up to the next run of the same length) as spaces.

    Found run by run, in linear time: a backtracking pattern took minutes on a line of 2,000 backticks.
    """
    if "`" not in text:
        return text
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    by_length = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    pieces, done, index = [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        after = bisect.bisect_right(same, index)
        if after == len(same):
            index += 1  # no closing run of this length: the backticks are text
            continue
        close = runs[same[after]][1]
        pieces += [text[done:start], " " * (close - start)]
        done, index = close, same[after] + 1
    return "".join(pieces) + text[done:]


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)")


def prose_lines(source):
    """Return ``[(line number, text)]`` for body lines outside code blocks (fenced or indented)."""
    cached = source.__dict__.get("_prose_lines")
    if cached is None:
        cached = source.__dict__["_prose_lines"] = [(n, t) for n, t, kind in _body_kinds(source) if kind == "prose"]
    return cached


def indented_code_lines(source):
    """Return ``[(line number, text)]`` for body lines Markdown shows as an indented code block."""
    return [(n, t) for n, t, kind in _body_kinds(source) if kind == "indented"]


def _body_kinds(source):
    """Yield ``(line number, text, kind)`` for body lines; kind is "prose", "fenced" or "indented" (code)."""
    fence = None
    previous_blank = True
    in_list = False
    for number, text in source.body_lines():
        if fence:
            stripped = text.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
            yield number, text, "fenced"
            continue
        opening = _FENCE.match(text)
        if opening:
            fence = opening.group(1)
            yield number, text, "fenced"
            continue
        blank = not text.strip()
        # Markdown counts a tab as four spaces: a line starting with one is indented as deeply.
        indented = text.expandtabs(4).startswith("    ")
        if _LIST_ITEM.match(text):
            in_list = True
        elif not blank and not indented:
            in_list = False
        if indented and previous_blank and not in_list and not blank:
            # an indented code block: previous_blank stays True so its following lines are code too
            yield number, text, "indented"
            continue
        previous_blank = blank
        yield number, text, "prose"


# A date written with slashes or dots, day first as people in the UK write it: 05/12/2026 or 5.12.26 09:00.
SLASH_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?=[\sT]|$)(.*)$", re.DOTALL)


def day_first(value):
    """Return a slash date such as ``05/12/2026 09:00`` as ISO (``2026-12-05 09:00``); other text unchanged."""
    match = SLASH_DATE.match(value)
    if not match:
        return value
    day, month, year, rest = match.groups()
    # A two-digit year is this century: nobody here writes posts dated 1926.
    year = f"20{year}" if len(year) == 2 else year
    return f"{year}-{int(month):02d}-{int(day):02d}{rest}"


def read_date(value):
    """Return the datetime a ``Date:`` value means: slashes are read day first, the rest as Pelican reads it."""
    from pelican.utils import get_date

    return get_date(day_first(value.replace("_", " ")))


# Pelican hands a key given once as text and a repeated key as a list: these read either shape.
def as_list(value):
    """Return a metadata value given once (text) or repeated (a list) as a list of its non-empty texts."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value)
    return [str(v).strip() for v in values if str(v).strip()]


def first(value):
    """Return the first non-empty text of a metadata value given once or repeated, or an empty string."""
    values = as_list(value)
    return values[0] if values else ""


# The last text parse_shared() read and its Source, as one tuple so that a reader on another thread never
# sees the text of one call with the Source of another.
_last_parsed = (None, None)


def share(text, source):
    """Have ``parse_shared(text)`` return ``source``, which was parsed from that very text (or an equal one)."""
    global _last_parsed
    _last_parsed = (text, source)


def parse_shared(text):
    """Return ``parse(text)``, shared by the callers that ask about the very same text one after another.

    The checks hand each plugin's check one file's text in turn: the first parses it, the others get the
    same Source (and its prose_lines), so a file is not parsed again for every plugin. Treat it as read-only.
    """
    global _last_parsed
    last_text, last_source = _last_parsed
    if last_text is text:
        return last_source
    source = parse(text)
    _last_parsed = (text, source)
    return source


def _has_markup(text):
    """Return True when a title holds a tag or comment, also when written with entities such as &#60;."""
    decoded = html.unescape(text)
    return bool(TAG.search(decoded) or "<!--" in decoded or re.search(r"&lt;\s*/?\s*[a-z]", decoded, re.IGNORECASE))


def title_problems(title):
    """Return ``[(check id, message, hint)]`` for what stops ``title`` being a title: HTML in it, or its length.

    The one title rule: the checks report it at the Title: line, and ``./dev new`` refuses the title with it.
    """
    title = (title or "").strip()
    found = []
    if title and _has_markup(title):
        found.append(("title-html", "the title contains HTML; titles are plain text", "remove the tags (such as "
                      "<em>); the title is shown as written in lists, tabs and search results"))
    if len(title) > TITLE_MAX:
        found.append(("title-long", too_long("the title", len(title), TITLE_MAX),
                      "shorten it to a headline; put the rest in the Summary: or the text"))
    return found


def too_long(what, length, limit):
    """Return the one message for a name over its length limit: "the slug is 200 characters long; …"."""
    return f"{what} is {length} characters long; the limit is {limit}"


SERIES_INDEX_HINT = "write the post's number in the series, such as 3"


def series_index_problem(value):
    """Return the message when ``Series_index:`` is not a part number (1 to 9999), which the series plugin needs."""
    text = value.strip()
    if re.fullmatch(r"[0-9]{1,4}", text) and int(text) >= 1:
        return None
    return f'Series_index "{text}" is not the post\'s number in the series (a whole number from 1 to 9999)'


def slug_problem(slug):
    """Return ``(check id, message, hint)`` when ``slug`` is too long to be a file name, or None."""
    if len(slug) <= SLUG_MAX:
        return None
    return ("slug-long", too_long("the Slug: line", len(slug), SLUG_MAX),
            "use a few words that say what the post is about, such as 'our-garden'")
