"""The ``SHARE_CARDS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

FONTS = "/usr/share/fonts/truetype/liberation"
DEFAULTS = {
    # Liberation Sans (Debian's fonts-liberation, which ./dev installs): Arial's shapes, free to use.
    "font": f"{FONTS}/LiberationSans-Bold.ttf",
    "font_regular": f"{FONTS}/LiberationSans-Regular.ttf",
    # The theme's colour tokens, read for the card's colours (one place for each colour).
    "tokens": "assets/css/tokens.css",
    # Folder in the site the cards are written to.
    "folder": "share-cards",
    # Show under each post how it will look when shared (preview builds only; publishconf.py turns it off).
    "preview": False,
}


def merged(settings):
    """Return SHARE_CARDS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "SHARE_CARDS", DEFAULTS, '{"preview": True}')
    for key in ("font", "font_regular", "tokens", "folder"):
        if not isinstance(config[key], str) or not config[key].strip():
            raise SettingsError(f"SHARE_CARDS[{key!r}] must be text, not {config[key]!r}")
    if not isinstance(config["preview"], bool):
        raise SettingsError(f"SHARE_CARDS['preview'] must be True or False, not {config['preview']!r}")
    return config
