"""Pure: precompressed .gz and .br copies of text files, for hosts that serve them as they are."""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli


def gzip_bytes(data: bytes) -> bytes:
    """Return gzip-compressed data with a zero timestamp, so builds are byte-identical."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes, quality: int) -> bytes:
    """Return brotli-compressed data tuned for text."""
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=quality)


def compress_file(path: Path, quality: int) -> int:
    """Write ``path.gz`` and ``path.br`` when each is smaller than the file; return how many were written."""
    data = path.read_bytes()
    written = 0
    for suffix, blob in ((".gz", gzip_bytes(data)), (".br", brotli_bytes(data, quality))):
        if len(blob) < len(data):
            path.with_name(path.name + suffix).write_bytes(blob)
            written += 1
    return written


def candidates(output: Path, extensions, min_size: int) -> list[Path]:
    """Return the text files worth compressing, in a stable order."""
    wanted = {e.lower() for e in extensions}
    return sorted(
        p for p in output.rglob("*") if p.suffix.lower() in wanted and p.is_file() and p.stat().st_size >= min_size
    )


def compress_tree(output: Path, extensions, min_size: int, quality: int, workers: int | None = None) -> int:
    """Compress every candidate file under ``output`` on all cores; return the number of copies written."""
    files = candidates(output, extensions, min_size)
    # zlib and brotli release the GIL while they work, so threads use every core without forking.
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        return sum(pool.map(lambda p: compress_file(p, quality), files))
