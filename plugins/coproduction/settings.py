"""The ``COPRODUCTION`` setting: defaults, merge and validation."""

from __future__ import annotations

from inmind.errors import SettingsError, did_you_mean, merge_setting

DEFAULTS = {
    # The theme vocabulary and the authors registry, relative to the content folder (PATH).
    "vocabulary": "themes.toml",
    "authors": "authors.toml",
    # Automatic themes: a theme is kept when its score reaches the threshold; at most this many per post.
    "threshold": 2.5,
    "max_auto_themes": 4,
    # ... and only when its score is at least this share of the post's strongest theme's score (0 to 1).
    "top_share": 0.2,
    # What one match is worth by where it is; body matches are also scaled by the body's length.
    "weights": {"title": 3.0, "summary": 2.0, "body": 1.0},
    # Body matches count in full up to this many words, and proportionally less in longer posts.
    "body_words": 400,
    # How many related posts each post offers.
    "related_posts": 3,
    # Posts per page of a theme, role-group or role listing (None: Pelican's DEFAULT_PAGINATION).
    # Topic listings are read by scanning, so pages are longer than the home page's.
    "per_page": 20,
    # Pages; folders with index.html, like the rest of the site.
    "themes_url": "themes/",
    "themes_save_as": "themes/index.html",
    "theme_url": "themes/{slug}/",
    "theme_save_as": "themes/{slug}/index.html",
    "voices_url": "voices/",
    "voices_save_as": "voices/index.html",
    "group_url": "voices/{slug}/",
    "group_save_as": "voices/{slug}/index.html",
    "role_url": "roles/{slug}/",
    "role_save_as": "roles/{slug}/index.html",
    # Atom feeds per theme and per role group.
    "feeds": True,
    "theme_feed": "feeds/themes/{slug}.atom.xml",
    "group_feed": "feeds/voices/{slug}.atom.xml",
    # Entries per feed, newest first: a feed reader wants what is new, the theme page has the rest.
    # None: Pelican's FEED_MAX_ITEMS (every post when that is None too).
    "feed_max_items": 20,
}
WEIGHT_KEYS = ("title", "summary", "body")
PAGE_KEYS = ("themes", "theme", "voices", "group", "role")
SLUG_PATTERNS = ("theme_url", "theme_save_as", "group_url", "group_save_as", "role_url", "role_save_as", "theme_feed", "group_feed")


def _fail(message, key, hint=None):
    return SettingsError(f"COPRODUCTION[{key!r}] {message}", hint=hint)


def _number(config, key, *, minimum=0, integer=False, optional=False):
    value = config[key]
    if optional and value is None:
        return
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        kind = "a whole number" if integer else "a number"
        raise _fail(f"must be {kind} of at least {minimum}, not {value!r}", key)


def merged(settings):
    """Return COPRODUCTION merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "COPRODUCTION", DEFAULTS, '{"threshold": 2.0}')

    weights = config["weights"]
    if not isinstance(weights, dict):
        raise _fail("must be a dictionary such as {'title': 3, 'summary': 2, 'body': 1}", "weights")
    for key in weights:
        if key not in WEIGHT_KEYS:
            raise _fail(
                f"has an unknown place {key!r}.{did_you_mean(key, WEIGHT_KEYS)}",
                "weights",
                hint=f"valid places are: {', '.join(WEIGHT_KEYS)}",
            )
    config["weights"] = {**DEFAULTS["weights"], **weights}
    for key, value in config["weights"].items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _fail(f"[{key!r}] must be a number of at least 0, not {value!r}", "weights")

    _number(config, "threshold")
    _number(config, "max_auto_themes", integer=True)
    _number(config, "top_share")
    if config["top_share"] > 1:
        raise _fail(f"must be a share between 0 and 1, such as 0.25, not {config['top_share']!r}", "top_share")
    _number(config, "body_words", minimum=1, integer=True)
    _number(config, "related_posts", integer=True)
    _number(config, "per_page", minimum=1, integer=True, optional=True)
    _number(config, "feed_max_items", minimum=1, integer=True, optional=True)
    if not isinstance(config["feeds"], bool):
        raise _fail(f"must be True or False, not {config['feeds']!r}", "feeds")

    for key in ("vocabulary", "authors"):
        if not isinstance(config[key], str) or not config[key].strip():
            raise _fail("must be a file name relative to the content folder, such as 'themes.toml'", key)
    for page in PAGE_KEYS:
        for key in (f"{page}_url", f"{page}_save_as"):
            if not isinstance(config[key], str):
                raise _fail(f"must be text, not {config[key]!r}", key)
        if not config[f"{page}_save_as"].endswith(".html"):
            raise _fail("must end in .html", f"{page}_save_as", hint="for example 'themes/{slug}/index.html'")
    for key in ("theme_feed", "group_feed"):
        if not isinstance(config[key], str) or not config[key].endswith(".xml"):
            raise _fail("must be a path ending in .xml", key, hint="for example 'feeds/themes/{slug}.atom.xml'")
    for key in SLUG_PATTERNS:
        if "{slug}" not in config[key]:
            raise _fail("must contain {slug}, so each theme, group or role gets its own address", key)
    return config
