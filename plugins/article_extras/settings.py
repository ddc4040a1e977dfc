"""The ``ARTICLE_EXTRAS`` setting, as a typed object checked once per build."""

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import load, number, text


@dataclass(frozen=True)
class ArticleExtras:
    """ARTICLE_EXTRAS: reading time, the picture shown when a page is shared, and the JSON-LD type."""

    NAME: ClassVar[str] = "ARTICLE_EXTRAS"
    EXAMPLE: ClassVar[str] = '{"words_per_minute": 200}'

    # Reading speed used for "N minute read"; 200 words a minute suits plain-English text on screen.
    words_per_minute: int = number(200, whole=True, above=0)
    # Picture shown when a page is shared, relative to SITEURL (a PNG, as social sites ignore SVG).
    share_image: str = text("theme/images/share.png", empty=True)
    share_image_alt: str = text("In Mind, guest blogs on co-production", empty=True)
    # schema.org type of every article's JSON-LD.
    article_type: str = text("BlogPosting", empty=True)


def merged(settings):
    """Return the checked ARTICLE_EXTRAS setting (checked once per settings object), or raise SettingsError."""
    return load(settings, ArticleExtras)
