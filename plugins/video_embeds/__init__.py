"""Privacy-respecting, accessible video embeds from plain YouTube and Vimeo links."""

from pelican import signals

from .handlers import embed_videos


def register():
    """Connect the receivers."""
    # content_object_init: the Markdown is HTML by now, and other plugins (AGM, search, tagging)
    # see the finished embed and its transcript when they read the content afterwards.
    signals.content_object_init.connect(embed_videos)
