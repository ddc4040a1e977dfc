"""The ``VIDEO_EMBEDS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, did_you_mean

DEFAULTS = {
    # What a video without a transcript is: "warning" in preview, "error" in publish (publishconf.py).
    "transcript_required": "warning",
    # Folder inside content/ that holds transcript files named by ``Transcript:`` metadata.
    "transcript_dir": "transcripts",
    # The note under every video; players name their captions button "CC".
    "captions_note": "Captions are available in the player: press CC.",
}

TRANSCRIPT_REQUIRED = ("warning", "error")


def merged(settings):
    """Return VIDEO_EMBEDS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    user = settings.get("VIDEO_EMBEDS") or {}
    if not isinstance(user, dict):
        raise SettingsError(
            "VIDEO_EMBEDS must be a dictionary",
            hint='write VIDEO_EMBEDS = {"transcript_required": "error"} in the settings file',
        )
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"VIDEO_EMBEDS has an unknown key {unknown[0]!r}.{did_you_mean(unknown[0], DEFAULTS)}",
            hint=f"valid keys are: {', '.join(sorted(DEFAULTS))}",
        )
    config = {**DEFAULTS, **user}
    if config["transcript_required"] not in TRANSCRIPT_REQUIRED:
        raise SettingsError(
            f"VIDEO_EMBEDS['transcript_required'] must be \"warning\" or \"error\", not {config['transcript_required']!r}"
        )
    for key in ("transcript_dir", "captions_note"):
        if not isinstance(config[key], str) or not config[key].strip():
            raise SettingsError(f"VIDEO_EMBEDS[{key!r}] must be a non-empty text, not {config[key]!r}")
    config["transcript_dir"] = config["transcript_dir"].strip("/")
    return config
