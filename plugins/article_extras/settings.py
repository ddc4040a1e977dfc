"""The ``ARTICLE_EXTRAS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # Reading speed used for "N minute read"; 200 words a minute suits plain-English text on screen.
    "words_per_minute": 200,
    # Picture shown when a page is shared, relative to SITEURL (a PNG, as social sites ignore SVG).
    "share_image": "theme/images/share.png",
    "share_image_alt": "In Mind, guest blogs on co-production",
    # schema.org type of every article's JSON-LD.
    "article_type": "BlogPosting",
}


def merged(settings):
    """Return ARTICLE_EXTRAS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "ARTICLE_EXTRAS", DEFAULTS, '{"words_per_minute": 200}')
    wpm = config["words_per_minute"]
    if isinstance(wpm, bool) or not isinstance(wpm, int) or wpm <= 0:
        raise SettingsError(f"ARTICLE_EXTRAS['words_per_minute'] must be a whole number above 0, not {wpm!r}")
    for key in ("share_image", "share_image_alt", "article_type"):
        if not isinstance(config[key], str):
            raise SettingsError(f"ARTICLE_EXTRAS[{key!r}] must be text, not {config[key]!r}")
    return config
