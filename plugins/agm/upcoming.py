"""Pure: the next Annual General Meeting (content/agm/next.md), what the hub says about it, and its calendar file.

A summary dated in the future is held back from the publish build until its day, so the next meeting is
a file of its own, published as soon as it is written. It has fields only; the hub words them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from inmind import urls
from inmind.errors import Problem, did_you_mean
from inmind.source import first, read_date
from inmind.text import printable

from .model import split_venue

# Fields of the next meeting's file; the hub shows every one that is given.
NEXT_KEYS = {"title", "date", "end", "venue", "access", "online", "questions", "summary", "modified", "status", "slug"}
REQUIRED = {
    "title": "add a line such as Title: Annual General Meeting 2027",
    "date": "add the meeting's date and start time, such as Date: 2027-09-22 14:00",
    "venue": "add where it will be held, such as Venue: The Life Rooms, 1 Pennington Road, Liverpool L4 0RL",
}
DEFAULT_LENGTH = timedelta(hours=2)
DATE_HINT = "write the date and time as YYYY-MM-DD HH:MM, such as 2027-09-22 14:00"
# An email address in a sentence: letters, digits and . _ % + - on each side of @, and a dot in the domain. It
# starts only where such a run starts, so a long run of letters is read once, not once from each of its letters.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def with_addresses(text):
    """Return ``text`` as (words, href) pieces: an email address gets "mailto:…", other words None (both text)."""
    parts, at = [], 0
    for match in _EMAIL.finditer(text):
        parts += [(text[at:match.start()], None)] if match.start() > at else []
        parts.append((match.group(), f"mailto:{match.group()}"))
        at = match.end()
    return parts + ([(text[at:], None)] if at < len(text) else [])


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting as the hub shows it: every field is plain text, ``online`` a link or text."""

    source_path: str
    title: str
    start: datetime
    end: datetime
    venue: str
    access: str = ""
    online: str = ""
    questions: str = ""
    summary: str = ""
    stamp: datetime | None = None

    @property
    def year(self):
        """Return the meeting's year."""
        return self.start.year

    @property
    def questions_parts(self):
        """Return Questions: as (words, href) pieces, so an email address in it can be tapped."""
        return with_addresses(self.questions)

    @property
    def online_is_link(self):
        """Return True when Online: is a web address to join by (else it is a sentence, such as when a link comes)."""
        return bool(re.match(r"^https://\S+$", self.online))

    @property
    def place(self):
        """Return the venue's place name ("The Life Rooms")."""
        return split_venue(self.venue)[0]

    def when(self):
        """Return the date and times in words: "Wednesday 22 September 2027, 2pm to 4:30pm"."""
        return f"{long_date(self.start)}, {clock(self.start)} to {clock(self.end)}"

    def date_text(self):
        """Return the date in words: "Wednesday 22 September 2027"."""
        return long_date(self.start)


def long_date(moment):
    """Return "Wednesday 22 September 2027" (no leading zero, any platform)."""
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def clock(moment):
    """Return a time as the NHS style guide writes it: "2pm", "2:30pm", "12 noon"."""
    if (moment.hour, moment.minute) == (12, 0):
        return "12 noon"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def _date(value, timezone):
    """Return ``value`` as an aware datetime in ``timezone``, or None if it is not a date (read as the build reads Date:)."""
    from pelican.utils import set_date_tzinfo

    try:
        return set_date_tzinfo(read_date(value), timezone)
    except (ValueError, OverflowError):
        return None


def check(source_path, source, timezone="Europe/London"):
    """Return the problems in the next meeting's file (read by inmind.source.parse), each with its line and a hint."""
    metadata = source.metadata
    problems = []

    def problem(key, message, hint=None):
        problems.append(Problem(source_path, source.line(key, 1), "error", message, hint))

    for key in metadata:
        if key not in NEXT_KEYS:
            problem(key, f'"{key}" is not a field of the next meeting.{did_you_mean(key, NEXT_KEYS)}',
                    f"the fields are: {', '.join(sorted(NEXT_KEYS - {'slug', 'status'}))}")
    for key, hint in REQUIRED.items():
        if not first(metadata.get(key)):
            problem(key, f"the next meeting has no {key.capitalize()}:", hint)
    dates = {}
    for key in ("date", "end", "modified"):
        value = first(metadata.get(key))
        parsed = _date(value, timezone) if value else None
        if value and parsed is None:
            problem(key, f'"{value}" is not a date', DATE_HINT)
        elif parsed:
            dates[key] = parsed
    if "date" in dates and "end" in dates and dates["end"] <= dates["date"]:
        problem("end", "End: is not after the start in Date:", "give the time the meeting finishes, such as End: 2027-09-22 16:30")
    online = first(metadata.get("online"))
    if online.lower().startswith(("http:", "https:", "www.")):
        reason = urls.url_problem(online)
        if reason or not online.startswith("https://") or "." not in urls.host_of(online):
            problem("online", f"the joining link cannot be used: {reason or 'write the full address starting with https://'}",
                    "paste the meeting's joining link, starting with https://, or write a sentence such as "
                    "'Online: The link will be here a week before the meeting.'")
    return problems


def read(source_path, source, timezone="Europe/London"):
    """Return the NextMeeting in ``source``, read by inmind.source.parse (check it first: this assumes it is valid)."""
    # Every field is plain text, as a post's are: without the characters no page or calendar file may carry.
    metadata = {key: printable(first(value)) for key, value in source.metadata.items()}
    start = _date(first(metadata.get("date")), timezone)
    end_value = first(metadata.get("end"))
    modified = first(metadata.get("modified"))
    return NextMeeting(
        source_path=source_path,
        title=first(metadata.get("title")),
        start=start,
        end=_date(end_value, timezone) if end_value else start + DEFAULT_LENGTH,
        venue=first(metadata.get("venue")),
        access=first(metadata.get("access")),
        online=first(metadata.get("online")),
        questions=first(metadata.get("questions")),
        summary=first(metadata.get("summary")),
        stamp=_date(modified, timezone) if modified else None,
    )


def state(meeting, summaries, now):
    """Return "upcoming", "to-follow" (held, no summary yet) or None (its summary is published)."""
    if meeting is None or any(summary.date.year == meeting.year for summary in summaries):
        return None
    return "upcoming" if meeting.end > now else "to-follow"


def calendar(meeting, *, uid_host, product, page_url=""):
    """Return the meeting as an RFC 5545 calendar file (bytes), the same bytes for the same content.

    DTSTAMP is the file's Modified: time (else the start), never the time of the build, so two builds of
    the same content are byte-identical. Times are written in UTC, which needs no time-zone component.
    """
    from icalendar import Calendar, Event  # here, not at the top: invoke check loads this module and never needs it

    cal = Calendar()
    cal.add("prodid", f"-//{product}//Annual General Meeting//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"agm-{meeting.start.astimezone(UTC):%Y%m%dT%H%MZ}@{uid_host}")
    event.add("dtstamp", (meeting.stamp or meeting.start).astimezone(UTC))
    event.add("dtstart", meeting.start.astimezone(UTC))
    event.add("dtend", meeting.end.astimezone(UTC))
    event.add("summary", meeting.title)
    event.add("location", meeting.venue)
    lines = [meeting.summary]
    if meeting.access:
        lines.append(f"Getting there: {meeting.access}")
    if meeting.online:
        lines.append(f"Joining online: {meeting.online}")
    if meeting.questions:
        lines.append(f"Questions in advance: {meeting.questions}")
    if page_url:
        lines.append(f"More: {page_url}")
    event.add("description", "\n\n".join(line for line in lines if line))
    if page_url:
        event.add("url", page_url)
    cal.add_component(event)
    return cal.to_ical()
