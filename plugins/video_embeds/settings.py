"""The ``VIDEO_EMBEDS`` setting, as a typed object checked once per build."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import choice, content_folder, load, text

from . import captions


@dataclass(frozen=True)
class VideoEmbeds:
    """VIDEO_EMBEDS: what a video without a transcript is, where transcripts live, and the captions note."""

    NAME: ClassVar[str] = "VIDEO_EMBEDS"
    EXAMPLE: ClassVar[str] = '{"transcript_required": "error"}'

    # What a video without a transcript is: "warning" in preview, "error" in publish (publishconf.py).
    transcript_required: str = choice("warning", ("warning", "error"))
    # Folder inside content/ that holds transcript files named by ``Transcript:`` metadata.
    transcript_dir: str = text("transcripts", then=content_folder)
    # The note under a video whose file has no Captions: line (checked, automatic or none say more).
    captions_note: str = text(captions.UNKNOWN)


def merged(settings):
    """Return the checked VIDEO_EMBEDS setting (checked once per settings object), or raise SettingsError."""
    return load(settings, VideoEmbeds)
