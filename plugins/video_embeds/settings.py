"""The ``VIDEO_EMBEDS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

from . import captions

DEFAULTS = {
    # What a video without a transcript is: "warning" in preview, "error" in publish (publishconf.py).
    "transcript_required": "warning",
    # Folder inside content/ that holds transcript files named by ``Transcript:`` metadata.
    "transcript_dir": "transcripts",
    # The note under a video whose file has no Captions: line (checked, automatic or none say more).
    "captions_note": captions.UNKNOWN,
}

TRANSCRIPT_REQUIRED = ("warning", "error")


def merged(settings):
    """Return VIDEO_EMBEDS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "VIDEO_EMBEDS", DEFAULTS, '{"transcript_required": "error"}')
    if config["transcript_required"] not in TRANSCRIPT_REQUIRED:
        raise SettingsError(
            f"VIDEO_EMBEDS['transcript_required'] must be \"warning\" or \"error\", not {config['transcript_required']!r}"
        )
    for key in ("transcript_dir", "captions_note"):
        if not isinstance(config[key], str) or not config[key].strip():
            raise SettingsError(f"VIDEO_EMBEDS[{key!r}] must be a non-empty text, not {config[key]!r}")
    config["transcript_dir"] = config["transcript_dir"].strip("/")
    return config
