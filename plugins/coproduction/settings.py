"""The ``COPRODUCTION`` setting, as a typed object checked once per build."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import Invalid, flag, is_real_number, load, mapping, number, relative_path, shown, text

WEIGHT_KEYS = ("title", "summary", "body")
_CONTENT_FILE = "must be a file name relative to the content folder, such as 'themes.toml'"
_SHARE = "must be a share between 0 and 1, such as 0.25"


def _weights(weights):
    for key, value in weights.items():
        if not is_real_number(value) or value < 0:
            raise Invalid(f"[{key!r}] must be a number of at least 0, not {shown(value)}")
    return weights


def _own_address(value):
    if "{slug}" not in value:
        raise Invalid("must contain {slug}, so each theme, group or role gets its own address")
    return value


def _page(value, *, one=False):
    if not value.endswith(".html"):
        raise Invalid("must end in .html", hint="for example 'themes/{slug}/index.html'")
    return value if one else _own_address(value)


def _feed(value):
    if not value.endswith(".xml"):
        raise Invalid("must be a path ending in .xml", hint="for example 'feeds/themes/{slug}.atom.xml'")
    return _own_address(value)


def _one_page(default):
    """Return the field of a page written once (the themes index, the voices page)."""
    return relative_path(default, then=lambda value: _page(value, one=True))


def _each_page(default):
    """Return the field of a page written for each theme, group or role."""
    return relative_path(default, then=_page)


def _address(default):
    return text(default, empty=True, then=_own_address)


@dataclass(frozen=True)
class Coproduction:
    """COPRODUCTION: the vocabulary and registry files, automatic themes, and the pages and feeds written."""

    NAME: ClassVar[str] = "COPRODUCTION"
    EXAMPLE: ClassVar[str] = '{"threshold": 2.5}'

    # The theme vocabulary and the authors registry, relative to the content folder (PATH).
    vocabulary: str = relative_path("themes.toml", inside="the content folder", must=_CONTENT_FILE)
    authors: str = relative_path("authors.toml", inside="the content folder", must=_CONTENT_FILE)
    # Automatic themes: a theme is kept when its score reaches the threshold; at most this many per post.
    threshold: float = number(2.5, low=0)
    max_auto_themes: int = number(4, whole=True, low=0)
    # ... and only when its score is at least this share of the post's strongest theme's score (0 to 1).
    top_share: float = number(0.25, low=0, high=1, must=_SHARE)
    # ... or this smaller share when the body has fewer than short_body_words words (0: never): a short piece's
    # second theme gets few mentions beside its first. It never raises the bar above top_share's.
    short_top_share: float = number(0.2, low=0, high=1, must=_SHARE)
    short_body_words: int = number(300, whole=True, low=0)
    # Learned words (learned.toml, beside this file) add to the themes' scores; False: phrases of the vocabulary only.
    learned_words: bool = flag(True)
    # The word model (wordmodel.json, beside this file) has the last word on automatic themes; False: scores only.
    word_model: bool = flag(True)
    # What one match is worth by where it is; body matches are also scaled by the body's length.
    weights: dict = mapping({"title": 3.0, "summary": 2.0, "body": 1.0}, values=lambda value: True, known=WEIGHT_KEYS,
                            noun="place", merge=True, then=_weights,
                            must="must be a dictionary such as {'title': 3, 'summary': 2, 'body': 1}")
    # Body matches count in full up to this many words, and proportionally less in longer posts.
    body_words: int = number(400, whole=True, low=1)
    # How many related posts each post offers.
    related_posts: int = number(3, whole=True, low=0)
    # Posts per page of a theme, role-group or role listing (None: Pelican's DEFAULT_PAGINATION).
    # Topic listings are read by scanning, so pages are longer than the home page's.
    per_page: int | None = number(20, whole=True, low=1, optional=True)
    # Pages; folders with index.html, like the rest of the site.
    themes_url: str = text("themes/", empty=True)
    themes_save_as: str = _one_page("themes/index.html")
    theme_url: str = _address("themes/{slug}/")
    theme_save_as: str = _each_page("themes/{slug}/index.html")
    voices_url: str = text("voices/", empty=True)
    voices_save_as: str = _one_page("voices/index.html")
    group_url: str = _address("voices/{slug}/")
    group_save_as: str = _each_page("voices/{slug}/index.html")
    role_url: str = _address("roles/{slug}/")
    role_save_as: str = _each_page("roles/{slug}/index.html")
    # Atom feeds per theme and per role group.
    feeds: bool = flag(True)
    theme_feed: str = relative_path("feeds/themes/{slug}.atom.xml", then=_feed)
    group_feed: str = relative_path("feeds/voices/{slug}.atom.xml", then=_feed)
    # Entries per feed, newest first: a feed reader wants what is new, the theme page has the rest.
    # None: Pelican's FEED_MAX_ITEMS (every post when that is None too).
    feed_max_items: int | None = number(20, whole=True, low=1, optional=True)


def merged(settings):
    """Return the checked COPRODUCTION setting (checked once per settings object), or raise SettingsError."""
    return load(settings, Coproduction)
