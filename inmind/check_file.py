"""The checks on one content file: reading it, its metadata, its text, links, headings and nesting."""

from __future__ import annotations

import calendar
import datetime
import re
from pathlib import Path

from inmind import urls
from inmind.check_report import HINTS
from inmind.errors import Problem, counted, did_you_mean, one_line
from inmind.fields import REPEATED, UNUSED, label, misplaced_field, unread_field, unread_field_hint
from inmind.source import (
    META_RE,
    PLACEHOLDER,
    SERIES_INDEX_HINT,
    SLUG_MAX,
    TAG,
    TITLE_MAX,
    blank_code_spans,
    day_first,
    indented_code_lines,
    prose_lines,
    read_date,
    series_index_problem,
    slug_problem,
    title_problems,
    too_long,
)
from inmind.text import LOOKALIKE_HINT, plain_lookalikes

CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
# Files people sometimes drop into a content folder by mistake; Pelican skips them silently.
DOCUMENT_SUFFIXES = (".txt", ".doc", ".docx", ".rtf", ".odt", ".pages", ".pdf")
HTML_SUFFIXES = (".html", ".htm")
STATUSES = ("published", "draft", "hidden", "skip", "withdrawn")
TEXT = r"(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*"
# Python-Markdown, unlike CommonMark, takes spaces in an address ("![Dad](Dad Bench.jpg)" is a picture), so words
# after the first are part of it too, unless one starts with a quote: that is the link's title.
URL = (r"<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*"
       r"(?:[ \t]+[^\s()<>\"'][^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)*")
INLINE_LINK = re.compile(rf"(!?)\[({TEXT})\]\(\s*({URL})(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
REFERENCE_LINK = re.compile(rf"(!?)\[({TEXT})\] ?\[([^\[\]]*)\]")
REFERENCE_DEF = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s+.*)?$")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>", re.IGNORECASE)
RAW_IMG = re.compile(r"<img\b([^<>]*)>", re.IGNORECASE)
RAW_LINK = re.compile(r"<a\b([^<>]*)>(.{0,500}?)</a\s*>", re.IGNORECASE)
# A name starts only where a run of name characters starts: trying each start inside a long run was quadratic.
RAW_ATTR = re.compile(r"(?<![\w:-])([\w:-]++)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)")
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
# A web address typed without its https:// ("www.nhs.uk/...", "nhs.uk/...", "http//..."): the browser reads it as a
# page of this site, which does not exist. Names ending in a country or common web ending only, not "report.pdf".
NO_SCHEME = re.compile(r"^(?:www\.|https?:?/(?!/)|https?//|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|gov|info|io)(?:[/?#]|$))",
                       re.IGNORECASE)
# A web address typed as it is, outside any link: Markdown (without an autolink extension) leaves it as text.
PLAIN_ADDRESS = re.compile(r"(?<![\w/.@-])(?:https?://|www\.)[^\s<>\"'\]\[]+", re.IGNORECASE)
QUOTES = "\"'\u2018\u2019\u201c\u201d"
WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)
# Fields that only work at the top of the file, as they are written when typed under the video or the note.
TOP_FIELDS = ("captions", "transcript", "content-note", "consent", "status", "themes", "auto-themes", "series_index",
              "slug", "share-image", "share-image-alt", "author-role", "role-group", "crisis-help")
FIELD_IN_TEXT = re.compile(r"^(?P<key>[A-Za-z][\w-]*):[ \t]*\S")
# Pelican reads both forms, {tag} and the older |tag|.
LINK_PREFIX = re.compile(r"^(?:\{(filename|static|attach|author|category|tag|index)\}|\|(filename|static|attach|author|category|tag|index)\|)")


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
                   "reads only UTF-8", SAVE_AS_UTF8)
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
        except UnicodeDecodeError:
            problem = f"the file is not saved as UTF-8 (unreadable byte 0x{byte:02X} on this line)."
        else:
            # Name the character people see (a dash, a curly quote, an accent), not the byte: they can find it.
            shown = bytes([byte]).decode("cp1252")
            problem = (f'the file is not saved as UTF-8: the "{shown}" on this line was saved the older Windows way '
                       "(Windows-1252, \"ANSI\" in Notepad)")
        report.add("file-encoding", item, _line_of_offset(data, exc.start), problem, SAVE_AS_UTF8)
        return None
    if len(data) > limit:
        report.add("file-size", item, 1, f"the file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                   f"{config['max_file_kb']} KB", "a post this big usually holds a pasted document or image data; "
                   "keep only the text, and put images in content/images/")
        return text, False
    return text, True


# What to do with a file saved in another encoding, in an editor's own words.
SAVE_AS_UTF8 = "open it in your editor, choose Save As, and pick the encoding 'UTF-8' (in Notepad: Encoding > UTF-8)"


# --- Checks on one file --------------------------------------------------------------------------------------


# A metadata value longer than this is not a date, and parsing it only costs time.
DATE_MAX_CHARS = 64


# The words for a date that does not exist, written once: the checker's, and the editor's date box's (its
# config.json holds them with %{...} placeholders, plugins/editor/model.py).
def no_such_day(day, month_name, year, days):
    """Return the words for a day its month does not have: 'there is no 31 November 2026: ...'."""
    return f"there is no {day} {month_name} {year}: {month_name} {year} has {days} days"


def no_such_month(value, month):
    """Return the words for a date whose month is not 1 to 12."""
    return f'"{value}" has no month {month} (months run from 01 to 12)'


def unreadable_date(value):
    """Return the words for a date the build cannot read at all."""
    return f'"{value}" is not a date the site can read'


# A time written the UK way with a dot, "14.00" or "2.30pm", which the date reader does not take.
DOTTED_TIME = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{2})(?=\s*(?:[ap]\.?m\.?)?\s*$)", re.IGNORECASE)


def _dotted_time_hint(value):
    """Return the line to write for a date whose time has a dot ("24/09/2026 14.00"), or None."""
    if len(value) > DATE_MAX_CHARS or not DOTTED_TIME.search(value):
        return None
    try:
        date = _parse_date(DOTTED_TIME.sub(r"\1:\2", value))
    except Exception:  # noqa: BLE001 - as in _check_date: not readable even with a colon, so the general hint
        return None
    return f"write the time with a colon, and the date as YYYY-MM-DD to be sure: 'Date: {date:%Y-%m-%d %H:%M}'"


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


def _report_misspelt(item, report, check_id, name, field):
    """Report a required field that is missing because its line misspells it ("Sumary:"), at that line."""
    report.add(check_id, item, field.line, f'there is no {name}: line; "{field.name}:" on this line looks like it, '
               "misspelt, so the site does not read it", f"correct the spelling: write {name}: at the start of the line")


def _check_date(item, key, report, config, settings, *, required, misspelt=None):
    src = item.source
    values = src.values(key)
    if not values:
        if misspelt and key in misspelt:
            _report_misspelt(item, report, "date-missing", "Date", misspelt[key])
        elif required:
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
            report.add("date-invalid", item, line, no_such_month(value, month)
                       + (": dates with slashes are read day first, the UK way (DD/MM/YYYY)" if slashed else ""),
                       HINTS["date"])
            return None
        days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
        if not 1 <= day <= days:
            report.add("date-invalid", item, line, no_such_day(day, calendar.month_name[month], year, days),
                       HINTS["date"])
            return None
    try:
        date = _parse_date(value)
    except Exception as exc:  # noqa: BLE001 - dateutil raises several types, OverflowError included
        reason = f" ({exc})" if isinstance(exc, ValueError) and str(exc).startswith(("it is", "the time")) else ""
        shown = value if len(value) <= DATE_MAX_CHARS else value[:DATE_MAX_CHARS] + "…"
        hint = _dotted_time_hint(value) or HINTS["date"]
        if plain_lookalikes(value) != value:
            hint = LOOKALIKE_HINT.format(example="'Date: 2026-09-24 14:00'")
        report.add("date-invalid", item, line, unreadable_date(shown) + reason, hint)
        return None
    if not iso:
        numbers = re.findall(r"\d+", value)
        if re.match(r"^\s*\d{1,2}(?:-|\s+)\d{1,2}(?:-|\s+)\d{2,4}", value) and int(numbers[0]) <= 12 and int(numbers[1]) <= 12:
            report.add("date-ambiguous", item, line, f'"{value}" is read as {date:%-d %B %Y} (month first)',
                       f"write it as YYYY-MM-DD to be sure, for example {date:%Y-%m-%d}")
        elif not re.search(r"\d{1,2}\D+\d{1,2}\D+\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s*[A-Za-z]{3,}|[A-Za-z]{3,}\s*\d{1,2}\b",
                           value, re.IGNORECASE):  # "3rd March 2026" names its day as surely as "3 March 2026"
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


# A details line Markdown cannot read as one ("Content note:", "Title :"): the details end there.
# Word's non-breaking space and hyphens count as a space and a hyphen: "Content\u00a0note:" is the same slip.
FIELD_LIKE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][\w \u00a0\u2010\u2011-]*?)\s*:\s*\S")


def _check_metadata_end(item, report, known):
    """Report a field line that ends the details at the top early: it and every line after it become text."""
    src, number = item.source, item.source.body_line
    if not src.fields or number < 2 or number > len(src.lines) or not src.lines[number - 2].strip():
        return  # no details, or they ended as they should, at a blank line
    field = FIELD_LIKE.match(src.lines[number - 1])
    if not field:
        _check_stray_line(item, report, known, number)
        return
    wanted = re.sub(r"[\s_\u2010\u2011]+", "-", field.group("key").strip()).lower()
    following = number < len(src.lines) and META_RE.match(src.lines[number])
    if wanted not in known and not following:
        return  # a sentence that starts the text straight after the details, such as "In short: ..."
    close = f' Did you mean "{label(wanted)}:"?' if wanted in known else ""
    written = src.lines[number - 1].split(":", 1)[0].lstrip()
    hint = ("a field's name has no spaces (join words with hyphens, as in 'Content-note:') and its colon follows "
            "straight after it; leave one blank line between the fields at the top and the text")
    if plain_lookalikes(written) != written:  # "Content‑note:" with Word's hyphen looks right: say why it is not
        hint = LOOKALIKE_HINT.format(example=f"'{label(wanted)}:'" if wanted in known else "'Content-note:'")
    report.add("field-broken", item, number, f'"{written}:" cannot be read as a field, so '
               f"this line and every line after it are shown as the text, not read as details.{close}", hint)


def _check_stray_line(item, report, known, number):
    """Report a line with no "Name:" among the fields at the top (a value broken onto two lines): the rest become text."""
    src = item.source
    following = META_RE.match(src.lines[number]) if number < len(src.lines) else None
    if not following or following.group("key").lower() not in known:
        return  # the text starts straight after the details, with no blank line between: nothing is lost
    shown = one_line(src.lines[number - 1].strip())
    report.add("field-broken", item, number,
               f'this line ("{shown[:60]}{"…" if len(shown) > 60 else ""}") has no "Name:" at its start, so the '
               f'details at the top end here: "{following.group("key")}:" on line {number + 1} and every line after '
               "it are shown as the text, not read as details",
               "join this line to the end of the line above it (a value stays on one line), or delete it")


def _check_metadata(item, report, config, settings):
    src = item.source
    known = config["fields"]  # every field the site reads (inmind.fields), found once for the whole run
    _check_metadata_end(item, report, known)
    required = config["required"].get(item.folder, [])
    # A file whose fields a plugin checks itself (the next AGM's End:, Online:) has them named there, once.
    owned = item.rel in config.get("own_field_files", ())
    seen = {}
    misspelt = {}  # a required field that is missing -> the misspelt field line that was meant to be it
    for f in src.fields:
        first = f.key not in seen
        seen.setdefault(f.key, f)
        reported = any(reports(f.key, f.value) for reports in config.get("reported_fields", ()))
        # Only the first of a field given twice is read (Source.grouped); a field nothing reads is named as such once.
        if not first and f.key not in REPEATED and not f.continued and (f.key in known or owned) and not reported:
            report.add("field-duplicate", item, f.line, f"{f.name}: appears twice (first on line "
                       f"{seen[f.key].line}); only the first is used", "delete one of them")
        if first and not f.value and f.key not in ("title", "date", "summary"):
            report.add("field-blank", item, f.line, f"{f.name}: has no value",
                       f"fill it in, or delete the {f.name}: line")
        if first and f.key not in known and not owned and not reported:
            # Suggest the field as it is written at the top of a file ("Summary:"), not as the code keys it.
            # A field the site has no use for (Translation:) is not a slip for one it has (Transcript:).
            close = "" if f.key in UNUSED else did_you_mean(f"{f.name}:", [f"{label(key)}:" for key in known])
            meant = close.partition('"')[2].rstrip(':"?').lower()
            if meant in required and not src.values(meant) and meant not in misspelt:
                misspelt[meant] = f  # one message, from the missing field's own check, at this line
            else:
                # A warning, so the publish build refuses it (inmind/check.py, _finish) while a draft may keep it:
                # nothing reads the line, and the writer who added "Content-nte:" or "Image:" believes the page
                # shows it. Deleting or correcting the line is always enough, and CHECKS["severity"] can relax it.
                report.add("field-unknown", item, f.line, unread_field(f.name) + (f".{close}" if close else ""),
                           "check the spelling; fields are written like 'Summary: ...' at the top of the file"
                           if close else unread_field_hint(known, item.folder))
        elif first and f.key in config.get("read_only_in", ()) and item.folder not in known[f.key] and not owned:
            # A field of another kind of content (Venue: in a blog post): said as such, with the two ways out.
            report.add("field-unknown", item, f.line,
                       *misplaced_field(f.name, known[f.key], item.folder, config.get("folder_nouns", {})))

    for value, line in src.values("series_index")[:1]:
        message = series_index_problem(value) if value.strip() else None
        if message:  # always an error: the series plugin cannot build a page from it
            report.add_problem(item, Problem(str(item.path), line, "error", f"{message} [series-index]",
                                             SERIES_INDEX_HINT))

    title, title_line = (src.values("title") or [(None, 1)])[0]
    if title is None and "title" in misspelt:
        _report_misspelt(item, report, "title-missing", "Title", misspelt["title"])
    elif title is None or not title.strip():
        if "title" in required or title is not None:
            report.add("title-missing", item, title_line, "there is no title" if title is None else "Title: is empty",
                       HINTS["title"])
    for check_id, message, hint in title_problems(title):
        if check_id == "title-long":  # a limit of the build itself (a file name), so always an error
            report.add_problem(item, Problem(str(item.path), title_line, "error", f"{message} [{check_id}]", hint))
        else:
            report.add(check_id, item, title_line, message, hint)

    summary, summary_line = (src.values("summary") or [(None, 1)])[0]
    if summary is None and "summary" in misspelt:
        _report_misspelt(item, report, "summary-missing", "Summary", misspelt["summary"])
    elif summary is None or not summary.strip():
        if "summary" in required or summary is not None:
            report.add("summary-missing", item, summary_line,
                       "there is no Summary: line" if summary is None else "Summary: is empty", HINTS["summary"])
    else:
        full = " ".join(v for v, _ in src.values("summary"))
        if len(full) > config["summary_max"]:
            report.add("summary-long", item, summary_line, f"the summary is {len(full)} characters; keep it to "
                       f"{config['summary_max']} or fewer", "one or two short sentences that say what the page is about")

    item.date = _check_date(item, "date", report, config, settings, required="date" in required, misspelt=misspelt)
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
        over = slug_problem(slug)
        if over:
            check_id, message, hint = over
            report.add_problem(item, Problem(str(item.path), line, "error", f"{message} [{check_id}]", hint))
            return None
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
            report.add("slug-invalid", item, line, f'Slug: "{slug}" is not a good web address',
                       f'use lower-case letters, numbers and hyphens only, such as "{_suggested_slug(slug, settings)}"')
        return slug
    title = (src.value("title") or "").strip()
    if not title:
        return None
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    if len(title) <= TITLE_MAX and len(slug) > SLUG_MAX:
        message = too_long("the web address made from the title", len(slug), SLUG_MAX)
        report.add_problem(item, Problem(str(item.path), src.line("title", 1), "error", f"{message} [slug-long]",
                                         "add a shorter 'Slug: my-post' line, or shorten the title"))
        return None
    if not slug:
        report.add("slug-invalid", item, src.line("title", 1), "the title has no letters or numbers the web address "
                   "can use", "add a line such as 'Slug: my-post' with lower-case letters, numbers and hyphens")
        return None
    return slug




def _plain(text):
    # Emphasis markers go; underscores inside words (IMG_1234) are text, as Markdown treats them.
    text = re.sub(r"[*`~]+|(?<!\w)_+|_+(?!\w)", "", TAG.sub("", text))
    return " ".join(text.split())


def _links(src, references):
    """Yield (line, is_image, text, url, whole line) for every Markdown, autolink and raw HTML link."""
    for number, raw in prose_lines(src):
        if "[" not in raw and "<" not in raw:
            continue  # most lines: no link, image or HTML at all
        line = blank_code_spans(raw)
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
            attrs = raw_attributes(m.group(1))
            yield number, True, attrs.get("alt", ""), attrs.get("src", ""), line, m.group(0)
        for m in RAW_LINK.finditer(line):
            attrs = raw_attributes(m.group(1))
            yield number, False, m.group(2), attrs.get("href", ""), line, m.group(0)


def _references(src):
    refs = {}
    for _, line in prose_lines(src):
        m = REFERENCE_DEF.match(line)
        if m:
            refs.setdefault(" ".join(m.group(1).lower().split()), m.group(2))
    return refs


def _check_lists(item, report):
    """Report lists Markdown will not show as lists: indented into a code box, or run into the text above."""
    src = item.source
    previous = None
    for number, text in indented_code_lines(src):
        if number - 1 != previous and LIST_ITEM.match(text.expandtabs(4)[4:]):
            report.add("list-broken", item, number, "this list starts with a tab or four spaces, so the page shows "
                       "it as a grey box of code, not as a list",
                       "delete the tab or spaces at the start of each line of the list, so each line starts "
                       "with - (or 1.); indent only a list inside another list")
        previous = number
    lines = prose_lines(src)
    for (number, text), (following, below) in zip(lines, lines[1:], strict=False):
        if WORD_BULLET.match(text) and following == number + 1 and WORD_BULLET.match(below):
            report.add("list-broken", item, number, f"this line starts with a {text.lstrip()[0]} pasted from Word or "
                       "another program, so the page runs it into the lines around it instead of showing a list",
                       "start each line of the list with - and a space instead, and leave one empty line above the list")
            break  # once per file: every line of such a list has it
    in_list, above, above_number = False, "", 0
    for index, (number, text) in enumerate(lines):
        if number != above_number + 1:
            above = ""  # code or a fence came between: the text above is not next to this line
        below = lines[index + 1][1] if index + 1 < len(lines) and lines[index + 1][0] == number + 1 else ""
        if _LIST_LINE.match(text):
            # Two list lines straight under a line of text: Markdown joins them to that paragraph. One such line
            # alone may be a sentence that wraps at a number ("in\n2026. We"), so it is left alone.
            if not in_list and _LIST_LINE.match(below) and above.strip() \
                    and not above.lstrip().startswith(("#", ">", "|", "<")):
                report.add("list-broken", item, number, "this list starts on the line straight after the text "
                           "above it, so the page runs it into that paragraph instead of showing a list",
                           "leave one empty line above the list's first line")
            in_list = True
        elif text.strip() and not above.strip() and not text.startswith((" ", "\t")):
            in_list = False  # a new paragraph at the margin ends the list
        above, above_number = text, number


# A bullet character pasted from Word, Outlook or a web page: Markdown shows it as text, not as a list.
WORD_BULLET = re.compile(r"^\s*[\u2022\u00b7\u25e6\u25aa\u25cf\u2023\u2043\uf0b7]\s")
# A list line at the left margin, as the text above it would have to be followed by.
_LIST_LINE = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])\s+\S")


def _check_body(item, report, config):
    """Headings, images and link text; return the links for the site-wide link check."""
    src = item.source
    previous_level, previous_text = 1, ""
    links = []
    for number, raw in prose_lines(src):
        line = blank_code_spans(raw)
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

    _check_fields_in_text(item, report)
    _check_plain_addresses(item, report, config)
    for number, is_image, text, url, line, whole in _links(src, _references(src)):
        prefix = LINK_PREFIX.match(url)
        target = url[prefix.end():] if prefix else url
        parts = urls.split(target)
        if parts is None or urls.split(urls.tidy_address(target)) is None:
            # "//[zz]/", "https://[bad", "{static}//[zz]/a.pdf" or "https:\\[zz]" (a browser reads "\" as "/"): no
            # browser can open it and the page would lose it, so it is said here, never to the site-wide link check.
            # Another site's picture and a [video: ...] line have their own check's words.
            if (prefix or not is_image) and not _plain(text).lower().startswith("video:"):
                report.add("link-broken", item, number, urls.unusable(url), urls.UNUSABLE_HINT)
            continue
        links.append((number, url))
        if not is_image:
            _check_address(item, report, number, url)
        if is_image:
            alt = _plain(text)
            if not alt:
                report.add("image-alt-missing", item, number, f'the image "{url}" has no alt text', HINTS["alt"])
            elif FILENAME_ALT.fullmatch(alt) or alt.lower() == Path(parts.path).stem.lower():
                # "photo" or "image 3" is no file name: say what is wrong with it in words the writer recognises.
                # A name has no spaces between its word and number ("IMG_1234", "image3"), or an ending (".jpg").
                named = ("." in alt or not re.fullmatch(r"[^\W\d_]+(?: +[^\W_]+)*", alt)
                         or alt.lower() == Path(parts.path).stem.lower())
                what = f'is a file name ("{alt}")' if named else f'("{alt}") only says it is a picture, not what it shows'
                report.add("image-alt-filename", item, number, f"the alt text of the image {what}",
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


def _check_address(item, report, number, url):
    """Report a web address the browser would not take to the page meant: no https://, or a space in it."""
    if url[:1] in QUOTES:
        report.add("link-broken", item, number, f"the link's address {url} is in quotes, so it leads to a page of this "
                   "site that does not exist", "delete the quotes around the address in the round brackets")
    elif NO_SCHEME.match(url):
        meant = re.sub(r"^https?:?/*", "", url, flags=re.IGNORECASE)
        report.add("link-broken", item, number, f'the link "{url}" does not start with https://, so it leads to a '
                   "page of this site that does not exist", f"write the whole address, such as https://{meant}")
    elif WEB_ADDRESS.match(url) and re.search(r"\s", url):
        report.add("link-address", item, number, f'the web address "{url}" has a space in it, so the link '
                   "probably leads to a page that does not exist",
                   "copy the address again from the browser's address bar and paste it between the round brackets")


def _outside_comments(lines):
    """Yield ``(number, text)`` with the parts inside HTML comments blanked: readers never see them (nh3 drops them)."""
    inside = False
    for number, text in lines:
        kept = []
        while text:
            if inside:
                end = text.find("-->")
                text, inside = (text[end + 3:], False) if end >= 0 else ("", True)
            else:
                start = text.find("<!--")
                if start < 0:
                    kept.append(text)
                    break
                kept.append(text[:start])
                text, inside = text[start + 4:], True
        yield number, " ".join(kept) if len(kept) > 1 else (kept[0] if kept else "")


def _check_plain_addresses(item, report, config):
    """Report a web address typed into the text: Markdown shows it as words no one can click, a video as its address."""
    for number, raw in _outside_comments(prose_lines(item.source)):
        if "://" not in raw and "www." not in raw:
            continue
        line = blank_code_spans(raw)
        if REFERENCE_DEF.match(line):
            continue
        rest = RAW_LINK.sub(" ", AUTOLINK.sub(" ", INLINE_LINK.sub(" ", line)))
        found = PLAIN_ADDRESS.search(TAG.sub(" ", rest))
        if not found:
            continue
        address = found.group(0).rstrip(".,;:!?)")
        video = any(is_video(address) for is_video in config["video_links"])
        if video and line.strip() == address:
            continue  # a video on a line of its own: the video plugin shows it
        if video:
            report.add("address-as-text", item, number, f'the video link "{address}" is inside a sentence, so readers '
                       "see its address as text, not the video", "put the link on a line of its own, with an empty "
                       "line above and below it")
        else:
            report.add("address-as-text", item, number, f'the web address "{address}" shows as text that readers '
                       "cannot click", "make it a link that says where it goes: [the page's name]("
                       + ("https://" if address.lower().startswith("www.") else "") + f"{address})")


def _check_fields_in_text(item, report):
    """Report a field line such as "Captions: automatic" written among the text, where it is shown, not read."""
    src = item.source
    lines = dict(_outside_comments(prose_lines(src)))
    for number, text in lines.items():
        field = FIELD_IN_TEXT.match(text)
        if not field or lines.get(number - 1, "").strip() or lines.get(number + 1, "").strip():
            continue  # only a line on its own, as a field is typed: "Note: ..." inside a paragraph is a sentence
        key = field.group("key").lower()
        # The text's first line straight under the fields is the field-broken check's; after the empty line it is text.
        straight_under = number == src.body_line and number >= 2 and src.lines[number - 2].strip()
        if key in TOP_FIELDS and not straight_under:
            report.add("field-in-text", item, number, f'"{field.group("key")}:" is written among the text, so it is '
                       "shown to readers as it is and the site does not act on it",
                       "move this line up among the lines at the top of the file (Title:, Date: and the others), "
                       "above the first empty line")


# Limits of the build itself, not editorial preferences, so they are always errors: a longer title or slug
# makes a file name the disk refuses, and deeper nesting exhausts Python's recursion in the Markdown reader.
# TITLE_MAX and SLUG_MAX come from inmind.source, which invoke new shares.
NESTING_MAX = 20
EMPHASIS_RUN_MAX = 6
# The Markdown reader's time grows with the square of the [ in one paragraph: 300 take a few
# milliseconds, 20,000 take minutes (a build anyone could stall with one line).
BRACKETS_MAX = 300
# Each entity, tag, code span or emphasis costs the reader time that grows with its paragraph's length too: 5,000
# take a twentieth of a second, 80,000 "&amp;" in one paragraph (400 KB, under the file limit) took 40 seconds.
INLINE_MARKS = ("<", "&", "`", "*", "_", "\\")
INLINE_MARKS_MAX = 5000
RAW_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)([^<>]*)>")
LEADING_BLOCKS = re.compile(r"^(?:[ \t]*(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)))+")
# Whole runs only, each read once: lookarounds on every start in a run made a line of 100,000 * take minutes.
EMPHASIS_RUN = re.compile(rf"[*_]{{{EMPHASIS_RUN_MAX + 1},}}")
WORD_CHARACTER = re.compile(r"\w")


def raw_attributes(text):
    """Return ``{name: value}`` of a raw HTML tag's attributes (names in lower case, quotes removed)."""
    return {k.lower(): v.strip("\"'") for k, v in RAW_ATTR.findall(text)}


def emphasis_run_beside_word(line):
    """Say whether more than EMPHASIS_RUN_MAX * or _ in a row touch a word character (``_`` is one itself)."""
    n = EMPHASIS_RUN_MAX + 1
    if line.count("*") + line.count("_") < n:
        return False  # no run that long can be in it; counting is much quicker than searching
    for match in EMPHASIS_RUN.finditer(line):
        start, end, run = match.start(), match.end(), match.group(0)
        if (start and WORD_CHARACTER.match(line[start - 1])) or WORD_CHARACTER.match(line[end:end + 1]):
            return True
        if "_" in run[: len(run) - n] or "_" in run[n:]:  # a shorter run beside a _ inside this one
            return True
    return False


NESTING_HINT = ("use at most a few levels of lists and quotes, ** for bold, and a few links per paragraph; deeper "
                "nesting cannot be built into a page")


def nesting_problem(source):
    """Return (line, message) for the first place nested too deeply for the Markdown reader, or None.

    The checks report it, and the build's reader refuses the file without rendering it (on a large site
    Pelican reads while the checks run, and 20,000 [ would keep it busy for minutes).
    """
    brackets = marks = 0
    blocks_open = []  # raw HTML elements marked markdown=..., innermost last: each is read inside the one around it
    for number, raw in prose_lines(source):
        if "markdown" in raw or (blocks_open and "</" in raw):
            for closing, name, attributes in RAW_TAG.findall(raw):
                if closing and blocks_open and blocks_open[-1] == name.lower():
                    blocks_open.pop()
                elif not closing and "markdown" in raw_attributes(attributes):
                    blocks_open.append(name.lower())
            if len(blocks_open) > NESTING_MAX:
                return number, _nested('HTML blocks marked markdown="1" are', len(blocks_open))
        if not raw.strip():
            brackets = marks = 0  # a new paragraph
            continue
        brackets += raw.count("[")
        marks += sum(map(raw.count, INLINE_MARKS))
        expanded = raw.expandtabs(4)
        blocks = LEADING_BLOCKS.match(expanded)
        markers = blocks.group(0) if blocks else ""
        depth = (len(expanded) - len(expanded.lstrip())) // 4 + markers.count(">") + len(
            re.findall(r"(?:^|\s)(?:[-*+]|\d{1,9}[.)])(?=\s)", markers))
        if depth > NESTING_MAX:
            return number, _nested("lists or quotes are", depth)
        if emphasis_run_beside_word(raw):
            return number, f"more than {EMPHASIS_RUN_MAX} * or _ in a row next to a word"
        if brackets > BRACKETS_MAX:
            return number, _too_many(f"{BRACKETS_MAX} [")
        if marks > INLINE_MARKS_MAX:
            return number, _too_many(f"{INLINE_MARKS_MAX:,} of {' '.join(INLINE_MARKS)}")
    return None


def _nested(what, depth):
    return f"{what} nested {depth} levels deep here; the limit is {NESTING_MAX}"


def _too_many(what):
    return f"this paragraph has more than {what} in it, which the Markdown reader takes minutes over"


def _check_nesting(item, report):
    """Refuse lists, quotes or emphasis nested so deeply that the Markdown reader would fail on them."""
    found = nesting_problem(item.source)
    if found:
        report.add_problem(item, Problem(str(item.path), found[0], "error", f"{found[1]} [nesting-deep]", NESTING_HINT))


def _check_placeholders(item, report):
    lines = [number for number, text in enumerate(item.source.lines, start=1) if PLACEHOLDER in text]
    if lines:
        # Each line named, so a writer finds them all without searching (an AGM summary has seven).
        where = ", ".join(map(str, lines[:-1])) + (" and " if len(lines) > 1 else "") + str(lines[-1])
        report.add("placeholder", item, lines[0], f'{counted(len(lines), "line still has", "lines still have")} the "{PLACEHOLDER} ..." text '
                   f"the new file started with (line{'s' if len(lines) > 1 else ''} {where})",
                   "write your own words there; the published site cannot go out with them")
