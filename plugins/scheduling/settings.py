"""The ``SCHEDULING`` setting: defaults, merge and validation."""

import datetime

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # The minute past each hour at which the deploy workflow's schedule starts a publish build
    # (.github/workflows/deploy.yml, cron "M * * * *"); a test keeps the two the same.
    "run_minute": 7,
    # The time the build takes as "now", as ISO text with a time zone ("2026-12-05T09:00+00:00");
    # None is the computer's clock. Tests set it, so they never wait for a real hour to pass.
    "now": None,
}


def merged(settings):
    """Return SCHEDULING merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "SCHEDULING", DEFAULTS, '{"run_minute": 7}')
    minute = config["run_minute"]
    if isinstance(minute, bool) or not isinstance(minute, int) or not 0 <= minute <= 59:
        raise SettingsError(f"SCHEDULING['run_minute'] must be a whole number from 0 to 59, not {minute!r}")
    now = config["now"]
    if now is not None:
        try:
            now = datetime.datetime.fromisoformat(str(now))
        except ValueError:
            raise SettingsError(f"SCHEDULING['now'] must be an ISO date and time, not {now!r}",
                                hint='write it as "2026-12-05T09:00+00:00", or leave it out') from None
        if now.tzinfo is None:
            raise SettingsError(f"SCHEDULING['now'] needs a time zone: {config['now']!r}",
                                hint='end it with +00:00 (UTC), as in "2026-12-05T09:00+00:00"')
    return {**config, "now": now}
