"""The ``SCHEDULING`` setting, as a typed object checked once per build."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import Invalid, custom, load, number, shown


def _moment(value):
    """Return an ISO date-time text with a time zone as an aware datetime (None: the computer's clock)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None:
            raise Invalid(f"must be an ISO date and time, not {shown(value)}",
                          hint='write it as "2026-12-05T09:00+00:00", or leave it out')
    if moment.tzinfo is None:
        raise Invalid(f"needs a time zone: {shown(value)}", hint='end it with +00:00 (UTC), as in "2026-12-05T09:00+00:00"')
    return moment


@dataclass(frozen=True)
class Scheduling:
    """SCHEDULING: when the publish runs start, and the clock a build reads."""

    NAME: ClassVar[str] = "SCHEDULING"
    EXAMPLE: ClassVar[str] = '{"run_minute": 7}'

    # The minute past each hour at which the deploy workflow's schedule starts a publish build
    # (.github/workflows/deploy.yml, cron "M * * * *"); a test keeps the two the same.
    run_minute: int = number(7, whole=True, low=0, high=59)
    # The time the build takes as "now", as ISO text with a time zone ("2026-12-05T09:00+00:00");
    # None is the computer's clock. Tests set it, so they never wait for a real hour to pass.
    now: datetime.datetime | None = custom(None, _moment)


def merged(settings):
    """Return the checked SCHEDULING setting (checked once per settings object), or raise SettingsError."""
    return load(settings, Scheduling)
