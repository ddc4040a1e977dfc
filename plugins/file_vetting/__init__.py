"""File vetting: only pictures and plain documents from inside content/ are published, judged by their content."""

from pelican import signals

from inmind import pipeline

from .handlers import label_document_links, publish_vetted, refuse_unsafe_files, strip_published, validate_settings
from .walk import check_static_link  # noqa: F401 - invoke check asks for it at each {static} link (inmind/config.py)
from .walk import vet_site as check_files  # noqa: F401 - invoke check asks for it (inmind/config.py)


def register():
    """Connect the receivers."""
    # initialized: a wrong FILE_VETTING stops the build before anything is read.
    signals.initialized.connect(validate_settings)
    # content_object_init, stage "expand" (inmind/pipeline.py): the body is sanitised HTML by now, and the
    # type and size added to a document link's text are there before themes and search read the text.
    pipeline.connect("content", "expand", label_document_links)
    # static_generator_finalized: every static file is known (those in STATIC_PATHS and those linked with
    # {static}), and none has been copied yet, so a refused file never reaches the output.
    signals.static_generator_finalized.connect(refuse_unsafe_files)
    # all_generators_finalized: the list of files to publish is final (other plugins leave some out at
    # static_generator_finalized too) and Pelican has copied none: each is written from the bytes vetted then.
    signals.all_generators_finalized.connect(publish_vetted)
    # finalized: every picture is written (copied from content/, or made by a plugin); the real-name check
    # (deploy) comes after every finalized receiver, and reads the published copies.
    signals.finalized.connect(strip_published)
