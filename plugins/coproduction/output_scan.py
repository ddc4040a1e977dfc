"""The last check of a build (deploy): no anonymous writer's real name in any output byte or path."""

from __future__ import annotations

import gzip
import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli

from inmind import verbatim
from inmind.errors import ContentError

from . import privacy, private, settings, vocabulary

# Files in content/ read as text when looking for where a leaked name was written.
SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".toml", ".txt", ".html", ".htm", ".rst", ".csv", ".svg"}


# Below this many bytes of output a second process costs more than it saves (forking, a pickled matcher).
PARALLEL_BYTES = 16 * 1024 * 1024


def check_output(pelican):
    """Stop the build if an anonymous author's real name reached any output byte or path, whatever put it there."""
    config = settings.merged(pelican.settings)
    content = Path(pelican.settings.get("PATH") or ".")
    try:
        authors = vocabulary.load_authors(content / config.authors)
        matcher = privacy.Matcher(vocabulary.Registry(authors, private.load(authors, pelican.settings)).hidden())
    except ContentError:
        return  # already reported while reading content
    if not matcher:
        return
    output = Path(pelican.output_path)
    entries = list(_walk(output))  # (relative path, is a file), in the order a reader of the listing meets them
    # Every path first (cheap), then every file's bytes up to the first path that holds a name: the file
    # reported is the first in walk order either way, as when each path was followed by its bytes.
    first_path = next(((i, f) for i, (rel, _) in enumerate(entries) if (f := private.find_in_path(matcher, rel))),
                      None)
    limit = first_path[0] if first_path else len(entries)
    files = [(i, rel) for i, (rel, is_file) in enumerate(entries[:limit]) if is_file]
    copies = Copies(verbatim.declared(pelican.settings))
    found = _scan_files(matcher, copies, output, files) or first_path
    if found is not None:
        index, name = found
        raise _leak(name, entries[index][0], content, matcher)


def _walk(output):
    for folder, dirs, files in os.walk(output):
        dirs.sort()
        for name in sorted(files):
            yield (Path(folder) / name).relative_to(output).as_posix(), True
        for name in dirs:
            yield (Path(folder) / name).relative_to(output).as_posix(), False


def _scan_files(matcher, copies, output, files):
    """Return (index, HiddenName) for the first file in ``files`` whose bytes hold a name, or None.

    A large output is shared between this process and a forked one (the two cores), each taking whole
    groups of a page and its .gz and .br copies, so that each text is still searched once.
    """
    sizes = {}
    for index, rel in files:
        try:
            sizes[index] = os.stat(output / rel).st_size
        except OSError:
            sizes[index] = 0
    if sum(sizes.values()) < PARALLEL_BYTES or (os.cpu_count() or 1) < 2:
        return _scan_part(matcher, copies, output, files)
    groups = {}
    for item in files:
        rel = item[1]
        groups.setdefault(rel[:-3] if rel.endswith((".gz", ".br")) else rel, []).append(item)
    parts, weights = ([], []), [0, 0]
    for group in sorted(groups.values(), key=lambda g: -sum(sizes[i] for i, _ in g)):
        lighter = weights.index(min(weights))
        parts[lighter].extend(group)
        weights[lighter] += sum(sizes[i] for i, _ in group)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        # The name data goes to the child through a pipe, never a file; a child that fails fails the build.
        other = pool.submit(_scan_part, matcher, copies, output, sorted(parts[1]))
        found = [_scan_part(matcher, copies, output, sorted(parts[0])), other.result()]
    found = [f for f in found if f is not None]
    return min(found, key=lambda f: f[0]) if found else None


def _scan_part(matcher, copies, output, files):
    """Return (index, HiddenName) for the first of ``files`` (in order) whose bytes hold a name, or None."""
    seen = set()  # texts already searched: a page's .gz and .br copies hold the same text
    for index, rel in files:
        try:
            data = (output / rel).read_bytes()
        except OSError:
            continue
        if copies.unchanged(rel, data):
            continue  # byte for byte a file of a pinned package (the editor's 5 MB script)
        name = rel.rpartition("/")[2]
        found = next((f for text in privacy.file_texts(name, data) if (f := matcher.find(text, seen))), None)
        if found is not None:
            return index, found
    return None


class Copies:
    """Output files declared as verbatim copies of pinned package files (inmind.verbatim), compared by sha256."""

    UNPACK = {".gz": gzip.decompress, ".br": brotli.decompress}

    def __init__(self, declared):
        self.declared = {Path(rel).as_posix().strip("/"): source for rel, source in declared.items()}
        self._digests = {}

    def unchanged(self, rel, data):
        """Return True when ``data`` (or the text of this .gz or .br copy) is exactly its declared package file."""
        source = self.declared.get(rel)
        if source is None:
            unpack = self.UNPACK.get(rel[-3:])
            source = self.declared.get(rel[:-3]) if unpack else None
            if source is None:
                return False
            try:
                data = unpack(data)
            except (OSError, EOFError, ValueError, brotli.error):
                return False
        expected = self._digest(source)
        return expected is not None and hashlib.sha256(data).digest() == expected

    def _digest(self, source):
        # Read now, at the end of this build, from the package itself: never a stored figure.
        if source not in self._digests:
            try:
                self._digests[source] = hashlib.sha256(Path(source).read_bytes()).digest()
            except OSError:
                self._digests[source] = None
        return self._digests[source]


def _leak(found, rel, content, matcher):
    """Return the error for a name found in output file ``rel``: at the source line that wrote it, when there is one."""
    message = f"{private.real_name(found)} reached the output file {rel}"
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            text = private.read_text(path) if path.suffix.lower() in SOURCE_SUFFIXES else ""
            problems = private.scan_file(matcher, path, text, rel=path.relative_to(content).as_posix())
            if problems:
                return ContentError(message, path=path, line=problems[0].line, hint=private.FOUND_HINT)
            if not text and any(matcher.find(t) for t in privacy.file_texts(name, private.read_bytes(path))):
                return ContentError(message, path=path, hint="remove the name from the file's properties (File, "
                                    "Info or Properties in the program that made it) and its text, or leave the file "
                                    "out; " + private.FOUND_HINT)
    return ContentError(message, hint="it is not written in content/: look in the theme's templates and the settings; "
                        "the real name must never be published")
