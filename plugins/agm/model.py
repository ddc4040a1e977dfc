"""Pure AGM logic: check a summary's metadata, list its documents and describe it as a schema.org Event."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from inmind import urls
from inmind.errors import Problem, did_you_mean
from inmind.files import is_file
from inmind.pagemeta import script_json
from inmind.source import first, read_date

STATIC_PREFIX = re.compile(r"^\{static\}/?")
# The fields only an AGM summary has, which this plugin reads (facts.metadata_fields declares them to the checks).
OWN_KEYS = ("venue", "attendance", "annual-report", "annual-report-title", "minutes", "highlight")
# Keys an AGM summary may use; others are left alone unless they look like a typo of one of these.
KNOWN_KEYS = {
    "title", "date", "modified", "author", "authors", "slug", "summary", "status", "lang", "template",
    *OWN_KEYS, "transcript", "themes", "auto-themes", "captions",
}
ATTENDANCE = {
    "in person": "https://schema.org/OfflineEventAttendanceMode",
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "mixed": "https://schema.org/MixedEventAttendanceMode",
}
# What officers call a meeting that is in a room and online too, and what it is written as here.
SAID_AS = {"hybrid": "mixed", "blended": "mixed", "both": "mixed", "virtual": "online", "remote": "online",
           "in-person": "in person", "face to face": "in person"}
URL_HINT = "write the full address starting with https://, or {static}/documents/FILE.pdf for a file in content/documents/"


@dataclass(frozen=True)
class Document:
    """A document from the meeting: the annual report or the minutes."""

    kind: str
    title: str
    url: str
    local: bool = False
    # What a reader downloads, as a link in a post says it: "PDF, 2.1 MB" (file_vetting.links.note), or "".
    note: str = ""

    def href(self, siteurl):
        """Return the link for a page whose SITEURL is ``siteurl`` (relative in preview)."""
        return f"{siteurl}/{self.url}" if self.local else self.url


def _is_date(value):
    """Return True if the build can read ``value`` as a date (inmind.source.read_date, which it uses)."""
    try:
        read_date(value)
    except (ValueError, OverflowError):
        return False
    return True


def split_venue(venue):
    """Return (place name, address) from "Place, street, town POSTCODE"."""
    name, _, rest = venue.partition(",")
    return name.strip(), (rest.strip() or venue.strip())


def url_problem(value, content_root=None, site_settings=None):
    """Return why ``value`` is not a usable document link (a {static} file here, or a full web address), or None.

    With the site's settings, a {static} file must be one the site publishes (file_vetting's one rule).
    """
    if STATIC_PREFIX.match(value) and " " in value:
        return _spaced_file_name(STATIC_PREFIX.sub("", value))
    reason = urls.url_problem(value)
    if reason:
        return reason
    if STATIC_PREFIX.match(value):
        rel = STATIC_PREFIX.sub("", value)
        if not rel:
            return "the {static} link names no file"
        plain = posixpath.normpath(unquote(rel.lstrip("/")))
        if plain == ".." or plain.startswith("../"):
            return f'"{rel}" is not a file in the content folder'
        if " " in plain:
            return _spaced_file_name(plain)
        if plain != rel:
            # The page links to the path as written: "documents//a.pdf" or "documents/../documents/a.pdf" is an
            # address some hosts answer and others do not, though the file is found here.
            return (f'the path "{rel}" has "..", "./", "//" or %-codes in it, which the page would link to as they '
                    f"are; write {{static}}/{plain}")
        if content_root is not None and not is_file(Path(content_root) / rel):
            return f'the file "{rel}" is not in the content folder'
        if content_root is not None and site_settings is not None:
            from file_vetting.walk import check_static_link

            refused = check_static_link(Path(content_root) / rel, site_settings)
            return refused[0].message if refused else None
        return None
    # urls.url_problem allows this site's own pages; a document is a {static} file or a page elsewhere.
    parts = urls.split(value)
    scheme, host = (parts.scheme, parts.hostname or "") if parts else ("", "")
    if scheme not in ("http", "https") or "." not in host:
        # "www.example.nhs.uk/report.pdf", as a browser's address bar shows it: give the line to write.
        if not scheme and re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value):
            return f'"{value}" is not a full web address: write https://{value}'
        return f'"{value}" is not a full web address'
    return None


def _spaced_file_name(rel):
    """Return the words for a {static} file saved with spaces in its name, with the name to rename it to."""
    folder, _, name = rel.strip("/").rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    words = re.findall(r"[a-z0-9]+", (stem if dot else name).lower()) or ["document"]
    new = "-".join(words) + (f".{suffix.lower()}" if dot else "")
    new_rel = f"{folder}/{new}" if folder else new
    return (f'the file name "{name}" has spaces, which this line cannot hold; rename the file to '
            f"content/{new_rel} and write {{static}}/{new_rel} here")


def check(source_path, source, content_root=None, site_settings=None, *, field_checks=True):
    """Return the problems in one AGM summary, read by inmind.source.parse, each at the line of its field.

    ``field_checks=False`` leaves out misspelt field names, a missing title and a missing or unreadable date,
    which ``./dev check`` reports for every file already (one message for one mistake).
    """
    metadata = source.metadata
    problems = []

    def problem(key, message, hint=None):
        problems.append(Problem(source_path, source.line(key, 1), "error", message, hint))

    for key in metadata if field_checks else ():
        if key not in KNOWN_KEYS:
            suggestion = did_you_mean(key, KNOWN_KEYS)
            if suggestion:
                problem(key, f'"{key}" is not an AGM field.{suggestion}', "correct the spelling of the field name")
    if field_checks and not first(metadata.get("title")):
        problem("title", "the AGM summary has no Title:", "add a line such as Title: Annual General Meeting 2019")
    date = first(metadata.get("date"))
    if not date and field_checks:
        problem("date", "the AGM summary has no Date:", "add the meeting's date and start time, such as Date: 2019-09-25 14:00")
    elif date and field_checks and not _is_date(date):
        problem("date", f'"{date}" is not a date', "write the date as YYYY-MM-DD HH:MM, such as Date: 2019-09-25 14:00")
    # A blank Venue: line is named by the site-wide check (field-blank) when it runs: one mistake, one message.
    if not first(metadata.get("venue")) and (field_checks or "venue" not in metadata):
        problem("venue", "the AGM summary has no Venue:", "add where it was held, such as Venue: Bootle Town Hall, Oriel Road, Bootle L20 7AE")
    attendance = first(metadata.get("attendance")).lower()
    if attendance and attendance not in ATTENDANCE:
        problem(
            "attendance",
            f'Attendance: must be "in person", "online" or "mixed", not "{attendance}".'
            + (f' Did you mean "{said}"?' if (said := _said_as(attendance)) else did_you_mean(attendance, ATTENDANCE)),
            "write Attendance: online for a meeting held only online, mixed for one in a room and online too, or "
            "delete the line for one held in person",
        )
    for key in ("annual-report", "minutes"):
        value = first(metadata.get(key))
        reason = url_problem(value, content_root, site_settings) if value else None
        if reason:
            problem(key, f"the {key.replace('-', ' ')} link cannot be used: {reason}", URL_HINT)
    if first(metadata.get("annual-report-title")) and not first(metadata.get("annual-report")):
        problem("annual-report-title", "Annual-report-title: is given but there is no Annual-report: link", URL_HINT)
    return problems


def documents(metadata, year, note_of=lambda address, title: None):
    """Return the meeting's documents (annual report, minutes) for the page and the hub.

    ``note_of(address, title)`` returns what the link adds to its title ("PDF, 2.1 MB"), or None.
    """
    found = []
    titles = {
        "annual-report": first(metadata.get("annual-report-title")) or f"Annual report {year}",
        "minutes": f"Minutes of the {year} Annual General Meeting",
    }
    for kind, title in titles.items():
        value = first(metadata.get(kind))
        if value:
            local = bool(STATIC_PREFIX.match(value))
            found.append(Document(kind, title, STATIC_PREFIX.sub("", value) if local else value, local,
                                  note_of(value, title) or ""))
    return found


def _said_as(attendance):
    """Return the Attendance: word for what officers wrote ("Face-to-face", "in  person"), or None."""
    spoken = " ".join(attendance.replace("-", " ").split())
    return SAID_AS.get(attendance) or SAID_AS.get(spoken) or (spoken if spoken in ATTENDANCE else None)


def event_json_ld(*, name, start, venue, organizer, description="", attendance="", url=None, organizer_url=None):
    """Return schema.org Event JSON-LD, safe to place inside <script type="application/ld+json">."""
    place, address = split_venue(venue)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": name,
        "startDate": start.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE.get(attendance.lower(), ATTENDANCE["in person"]),
        "location": {"@type": "Place", "name": place, "address": address},
        "organizer": {"@type": "Organization", "name": organizer},
    }
    if organizer_url:
        data["organizer"]["url"] = organizer_url
    if description:
        data["description"] = description
    if url:
        data["url"] = url
    return script_json(data, indent=2)
