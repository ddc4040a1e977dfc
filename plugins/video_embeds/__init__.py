"""Privacy-respecting, accessible video embeds from plain YouTube and Vimeo links."""

from pelican import signals

from inmind import pipeline

from .checks import check as check_content  # noqa: F401 - invoke check asks for these (inmind/config.py)
from .facts import metadata_fields  # noqa: F401 - invoke check asks for it (inmind/config.py)
from .handlers import check_settings, embed_videos, list_uncaptioned
from .providers import looks_like_video_url as is_video_link  # noqa: F401


def register():
    """Connect the receivers."""
    # initialized: a misspelt VIDEO_EMBEDS key stops the build at once, even with no videos.
    signals.initialized.connect(check_settings)
    # content_object_init, stage "expand" (inmind/pipeline.py): the Markdown is HTML by now, and the later
    # stages (tagging, real names, search) see the finished embed and its transcript.
    pipeline.connect("content", "expand", embed_videos)
    # all_generators_finalized, stage "collect": every article, page and AGM summary has its videos and
    # nothing is written yet, so the accessibility statement can name each video that has no captions.
    pipeline.connect("gathered", "collect", list_uncaptioned)
