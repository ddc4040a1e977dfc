"""Content safety: every page's HTML passes through an allowlist, so no Markdown file can inject script."""

from pelican import signals

from inmind import pipeline

from .checks import check as check_content  # noqa: F401 - invoke check asks for these (inmind/config.py)
from .handlers import refuse_other_formats, use_safe_readers, validate_settings
from .ids import make_ids_unique
from .readers import chooses_output as reports_field  # noqa: F401 - the field lines its check names itself
from .readers import refused_format  # noqa: F401


def register():
    """Connect the receivers."""
    # initialized: a wrong CONTENT_SAFETY stops the build before anything is read.
    signals.initialized.connect(validate_settings)
    # readers_init: sanitise inside the reader, on Markdown's own output, so markup that plugins add
    # later (the video player, theme links) is never touched and nothing unsafe reaches them.
    signals.readers_init.connect(use_safe_readers)
    # content_object_init, first stage (inmind/pipeline.py): a reader another plugin adds after ours is
    # still caught here, before any other step runs on its post or page, and before it can be written.
    pipeline.connect("content", "refuse", refuse_other_formats)
    # content_object_init, stage "label": after the video plugin inlines transcripts (stage "expand"), so
    # the ids of a post and of its transcripts are made unique together, and none takes the theme's.
    pipeline.connect("content", "label", make_ids_unique)
