"""Build the Pagefind index of the written pages on a thread of its own, through Pagefind's public Python API.

Pages are collected as they are written: a page already at its address inside the site being built is
named in a glob over that folder; any other page (HTML handed over as text, or a file elsewhere) is
placed into a folder of our own. The index is built with ``PagefindIndex.add_directory`` (one request
per folder), so Pagefind's Rust indexer reads and indexes the pages on every core it can get; its files
come back in Pagefind's answer (``get_files``) and are written here, so the index on disk is whole the
moment the answer is in. ``write_soon()`` starts that while Pelican still writes listings and feeds;
``finish()`` waits and moves the index into place.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path, PurePosixPath

from pagefind.service import PagefindService, get_executable

from inmind import children

logger = logging.getLogger(__name__)

# How long Pagefind may go without answering a request while using no processor time (stuck) before the build stops
# waiting; a loaded machine only slows it (inmind.children.Progress). Where that time cannot be read, in all.
REQUEST_TIMEOUT = 600
# Pagefind's Python service reads each answer into a buffer capped at 2 MiB, and the answer to get_files (the whole
# index) passes that from a few hundred posts: above the cap its reading task stops and the answer never comes.
ANSWER_LIMIT = 1 << 40
# Pagefind runs at a lower priority: it should use the core Pelican leaves free, never slow Pelican.
NICENESS = 10
# A page path made only of these characters means itself in a Pagefind glob; any other is placed in our folder.
GLOB_SAFE = re.compile(r"[A-Za-z0-9._/-]+")
# Pagefind 1.5.2 refuses a glob of 11,000 paths as unparsable (4,000, 190,000 characters, still pass): name
# at most this many pages, or characters, in one request.
GLOB_PAGES, GLOB_CHARS = 1000, 60_000


def globs(names):
    """Return Pagefind globs that together name exactly ``names`` (paths made of GLOB_SAFE characters)."""
    found, chunk, size = [], [], 0
    for name in sorted(names):
        if chunk and (len(chunk) >= GLOB_PAGES or size + len(name) + 1 > GLOB_CHARS):
            found.append(chunk)
            chunk, size = [], 0
        chunk.append(name)
        size += len(name) + 1
    if chunk:
        found.append(chunk)
    return [group[0] if len(group) == 1 else "{" + ",".join(group) + "}" for group in found]


class IndexerError(Exception):
    """Pagefind could not index the pages or write the index; ``page`` names the page when known."""

    def __init__(self, message, page=None, *, whole_index=False):
        super().__init__(message)
        self.message = message
        self.page = page
        # True when Pagefind itself stopped: no one page is to blame, so none is named.
        self.whole_index = whole_index


class _Service(PagefindService):
    """Pagefind's service, taking an answer of any size (the whole index comes back in one)."""

    async def launch(self):
        await super().launch()
        self._backend.stdout._limit = ANSWER_LIMIT  # pagefind[bin]==1.5.2 caps it at 2 MiB; see ANSWER_LIMIT
        return self


async def _answer(service, request):
    """Return Pagefind's answer to ``request``, waiting as long as Pagefind uses processor time on it."""
    task = asyncio.ensure_future(request)
    progress = children.Progress(service._backend.pid, REQUEST_TIMEOUT)
    while not (await asyncio.wait({task}, timeout=1))[0]:
        if not progress.working():
            # Not cancelled: Pagefind's client would then raise CancelledError out of its close() over this error.
            raise IndexerError(f"Pagefind did not answer, and did no work, for {REQUEST_TIMEOUT} seconds",
                               whole_index=True)
    return task.result()


def _write_files(folder, files):
    """Write the index files of Pagefind's answer into ``folder``, refusing any path that would leave it."""
    for file in files:
        rel = PurePosixPath(str(file["path"]))
        if rel.is_absolute() or not rel.parts or ".." in rel.parts:
            raise IndexerError(f"Pagefind named an index file outside its folder: {file['path']!r}", whole_index=True)
        target = Path(folder, *rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file["content"])


def _not_found(why, page=None):
    """Return the error for a Pagefind program that is not there, saying why."""
    return IndexerError(f"the Pagefind program was not found ({why})", page)


def _unwritable(output_path, why):
    """Return the error for an index that cannot be written into ``output_path``, saying why."""
    return IndexerError(f"the index cannot be written to {output_path}: {why}")


def _stopped_message(output):
    text = bytes(output or b"").decode("utf-8", "replace").split("stack backtrace:")[0]
    # Rust's advice about backtraces is for Pagefind's developers, not for us.
    text = " ".join(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("note:"))
    if not text:
        return "the Pagefind process stopped unexpectedly"
    return f"the Pagefind process stopped: {text[-2000:]}"


def _probe():
    """Fail with what Pagefind said when its program is missing or cannot run; the service would wait for ever."""
    program = get_executable()
    if program is None:
        raise _not_found("install pagefind[bin] from requirements.txt")
    try:
        ran = subprocess.run([str(program), "--version"], capture_output=True, timeout=60, check=False)
    except FileNotFoundError as exc:
        raise _not_found(exc) from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IndexerError(f"the Pagefind program cannot be run: {exc}", whole_index=True) from None
    if ran.returncode != 0:
        raise IndexerError(_stopped_message(ran.stdout + ran.stderr), whole_index=True)


def _file_for(url):
    """Return the file, relative to the site root, that Pagefind maps to ``url`` (``/a/b/`` -> ``a/b/index.html``)."""
    if not isinstance(url, str) or not url.startswith("/"):
        raise IndexerError(f"a page must have a site address starting with /, not {url!r}")
    rel = url.lstrip("/")
    rel = rel + "index.html" if not rel or rel.endswith("/") else rel
    parts = PurePosixPath(rel).parts
    if ".." in parts or not rel.endswith(".html"):
        raise IndexerError(f"a page's address must name an HTML page inside the site, not {url!r}")
    return rel


class BackgroundIndexer:
    """One Pagefind index: pages are collected from Pelican's thread, indexed and written on another."""

    def __init__(self, config, work_dir=None):
        self._config = dict(config)
        self._work = Path(tempfile.mkdtemp(prefix=".site-search-", dir=work_dir))
        self._pages = self._work / "pages"
        self._pages.mkdir()
        self._sources = {}
        # {site folder: {page path inside it}}: pages indexed where they were written, without a copy.
        self._in_place = {}
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="site-search-indexer")
        self._probed = self._executor.submit(_probe)
        self._early_write = None
        self._dirty = True
        self._closed = False

    def _place(self, url, page):
        rel = _file_for(url)
        for pages in self._in_place.values():
            pages.discard(rel)
        target = self._pages / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        self._sources[rel] = page or url
        self._dirty = True
        return target

    def add(self, html, url, page=None):
        """Queue one page's HTML for indexing at ``url`` (a site address such as ``/blog/x/``)."""
        self._place(url, page).write_text(html, encoding="utf-8")

    def add_file(self, path, url, page=None, site=None):
        """Queue a written page for indexing at ``url``.

        When ``path`` is the page's own file inside ``site`` (the folder being built), Pagefind reads it
        there; otherwise it is linked (copied if the file system cannot link) into a folder of our own.
        """
        rel = _file_for(url)
        if site is not None and GLOB_SAFE.fullmatch(rel) and Path(path) == Path(site) / rel:
            (self._pages / rel).unlink(missing_ok=True)  # queued before as text: the written file wins
            self._in_place.setdefault(Path(site), set()).add(rel)
            self._sources[rel] = page or url
            self._dirty = True
            return
        target = self._place(url, page)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)

    def _index(self, output_path):
        """Index every page collected so far and write the index into ``output_path`` (runs on the worker thread)."""
        self._probed.result()
        if NICENESS:
            # Pagefind is started from this thread and inherits its priority (Linux priorities are per thread).
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
        written = Path(tempfile.mkdtemp(prefix="index-", dir=self._work))
        asyncio.run(self._build(written))
        output_path = Path(output_path)
        blocking = next((p for p in output_path.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise _unwritable(output_path, f"{blocking} is a file, not a folder")
        shutil.rmtree(output_path, ignore_errors=True)
        try:
            output_path.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(written), str(output_path))
        except OSError as exc:
            raise _unwritable(output_path, exc.strerror or exc) from None
        return len(self._sources)

    async def _build(self, written):
        async with _Service() as service:
            index = await service.create_index(self._config)
            for folder, pages in sorted(self._in_place.items()):
                for glob in globs(pages):
                    await _answer(service, index.add_directory(str(folder), glob=glob))
            if not any(self._in_place.values()) or any(p.is_file() for p in self._pages.rglob("*")):
                await _answer(service, index.add_directory(str(self._pages)))
            # Not write_files: Pagefind 1.5.2 answers it while its writes are still queued (tokio files, never
            # flushed), so a busy machine saw half-written or missing files. The answer to get_files holds them all.
            files = await _answer(service, index.get_files())
        _write_files(written, files)

    def write_soon(self, output_path):
        """Start indexing the pages queued so far and writing the index, while Pelican carries on; returns at once."""
        self._early_write = self._executor.submit(self._index, output_path)
        self._dirty = False

    def finish(self, output_path):
        """Wait for Pagefind, write the index of every queued page into ``output_path`` and stop; return the count."""
        try:
            # No deadline here: each request to Pagefind is waited for only while Pagefind works on it (_answer).
            if self._early_write is not None:
                self._early_write.result()
            if self._dirty or self._early_write is None:
                # Pages came after the early write: index them all again; the folder is written afresh.
                return self._executor.submit(self._index, output_path).result()
            return len(self._sources)
        except IndexerError:
            raise
        except Exception as exc:  # noqa: BLE001 - start-up or write failures, in words
            raise _as_indexer_error(exc) from None
        finally:
            self.close()

    def close(self):
        """Stop the worker thread and remove the collected pages (safe to call twice, and after a failure)."""
        if self._closed:
            return
        self._closed = True
        if self._early_write is not None:
            self._early_write.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self._work, ignore_errors=True)


def _as_indexer_error(error, page=None):
    if isinstance(error, IndexerError):
        if page and not error.page and not error.whole_index:
            error.page = page
        return error
    if isinstance(error, FileNotFoundError):
        return _not_found(error, page)
    message = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    return IndexerError(message or error.__class__.__name__, page)
