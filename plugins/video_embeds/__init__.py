"""Privacy-respecting, accessible video embeds from plain YouTube and Vimeo links."""

from pelican import signals

from .checks import check as check_content  # noqa: F401 - invoke check asks for it (inmind/config.py)
from .handlers import check_settings, embed_videos


def register():
    """Connect the receivers."""
    # initialized: a misspelt VIDEO_EMBEDS key stops the build at once, even with no videos.
    signals.initialized.connect(check_settings)
    # content_object_init: the Markdown is HTML by now, and other plugins (AGM, search, tagging)
    # see the finished embed and its transcript when they read the content afterwards.
    signals.content_object_init.connect(embed_videos)
