"""The last check of a build (deploy): no anonymous writer's real name in any output byte or path."""

from __future__ import annotations

import gc
import gzip
import hashlib
import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import brotli

from inmind import children, verbatim
from inmind.errors import ContentError

from . import clean_ledger, extract, pdf_objects, privacy, private, settings, vocabulary

# Files in content/ read as text when looking for where a leaked name was written.
SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".toml", ".txt", ".html", ".htm", ".rst", ".csv", ".svg"}


# Below this many bytes of output a second process costs more than it saves (forking, a pickled matcher).
PARALLEL_BYTES = 16 * 1024 * 1024
# Seconds (at least) to wait for the second process after this one has searched its own half.
STUCK_AFTER = 30.0
# What the search's outcome depends on besides the names and the bytes: what the last build found clean
# (clean_ledger, in CACHE_PATH) counts only for the same version.
# The per-format readers (extract.py, and pdf_objects.py for a PDF's syntax) decide what is searched in pictures and
# PDFs: a new one voids old ledgers.
SEARCH_SOURCES = (__file__, extract.__file__, pdf_objects.__file__)
SEARCH_VERSION = clean_ledger.search_version(*SEARCH_SOURCES)


def check_output(pelican):
    """Stop the build if an anonymous author's real name reached any output byte or path, whatever put it there."""
    matcher = _matcher(pelican)
    early = _take_early(matcher)
    if not matcher:
        return
    ledger = _ledger(pelican, matcher)
    if ledger is not None:
        # This build's early search has the last word on a file; the last build's counts for the others.
        early.clean = {**ledger.clean, **early.clean}
    content = Path(pelican.settings.get("PATH") or ".")
    output = Path(pelican.output_path)
    entries = list(_walk(output))  # (relative path, is a file), in the order a reader of the listing meets them
    # Every path first (cheap), then every file's bytes up to the first path that holds a name: the file
    # reported is the first in walk order either way, as when each path was followed by its bytes.
    first_path = next(((i, f) for i, (rel, _) in enumerate(entries) if (f := private.find_in_path(matcher, rel))),
                      None)
    limit = first_path[0] if first_path else len(entries)
    files = [(i, rel) for i, (rel, is_file) in enumerate(entries[:limit]) if is_file]
    copies = Copies(verbatim.declared(pelican.settings))
    found, clean = _scan_files(matcher, copies, output, files, early)
    found = found or first_path
    if found is not None:
        index, name = found
        raise _leak(name, entries[index][0], content, matcher)
    if ledger is not None:
        ledger.save(clean)


def _ledger(pelican, matcher):
    """Return what the last build found clean (clean_ledger.Ledger), or None when the build keeps no cache."""
    cache = pelican.settings.get("CACHE_PATH")
    return clean_ledger.Ledger(cache, matcher, SEARCH_VERSION) if cache else None


def _matcher(pelican):
    """Return the Matcher of this build's hidden names (falsy without any), or None when the registry is broken."""
    config = settings.merged(pelican.settings)
    content = Path(pelican.settings.get("PATH") or ".")
    try:
        authors = vocabulary.load_authors(content / config.authors)
        return privacy.Matcher(vocabulary.Registry(authors, private.load(authors, pelican.settings)).hidden())
    except ContentError:
        return None  # already reported while reading content


class Early:
    """What was found clean before deploy searched (early in this build, or by the last build): bytes and texts."""

    def __init__(self, clean=None, seen=None):
        self.clean = clean or {}  # output path -> blake2b of the exact bytes searched
        self.seen = seen or set()  # Matcher.find's keys of the texts searched, none holding a name


# This build's early searches (one build at a time in a process), from the pages written to deploy.
_EARLY = {"runs": []}
# Below this many bytes of files not yet searched, an early search is not worth a process of its own.
EARLY_BYTES = 2 * 1024 * 1024


def start_early_pages(generator, **_signal):
    """Start searching as soon as Pelican's own pages are written: a build's first early search."""
    stop_early()  # a build that failed before deploy may have left its searches running
    start_early(generator)


def start_early(pelican):
    """Search the files written so far and not yet searched, in a process of its own, while the build goes on.

    Two waves: Pelican's pages (page_writer_finalized), on the core the build leaves idle while it waits for
    Pagefind, then the rest at finalized (Pagefind's files, the theme and role pages, the share cards drawn
    by then). It only saves work: deploy still reads every byte, and passes over a file only when its bytes
    are exactly those searched early (same digest) by a matcher of exactly the same names. Deploy takes what
    the searches have done by then and stops them; it never waits for them.
    """
    matcher = _matcher(pelican)
    if not matcher or (os.cpu_count() or 1) < 2:
        return
    output = Path(pelican.output_path)
    listed = set().union(*(run[4] for run in _EARLY["runs"]))
    files = [rel for rel, is_file in _walk(output) if is_file and rel not in listed]
    if sum(_size(output / rel) for rel in files) < EARLY_BYTES:
        return
    import cbor2  # noqa: F401 - imported before the fork: a child never waits on another thread's import lock

    receive, send = multiprocessing.Pipe(duplex=False)
    copies = Copies(verbatim.declared(pelican.settings))
    ledger = _ledger(pelican, matcher)
    known = ledger.clean if ledger is not None else {}
    process = multiprocessing.get_context("fork").Process(
        target=_early_search, args=(send, matcher, copies, output, files, os.getpid(), known), daemon=True)
    process.start()
    send.close()
    results = []
    # Drained as it comes, so the search never waits on a full pipe while the build is busy elsewhere.
    reader = threading.Thread(target=_drain, args=(receive, results), name="name-search-results", daemon=True)
    reader.start()
    _EARLY["runs"].append((process, reader, results, matcher, set(files)))


def _drain(receive, results):
    try:
        while True:
            results.append(receive.recv())
    except (EOFError, OSError):
        pass  # the search ended (or was ended): a message cut short is not taken
    finally:
        receive.close()


def stop_early():
    """End this process's early searches, if any; return [(each one's results so far, its matcher)]."""
    runs, _EARLY["runs"] = _EARLY["runs"], []
    for process, *_ in runs:
        process.terminate()
    taken = []
    for process, reader, results, matcher, _files in runs:
        process.join()
        reader.join()
        taken.append((results, matcher))
    return taken


def _take_early(matcher):
    """Return what this build's early searches have found clean so far, leaving out any that searched other names."""
    early = Early()
    for results, early_matcher in stop_early():
        if not matcher or early_matcher._owner != matcher._owner:
            continue
        for rel, digest, keys in results:
            early.clean[rel] = digest
            early.seen.update(keys)
    return early


class _Recording(set):
    """A set that also lists what is added to it: the keys of the texts one file held."""

    def __init__(self):
        super().__init__()
        self.added = []

    def add(self, key):
        super().add(key)
        self.added.append(key)


def _forked_search(parent):
    """Set up a forked search process: it dies with the build, and its collector leaves the build's objects alone."""
    children.die_with_parent(parent)
    # The build stops like Ctrl+C on SIGTERM (inmind/build.py), and a fork inherits that: ended by terminate(), a
    # search would print a KeyboardInterrupt traceback into the build's (or the dev server's) messages.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The objects inherited from the build are never garbage here; walking them would cost time and copy
    # every memory page the fork shares with the build.
    gc.freeze()


def _early_search(send, matcher, copies, output, files, parent, known=None):
    _forked_search(parent)
    seen = _Recording()
    for rel in files:
        try:
            data = (output / rel).read_bytes()
        except OSError:
            continue
        if copies.unchanged(rel, data):
            continue  # deploy compares it again (cheap)
        digest = hashlib.blake2b(data).digest()
        if known and known.get(rel) == digest:
            continue  # the last build found these bytes clean, and deploy knows it too
        seen.added = []
        name = rel.rpartition("/")[2]
        if any(matcher.find(text, seen) for text in privacy.file_texts(name, data)):
            return  # deploy searches this file again, finds the name and says where
        send.send((rel, digest, seen.added))


def _size(path):
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _walk(output):
    # Plain strings: pathlib's relative_to costs several times the walk itself over thousands of files.
    root = os.fspath(output)
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        base = folder[len(root):].strip(os.sep).replace(os.sep, "/")
        base += "/" if base else ""
        for name in sorted(files):
            yield base + name, True
        for name in dirs:
            yield base + name, False


def _scan_files(matcher, copies, output, files, early):
    """Return (index, HiddenName) for the first file in ``files`` whose bytes hold a name, or None; and what was clean.

    A large output is shared between this process and a forked one (the two cores), each taking whole
    groups of a page and its .gz and .br copies, so that each text is still searched once.
    """
    # A file searched early costs only its reading and digest.
    sizes = {index: 0 if rel in early.clean else _size(output / rel) for index, rel in files}
    if sum(sizes.values()) < PARALLEL_BYTES or (os.cpu_count() or 1) < 2:
        return _scan_part(matcher, copies, output, files, early)
    groups = {}
    for item in files:
        rel = item[1]
        groups.setdefault(rel[:-3] if rel.endswith((".gz", ".br")) else rel, []).append(item)
    parts, weights = ([], []), [0, 0]
    for group in sorted(groups.values(), key=lambda g: -sum(sizes[i] for i, _ in g)):
        lighter = weights.index(min(weights))
        parts[lighter].extend(group)
        weights[lighter] += sum(sizes[i] for i, _ in group)
    mine, theirs = sorted(parts[0]), sorted(parts[1])
    # The name data reaches the child by fork, and its answer comes back through a pipe, never a file.
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_part_search, args=(send, matcher, copies, output, theirs, early, os.getpid()), daemon=True)
    process.start()
    send.close()
    started = time.monotonic()
    results = [_scan_part(matcher, copies, output, mine, early)]
    answered = False
    try:
        # A child stuck on a lock another thread held at the fork (the dev server has threads) or one that
        # died does not stop the check: its part is searched here instead.
        if receive.poll(max(STUCK_AFTER, 4 * (time.monotonic() - started))):
            results.append(receive.recv())
            answered = True
    except (EOFError, OSError):
        pass
    finally:
        process.terminate()
        process.join()
        receive.close()
    if not answered:
        results.append(_scan_part(matcher, copies, output, theirs, early))
    found = [f for f, _ in results if f is not None]
    clean = {rel: digest for _, part in results for rel, digest in part.items()}
    return (min(found, key=lambda f: f[0]) if found else None), clean


def _part_search(send, matcher, copies, output, files, early, parent):
    _forked_search(parent)
    send.send(_scan_part(matcher, copies, output, files, early))


def _scan_part(matcher, copies, output, files, early):
    """Return (index, HiddenName) for the first of ``files`` (in order) whose bytes hold a name, or None.

    Also return ``{output path: digest}`` of the files found clean before it (for clean_ledger).
    """
    # Texts already searched: a page's .gz and .br copies hold the same text (searched early or here).
    seen = set(early.seen)
    clean = {}
    for index, rel in files:
        try:
            data = (output / rel).read_bytes()
        except OSError:
            continue
        if copies.unchanged(rel, data):
            continue  # byte for byte a file of a pinned package (the editor's 5 MB script)
        digest = hashlib.blake2b(data).digest()
        if early.clean.get(rel) != digest:  # not these very bytes searched early, or by the last build
            name = rel.rpartition("/")[2]
            found = next((f for text in privacy.file_texts(name, data) if (f := matcher.find(text, seen))), None)
            if found is not None:
                return (index, found), clean
        clean[rel] = digest
    return None, clean


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
            if any(matcher.find(t) for t in privacy.file_texts(name, private.read_bytes(path))):
                # Found only as the file is read after the build (a drawing's pieces of text side by side, say).
                return ContentError(message, path=path, hint=private.FOUND_HINT if text else "remove the name from "
                                    "the file's properties (File, Info or Properties in the program that made it) and "
                                    "its text, or leave the file out; " + private.FOUND_HINT)
    return ContentError(message, hint="it is not written in content/: look in the theme's templates and the settings; "
                        "the real name must never be published")
