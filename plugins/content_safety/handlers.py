"""Signal receivers: check the setting once, and swap in the sanitising readers."""

from pelican.contents import Static

from . import settings
from .readers import refused_format, safe_reader_class


def validate_settings(pelican):
    """Stop the build at once if CONTENT_SAFETY is wrong (the readers would fail later anyway)."""
    settings.merged(pelican.settings)


def use_safe_readers(readers):
    """Replace the Markdown and HTML readers with sanitising ones, and every other reader with a refusal."""
    for extension, cls in list(readers.reader_classes.items()):
        readers.reader_classes[extension] = safe_reader_class(cls)


def refuse_other_formats(instance):
    """Stop any post or page read from a format other than Markdown or HTML (a reader added after ours)."""
    if isinstance(instance, Static) or not getattr(instance, "source_path", None):
        return
    error = refused_format(instance.source_path)
    if error:
        raise error
