"""Pure: precompressed .gz and .br copies of text files, for hosts that serve them as they are."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli


def gzip_bytes(data: bytes) -> bytes:
    """Return gzip-compressed data with a zero timestamp, so builds are byte-identical."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes, quality: int) -> bytes:
    """Return brotli-compressed data tuned for text."""
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)


SUFFIXES = (".gz", ".br")


def copies_of(path: Path) -> list[Path]:
    """Return the paths of the compressed copies of ``path``."""
    return [path.with_name(path.name + suffix) for suffix in SUFFIXES]


def digest(data: bytes) -> bytes:
    """Return what identifies the bytes a copy was made from."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _compress(path: Path, quality: int) -> tuple[bytes, int]:
    """Write the copies of ``path`` that are smaller than it, remove any others; return (digest, copies written)."""
    data = path.read_bytes()
    written = 0
    for copy, blob in zip(copies_of(path), (gzip_bytes(data), brotli_bytes(data, quality)), strict=True):
        if len(blob) < len(data):
            copy.write_bytes(blob)
            written += 1
        else:
            copy.unlink(missing_ok=True)  # an earlier copy of what this file used to be
    return digest(data), written


def compress_file(path: Path, quality: int) -> int:
    """Write ``path.gz`` and ``path.br`` when each is smaller than the file; return how many were written."""
    return _compress(path, quality)[1]


def candidates(output: Path, extensions, min_size: int) -> list[Path]:
    """Return the text files worth compressing, in a stable order."""
    wanted = {e.lower() for e in extensions}
    return sorted(
        p for p in output.rglob("*") if p.suffix.lower() in wanted and p.is_file() and p.stat().st_size >= min_size
    )


def compress_tree(output: Path, extensions, min_size: int, quality: int, workers: int | None = None,
                  early: dict | None = None) -> int:
    """Compress every candidate file under ``output`` on all cores; return the number of copies written.

    ``early`` maps files already compressed during the build to (digest, copies written): a file whose
    bytes still have that digest keeps its copies; a changed file is compressed again, and the copies of
    a file that is no longer a candidate are removed.
    """
    files = candidates(output, extensions, min_size)
    early = dict(early or {})
    for path in set(early) - set(files):
        for copy in copies_of(path):
            copy.unlink(missing_ok=True)
    count, todo = 0, []
    for path in files:
        made = early.get(path)
        if made is not None and made[0] == digest(path.read_bytes()):
            count += made[1]
        else:
            todo.append(path)
    # zlib and brotli release the GIL while they work, so threads use every core without forking.
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return count + sum(pool.map(lambda p: compress_file(p, quality), todo))


# The early compressor's thread runs at a lower priority: Pelican's rendering is the build's critical path.
NICENESS = 10


def _lower_priority():
    # Linux priorities are per thread; elsewhere this is not possible, and the thread runs as it is.
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


class EarlyCompressor:
    """Compress files on one worker thread as Pelican writes them, so that work overlaps the rendering."""

    def __init__(self, extensions, min_size: int, quality: int):
        self._extensions = {e.lower() for e in extensions}
        self._min_size, self._quality = min_size, quality
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish-extras-compress",
                                        initializer=_lower_priority if NICENESS else None)
        self._jobs = {}

    def add(self, path, again: bool = True) -> None:
        """Compress ``path`` soon if it is a candidate; ``again=False`` leaves a file already queued as it is."""
        path = Path(os.path.abspath(path))
        if path.suffix.lower() in self._extensions and (again or path not in self._jobs):
            self._jobs[path] = self._pool.submit(self._candidate, path)

    def _candidate(self, path):
        # The size test runs here, on the worker, so that Pelican's thread only hands the name over.
        try:
            if path.stat().st_size < self._min_size:
                return None
            return _compress(path, self._quality)
        except OSError:
            return None  # gone or unreadable now: the compress step looks at it again

    def written(self) -> set[Path]:
        """Return the copies written so far, or about to be (for listings that must not count them yet)."""
        return {copy for path in self._jobs for copy in copies_of(path)}

    def finish(self) -> dict:
        """Wait for every file queued; return {path: (digest, copies written)} and stop the worker.

        A file that was too small when its turn came, or could not be read, maps to None: it has no copies
        from this compressor (or only those of what it was before, which the compress step replaces).
        """
        try:
            return {path: job.result() for path, job in self._jobs.items()}
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker (safe to call twice, and after a failure)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
