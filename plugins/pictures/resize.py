"""Pure picture work: sizes, resized copies kept in a cache by content, and an SVG's size from its viewBox."""

from __future__ import annotations

import hashlib
import os
import re
import xml.parsers.expat
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

# Bump when the way copies are made changes, so old cache entries are not reused.
VERSION = "1"
RESIZED = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
# Shown at their own size: a GIF may be animated, and an AVIF is already small.
AS_THEY_ARE = (".gif", ".avif")
# Phone cameras store pictures on their side and record the turn in EXIF; these turns swap width and height.
SIDEWAYS = {5, 6, 7, 8}
# The largest width or height a WebP picture can have, in pixels.
WEBP_MAX = 16383


@dataclass(frozen=True)
class Copy:
    """One resized copy: where it goes in the site, its size, and the cached file holding it."""

    site_path: str
    width: int
    height: int
    cached: Path


def size_of(path):
    """Return (width, height) of a picture as shown, after any camera turn; None if Pillow cannot read it."""
    try:
        with Image.open(path) as image:
            width, height = image.size
            turn = image.getexif().get(0x0112)
    except Exception:  # noqa: BLE001 - file_vetting names unreadable pictures
        return None
    return (height, width) if turn in SIDEWAYS else (width, height)


def plan(width, widths):
    """Return the widths to make for a picture ``width`` pixels wide: those below it, and at most its own."""
    chosen = [w for w in widths if w < width]
    top = min(width, max(widths))
    return sorted({*chosen, top})


def digest(data):
    """Return the content hash that names a picture's copies."""
    return hashlib.sha256(data).hexdigest()


def _key(data_hash, width, fmt, quality):
    return hashlib.sha256(f"{VERSION}:{data_hash}:{width}:{fmt}:{quality}".encode()).hexdigest()


def _save(image, target, fmt, quality):
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}")
    if fmt == "JPEG":
        image.convert("RGB").save(temp, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(temp, "WEBP", quality=quality, method=4)
    else:
        image.save(temp, "PNG", optimize=True)
    os.replace(temp, target)


def copies(path, site_path, data, config, cache_dir):
    """Return ``(fallback, webp copies)`` for one picture, making only the copies the cache lacks.

    The fallback is the largest copy in the picture's own format; the WebP copies fill ``srcset``.
    Metadata (EXIF, with any GPS position) is not carried into the copies.
    """
    suffix = Path(site_path).suffix.lower()
    fmt = RESIZED[suffix]
    shown = size_of(path)
    if shown is None:
        return None, []
    width, height = shown
    data_hash = digest(data)
    stem = str(Path(site_path).with_suffix(""))
    wanted = []
    widths = plan(width, config.widths)
    for w in widths:
        # WebP holds nothing taller or wider than WEBP_MAX: a long screenshot keeps its own format's copy only.
        if max(w, round(height * w / width)) <= WEBP_MAX:
            wanted.append((w, "WEBP", ".webp"))
    wanted.append((widths[-1], fmt, suffix))
    made, opened = [], None
    try:
        for w, out_fmt, ext in wanted:
            key = _key(data_hash, w, out_fmt, config.quality)
            cached = Path(cache_dir) / key[:2] / f"{key}{ext}"
            h = max(1, round(height * w / width))
            if not cached.is_file():
                if opened is None:
                    opened = ImageOps.exif_transpose(Image.open(path))
                    if opened.mode not in ("RGB", "RGBA", "L", "LA"):
                        opened = opened.convert("RGBA" if "A" in opened.getbands() or "transparency" in opened.info
                                                else "RGB")
                _save(opened.resize((w, h), Image.LANCZOS), cached, out_fmt, config.quality)
            made.append(Copy(f"{stem}-{w}w.{data_hash[:10]}{ext}", w, h, cached))
    finally:
        if opened is not None:
            opened.close()
    return made[-1], made[:-1]


_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def svg_size(data):
    """Return (width, height) of an SVG from its width and height in pixels, else its viewBox; None if neither."""
    found = {}

    def start(name, attrs):
        if not found:
            found.update(attrs or {"": ""})
            raise StopIteration

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except (StopIteration, xml.parsers.expat.ExpatError):
        pass
    width, height = (_LENGTH.match(found.get(k, "")) for k in ("width", "height"))
    if width and height and float(width.group(1)) > 0 and float(height.group(1)) > 0:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = re.split(r"[\s,]+", found.get("viewBox", "").strip())
    try:
        w, h = float(box[2]), float(box[3])
    except (IndexError, ValueError):
        return None
    return (round(w), round(h)) if w > 0 and h > 0 else None
