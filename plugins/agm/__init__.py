"""AGM summaries as their own content type: a page per meeting, the AGM hub and an Atom feed."""

from pelican import signals

from . import settings
from .checks import check as check_content  # noqa: F401 - invoke check asks for it (inmind/config.py)
from .facts import content_types, metadata_fields, own_field_files, site_pages  # noqa: F401 - invoke check asks for these (inmind/config.py)
from .generator import AGMGenerator


def check_settings(pelican):
    """Stop the build at once when AGM is wrong."""
    settings.merged(pelican.settings)


def get_generators(pelican):
    """Return the AGM generator."""
    return AGMGenerator


def register():
    """Connect the receivers."""
    # initialized: a misspelt AGM key stops the build before any content is read.
    signals.initialized.connect(check_settings)
    # get_generators: AGM pages are a content type of their own, read with Pelican's readers so
    # content_object_init receivers (video embeds, tagging, search) see them like any post.
    signals.get_generators.connect(get_generators)
