"""The editorial checker: every content file, every problem, in one run, as ``path:line`` messages.

Run as ``python -m inmind.check [--settings FILE] [--path CONTENT] [--fatal-warnings] [FILE ...]``
(``invoke check``). ``invoke build`` and ``invoke publish`` run the same checks first, through
``preflight()``. Each finding has a check id (shown in brackets) whose severity the ``CHECKS`` setting
can change; the plugins' own ``checks.check()`` functions report what would stop their part of the build.
The checker never raises: whatever is in a file, the result is a list of problems.
"""

from __future__ import annotations

import argparse
import calendar
import dataclasses
import datetime
import difflib
import fnmatch
import hashlib
import html
import json
import logging
import multiprocessing
import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from inmind import check_settings, checklist
from inmind.config import load_settings, provided
from inmind.errors import ContentError, Problem, did_you_mean
from inmind.scaffold import PLACEHOLDER
from inmind.source import SLUG_MAX, TITLE_MAX, day_first, parse, prose_lines, read_date

ROOT = Path(__file__).resolve().parent.parent
# Bytes that never appear in text files (tab, line feed, form feed and carriage return excepted).
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Files people sometimes drop into a content folder by mistake; Pelican skips them silently.
DOCUMENT_SUFFIXES = (".txt", ".doc", ".docx", ".rtf", ".odt", ".pages", ".pdf")
HTML_SUFFIXES = (".html", ".htm")
STATUSES = ("published", "draft", "hidden", "skip", "withdrawn")
# Metadata Pelican, its series plugin and our plugins understand; used only to spot misspellings.
KNOWN_METADATA = (
    "title", "date", "modified", "author", "authors", "slug", "summary", "status", "category", "tags", "lang",
    "translation", "template", "save_as", "url", "series", "series_index", "themes", "auto-themes", "transcript",
    "author-role", "role-group", "venue", "attendance", "annual-report", "annual-report-title", "minutes",
    "highlight", "consent", "content-note", "reviewed", "review-due", "crisis-help", "share-image", "share-image-alt",
)
# Pelican keeps only the first of these when they are repeated (and logs a warning).
SINGLE_METADATA = ("title", "date", "modified", "status", "category", "author", "authors", "slug", "save_as", "url",
                   "summary", "tags")
TAG = re.compile(r"<\s*/?\s*[A-Za-z][\w-]*[^<>]*>")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
TEXT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
URL = r"<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*"
INLINE_LINK = re.compile(rf"(!?)\[({TEXT})\]\(\s*({URL})(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE_LINK = re.compile(rf"(!?)\[({TEXT})\] ?\[([^\[\]]*)\]")
REFERENCE_DEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>", re.IGNORECASE)
RAW_IMG = re.compile(r"<img\b([^<>]*)>", re.IGNORECASE)
RAW_LINK = re.compile(r"<a\b([^<>]*)>(.{0,500}?)</a\s*>", re.IGNORECASE)
RAW_ATTR = re.compile(r"([\w:-]+)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
ATX_HEADING = re.compile(r"^(#{1,6})(?!#)(.*)$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
RAW_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*([-*+]|\d{1,9}[.)])\s+")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]|$)")
FILENAME_ALT = re.compile(
    r"[\w\-. ()]+\.(?:png|jpe?g|gif|svg|webp|avif|bmp|tiff?|heic)|(?:img|image|dsc|pic|photo|screenshot|screen shot)"
    r"[\s_-]*[\d_-]*",
    re.IGNORECASE,
)
PROPER_NOUNS = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*")
LINK_PREFIX = re.compile(r"^(?:\{(filename|static|attach|author|category|tag|index)\}|\|(filename|static|attach)\|)")
HINTS = {
    "title": "add a line such as 'Title: Why co-production matters' at the top of the file",
    "date": "write the date as YYYY-MM-DD HH:MM, for example 'Date: 2019-02-28 09:00'",
    "summary": "add 'Summary:' with one or two plain sentences; it is shown in lists, search results and link previews",
    "alt": "describe what the image shows for people who cannot see it: ![Volunteers planting the ward garden](...)",
    "fault": "this is a fault in the site's code, not in your writing; tell the web team and include this message",
}


@dataclasses.dataclass
class Item:
    """One content file and what the checks learnt about it."""

    path: Path
    rel: str  # relative to the content folder, with /
    folder: str
    text: str | None = None
    source: object = None
    status: str = "published"
    date: datetime.datetime | None = None
    slug: str | None = None
    lang: str | None = None
    url: str | None = None
    save_as: str | None = None
    slug_line: int | None = None

    @property
    def unpublished(self):
        """Return True when the publish build leaves this file out (draft or scheduled)."""
        return self.status in ("draft", "skip", "withdrawn")


class Report:
    """Collects findings; each has a check id whose severity the CHECKS setting decides."""

    def __init__(self, config):
        self.config = config
        self.entries = []  # (item or None, Problem)

    def add(self, check_id, item, line, message, hint=None):
        """Record one finding of check ``check_id`` about ``item`` (an Item, or a path)."""
        severity = check_settings.severity(self.config, check_id)
        if severity == "off":
            return
        path = str(item.path) if isinstance(item, Item) else (str(item) if item else None)
        self.entries.append((item if isinstance(item, Item) else None,
                             Problem(path, line, severity, f"{message} [{check_id}]", hint)))

    def add_problem(self, item, problem):
        """Record a problem reported by a plugin's checks."""
        self.entries.append((item, problem))


# --- Reading files -------------------------------------------------------------------------------------------


def _line_of_offset(data, offset):
    return data.count(b"\n", 0, offset) + 1


def _utf16(sample):
    """Return True when ``sample`` is UTF-16 text: a byte-order mark, or a zero byte beside every ASCII letter."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    even, odd = sample[0::2], sample[1::2]
    return len(sample) >= 8 and (even.count(0) > 0.9 * len(even) or odd.count(0) > 0.9 * len(odd))


def _read(item, data, report, config):
    """Decode a file; report empty, binary, oversized or non-UTF-8 files. Return the text or None."""
    limit = config["max_file_kb"] * 1024
    if not data.strip():
        report.add("file-empty", item, 1, "the file is empty",
                   "write the post in it, starting with Title:, Date: and Summary: lines, or delete it")
        return None
    sample = data[:65536]
    if _utf16(sample):
        report.add("file-encoding", item, 1, "the file is saved as UTF-16 (\"Unicode\" in some editors); the site "
                   "reads only UTF-8", "open it in your editor, choose Save As, and pick the encoding 'UTF-8' "
                   "(in Notepad: Encoding > UTF-8)")
        return None
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if b"\x00" in sample or controls > max(8, len(sample) // 100):
        report.add("file-binary", item, 1, "this is not a text file (it looks like a picture, document or "
                   "program saved with a .md name)",
                   "save the text from your editor as plain text with a .md name; put images in content/images/")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        try:
            data.decode("cp1252")
            guess = " It looks like Windows (Western European) encoding."
        except UnicodeDecodeError:
            guess = ""
        report.add("file-encoding", item, _line_of_offset(data, exc.start),
                   f"the file is not saved as UTF-8 (unreadable byte 0x{byte:02X} on this line).{guess}",
                   "open it in your editor and save it again choosing the encoding 'UTF-8'")
        return None
    if len(data) > limit:
        report.add("file-size", item, 1, f"the file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                   f"{config['max_file_kb']} KB", "a post this big usually holds a pasted document or image data; "
                   "keep only the text, and put images in content/images/")
        return text, False
    return text, True


# --- Checks on one file --------------------------------------------------------------------------------------


# A metadata value longer than this is not a date, and parsing it only costs time.
DATE_MAX_CHARS = 64


def _parse_date(value):
    """Return the date the build reads from ``value``; raise ValueError for anything it could not use."""
    if len(value) > DATE_MAX_CHARS:
        raise ValueError(f"it is {len(value)} characters long")
    date = read_date(value)
    # dateutil accepts offsets such as +99:00 that Python's datetime cannot print or compare later on.
    try:
        date.isoformat()
    except ValueError:
        raise ValueError("the time zone is 24 hours or more away from UTC") from None
    return date


def _check_date(item, key, report, config, settings, *, required):
    src = item.source
    values = src.values(key)
    if not values:
        if required:
            report.add("date-missing", item, 1, "there is no Date: line", HINTS["date"])
        return None
    value, line = values[0]
    if not value.strip():
        if key == "date":
            report.add("date-missing", item, line, "Date: is empty", HINTS["date"])
        return None
    # One rule for slashes, the UK way: 05/12/2026 is 5 December (inmind.source.day_first, which the build uses too).
    slashed = day_first(value) != value
    iso = ISO_DATE.match(day_first(value))
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        if not 1 <= month <= 12:
            report.add("date-invalid", item, line, f'"{value}" has no month {month} (months run from 01 to 12)'
                       + (": dates with slashes are read day first, the UK way (DD/MM/YYYY)" if slashed else ""),
                       HINTS["date"])
            return None
        days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
        if not 1 <= day <= days:
            report.add("date-invalid", item, line, f'there is no {day} {calendar.month_name[month]} {year}: '
                       f"{calendar.month_name[month]} {year} has {days} days", HINTS["date"])
            return None
    try:
        date = _parse_date(value)
    except Exception as exc:  # noqa: BLE001 - dateutil raises several types, OverflowError included
        reason = f" ({exc})" if isinstance(exc, ValueError) and str(exc).startswith(("it is", "the time")) else ""
        shown = value if len(value) <= DATE_MAX_CHARS else value[:DATE_MAX_CHARS] + "…"
        report.add("date-invalid", item, line, f'"{shown}" is not a date the site can read{reason}', HINTS["date"])
        return None
    if not iso:
        numbers = re.findall(r"\d+", value)
        if re.match(r"^\s*\d{1,2}-\d{1,2}-\d{2,4}", value) and int(numbers[0]) <= 12 and int(numbers[1]) <= 12:
            report.add("date-ambiguous", item, line, f'"{value}" is read as {date:%-d %B %Y} (month first)',
                       f"write it as YYYY-MM-DD to be sure, for example {date:%Y-%m-%d}")
        elif not re.search(r"\d{1,2}\D+\d{1,2}\D+\d{2,4}|\d{1,2}\s*[A-Za-z]{3,}|[A-Za-z]{3,}\s*\d{1,2}\b", value):
            report.add("date-ambiguous", item, line, f'"{value}" does not say which day; it would be read as '
                       f"{date:%-d %B %Y}", HINTS["date"])
    now = datetime.datetime.now(date.tzinfo) if date.tzinfo else datetime.datetime.now()
    if date.year < config["earliest_year"]:
        report.add("date-implausible", item, line, f"the date {date:%-d %B %Y} is before {config['earliest_year']}",
                   "check the year")
    elif date - now > datetime.timedelta(days=config["latest_days_ahead"]):
        report.add("date-implausible", item, line, f"the date {date:%-d %B %Y} is more than a year away",
                   "check the year; a post with a future date is published automatically on that day")
    return date


def _build_now(settings):
    """Return the time the build takes as now: SCHEDULING['now'] (tests set it) or the clock (plugins/scheduling)."""
    configured = (settings.get("SCHEDULING") or {}).get("now")
    return datetime.datetime.fromisoformat(str(configured)) if configured else datetime.datetime.now(datetime.UTC)


def _aware(date, settings):
    from zoneinfo import ZoneInfo

    return date if date.tzinfo else date.replace(tzinfo=ZoneInfo(settings.get("TIMEZONE") or "UTC"))


def _has_markup(text):
    """Return True when a title holds a tag or comment, also when written with entities such as &#60;."""
    decoded = html.unescape(text)
    return bool(TAG.search(decoded) or "<!--" in decoded or re.search(r"&lt;\s*/?\s*[a-z]", decoded, re.IGNORECASE))


def _check_metadata(item, report, config, settings):
    src = item.source
    required = config["required"].get(item.folder, [])
    seen = {}
    for f in src.fields:
        first = f.key not in seen
        seen.setdefault(f.key, f)
        if not first and f.key in SINGLE_METADATA and not f.continued:
            report.add("metadata-duplicate", item, f.line, f"{f.name}: appears twice (first on line "
                       f"{seen[f.key].line}); only the first is used", "delete one of them")
        if first and not f.value and f.key not in ("title", "date", "summary"):
            report.add("metadata-blank", item, f.line, f"{f.name}: has no value",
                       f"fill it in, or delete the {f.name}: line")
        if first and f.key not in KNOWN_METADATA:
            close = did_you_mean(f.key, KNOWN_METADATA)
            if close:
                report.add("metadata-unknown", item, f.line, f'"{f.name}:" is not a field the site knows.{close}',
                           "check the spelling; fields are written like 'Summary: ...' at the top of the file")

    title, title_line = (src.values("title") or [(None, 1)])[0]
    if title is None or not title.strip():
        if "title" in required or title is not None:
            report.add("title-missing", item, title_line, "there is no title" if title is None else "Title: is empty",
                       HINTS["title"])
    elif _has_markup(title):
        report.add("title-html", item, title_line, "the title contains HTML; titles are plain text",
                   "remove the tags (such as <em>); the title is shown as written in lists, tabs and search results")

    if title is not None and len(title.strip()) > TITLE_MAX:
        report.add_problem(item, Problem(str(item.path), title_line, "error", f"the title is {len(title.strip())} "
                                         f"characters long; the limit is {TITLE_MAX} [title-long]",
                                         "shorten it to a headline; put the rest in the Summary: or the text"))

    summary, summary_line = (src.values("summary") or [(None, 1)])[0]
    if summary is None or not summary.strip():
        if "summary" in required or summary is not None:
            report.add("summary-missing", item, summary_line,
                       "there is no Summary: line" if summary is None else "Summary: is empty", HINTS["summary"])
    else:
        full = " ".join(v for v, _ in src.values("summary"))
        if len(full) > config["summary_max"]:
            report.add("summary-long", item, summary_line, f"the summary is {len(full)} characters; keep it to "
                       f"{config['summary_max']} or fewer", "one or two short sentences that say what the page is about")

    item.date = _check_date(item, "date", report, config, settings, required="date" in required)
    if src.values("modified"):
        _check_date(item, "modified", report, config, settings, required=False)

    status, status_line = (src.values("status") or [(None, 1)])[0]
    if status is not None and status.strip():
        if status.strip().lower() not in STATUSES:
            report.add("status-unknown", item, status_line, f'"{status}" is not a status.'
                       f"{did_you_mean(status.strip(), STATUSES)}",
                       "use 'Status: draft' while writing; delete the line (or write 'published') to publish")
        else:
            item.status = status.strip().lower()
    if (item.status == "published" and item.date and not settings.get("WITH_FUTURE_DATES", True)
            and _aware(item.date, settings) > _build_now(settings)):
        item.status = "draft"  # Pelican does the same: scheduled posts wait, as drafts, for their day


def _suggested_slug(slug, settings):
    from pelican.utils import slugify

    # The site's own substitutions, so "404.html" or "../x" become an address that passes, never themselves.
    suggestion = slugify(slug, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])).strip("-")
    return suggestion if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", suggestion) else "my-post"


def _slug(item, report, settings):
    from pelican.utils import slugify

    src = item.source
    slug, line = (src.values("slug") or [(None, None)])[0]
    if slug is not None and slug.strip():
        slug = slug.strip()
        if len(slug) > SLUG_MAX:
            report.add_problem(item, Problem(str(item.path), line, "error", f"the slug is {len(slug)} characters "
                                             f"long; the limit is {SLUG_MAX} [slug-long]",
                                             "use a few words that say what the post is about, such as 'our-garden'"))
            return None
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            report.add("slug-invalid", item, line, f'the slug "{slug[:SLUG_MAX]}" is not a good web address',
                       f'use lower-case letters, numbers and hyphens only, such as "{_suggested_slug(slug, settings)}"')
        return slug
    title = (src.value("title") or "").strip()
    if not title:
        return None
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    if len(title) <= TITLE_MAX and len(slug) > SLUG_MAX:
        report.add_problem(item, Problem(str(item.path), src.line("title", 1), "error", f"the web address made from "
                                         f"the title is {len(slug)} characters long; the limit is {SLUG_MAX} "
                                         "[slug-long]", "add a shorter 'Slug: my-post' line, or shorten the title"))
        return None
    if not slug:
        report.add("slug-invalid", item, src.line("title", 1), "the title has no letters or numbers the web address "
                   "can use", "add a line such as 'Slug: my-post' with lower-case letters, numbers and hyphens")
        return None
    return slug


def _strip_code_spans(text):
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text) if "`" in text else text


def _plain(text):
    # Emphasis markers go; underscores inside words (IMG_1234) are text, as Markdown treats them.
    text = re.sub(r"[*`~]+|(?<!\w)_+|_+(?!\w)", "", TAG.sub("", text))
    return " ".join(text.split())


def _links(src, references):
    """Yield (line, is_image, text, url, whole line) for every Markdown, autolink and raw HTML link."""
    for number, raw in prose_lines(src):
        if "[" not in raw and "<" not in raw:
            continue  # most lines: no link, image or HTML at all
        line = _strip_code_spans(raw)
        if REFERENCE_DEF.match(line):
            continue
        for m in INLINE_LINK.finditer(line):
            yield number, m.group(1) == "!", m.group(2), m.group(3).strip("<>"), line, m.group(0)
            # an image inside a link's text: [![alt](img)](url)
            for inner in INLINE_LINK.finditer(m.group(2)):
                yield number, inner.group(1) == "!", inner.group(2), inner.group(3).strip("<>"), line, inner.group(0)
        for m in REFERENCE_LINK.finditer(line):
            key = " ".join((m.group(3) or m.group(2)).lower().split())
            if key in references:
                yield number, m.group(1) == "!", m.group(2), references[key], line, m.group(0)
        for m in AUTOLINK.finditer(line):
            yield number, False, m.group(1), m.group(1), line, m.group(0)
        for m in RAW_IMG.finditer(line):
            attrs = {k.lower(): v.strip("\"'") for k, v in RAW_ATTR.findall(m.group(1))}
            yield number, True, attrs.get("alt", ""), attrs.get("src", ""), line, m.group(0)
        for m in RAW_LINK.finditer(line):
            attrs = {k.lower(): v.strip("\"'") for k, v in RAW_ATTR.findall(m.group(1))}
            yield number, False, m.group(2), attrs.get("href", ""), line, m.group(0)


def _references(src):
    refs = {}
    for _, line in prose_lines(src):
        m = REFERENCE_DEF.match(line)
        if m:
            refs.setdefault(" ".join(m.group(1).lower().split()), m.group(2))
    return refs


def _check_body(item, report, config):
    """Headings, images and link text; return the links for the site-wide link check."""
    src = item.source
    previous_level, previous_text = 1, ""
    links = []
    for number, raw in prose_lines(src):
        line = _strip_code_spans(raw)
        level = None
        atx = ATX_HEADING.match(line)
        setext = SETEXT.match(line)
        if atx and atx.group(2).strip("# "):
            level = len(atx.group(1))
        elif setext and previous_text.strip() and not LIST_ITEM.match(previous_text) \
                and not previous_text.lstrip().startswith(("#", ">", "|")):
            level = 1 if setext.group(1)[0] == "=" else 2
            number -= 1
        else:
            raw_heading = RAW_HEADING.search(line)
            level = int(raw_heading.group(1)) if raw_heading else None
        previous_text = line
        if level is None:
            continue
        if level == 1:
            report.add("heading-h1", item, number, "a level 1 heading (# or <h1>) in the text",
                       "the title is the page's only level 1 heading; start sections at ## (level 2)")
        elif level > previous_level + 1:
            report.add("heading-skip", item, number, f"the heading jumps from level {previous_level} to level {level}",
                       f"use {'#' * (previous_level + 1)} here: pick heading levels by structure, not size; screen "
                       "reader users move around by them")
        previous_level = level

    for number, is_image, text, url, line, whole in _links(src, _references(src)):
        links.append((number, url))
        if is_image:
            alt = _plain(text)
            if not alt:
                report.add("image-alt-missing", item, number, f'the image "{url}" has no alt text', HINTS["alt"])
            elif FILENAME_ALT.fullmatch(alt) or alt.lower() == Path(urlsplit(url).path).stem.lower():
                report.add("image-alt-filename", item, number, f'the alt text of the image is a file name ("{alt}")',
                           "describe what the image shows instead, in a few words")
            continue
        label = _plain(text)
        if label.lower().startswith("video:") or (whole.strip() == line.strip() and any(is_video(url) for is_video in config["video_links"])):
            continue  # a video line: the video plugin checks it
        if re.fullmatch(r"!\[.*\]\(.*\)", text.strip()):
            continue  # a linked image: its alt text is the link text, checked above
        if not label:
            report.add("link-text", item, number, "a link has no text",
                       "write what the reader will find, such as [our annual report](...)")
        elif re.fullmatch(r"(?:https?://|www\.)\S+", label, re.IGNORECASE) or label == url:
            report.add("link-text", item, number, f"the link text is a web address ({label})",
                       "describe where the link goes in words, such as [the Trust's annual report](...)")
        elif " ".join(re.sub(r"[\W_]+", " ", label.lower()).split()) in config["vague_link_text"]:
            report.add("link-text", item, number, f'the link text "{label}" does not say where the link goes',
                       "say what the reader will find, such as [read the 2019 annual report](...); screen reader "
                       "users often hear links on their own")
    return links


# Limits of the build itself, not editorial preferences, so they are always errors: a longer title or slug
# makes a file name the disk refuses, and deeper nesting exhausts Python's recursion in the Markdown reader.
# TITLE_MAX and SLUG_MAX come from inmind.source, which invoke new shares.
NESTING_MAX = 20
EMPHASIS_RUN_MAX = 6
# The Markdown reader's time grows with the square of the [ in one paragraph: 300 take a few
# milliseconds, 20,000 take minutes (a build anyone could stall with one line).
BRACKETS_MAX = 300
LEADING_BLOCKS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))+")
EMPHASIS_RUN = re.compile(rf"(?<=\w)[*_]{{{EMPHASIS_RUN_MAX + 1},}}|[*_]{{{EMPHASIS_RUN_MAX + 1},}}(?=\w)")


def _check_nesting(item, report):
    """Refuse lists, quotes or emphasis nested so deeply that the Markdown reader would fail on them."""
    brackets = 0
    for number, raw in prose_lines(item.source):
        if not raw.strip():
            brackets = 0  # a new paragraph
            continue
        brackets += raw.count("[")
        expanded = raw.expandtabs(4)
        blocks = LEADING_BLOCKS.match(expanded)
        markers = blocks.group(0) if blocks else ""
        depth = (len(expanded) - len(expanded.lstrip())) // 4 + markers.count(">") + len(
            re.findall(r"(?:^|\s)(?:[-*+]|\d{1,9}[.)])(?=\s)", markers))
        if depth > NESTING_MAX:
            message = f"lists or quotes are nested {depth} levels deep here; the limit is {NESTING_MAX}"
        elif EMPHASIS_RUN.search(raw):
            message = f"more than {EMPHASIS_RUN_MAX} * or _ in a row next to a word"
        elif brackets > BRACKETS_MAX:
            message = f"this paragraph has more than {BRACKETS_MAX} [ in it, which the Markdown reader takes minutes over"
        else:
            continue
        report.add_problem(item, Problem(str(item.path), number, "error", f"{message} [nesting-deep]",
                                         "use at most a few levels of lists and quotes, ** for bold, and a few links "
                                         "per paragraph; deeper nesting cannot be built into a page"))
        return


def _check_placeholders(item, report):
    lines = [number for number, text in enumerate(item.source.lines, start=1) if PLACEHOLDER in text]
    if lines:
        report.add("placeholder", item, lines[0], f'{len(lines)} line(s) still have the "{PLACEHOLDER} ..." text '
                   "from ./dev new", "write your own words there; the published site cannot go out with them")


# --- Readability ---------------------------------------------------------------------------------------------


def _paragraphs(src):
    """Yield (first line, Markdown text) of each paragraph or list item of prose."""
    current, start = [], None
    for number, raw in prose_lines(src):
        line = raw.strip()
        first = line[:1]
        skip = (not line or first in "#|=-" and (ATX_HEADING.match(line) or SETEXT.match(line) or first == "|")
                or line.startswith(("*[", "[^")) or first == "[" and REFERENCE_DEF.match(line)
                or first == "<" and line.endswith(">") and TAG.fullmatch(line))
        item = not skip and LIST_ITEM.match(raw)
        if skip or item:
            if current:
                yield start, " ".join(current)
            current, start = [], None
            if skip:
                continue
            line = raw[item.end():].strip()
        if start is None:
            start = number
        current.append(line.lstrip("> "))
    if current:
        yield start, " ".join(current)


_PROSE_SUBS = [
    # No "[" inside the brackets and no "(" inside the parentheses: linear time on any input.
    (re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"), " "),  # images
    (re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),  # links: keep their text
    (re.compile(r"\[([^\[\]\n]*)\]\[[^\[\]\n]*\]"), r"\1"),
    (re.compile(r"\[\^[^\[\]\n]*\]"), ""),  # footnote marks
    (re.compile(r"<?(?:https?://|www\.)\S+>?"), " "),
    (TAG, " "),
    (re.compile(r"[*_`~#|]+"), " "),
]
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]’”]*$")


def _prose(paragraphs):
    """Return the plain text of Markdown paragraphs, each ending a sentence."""
    text = "\n".join(paragraphs)
    for pattern, replacement in _PROSE_SUBS:
        text = pattern.sub(replacement, text)
    sentences = []
    for paragraph in text.split("\n"):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            # list items and captions end a sentence, whether or not they have a full stop
            sentences.append(paragraph if _SENTENCE_END.search(paragraph) else paragraph + ".")
    return " ".join(sentences)


def _check_readability(item, report, config):
    limit = config["reading_age_max"].get(item.folder)
    if limit is None:
        return
    paragraphs = list(_paragraphs(item.source))
    text = _prose(p for _, p in paragraphs)
    if len(text.split()) < config["reading_age_min_words"]:
        return
    import textstat

    # Names (Care Quality Commission, Aintree Racecourse) are not words a writer can simplify, so each
    # run of capitalised words inside a sentence counts as one ordinary word.
    measured = PROPER_NOUNS.sub("name", text)
    # Two character-based formulas (no pronunciation dictionary, so no downloads and the same answer
    # everywhere), averaged; a US school grade plus 5 is the UK reading age.
    grade = (textstat.automated_readability_index(measured) + textstat.coleman_liau_index(measured)) / 2
    age = round(grade + 5)
    if age <= limit:
        return
    shown = f"about {age}" if age <= 25 else "more than 25"
    longest = (0, item.source.body_line)
    for line, paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", _prose([paragraph])):
            words = len(sentence.split())
            if words > longest[0]:
                longest = (words, line)
    report.add("reading-age", item, longest[1], f"the reading age of this text is {shown}; the limit for "
               f"{item.folder} is {limit:g}",
               f"the longest sentence ({longest[0]} words) starts on this line; shorter sentences and everyday words "
               "help (NHS guidance aims for a reading age of 9 to 11)")


# --- Plugins' checks -----------------------------------------------------------------------------------------


def plugin_checks(settings, report=None):
    """Return ``[(plugin name, check function)]`` for every enabled plugin that provides ``check_content``."""
    found = []
    for name, check in provided(settings, "check_content"):
        if isinstance(check, Exception):
            if report is not None:
                report.add("plugin-fault", None, None, f"the {name} plugin's checks could not be loaded: "
                           f"{check.__class__.__name__}: {check}", HINTS["fault"])
        else:
            found.append((name, check))
    return found


def _as_problems(result, item):
    for p in result or []:
        if isinstance(p, Problem):
            yield p
        elif isinstance(p, ContentError):
            yield Problem(p.path or str(item.path), p.line, p.severity, p.message, p.hint)


def _run_plugins(item, checks, report, settings):
    metadata = item.source.metadata
    for name, check in checks:
        try:
            for problem in _as_problems(check(str(item.path), item.text, dict(metadata), settings), item):
                report.add_problem(item, problem)
        except ContentError as exc:
            report.add_problem(item, Problem(exc.path or str(item.path), exc.line, exc.severity, exc.message, exc.hint))
        except Exception as exc:  # noqa: BLE001 - one plugin's fault must not hide every other finding
            report.add("plugin-fault", item, 1, f"the {name} check stopped on this file: "
                       f"{exc.__class__.__name__}: {exc}", HINTS["fault"])


# --- Site-wide checks: addresses, duplicates and internal links ----------------------------------------------


def _format(pattern, item):
    if not pattern:
        return None
    values = {**{k: v for k, v in item.source.metadata.items() if isinstance(v, str)}, "slug": item.slug,
              "date": item.date, "lang": item.lang, "category": "", "author": ""}
    try:
        return pattern.format(**values)
    except Exception:  # noqa: BLE001 - a pattern needing a field this file lacks: no address to compare
        return None


def _kind(item, settings):
    if item.folder in (settings.get("ARTICLE_PATHS") or []):
        return "article"
    if item.folder in (settings.get("PAGE_PATHS") or []):
        return "page"
    return item.folder


def _addresses(item, settings, config):
    kind = _kind(item, settings)
    if kind == "article":
        prefix = "DRAFT_" if item.status == "draft" else "ARTICLE_"
    elif kind == "page":
        prefix = "DRAFT_PAGE_" if item.status == "draft" else "PAGE_"
    elif kind in config["save_as"]:
        item.url = _format(config["url"].get(kind), item)
        item.save_as = _format(config["save_as"].get(kind), item)
        return
    else:
        return
    item.url = _format(item.source.value("url") or settings.get(prefix + "URL"), item)
    item.save_as = _format(item.source.value("save_as") or settings.get(prefix + "SAVE_AS"), item)


def _site_paths(items, settings, config, root):
    """Return the set of site paths (no leading slash) that the build writes."""
    paths = {""}
    for item in items:
        if item.url is not None and not item.unpublished:
            paths.add(item.url.lstrip("/"))
    for key in ("ARCHIVES_SAVE_AS", "AUTHORS_SAVE_AS", "INDEX_SAVE_AS"):
        if settings.get(key):
            paths.add(re.sub(r"index\.html$", "", settings[key]))
    for target in (settings.get("TEMPLATE_PAGES") or {}).values():
        paths.add(target)
    years = {item.date.year for item in items if item.date and _kind(item, settings) == "article"}
    for year in years:
        paths.add(f"archives/{year}/")
    for save_as in config["site_pages"]:
        paths.add(re.sub(r"(^|/)index\.html$", r"\1", save_as))
    for static in settings.get("STATIC_PATHS") or []:
        base = root / static
        if base.is_dir():
            paths.update(p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file())
        elif base.is_file():
            paths.add(static)
    return paths


def _check_site_path(item, number, url, site_paths, config, report):
    path = unquote(urlsplit(url).path).lstrip("/")
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    if path in site_paths or f"{path}/" in site_paths or any(path.startswith(g) for g in config["generated_paths"]):
        return
    pages = sorted(p for p in site_paths if p.endswith("/"))
    report.add("link-broken", item, number, f'the link "{url}" goes to a page the site does not have.'
               f"{did_you_mean(path, pages)}",
               "link to another post with its file, such as [our AGM]({filename}/agm/2019.md); the build then "
               "writes the right address")


def _check_internal_links(items, links, settings, config, root, report):
    # normpath, not resolve(): the same answer for content folders, without a system call per path part
    by_path = {Path(os.path.normpath(item.path)): item for item in items}
    root = Path(os.path.normpath(root))
    page_folders = set(settings.get("ARTICLE_PATHS") or []) | set(settings.get("PAGE_PATHS") or []) | set(config["url"])
    site_paths = None
    for item, found in links:
        for number, url in found:
            prefix = LINK_PREFIX.match(url)
            if prefix:
                kind = prefix.group(1) or prefix.group(2)
                if kind not in ("filename", "static", "attach"):
                    continue
                target_text = unquote(urlsplit(url[prefix.end():]).path)
                if not target_text:
                    continue
                base = root if target_text.startswith("/") else item.path.parent
                target = Path(os.path.normpath(base / target_text.lstrip("/")))
                try:
                    relative = target.relative_to(root)
                except ValueError:
                    relative = None
                if relative is None or not target.is_file():
                    # Suggested as they are written, with the prefix: {static}/images/garden.jpg.
                    written = "{" + kind + "}/"
                    candidates = sorted(
                        written + p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                        and p.suffix.lower() == Path(target_text).suffix.lower()
                    )
                    report.add("link-broken", item, number, f'the link "{url}" points to a file that does not '
                               f"exist.{did_you_mean(written + (relative.as_posix() if relative else target_text.lstrip('/')), candidates)}",
                               "write the path from the content folder, such as " + ("{static}/images/garden.jpg"
                               if kind != "filename" else "{filename}/blog/2019/my-post.md"))
                    continue
                if kind == "filename" and relative.parts[0] in config["folders"] and relative.parts[0] not in page_folders:
                    report.add("link-broken", item, number, f'"{url}" is not published as a page of its own, so '
                               "the link cannot work", "link to the page that shows it instead")
                    continue
                linked = by_path.get(target)
                if kind == "filename" and linked and linked.status == "withdrawn" and not item.unpublished:
                    report.add("link-broken", item, number, f'the link "{url}" goes to a story that was withdrawn '
                               "at its writer's request", "remove the link; the story is no longer on the site")
                elif kind == "filename" and linked and linked.unpublished and not item.unpublished:
                    report.add("link-draft", item, number, f'the link "{url}" goes to a draft or a post scheduled '
                               "for later, which the published site does not have yet",
                               "publish that post first, or remove the link until it is live")
            elif url.startswith("/") and not url.startswith("//"):
                if site_paths is None:
                    site_paths = _site_paths(items, settings, config, root)
                _check_site_path(item, number, url, site_paths, config, report)


def _reserved_paths(settings, config, root):
    reserved = {}
    for template in settings.get("DIRECT_TEMPLATES") or []:
        target = settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
        if target:
            reserved[target] = f"the {template} page"
    for source, target in (settings.get("TEMPLATE_PAGES") or {}).items():
        reserved[target] = f"the {Path(source).stem} page"
    for save_as, what in config["site_pages"].items():
        if what:
            reserved[save_as] = what
    for generated in config["generated_paths"]:
        reserved.setdefault(generated + "index.html" if generated.endswith("/") else generated,
                            "a page the site makes itself")
    return reserved


def _check_duplicates(items, settings, config, root, report):
    groups = {}
    for item in items:
        if item.slug is None or item.folder not in config["required"] or not config["required"][item.folder] \
                or _kind(item, settings) not in ("article", "page", *config["save_as"]):
            continue
        key = (_kind(item, settings), item.status, item.slug, item.lang or settings.get("DEFAULT_LANG"))
        groups.setdefault(key, []).append(item)
    clashing = set()
    for (kind, _status, slug, _lang), group in sorted(groups.items()):
        if len(group) > 1:
            for item in group:
                others = ", ".join(sorted(o.rel for o in group if o is not item))
                if item.save_as and all(o.save_as == item.save_as for o in group):
                    continue  # reported below as the same output file
                clashing.add(item.rel)
                report.add("slug-duplicate", item, item.slug_line,
                           f'another {kind} has the same slug "{slug}": {others}',
                           "give each one its own Slug: line (the slug is the last part of the web address)")
    outputs = {}
    for item in items:
        if item.save_as:
            outputs.setdefault(item.save_as, []).append(item)
    reserved = _reserved_paths(settings, config, root)
    for save_as, group in sorted(outputs.items()):
        if len(group) > 1:
            for item in group:
                others = ", ".join(sorted(o.rel for o in group if o is not item))
                report.add("output-duplicate", item, item.slug_line, f"this file and {others} would both be written "
                           f"to {save_as}", "give one of them a different Slug: (or date), so each has its own address")
        elif save_as in reserved:
            report.add("output-duplicate", group[0], group[0].slug_line, f"the address {save_as} is already used by "
                       f"{reserved[save_as]}", "choose another Slug:")


# --- Running everything --------------------------------------------------------------------------------------


def _ignored(name, settings):
    return name.startswith(".") or any(fnmatch.fnmatch(name, p) for p in settings.get("IGNORE_FILES") or [])


def discover(root, config, settings):
    """Return every file under the checked folders of the content folder, sorted."""
    files = []
    for folder in config["folders"]:
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not _ignored(d, settings))
            files.extend(Path(dirpath) / f for f in sorted(filenames) if not _ignored(f, settings))
    return files


def with_plugin_facts(config, settings, root):
    """Return the CHECKS config with what the enabled plugins declare: content types, pages and generated paths."""
    config = dict(config)
    types = {}
    for _name, declare in provided(settings, "content_types"):
        if not isinstance(declare, Exception):
            types.update(declare(settings))
    for key in ("url", "save_as"):
        config[key] = {**{folder: spec[key] for folder, spec in types.items()}, **config[key]}
    pages, generated = {}, list(config["generated_paths"])
    for _name, declare in provided(settings, "site_pages"):
        if not isinstance(declare, Exception):
            pages.update(declare(settings, root))
    for _name, declare in provided(settings, "generated_paths"):
        if not isinstance(declare, Exception):
            generated.extend(declare(settings))
    config["site_pages"], config["generated_paths"] = pages, generated
    # A link on a line of its own to a video host is a video: the plugin that embeds it checks it.
    config["video_links"] = [f for _name, f in provided(settings, "is_video_link") if not isinstance(f, Exception)]
    return config


def check_site(settings, *, fatal_warnings=False, only=None):
    """Check every content file; return the problems, sorted by file and line. Raises only SettingsError."""
    root = Path(settings.get("PATH") or "content").resolve()
    config = with_plugin_facts(check_settings.merged(settings), settings, root)
    report = Report(config)
    if not root.is_dir():
        report.add("file-empty", root, None, "the content folder does not exist",
                   "run this from the project folder, or give --path")
        return _finish(report, fatal_warnings, only)
    checks = plugin_checks(settings, report)
    cache = ResultCache(settings, config, root, checks) if config["cache"] else None
    items, links, jobs, done = [], [], [], []
    for path in discover(root, config, settings):
        rel = path.relative_to(root).as_posix()
        item = Item(path=path, rel=rel, folder=rel.split("/", 1)[0])
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            report.add("file-format", item, 1, "this HTML file is published without the editorial checks",
                       "write pages in Markdown (.md) so they are checked and styled like the rest of the site")
            continue
        if suffix in DOCUMENT_SUFFIXES:
            report.add("file-format", item, 1, f"this {suffix} file is not published: only Markdown (.md) files are",
                       "copy the text into a .md file (./dev new makes one for you)")
            continue
        if suffix not in MARKDOWN_SUFFIXES:
            _check_format(item, suffix, settings, report)
            continue
        try:
            if path.exists() and not path.is_file():  # reading a pipe would wait for ever
                raise OSError(0, "it is not an ordinary file (a pipe, a device or a folder)")
            data = path.read_bytes()
        except OSError as exc:
            report.add("file-encoding", item, None, f"the file cannot be read: {exc.strerror}", "check its permissions")
            continue
        found = cache.get(item, data) if cache else None
        if found is None:
            jobs.append((item, data))
        else:
            done.append((item, found))
    for item, data, found in _run_jobs(jobs, config, settings, checks):
        if cache:
            cache.put(item, data, *found)
        done.append((item, found))
    for item, ((is_content, item_links), entries) in done:
        report.entries.extend(entries)
        if is_content:
            items.append(item)
            if item_links is not None:
                links.append((item, item_links))
    if cache:
        cache.save()
    _check_static_files(settings, report)
    _check_duplicates(items, settings, config, root, report)
    _check_internal_links(items, links, settings, config, root, report)
    return _finish(report, fatal_warnings, only)


def _check_file_safely(item, data, report, config, settings, checks):
    """Run ``_check_file``; a fault on one file becomes a problem on that file, and the others are still checked."""
    try:
        return _check_file(item, data, report, config, settings, checks)
    except RecursionError:
        report.add_problem(item, Problem(str(item.path), None, "error", "the text is nested too deeply to read "
                                         "(lists, quotes or emphasis inside each other hundreds of times)",
                                         "simplify the nesting: no more than a few levels of lists or quotes"))
    except Exception as exc:  # noqa: BLE001 - one file's fault must not hide the rest
        report.add_problem(item, Problem(str(item.path), None, "error", f"the checks stopped on this file: "
                                         f"{exc.__class__.__name__}: {exc}", HINTS["fault"]))
    return False, None


def _check_format(item, suffix, settings, report):
    """Report a file another Pelican reader (reStructuredText...) would read: the build refuses it, saying the same."""
    from pelican.readers import BaseReader

    readers = {e for cls in BaseReader.__subclasses__() if cls.enabled for e in cls.file_extensions} - {"static"}
    readers |= {key for key, cls in (settings.get("READERS") or {}).items() if cls} | {"rst"}
    if suffix.lstrip(".") not in readers:
        return
    for _name, refused in provided(settings, "refused_format"):
        error = None if isinstance(refused, Exception) else refused(item.path)
        if error:
            report.add_problem(item, Problem(error.path, error.line, "error", error.message, error.hint))


def _check_static_files(settings, report):
    """Vet every file published as it is (pictures, documents) with the build's own file_vetting."""
    for _name, vet in provided(settings, "check_files"):
        try:
            if isinstance(vet, Exception):
                raise vet
            problems = vet(settings)
        except ContentError:
            raise
        except Exception as exc:  # noqa: BLE001 - unvetted files must not pass quietly: say so, with the cause
            report.add("plugin-fault", None, None, f"the files in {', '.join(settings.get('STATIC_PATHS') or [])} "
                       f"could not be vetted: {exc.__class__.__name__}: {exc}", HINTS["fault"])
            continue
        for problem in problems:
            report.add_problem(None, problem)


def _check_file(item, data, report, config, settings, checks):
    """Run every per-file check; return (is a content item, its links or None)."""
    read = _read(item, data, report, config)
    if read is None:
        return False, None
    item.text, full = read
    item.source = parse(item.text)
    item.lang = item.source.value("lang")
    _check_metadata(item, report, config, settings)
    item.slug = _slug(item, report, settings)
    item.slug_line = item.source.line("slug") or item.source.line("title", 1)
    _addresses(item, settings, config)
    if not full:
        return True, None  # too big: the body checks would take long and say little
    _check_nesting(item, report)
    links = _check_body(item, report, config)
    _check_placeholders(item, report)
    _check_readability(item, report, config)
    _run_plugins(item, checks, report, settings)
    return True, links


# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 150
_SHARED = {}


def _run_jobs(jobs, config, settings, checks):
    """Yield (item, data, found) for each (item, data): on every processor core when there are many files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(jobs) >= PARALLEL_MIN_FILES and cores > 1 and "fork" in multiprocessing.get_all_start_methods() \
            and not multiprocessing.current_process().daemon:
        # Forked workers inherit the loaded plugins and settings, so they start at once; Pelican has not
        # started yet, so the build's own threads do not exist.
        _SHARED.update(config=config, settings=settings, checks=checks)
        try:
            with multiprocessing.get_context("fork").Pool(min(cores, 4)) as pool:
                pending = pool.map_async(_job, [(item.path, item.rel, item.folder, data) for item, data in jobs],
                                         chunksize=max(1, len(jobs) // (cores * 8)))
                # A worker stuck on a lock another thread held at the fork (the dev server has threads)
                # must not hang the build: give up on the workers and check here instead.
                results = pending.get(timeout=120 + len(jobs) * 0.05)
        except Exception:  # noqa: BLE001 - no processes to be had: check in this one instead
            results = None
        finally:
            _SHARED.clear()
        if results is not None:
            for (item, data), (fields, found, entries) in zip(jobs, results, strict=True):
                for key, value in fields.items():
                    setattr(item, key, value)
                yield item, data, (found, [(item if own else None, problem) for own, problem in entries])
            return
    for item, data in jobs:
        own = Report(config)
        found = _check_file_safely(item, data, own, config, settings, checks)
        yield item, data, (found, own.entries)


def _job(args):
    path, rel, folder, data = args
    item = Item(path=path, rel=rel, folder=folder)
    own = Report(_SHARED["config"])
    found = _check_file_safely(item, data, own, _SHARED["config"], _SHARED["settings"], _SHARED["checks"])
    fields = {key: getattr(item, key) for key in ("status", "date", "slug", "lang", "url", "save_as", "slug_line")}
    return fields, found, [(it is item, problem) for it, problem in own.entries]


class ResultCache:
    """Per-file results kept between runs (in CACHE_PATH), so a rebuild re-checks only what changed.

    Everything a file's result depends on besides its own bytes is in the fingerprint: the settings, the
    list of content files (links and transcripts point at them), the registries, the checking code and
    the date. Posts dated around today are never cached, as their status changes with the clock.
    """

    VERSION = 1

    def __init__(self, settings, config, root, checks):
        self.path = Path(settings["CACHE_PATH"]) / "inmind-check.json" if settings.get("CACHE_PATH") else None
        self.entries, self.fresh, self.changed = {}, {}, False
        if self.path is None:
            return
        try:
            self.fingerprint = self._fingerprint(settings, config, root, checks)
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == self.fingerprint:
                self.entries = stored["files"]
        except Exception:  # noqa: BLE001 - no cache, or an unreadable one: check everything
            self.entries = {}
        self.fingerprint = getattr(self, "fingerprint", None)

    @staticmethod
    def _fingerprint(settings, config, root, checks):
        digest = hashlib.sha256()
        listing = sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)
        code = [Path(__file__).parent] + [Path(sys.modules[c.__module__].__file__).parent for _, c in checks]
        stamps = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for folder in code for p in folder.glob("*.py"))
        registries = [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("*.toml"))]
        # A plugin's checks may depend on files outside content/ (the private names file): its fingerprint().
        extras = [getattr(sys.modules[c.__module__], "fingerprint", lambda s: None)(settings) for _, c in checks]
        # The output folder changes with every build (a temporary folder) and has no effect on the checks.
        relevant = {key: value for key, value in settings.items() if key != "OUTPUT_PATH"}
        for part in (ResultCache.VERSION, str(root), datetime.date.today().isoformat(), config, listing, stamps,
                     registries, relevant, extras):
            digest.update(json.dumps(part, sort_keys=True, default=lambda o: type(o).__name__).encode())
        return digest.hexdigest()

    def get(self, item, data):
        """Return the stored ((is content, links), entries) for this file's bytes, or None."""
        entry = self.entries.get(item.rel)
        if not entry or entry["sha"] != hashlib.sha256(data).hexdigest():
            return None
        for key in ("status", "slug", "lang", "url", "save_as", "slug_line"):
            setattr(item, key, entry["item"][key])
        item.date = datetime.datetime.fromisoformat(entry["item"]["date"]) if entry["item"]["date"] else None
        self.fresh[item.rel] = entry
        entries = [(item if own else None, Problem(*problem)) for own, problem in entry["problems"]]
        links = [tuple(link) for link in entry["links"]] if entry["links"] is not None else None
        return (entry["content"], links), entries

    def put(self, item, data, found, entries):
        """Store one file's result, unless its date is near today."""
        if self.fingerprint is None:
            return
        if item.date and item.date.replace(tzinfo=None) > datetime.datetime.now() - datetime.timedelta(days=2):
            return
        is_content, links = found
        self.changed = True
        self.fresh[item.rel] = {
            "sha": hashlib.sha256(data).hexdigest(),
            "content": is_content,
            "links": links,
            "item": {"status": item.status, "slug": item.slug, "lang": item.lang, "url": item.url,
                     "save_as": item.save_as, "slug_line": item.slug_line,
                     "date": item.date.isoformat() if item.date else None},
            "problems": [(it is item, dataclasses.astuple(problem)) for it, problem in entries],
        }

    def save(self):
        """Write the results of this run (only the files that still exist) for the next one."""
        if self.path is None or self.fingerprint is None or (not self.changed and self.fresh == self.entries):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            temp.write_text(json.dumps({"fingerprint": self.fingerprint, "files": self.fresh}), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            pass  # a read-only cache folder only costs time


def _finish(report, fatal_warnings, only):
    wanted = {str(Path(p).resolve()) for p in only} if only else None
    problems, seen = [], set()
    for item, problem in report.entries:
        if wanted is not None and str(Path(problem.path).resolve()) not in wanted:
            continue
        if fatal_warnings and problem.severity == "warning" and not (item and item.unpublished):
            # The publish build treats warnings as errors, except in drafts and scheduled posts,
            # which it does not publish.
            problem = dataclasses.replace(problem, severity="error")
        key = (problem.path, problem.line, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.severity != "error", p.message))


def preflight(settings, fatal_warnings=False):
    """Run the checks before a build; return problems (a wrong CHECKS setting is one too). Never raises."""
    try:
        return check_site(settings, fatal_warnings=fatal_warnings)
    except ContentError as exc:
        return [Problem(exc.path, exc.line, exc.severity, exc.message, exc.hint)]
    except Exception as exc:  # noqa: BLE001 - the edge: a fault in the checker must not look like a traceback
        return [Problem(None, None, "error", f"the content checks stopped unexpectedly: "
                        f"{exc.__class__.__name__}: {exc}", HINTS["fault"])]


def _display(problem, cwd):
    if not problem.path:
        return problem
    path = Path(problem.path)
    try:
        shown = path.resolve().relative_to(cwd).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside cwd, or a link that loops
        shown = str(path)
    return dataclasses.replace(problem, path=shown)


def _missing_files(files, settings, cwd):
    """Return a problem for each named file that does not exist or is not a content file the checks read."""
    if not files:
        return []
    config = check_settings.merged(settings)
    root = Path(settings.get("PATH") or "content").resolve()
    known = [p.resolve() for p in discover(root, config, settings) if p.suffix.lower() in MARKDOWN_SUFFIXES]

    def shown(path):
        try:
            return path.relative_to(cwd).as_posix()
        except ValueError:
            return str(path)

    problems = []
    for name in files:
        path = Path(name).resolve()
        if path in known:
            continue
        if not path.exists():
            choices = {shown(p): p for p in known if p != path}
            close = difflib.get_close_matches(shown(path), list(choices), n=1, cutoff=0.85)
            message = "there is no such file" + (f'. Did you mean "{close[0]}"?' if close else "")
            hint = "check the spelling of the path; it is relative to the folder you run the command in"
        else:
            message = "this is not a content file the checks read"
            hint = f"name a Markdown (.md) file in the content folder ({shown(root)}/)"
        problems.append(Problem(shown(path), None, "error", message, hint))
    return problems


def _escape_github(text, *, prop=False):
    # GitHub's workflow-command escapes: data may not hold % or line breaks; properties not : or , either.
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(problems, fmt, cwd):
    """Return problems as GitHub annotations (``::error file=…,line=…::message``) or as a JSON list."""
    shown = [_display(p, cwd) for p in problems]
    if fmt == "json":
        return json.dumps([dataclasses.asdict(p) for p in shown], ensure_ascii=False, indent=1)
    lines = []
    for p in shown:
        props = [f"file={_escape_github(p.path, prop=True)}"] if p.path else []
        props += [f"line={p.line}"] if p.path and p.line else []
        props.append(f"title={_escape_github('In Mind content check', prop=True)}")
        text = p.message + (f"\nhint: {p.hint}" if p.hint else "")
        lines.append(f"::{'error' if p.severity == 'error' else 'warning'} {','.join(props)}::{_escape_github(text)}")
    return "\n".join(lines)


def file_problems(settings, rel):
    """Return the problems of one content file (``rel``, inside the content folder) as JSON-ready dicts."""
    root = Path(settings["PATH"]).resolve()
    path = (root / str(rel)).resolve()
    if not path.is_relative_to(root) or path.suffix not in MARKDOWN_SUFFIXES or not path.is_file():
        return []
    problems = check_site(settings, only=[str(path)])
    return [dataclasses.asdict(_display(p, root.parent)) for p in problems]


def main(argv=None):
    """Command-line entry point: print every problem; exit 1 if any is an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="check only these files (links are still checked site-wide)")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--path", default=None, help="the content folder (default: PATH in the settings)")
    parser.add_argument("--fatal-warnings", action="store_true", help="treat warnings as errors (publish)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="github: one ::error/::warning annotation per problem, for pull requests; json: a list")
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.ERROR)
    cwd = Path.cwd().resolve()
    try:

        overrides = {"PATH": str(Path(args.path).resolve())} if args.path else {}
        settings = load_settings(args.settings, overrides)
        missing = _missing_files(args.files, settings, cwd)
        if missing:
            for problem in missing:
                print(problem.format(), file=sys.stderr)
            return 1
        problems = check_site(settings, fatal_warnings=args.fatal_warnings, only=args.files or None)
    except ContentError as exc:
        if args.format != "text":
            print(render([Problem(exc.path, exc.line, exc.severity, exc.message, exc.hint)], args.format, cwd))
        print(exc.format(cwd), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the edge: never a traceback
        print(f"site: error: the content checks stopped unexpectedly: {exc.__class__.__name__}: {exc}\n"
              f"  hint: {HINTS['fault']}", file=sys.stderr)
        return 1
    if args.format != "text":
        print(render(problems, args.format, cwd))
        return 1 if any(p.severity == "error" for p in problems) else 0
    for problem in problems:
        print(_display(problem, cwd).format())
    errors = sum(1 for p in problems if p.severity == "error")
    notices = sum(1 for p in problems if p.severity == "notice")  # listed, never blocking (safeguarding)
    warnings = len(problems) - errors - notices
    if not problems:
        print("no problems found")
    else:
        print(f"{errors} error(s), {warnings} warning(s)" + (f", {notices} notice(s)" if notices else ""))
    if args.fatal_warnings and not args.files:
        print("\n".join(checklist.lines(problems)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
