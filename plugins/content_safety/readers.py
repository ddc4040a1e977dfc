"""Readers that sanitise what Markdown (or an HTML file) produces, before any plugin adds its own markup."""

from pelican.readers import HTMLReader, MarkdownReader

from . import settings
from .sanitiser import sanitiser_for


class SanitisingReader:
    """Mixin: run the reader, then pass its HTML and metadata through the allowlist."""

    def read(self, source_path):
        """Return the sanitised content and metadata of ``source_path``."""
        content, metadata = super().read(source_path)
        sanitiser = sanitiser_for(settings.merged(self.settings))
        formatted = {name.lower() for name in self.settings.get("FORMATTED_FIELDS", ())}
        for key, value in metadata.items():
            if isinstance(value, str):
                # Summaries are HTML (FORMATTED_FIELDS); everything else is plain text that templates
                # print as it is, so any tag in it (a title with <script>) is stripped to its text.
                metadata[key] = sanitiser.sanitise(value) if key in formatted else sanitiser.strip_tags(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                metadata[key] = [sanitiser.strip_tags(v) for v in value]
        return sanitiser.sanitise(content), metadata


class SafeMarkdownReader(SanitisingReader, MarkdownReader):
    """Pelican's Markdown reader, sanitised."""


class SafeHTMLReader(SanitisingReader, HTMLReader):
    """Pelican's HTML reader, sanitised."""


def safe_reader_class(cls):
    """Return a sanitising version of a Markdown or HTML reader class (or ``cls`` if it needs none)."""
    if not isinstance(cls, type) or issubclass(cls, SanitisingReader):
        return cls
    if cls is MarkdownReader:
        return SafeMarkdownReader
    if cls is HTMLReader:
        return SafeHTMLReader
    if issubclass(cls, MarkdownReader | HTMLReader):
        # Another plugin's subclass: keep its behaviour, add ours on top.
        return type(f"Safe{cls.__name__}", (SanitisingReader, cls), {})
    return cls
