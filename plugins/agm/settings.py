"""The ``AGM`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # Folder inside content/ holding one summary per meeting, such as agm/2019.md.
    "path": "agm",
    # Where each meeting's page goes; {date:%Y} is the meeting's year.
    "url": "agm/{date:%Y}/",
    "save_as": "agm/{date:%Y}/index.html",
    # The hub listing every year (linked from the main navigation).
    "hub_url": "agm/",
    "hub_save_as": "agm/index.html",
    # Atom feed of meetings; None writes no feed (preview builds).
    "feed_atom": "feeds/agm.atom.xml",
    "feed_title": "Annual General Meetings",
    # The next meeting's own file inside the folder: fields only, published as soon as it exists.
    "next_file": "next.md",
    # The next meeting's "Add to calendar" file (RFC 5545).
    "calendar_save_as": "agm/next-meeting.ics",
    # The moment the hub compares the next meeting with ("YYYY-MM-DD HH:MM"); None is the time of the build.
    "today": None,
}

TEXT_KEYS = ("path", "url", "save_as", "hub_url", "hub_save_as", "feed_title", "next_file", "calendar_save_as")


def merged(settings):
    """Return AGM merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "AGM", DEFAULTS, '{"feed_atom": None}')
    for key in TEXT_KEYS:
        if not isinstance(config[key], str) or not config[key].strip():
            raise SettingsError(f"AGM[{key!r}] must be a non-empty text, not {config[key]!r}")
    if config["feed_atom"] is not None and (not isinstance(config["feed_atom"], str) or not config["feed_atom"].strip()):
        raise SettingsError(f"AGM['feed_atom'] must be a file path such as 'feeds/agm.atom.xml', or None, not {config['feed_atom']!r}")
    for key in ("url", "save_as"):
        if "{date" not in config[key] and "{slug}" not in config[key]:
            raise SettingsError(
                f"AGM[{key!r}] must contain {{date:%Y}} or {{slug}}, or every meeting would share one page",
                hint=f"the default is {DEFAULTS[key]!r}",
            )
    if config["today"] is not None and not isinstance(config["today"], str):
        raise SettingsError(f"AGM['today'] must be a date such as '2027-01-31 09:00', or None, not {config['today']!r}")
    config["path"] = config["path"].strip("/")
    return config
