"""Readers that sanitise what Markdown (or an HTML file) produces, before any plugin adds its own markup."""

import functools
import re
from pathlib import Path

from file_vetting.vet import unreadable
from markdown import Markdown
from pelican.contents import Content
from pelican.readers import BaseReader, HTMLReader, MarkdownReader

from inmind import check_sources
from inmind.check_file import NESTING_HINT, nesting_problem
from inmind.errors import ContentError
from inmind.fields import UNUSED

from . import settings
from .sanitiser import sanitiser_for

# Metadata that would let a file choose its own output file, address or template: a post could then
# replace a theme script, the editor or another page. Addresses come only from Slug: and the site's
# patterns, so these are dropped here and reported by the check (checks.py).
OVERRIDES = ("save_as", "url", "template")
# Pelican writes a post in another language to "{slug}-{lang}.html": a Lang: that is not a language tag
# ("x/../index") would choose the file too, so it is dropped as well.
LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# Pelican makes every field an attribute of the page (Content.__init__), so a field named like one of the page's own
# chose its file ("Override_save_as: index.html" replaced the home page), its layout ("Default_template: 404") or
# broke the build ("Settings:", an AGM summary's "Year:"). The names of its classes, and of every content type a
# plugin adds (found when asked, as plugins load after this module), and those __init__ sets; less the two that are
# ordinary fields.
PELICAN_SET = frozenset({"settings", "translations", "metadata", "source_path", "relative_source_path",
                         "in_default_lang", "locale_date", "locale_modified", "date_format", "timezone"})
ORDINARY = frozenset({"summary", "status"})


def _content_types():
    found, todo = [], [Content]
    while todo:
        kind = todo.pop()
        found.append(kind)
        todo.extend(kind.__subclasses__())
    return tuple(found)


@functools.lru_cache(maxsize=8)
def _own_names(kinds):
    return frozenset({name.lower() for kind in kinds for name in dir(kind) if not name.startswith("__")}
                     | PELICAN_SET) - ORDINARY


# Fields are written with hyphens (Content-note:, Share-image:), and the attributes plugins give a page have "_" in
# them (reading_time, scheduled_for), some set only on some pages: a field with "_" stood in for one ("Scheduled_for:"
# put a "Scheduled for" banner on a published post). The one such field is Pelican's series number.
UNDERSCORED_FIELDS = frozenset({"series_index"})


def underscored(key):
    """Say whether ``key`` has a "_" that no field has, so it could stand in for an attribute a plugin sets."""
    return "_" in key and key.lower() not in UNDERSCORED_FIELDS


def pelican_own(key):
    """Say whether ``key`` names an attribute Pelican or a plugin's content type has on every page."""
    return key in _own_names(_content_types()) or key.startswith(("override_", "_"))


def chooses_output(key, value):
    """Say whether a metadata value would choose the file's output path, address or template (or is the build's own)."""
    key = key.lower()
    if key in OVERRIDES or pelican_own(key) or underscored(key):
        return True
    return key == "lang" and not (isinstance(value, str) and LANG.fullmatch(value.strip()))


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
        error = outside_content(source_path, self.settings)
        if error:
            raise error
        content, metadata = self._read_checked(source_path)
        # process_metadata has cleaned each value; this catches any a reader sets without it.
        cleaned = {key: self._clean(key, value) for key, value in metadata.items() if not chooses_output(key, value)}
        return self._sanitiser.sanitise(content), cleaned

    def _read_checked(self, source_path):
        """Return (content, metadata) of a file the build's checks read (another plugin's reader reads it itself)."""
        check_sources.checked(self.settings, source_path)
        return super().read(source_path)




class SafeMarkdownReader(SanitisingReader, MarkdownReader):
    """Pelican's Markdown reader, sanitised, taking each file's text and header from the checks' one reading."""

    def _read_checked(self, source_path):
        source = check_sources.source(self.settings, source_path)
        too_deep = nesting_problem(source)
        if too_deep:  # never handed to Markdown: the checks report it, in their words, at the same line
            raise ContentError(too_deep[1], path=source_path, line=too_deep[0], hint=NESTING_HINT)
        if getattr(self, "_md", None) is None:
            # One Markdown for every file this reader reads (building one costs as much as a short post),
            # reset before each, as its extensions keep per-document state only until reset().
            self._md = Markdown(**self.settings["MARKDOWN"])
            # inmind.source.parse has read the header, by the same rules as Markdown's meta extension: Markdown
            # makes only the body, and never reads the header a second time.
            self._md.preprocessors.deregister("meta", strict=False)
        self._md.reset()
        content = self._md.convert(source.markdown_body())
        return content, self._metadata(source)

    def _metadata(self, source):
        """Return the header's fields as Pelican's Markdown reader makes them (MarkdownReader._parse_metadata)."""
        output = {}
        # A continuation line continues its field's text, and a field given twice is read once, as the checks read it.
        for name, given in source.grouped().items():
            if name in UNUSED:
                continue  # the checks name the line; Pelican would act on it (a post hidden as a "translation")
            if name in self.settings["FORMATTED_FIELDS"]:
                self._md.reset()
                output[name] = self.process_metadata(name, self._md.convert("\n".join(given)))
            else:
                output[name] = self.process_metadata(name, given if len(given) > 1 else given[0])
        return output


class SafeHTMLReader(SanitisingReader, HTMLReader):
    """Pelican's HTML reader, sanitised, taking each file's text from the checks' one reading."""

    def _read_checked(self, source_path):
        parser = self._HTMLParser(self.settings, source_path)
        parser.feed(check_sources.text(self.settings, source_path))
        parser.close()
        return parser.body, {key: self.process_metadata(key, value) for key, value in parser.metadata.items()}


# The only content formats read: their readers run the sanitiser, and the checks read Markdown.
ACCEPTED_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm")
REFUSED_HINT = "rename it to .md and write it in Markdown"


def outside_content(path, pelican_settings):
    """Return the ContentError for a post or page that leads out of content/ or is not an ordinary file, or None."""
    root = Path(pelican_settings.get("PATH") or "content").resolve()
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        message, hint = unreadable()
        return ContentError(message, path=path, line=1, hint=hint)
    if not real.is_file():
        return ContentError("this is not an ordinary file (a pipe, a device or a folder)", path=path, line=1,
                            hint="delete it, or rename it so it does not end in .md")
    if real.is_relative_to(root):
        return None
    return ContentError(f"this file is, or is inside, a link to somewhere outside the content folder ({real}); only "
                        "what is in content/ is published", path=path, line=1,
                        hint="copy the file itself into content/ and delete the link")


def refused_format(path):
    """Return the ContentError for a content file in a format the site does not read, or None."""
    suffix = Path(path).suffix.lower()
    if suffix in ACCEPTED_SUFFIXES:
        return None
    return ContentError(f"{suffix or 'this'} files are not read: posts and pages are written in Markdown, which "
                        "the site checks and cleans (other formats could carry scripts past both)",
                        path=path, line=1, hint=REFUSED_HINT)


class RefusingReader(BaseReader):
    """Stands in for reStructuredText and any other reader: every file it is given is an error."""

    enabled = True
    file_extensions = []  # registered by use_safe_readers only, in place of another reader

    def read(self, source_path):
        """Refuse the file, with its path and a hint."""
        raise refused_format(source_path) or ContentError("this file is not read", path=source_path, line=1,
                                                          hint=REFUSED_HINT)


def safe_reader_class(cls):
    """Return a sanitising version of a Markdown or HTML reader class, or the refusing reader for any other."""
    if not isinstance(cls, type) or issubclass(cls, SanitisingReader | RefusingReader):
        return cls
    if cls is BaseReader:
        return cls  # Pelican's reader of static files: it reads nothing
    if cls is MarkdownReader:
        return SafeMarkdownReader
    if cls is HTMLReader:
        return SafeHTMLReader
    if issubclass(cls, MarkdownReader | HTMLReader):
        # Another plugin's subclass: keep its behaviour, add ours on top.
        return type(f"Safe{cls.__name__}", (SanitisingReader, cls), {})
    return RefusingReader
