"""The ``SHARE_CARDS`` setting, as a typed object checked once per build."""

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import flag, load, relative_path, text

FONTS = "/usr/share/fonts/truetype/liberation"


@dataclass(frozen=True)
class ShareCards:
    """SHARE_CARDS: the fonts, colours and folder of the pictures shown when a post is shared."""

    NAME: ClassVar[str] = "SHARE_CARDS"
    EXAMPLE: ClassVar[str] = '{"preview": True}'

    # Liberation Sans (Debian's fonts-liberation, which ./dev installs): Arial's shapes, free to use.
    font: str = text(f"{FONTS}/LiberationSans-Bold.ttf")
    font_regular: str = text(f"{FONTS}/LiberationSans-Regular.ttf")
    # The theme's colour tokens, read for the card's colours (one place for each colour).
    tokens: str = relative_path("assets/css/tokens.css", inside="the theme folder")
    # Folder in the site the cards are written to.
    folder: str = relative_path("share-cards")
    # Show under each post how it will look when shared (preview builds only; publishconf.py turns it off).
    preview: bool = flag(False)


def merged(settings):
    """Return the checked SHARE_CARDS setting (checked once per settings object), or raise SettingsError."""
    return load(settings, ShareCards)
