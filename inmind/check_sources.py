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

import os
from pathlib import Path

from inmind.errors import ContentError
from inmind.source import Source, decode, parse

SETTING = "INMIND_SOURCES"


class Sources:
    """Every content file the checks read: its bytes and, once asked for, its parsed Markdown (parsed only once)."""

    def __init__(self, folders=()):
        self.folders = list(folders)
        self._files = {}  # resolved path -> [bytes or None, Source or None, is Markdown]
        self._keys = {}  # path as asked for -> resolved path: each reader of a file asks again
        self._passed = set()  # paths that checked() has let through in this build

    def _key(self, path):
        asked = os.fspath(path)
        if asked not in self._keys:
            self._keys[asked] = _key(asked)
        return self._keys[asked]

    def add(self, path, data, markdown=False):
        """Keep a file the checks read; a Markdown file is parsed when first asked for, by the checks or a reader."""
        self._files[self._key(path)] = [data, None, markdown]

    def __len__(self):
        return len(self._files)

    def __contains__(self, path):
        return self._key(path) in self._files

    def _get(self, path):
        try:
            return self._files[self._key(path)]
        except KeyError:
            raise not_checked(path, self.folders) from None

    def source(self, path):
        """Return the parsed Markdown of ``path`` (raising UnicodeDecodeError, as Pelican would, if it is not UTF-8).

        Raise ContentError if the checks did not read it.
        """
        entry = self._get(path)
        if entry[1] is None:
            entry[1] = parse(decode(entry[0]))
        return entry[1]

    def parsed(self, path):
        """Return the parsed Markdown of ``path``, or None when it is not UTF-8 text (the checks say so)."""
        try:
            return self.source(path)
        except UnicodeDecodeError:
            return None

    def text(self, path):
        """Return the text of ``path`` as Pelican reads a file (a Markdown file's as inmind.source.normalise leaves it).

        Raise ContentError if the checks did not read it.
        """
        data, source, _markdown = self._get(path)
        return decode(data) if data is not None else "\n".join(source.lines)

    def __reduce__(self):
        # Sent from the checker's process to the build's: every Markdown file parsed there, on the checker's core,
        # and sent as its lines (the reader needs no bytes, and no second copy of the body).
        files = []
        for path, (data, source, markdown) in self._files.items():
            source = self.parsed(path) if markdown else None
            files.append((path, None if source else data, source.fields if source else None,
                          source.body_line if source else None, source.lines if source else None, markdown))
        return _rebuild, (self.folders, files)


def _rebuild(folders, files):
    sources = Sources(folders)
    for path, data, fields, body_line, lines, markdown in files:
        source = None
        if lines is not None:
            source = Source(fields=fields, body="\n".join(lines[body_line - 1:]), body_line=body_line, lines=lines)
        sources._files[path] = [data, source, markdown]
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


def in_linked_folder(path, root):
    """Say whether ``path`` lies inside a link to a folder below the content folder ``root``.

    The checks never follow such a link (a page linked into blog/ would be checked as a page and
    published as a post), while Pelican does: the same files are refused by both.
    """
    root = Path(os.path.abspath(root))
    folder = Path(os.path.abspath(path)).parent
    while folder != root and root in folder.parents:
        if folder.is_symlink():
            return True
        folder = folder.parent
    return False


def checked(settings, path):
    """Return the build's Sources (None when Pelican runs on its own); raise ContentError if ``path`` was not checked."""
    sources = of(settings)
    if sources is not None and os.fspath(path) not in sources._passed:
        if path not in sources or in_linked_folder(path, settings.get("PATH") or "content"):
            raise not_checked(path, sources.folders)
        sources._passed.add(os.fspath(path))  # the readers and the video plugin each ask about every file
    return sources


class Handover:
    """The setting's value: the Sources, or a function that returns them once the checker has read every file.

    Pelican's content cache pickles settings with the content (authors and categories keep them). The reading
    belongs to one build: it is left out of any pickle, neither stored in the cache (every file's text) nor
    refused (a checker process cannot be pickled, which lost the whole cache).
    """

    def __init__(self, found):
        self._found = found

    def get(self):
        """Return the Sources (waiting for the checker, the first time, on a large site)."""
        return self._found() if callable(self._found) else self._found

    def __reduce__(self):
        return _left_out, ()


def _left_out():
    return None


def of(settings):
    """Return the Sources of the build running with ``settings``, or None when Pelican runs on its own."""
    found = settings.get(SETTING) if settings else None
    if isinstance(found, Handover):
        return found.get()
    return found() if callable(found) else found


def source(settings, path):
    """Return the parsed Markdown of content file ``path``, as the checks read it (from disk without a build)."""
    sources = checked(settings, path)
    return sources.source(path) if sources is not None else parse(decode(Path(path).read_bytes()))


def text(settings, path):
    """Return the text of content file ``path`` as Pelican reads it, as the checks read it (from disk without a build)."""
    sources = checked(settings, path)
    return sources.text(path) if sources is not None else decode(Path(path).read_bytes())
