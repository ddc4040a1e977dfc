"""What the editorial checker learns about a file (Item) and what it found (Report)."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

from inmind import check_settings
from inmind.errors import Problem

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
