"""The content files as the checks read them, handed on to the build so that each is read and parsed once.

``invoke check`` reads every content file (its bytes) and parses each Markdown file's header once
(``inmind.source.parse``). A build gives what the checks read to Pelican's readers, in the setting
``INMIND_SOURCES``: the readers take each file's text and metadata from there and never open the file
again. So the pages are made from exactly the bytes that were checked, even if the file changes while
the build runs, and a file the checks did not read (in a folder they do not look in, behind a link to a
folder, or added during the build) is refused instead of being published unchecked.

Without the setting (Pelican run on its own, as some tests do) the readers read the file themselves.
"""

from __future__ import annotations

from pathlib import Path

from inmind.errors import ContentError
from inmind.source import decode, parse

SETTING = "INMIND_SOURCES"


class Sources:
    """Every content file the checks read: its parsed Markdown, or its bytes when it is not Markdown text."""

    def __init__(self, folders=()):
        self.folders = list(folders)
        self._files = {}  # resolved path -> (bytes or None, Source or None)

    def add(self, path, data, markdown=False):
        """Keep a file the checks read; parse it when it is Markdown (once, for the checks and the build)."""
        source = None
        if markdown:
            try:
                source = parse(data.decode("utf-8-sig"))
            except UnicodeDecodeError:
                source = None  # the checks report it; a reader asked for it fails as Pelican's would
        # A parsed file needs no bytes: the reader makes the page from its Source.
        self._files[_key(path)] = (None if source is not None else data, source)
        return source

    def __len__(self):
        return len(self._files)

    def __contains__(self, path):
        return _key(path) in self._files

    def _get(self, path):
        try:
            return self._files[_key(path)]
        except KeyError:
            raise not_checked(path, self.folders) from None

    def source(self, path):
        """Return the parsed Markdown of ``path``; raise ContentError if the checks did not read it."""
        data, source = self._get(path)
        return source if source is not None else parse(decode(data))

    def text(self, path):
        """Return the text of ``path`` as Pelican reads a file; raise ContentError if the checks did not read it."""
        data, source = self._get(path)
        return decode(data) if data is not None else "\n".join(source.lines)

    def __reduce__(self):
        # Sent from the checker's process to the build's: the files, not a Source's second copy of its body.
        return _rebuild, (self.folders, [(path, data, source.fields if source else None, source.body_line if source
                                          else None, source.lines if source else None)
                                         for path, (data, source) in self._files.items()])


def _rebuild(folders, files):
    from inmind.source import Source

    sources = Sources(folders)
    for path, data, fields, body_line, lines in files:
        source = None
        if lines is not None:
            source = Source(fields=fields, body="\n".join(lines[body_line - 1:]), body_line=body_line, lines=lines)
        sources._files[path] = (data, source)
    return sources


def _key(path):
    return str(Path(path).resolve())


def not_checked(path, folders):
    """Return the ContentError for a content file the checks did not read, so the build will not publish it."""
    shown = ", ".join(f"{folder}/" for folder in folders) or "none"
    return ContentError("the content checks did not read this file, so it is not published", path=path, line=1,
                        hint=f"the checks read the folders {shown} of the content folder, not links to folders or "
                        "names starting with '.'; move the file into one of them (or add its folder to "
                        "CHECKS['folders']), or build again if it was added while the build ran")


def of(settings):
    """Return the Sources of the build running with ``settings``, or None when Pelican runs on its own.

    The setting holds the Sources, or a function that returns them once the checker has read every file.
    """
    found = settings.get(SETTING) if settings else None
    return found() if callable(found) else found


def source(settings, path):
    """Return the parsed Markdown of content file ``path``, as the checks read it (from disk without a build)."""
    sources = of(settings)
    return sources.source(path) if sources is not None else parse(decode(Path(path).read_bytes()))


def text(settings, path):
    """Return the text of content file ``path`` as Pelican reads it, as the checks read it (from disk without a build)."""
    sources = of(settings)
    return sources.text(path) if sources is not None else decode(Path(path).read_bytes())
