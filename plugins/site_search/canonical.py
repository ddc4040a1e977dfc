"""Pure: rewrite Pagefind's filter and metadata files in one fixed order, so two builds are byte-identical.

Pagefind 1.5.2 writes each filter's values, and the list of filters in ``pf_meta``, in hash-map order,
which changes from run to run (upstream: fragments and word indexes are stable, "other files will
still change"). Search does not depend on that order: the filter values are read into a map. So after
Pagefind has written the index we sort those lists, recompress with a fixed gzip header, and rename the
files by a hash of their new content, updating the names that point at them (``pf_meta`` names the filter
files, ``pagefind-entry.json`` names ``pf_meta``). Every other file is left exactly as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

# Each of Pagefind's binary files is gzip(SIGNATURE + CBOR).
SIGNATURE = b"pagefind_dcd"
# The pf_meta array, as Pagefind 1.5.2 writes it: [version, pages, index chunks, filters, sorts, fields].
META_FILTERS = 3


class FormatError(Exception):
    """Pagefind wrote something this module does not recognise (a new Pagefind version, say)."""


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise FormatError(f"{path.name} does not start with Pagefind's signature")
    return cbor2.loads(raw[len(SIGNATURE):])


def _encode(value) -> bytes:
    # mtime=0 and no file name: gzip's header then carries nothing that changes between builds.
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=9, mtime=0)


def _hashed_name(old_hash: str, data: bytes) -> str:
    """Return ``old_hash`` with its hex part replaced by the same length of a hash of ``data``."""
    language, sep, digest = old_hash.rpartition("_")
    if not sep or not digest:
        raise FormatError(f"unexpected Pagefind file hash {old_hash!r}")
    return f"{language}_{hashlib.sha256(data).hexdigest()[: len(digest)]}"


def canonical_filter(value):
    """Return a decoded filter file ``[name, [[value, [pages]], ...]]`` with its values sorted."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise FormatError("a filter file is not [name, values]")
    return [value[0], sorted(([v, sorted(pages)] for v, pages in value[1]), key=lambda item: str(item[0]))]


def canonicalise(folder) -> dict[str, str]:
    """Rewrite the index in ``folder`` in a fixed order; return {old relative path: new relative path}."""
    folder = Path(folder)
    entry_path = folder / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed = {}
    for language in entry["languages"].values():
        meta_path = folder / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) > META_FILTERS and isinstance(meta[META_FILTERS], list)):
            raise FormatError(f"{meta_path.name} is not laid out as Pagefind 1.5 writes it")
        filters = []
        for name, old_hash in meta[META_FILTERS]:
            old = folder / "filter" / f"{old_hash}.pf_filter"
            data = _encode(canonical_filter(_read(old)))
            new_hash = _hashed_name(old_hash, data)
            new = old.with_name(f"{new_hash}.pf_filter")
            old.unlink()
            new.write_bytes(data)
            renamed[old.relative_to(folder).as_posix()] = new.relative_to(folder).as_posix()
            filters.append([name, new_hash])
        meta[META_FILTERS] = sorted(filters, key=lambda item: str(item[0]))
        data = _encode(meta)
        new_hash = _hashed_name(language["hash"], data)
        meta_path.unlink()
        (folder / f"pagefind.{new_hash}.pf_meta").write_bytes(data)
        renamed[meta_path.name] = f"pagefind.{new_hash}.pf_meta"
        language["hash"] = new_hash
    # Pagefind writes the entry compactly with non-ASCII characters as they are; keep that form.
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return renamed
