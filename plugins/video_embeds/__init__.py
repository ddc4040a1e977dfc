"""Privacy-respecting, accessible video embeds from plain YouTube and Vimeo links."""

from pelican import signals

from inmind import pipeline

from .checks import check as check_content  # noqa: F401 - invoke check asks for these (inmind/config.py)
from .handlers import check_settings, embed_videos
from .providers import looks_like_video_url as is_video_link  # noqa: F401


def register():
    """Connect the receivers."""
    # initialized: a misspelt VIDEO_EMBEDS key stops the build at once, even with no videos.
    signals.initialized.connect(check_settings)
    # content_object_init, stage "expand" (inmind/pipeline.py): the Markdown is HTML by now, and the later
    # stages (tagging, real names, search) see the finished embed and its transcript.
    pipeline.connect("content", "expand", embed_videos)
