"""Pure: the published copy of a file, rebuilt from what it needs to be read, once per content.

``cleaned(kind, data)`` is the one place that says what a published file of each kind keeps. The check
(``vet``) calls it, so a file it cannot rebuild is refused at its path before anything is written, and the
build calls it again on the copy in the output: the second call is answered from memory, keyed by the
bytes' digest, so each file is rebuilt once per run whatever its name.
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from pathlib import Path

from . import icc
from .strip import foreign_profile, redrawn, strip_or_none
from .svg import Refused, clean_svg

# Bump when what a cleaner keeps changes, so a remembered copy made the old way is never reused.
VERSION = b"20"  # 3: colour profiles rebuilt (icc.py); 4: unreadable PDF streams refused; 5: Word alt chunks refused;
# 6: formulas and fields that fetch or run as the file opens refused; 7: TIFF and HEIC photos inside Office files refused;
# 8: data connections and mail merges refused; 9: Word document variables and Excel personal views left out;
# 10: run-length PDF streams published, a page's text stream cut to its length and packing; 11: Excel's own Data Model
# connection published, the Data Model itself refused; 12: a PDF whose streams' lengths the real-name check cannot settle
# refused; 13: an Office file's parts that are not XML published only as pictures, SVG or VML text; 14: a PDF with
# more than the real-name check reads refused; 15: Office XML in an encoding other than UTF-8 or marked UTF-16 refused;
# 16: a PDF stream both drawn and named a font program loses its font keys; 17: Word's zipped shape copies (o:gfxdata)
# left out, OpenDocument base64 pictures refused; 18: from VML drawing parts too; 19: PDF dictionaries read with bounds
# 20: a PDF's appearances, Type 3 glyphs and patterns lose a picture's /Subtype
# Rebuilt copies remembered in memory, at most this many bytes in all (the oldest are forgotten first).
MEMORY = 64 << 20
_remembered: OrderedDict = OrderedDict()


def _cleaner(kind):
    if kind == "pdf":
        from .documents import clean_pdf  # pikepdf loads only when a site has a PDF

        return clean_pdf
    if kind in ("docx", "xlsx", "odt", "ods"):
        from .office import clean_office

        return lambda data: clean_office(kind, data)
    if kind == "avif":
        from .isobmff import clean_avif

        return clean_avif
    if kind == "svg":
        return clean_svg
    if kind in ("jpeg", "png", "gif", "webp"):
        return clean_picture
    return None  # .csv and .txt: plain text, nothing besides what it shows


def clean_picture(data: bytes) -> bytes:
    """Return a picture's copy without its notes, drawn again from its pixels if it is damaged; raise Refused."""
    from .kinds import sniff

    if sniff(data) == "avif":
        from .isobmff import clean_avif

        return clean_avif(data)
    if foreign_profile(data) is not None:
        # A device's own colour profile (not a standard one) may name it, and its numbers tell it apart:
        # the picture's colours are converted to sRGB, as a browser would show them, and it is left out.
        found = redrawn(data, srgb=True)
        if found is None:
            raise Refused(f"{icc.FOREIGN}, and an animation cannot be converted to sRGB here", icc.FOREIGN_HINT)
        return found
    found = strip_or_none(data)
    if found is None:
        found = redrawn(data)  # never the file as it came: its notes might be what our reader could not find
    if found is None:
        raise Refused("it is damaged, so what it holds besides the picture (where and when it was taken, the "
                      "camera, sometimes a name) cannot be taken out with certainty")
    return found


def cleaned(kind: str, data: bytes, cache_dir=None) -> bytes:
    """Return the copy of ``data`` (a file of ``kind`` that passed the checks) to publish; raise Refused.

    ``cache_dir``, when given, keeps each copy on disk by the digest of what it was made from, so the next
    build (another process) reads it instead of making it again.
    """
    cleaner = _cleaner(kind)
    if cleaner is None:
        return data
    key = hashlib.blake2b(VERSION + kind.encode() + b"\0" + data, digest_size=20).hexdigest()
    if cleaner is clean_picture:
        cache_dir = None  # a picture is stripped faster than its copy is read back
    if key in _remembered:
        _remembered.move_to_end(key)
        found = _remembered[key]
    else:
        found = _from_disk(cache_dir, key)
        if found is None:
            try:
                found = cleaner(data)
            except Refused as exc:
                found = exc
            _to_disk(cache_dir, key, found)
        _remember(key, found)
    if isinstance(found, Refused):
        raise Refused(str(found), found.hint)
    return found


def _cached(cache_dir, key):
    return Path(cache_dir) / key[:2] / key


def _from_disk(cache_dir, key):
    if cache_dir is None:
        return None
    try:
        return _cached(cache_dir, key).read_bytes()
    except OSError:
        return None


def _to_disk(cache_dir, key, found):
    if cache_dir is None or not isinstance(found, bytes):
        return  # a refusal is made again: it is quick, and its words may change
    path = _cached(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{key}.{os.getpid()}")
        temporary.write_bytes(found)
        os.replace(temporary, path)  # whole or not at all, whoever reads it at the same time
    except OSError:
        pass  # a cache that cannot be written only costs time


def _remember(key, found):
    _remembered[key] = found
    size = sum(len(v) for v in _remembered.values() if isinstance(v, bytes))
    while size > MEMORY and len(_remembered) > 1:
        _, old = _remembered.popitem(last=False)
        size -= len(old) if isinstance(old, bytes) else 0
