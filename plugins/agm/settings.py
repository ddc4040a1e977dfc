"""The ``AGM`` setting, as a typed object checked once per build."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import Invalid, content_folder, load, relative_path, text

URL_DEFAULT = "agm/{date:%Y}/"
SAVE_AS_DEFAULT = "agm/{date:%Y}/index.html"


def _one_page_each(default):
    """Return the check that a meeting's address pattern makes one page per meeting."""

    def check(value):
        if "{date" not in value and "{slug}" not in value:
            raise Invalid("must contain {date:%Y} or {slug}, or every meeting would share one page",
                          f"the default is {default!r}")
        return value

    return check


@dataclass(frozen=True)
class Agm:
    """AGM: where the summaries are, where each meeting's page, the hub, the feed and the calendar file go."""

    NAME: ClassVar[str] = "AGM"
    EXAMPLE: ClassVar[str] = '{"feed_atom": None}'

    # Folder inside content/ holding one summary per meeting, such as agm/2019.md.
    path: str = text("agm", then=content_folder)
    # Where each meeting's page goes; {date:%Y} is the meeting's year.
    url: str = text(URL_DEFAULT, then=_one_page_each(URL_DEFAULT))
    save_as: str = relative_path(SAVE_AS_DEFAULT, then=_one_page_each(SAVE_AS_DEFAULT))
    # The hub listing every year (linked from the main navigation).
    hub_url: str = text("agm/")
    hub_save_as: str = relative_path("agm/index.html")
    # Atom feed of meetings; None writes no feed (preview builds).
    feed_atom: str | None = relative_path("feeds/agm.atom.xml", optional=True,
                                          must="must be a file path such as 'feeds/agm.atom.xml', or None")
    feed_title: str = text("Annual General Meetings")
    # The next meeting's own file inside the folder: fields only, published as soon as it exists.
    next_file: str = relative_path("next.md", inside="the AGM folder")
    # The next meeting's "Add to calendar" file (RFC 5545).
    calendar_save_as: str = relative_path("agm/next-meeting.ics")
    # The moment the hub compares the next meeting with ("YYYY-MM-DD HH:MM"); None is the time of the build.
    today: str | None = text(None, empty=True, optional=True, must="must be a date such as '2027-01-31 09:00', or None")


def merged(settings):
    """Return the checked AGM setting (checked once per settings object), or raise SettingsError naming the bad key."""
    return load(settings, Agm)
