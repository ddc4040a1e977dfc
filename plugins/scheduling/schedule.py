"""Pure rules: when is a post due, and when does the first scheduled publish run after its time start."""

from __future__ import annotations

import datetime

UTC = datetime.UTC


def clock(config):
    """Return the build's "now" (aware): the configured time, or the computer's clock."""
    return config.now or datetime.datetime.now(UTC)


def aware(date, zone=UTC):
    """Return ``date`` with a time zone (a naive date is taken to be in ``zone``)."""
    return date if date.tzinfo else date.replace(tzinfo=zone)


def is_due(date, now):
    """Return True when a post dated ``date`` may be published at ``now``."""
    return aware(date) <= aware(now)


def goes_live(date, run_minute):
    """Return when the first scheduled publish run at or after ``date`` starts (UTC), by the workflow's cron."""
    date = aware(date).astimezone(UTC)
    run = date.replace(minute=run_minute, second=0, microsecond=0)
    if run < date:
        run += datetime.timedelta(hours=1)
    return run


def when_text(date, zone):
    """Return ``5 December 2026 at 09:07`` in ``zone`` (the site's time zone), as people read it."""
    local = aware(date).astimezone(zone)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"
