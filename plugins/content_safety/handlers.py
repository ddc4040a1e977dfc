"""Signal receivers: check the setting once, and swap in the sanitising readers."""

from . import settings
from .readers import safe_reader_class


def validate_settings(pelican):
    """Stop the build at once if CONTENT_SAFETY is wrong (the readers would fail later anyway)."""
    settings.merged(pelican.settings)


def use_safe_readers(readers):
    """Replace the Markdown and HTML readers with sanitising ones."""
    for extension, cls in list(readers.reader_classes.items()):
        readers.reader_classes[extension] = safe_reader_class(cls)
