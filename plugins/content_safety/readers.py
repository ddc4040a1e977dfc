"""Readers that sanitise what Markdown (or an HTML file) produces, before any plugin adds its own markup."""

from pelican.readers import HTMLReader, MarkdownReader

from . import settings
from .sanitiser import sanitiser_for


class SanitisingReader:
    """Mixin: pass the reader's HTML and every metadata value through the allowlist."""

    @property
    def _sanitiser(self):
        # One reader reads every file of a build: merge and validate the setting once, not per value.
        if getattr(self, "_sanitiser_cache", None) is None:
            self._sanitiser_cache = sanitiser_for(settings.merged(self.settings))
        return self._sanitiser_cache

    def _clean(self, name, value):
        sanitiser = self._sanitiser
        if isinstance(value, str):
            # FORMATTED_FIELDS are HTML and get sanitised; every other value is plain text, which the
            # templates escape (a summary is kept as its escaped HTML, as Pelican's feeds print it as HTML).
            formatted = {field.lower() for field in self.settings.get("FORMATTED_FIELDS", ())}
            return sanitiser.sanitise(value) if name.lower() in formatted else sanitiser.metadata_text(name, value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return [sanitiser.metadata_text(name, v) for v in value]
        return value

    def process_metadata(self, name, value):
        """Clean a raw metadata value before Pelican turns it into a date, an author, a tag..."""
        return super().process_metadata(name, self._clean(name, value))

    def read(self, source_path):
        """Return the sanitised content and metadata of ``source_path``."""
        content, metadata = super().read(source_path)
        # process_metadata has cleaned each value; this catches any a reader sets without it.
        cleaned = {key: self._clean(key, value) for key, value in metadata.items()}
        return self._sanitiser.sanitise(content), cleaned


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
