"""Pictures: every {static} picture is served resized, with srcset, sizes, width, height and lazy loading."""

from pelican import signals

from inmind import pipeline

from .checks import check as check_content  # noqa: F401 - invoke check asks for it (inmind/config.py)
from .handlers import size_pictures, validate_settings, write_copies


def register():
    """Connect the receivers."""
    # initialized: a wrong PICTURES stops the build before anything is read.
    signals.initialized.connect(validate_settings)
    # content_object_init, stage "expand" (inmind/pipeline.py): the body is sanitised HTML by now (the
    # sanitiser runs inside the reader), and nothing after this stage reads picture attributes.
    pipeline.connect("content", "expand", size_pictures)
    # all_generators_finalized: every post has been read, so every copy needed is known; nothing is written yet.
    signals.all_generators_finalized.connect(write_copies)
