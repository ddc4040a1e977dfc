"""Pure: a picture's bytes without what it carries besides the picture (EXIF, XMP, IPTC, comments, text).

A phone's photo says where it was taken, on what, when and by whom; a drawing program's PNG or GIF may
name its author. None of it is needed to show the picture, so the published copy leaves it out: segments
and chunks are dropped as they are, never decoded and encoded again, so the pixels stay exactly the same.
Kept: what changes how the picture looks (its colour profile, rebuilt from its colour data under its
standard name by ``icc.py``, and the camera's turn, rewritten alone); a profile that is not a standard one is
left out, so ``clean.clean_picture`` converts such a picture to sRGB first (``redrawn(data, srgb=True)``).
``strip`` returns a file that does not read as expected unchanged; ``redrawn`` draws such a picture again
from its pixels, and the published copy (``clean.clean_picture``) is always one or the other, never the file
as it came.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

from . import icc

# EXIF's tag for how the camera was turned (1 to 8): browsers turn the picture by it.
ORIENTATION = 0x0112
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG chunks that change how a picture looks, or hold its frames; every other ancillary chunk is left out.
PNG_KEPT = {b"PLTE", b"IDAT", b"IEND", b"IHDR", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD",
            b"pHYs", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT"}
# WebP chunks that are the picture, its frames, transparency and colour profile.
WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
# GIF application extensions that say how an animation loops.
GIF_LOOPS = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}


def strip(data: bytes) -> bytes:
    """Return ``data`` (a JPEG, PNG, GIF or WebP) without its metadata; anything else, or a damaged file, unchanged."""
    stripped = strip_or_none(data)
    return data if stripped is None else stripped


def strip_or_none(data: bytes):
    """Return ``data`` (a JPEG, PNG, GIF or WebP) without its metadata, or None if it does not read as one."""
    readers = {b"\xff\xd8\xff": _jpeg, PNG_SIGNATURE: _png, b"GIF87a": _gif, b"GIF89a": _gif, b"RIFF": _webp}
    reader = next((r for head, r in readers.items() if data.startswith(head)), None)
    if reader is None or (reader is _webp and data[8:12] != b"WEBP"):
        return None
    try:
        stripped = reader(data)
    except _Damaged:
        return None
    if stripped == data:
        return data
    return stripped if same_picture(data, stripped) else None


def same_picture(data, stripped):
    """Return whether Pillow reads both as the same kind, size and colours of picture (only their headers)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged EXIF: Pillow warns while it reads the headers
            with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(stripped)) as after:
                return ((before.format, before.size, before.mode, getattr(before, "n_frames", 1))
                        == (after.format, after.size, after.mode, getattr(after, "n_frames", 1)))
    except Exception:  # noqa: BLE001 - a copy Pillow cannot read is never published in place of the file
        return False


def foreign_profile(data):
    """Return the colour profile of a JPEG, PNG or WebP when it is not a standard one (see icc.py), else None."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as image:
                profile = image.info.get("icc_profile") if image.format in ("JPEG", "PNG", "WEBP") else None
    except Exception:  # noqa: BLE001 - a picture Pillow cannot read is redrawn or refused by the caller
        return None
    return profile if profile and icc.published(profile) is None else None


def redrawn(data, srgb=False):
    """Return a still picture Pillow can read, saved again from its pixels in its own format without notes, or None.

    ``srgb``: its colours converted from its own colour profile to sRGB, which it is then saved without.
    """
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged EXIF or a cut-short file: Pillow warns while it reads
            with Image.open(io.BytesIO(data)) as image:
                fmt = image.format
                if fmt not in ("JPEG", "PNG", "GIF", "WEBP") or getattr(image, "n_frames", 1) != 1:
                    return None  # an animation's timing is not ours to guess
                if image.width * image.height > (Image.MAX_IMAGE_PIXELS or 0):
                    return None  # damage that claims a vast picture would take the build's memory to draw
                image.load()
                profile = image.info.get("icc_profile")
                options = {"icc_profile": profile} if profile and not srgb else {}
                if fmt == "GIF" and "transparency" in image.info:
                    options["transparency"] = image.info["transparency"]
                if fmt in ("JPEG", "WEBP"):
                    options["quality"] = 95
                upright = ImageOps.exif_transpose(image)  # the camera's turn, drawn into the pixels
                if srgb and profile:
                    upright = icc.to_srgb(upright, profile)
                upright.info = {}  # Pillow writes a comment or EXIF it finds here back into the new file
                out = io.BytesIO()
                upright.save(out, format=fmt, **options)
    except Exception:  # noqa: BLE001 - a picture Pillow cannot draw is refused by the caller
        return None
    # Our own reader then takes out whatever Pillow might still have written besides the picture.
    return strip_or_none(out.getvalue())


class _Damaged(Exception):
    """The file does not read as its format says: it is published unchanged."""


def orientation(data):
    """Return the camera's turn (2 to 8) that EXIF in ``data`` records, or None when it is upright or unknown."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # damaged EXIF: Pillow warns, and the turn is simply unknown
            with Image.open(io.BytesIO(data)) as image:
                turn = image.getexif().get(ORIENTATION)
    except Exception:  # noqa: BLE001 - a picture Pillow cannot read has no turn we could keep
        return None
    return turn if isinstance(turn, int) and 2 <= turn <= 8 else None


def _exif_turn(turn):
    """Return EXIF holding only the camera's turn (TIFF bytes, without the "Exif" header)."""
    from PIL import Image

    exif = Image.Exif()
    exif[ORIENTATION] = turn
    return exif.tobytes()[6:]


# --- JPEG: segments before the picture's data ---


def _jpeg(data):
    out, at, exif, profile, profile_at = [data[:2]], 2, False, {}, None
    while True:
        if at + 2 > len(data) or data[at] != 0xFF:
            raise _Damaged
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1  # fill byte
            continue
        if marker == 0xD9:  # the end: nothing after it is published
            out.append(b"\xff\xd9")
            break
        length = int.from_bytes(data[at + 2:at + 4], "big")
        if length < 2 or at + 2 + length > len(data):
            raise _Damaged
        segment, body = data[at:at + 2 + length], data[at + 4:at + 2 + length]
        at += 2 + length
        if marker == 0xDA:  # a scan: its coded data runs to the next marker (a progressive picture has several)
            end = _scan_end(data, at)
            out.append(segment + data[at:end])
            at = end
            continue
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            exif = True
        if marker == 0xE0 and body[:5] in (b"JFIF\x00", b"JFXX\x00") or marker == 0xEE:
            out.append(segment)  # JFIF's pixel density; Adobe's colour transform
        elif marker == 0xE2 and body.startswith(b"ICC_PROFILE\x00") and len(body) > 14:
            profile_at = len(out) if profile_at is None else profile_at
            profile[body[12]] = body[14:]  # a long profile is cut into numbered pieces
        elif not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            out.append(segment)  # tables and frame headers: the picture itself
    published = icc.published(b"".join(profile[n] for n in sorted(profile))) if profile else None
    if published:
        out[profile_at:profile_at] = _jpeg_profile(published)
    turn = orientation(data) if exif else None
    if turn:
        kept = b"Exif\x00\x00" + _exif_turn(turn)
        out.insert(1, b"\xff\xe1" + struct.pack(">H", len(kept) + 2) + kept)
    return b"".join(out)


def _jpeg_profile(profile):
    """Return the APP2 segments that carry ``profile``, in pieces a segment can hold."""
    size = 65535 - 2 - 14
    pieces = [profile[i:i + size] for i in range(0, len(profile), size)]
    return [b"\xff\xe2" + struct.pack(">H", len(piece) + 16) + b"ICC_PROFILE\x00" + bytes([n, len(pieces)]) + piece
            for n, piece in enumerate(pieces, start=1)]


def _scan_end(data, at):
    """Return where coded picture data ends: at the next marker (0xFF then not 0, a restart or 0xFF)."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise _Damaged  # no end marker
        following = data[at + 1]
        if following == 0xFF:
            at += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            at += 2
        else:
            return at


# --- PNG: chunks ---


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(data):
    out, at, turn = [PNG_SIGNATURE], len(PNG_SIGNATURE), None
    while True:
        if at + 12 > len(data):
            raise _Damaged
        length = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        if at + 12 + length > len(data):
            raise _Damaged
        if kind == b"eXIf":
            turn = orientation(data)
        if kind == b"iCCP":
            profile = _png_profile(data[at + 8:at + 8 + length])
            if profile:
                out.append(profile)
        elif kind in PNG_KEPT:
            if kind == b"IDAT" and turn:
                out.append(_chunk(b"eXIf", _exif_turn(turn)))  # before the picture's data, as PNG wants
                turn = None
            out.append(data[at:at + 12 + length])
        at += 12 + length
        if kind == b"IEND":
            return b"".join(out)


def _png_profile(body):
    """Return the iCCP chunk of the profile in ``body`` as published (icc.py), or None to leave it out."""
    _name, _, packed = body.partition(b"\0")
    try:
        profile = zlib.decompressobj().decompress(packed[1:], 1 << 24)
    except zlib.error:
        return None
    published = icc.published(profile)
    # The chunk's own name is text too ("Jane's phone"): the standard name, which PNG allows in Latin-1.
    name = (icc.standard_name(profile) or "").encode("latin-1", "replace")[:79]
    return _chunk(b"iCCP", name + b"\0\0" + zlib.compress(published, 9)) if published and name else None


# --- GIF: blocks ---


def _sub_blocks_end(data, at):
    while True:
        if at >= len(data):
            raise _Damaged
        size = data[at]
        at += 1 + size
        if size == 0:
            return at


def _table(flags):
    return 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0


def _gif(data):
    if len(data) < 13:
        raise _Damaged
    at = 13 + _table(data[10])
    out = [data[:at]]
    while True:
        if at >= len(data):
            raise _Damaged
        kind = data[at]
        if kind == 0x3B:
            out.append(b"\x3b")
            return b"".join(out)
        if kind == 0x2C:
            if at + 10 > len(data):
                raise _Damaged
            end = _sub_blocks_end(data, at + 10 + _table(data[at + 9]) + 1)
            out.append(data[at:end])
        elif kind == 0x21 and at + 1 < len(data):
            label, end = data[at + 1], _sub_blocks_end(data, at + 2)
            # Timing and transparency are kept, and the loop count; comments, text and other programs' data are not.
            if label == 0xF9 or (label == 0xFF and data[at + 3:at + 14] in GIF_LOOPS):
                out.append(data[at:end])
        else:
            raise _Damaged
        at = end


# --- WebP: chunks of a RIFF file ---


def _webp(data):
    size = int.from_bytes(data[4:8], "little")
    if size + 8 > len(data) or size < 4:
        raise _Damaged
    out, at, end = [], 12, size + 8
    turn = orientation(data) if b"EXIF" in data else None
    while at < end:
        if at + 8 > end:
            raise _Damaged
        kind, length = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if at + 8 + length > end:
            raise _Damaged
        chunk = data[at:at + 8 + length + (length & 1)]
        if kind == b"ICCP":
            published = icc.published(data[at + 8:at + 8 + length])
            if published:
                out.append(b"ICCP" + struct.pack("<I", len(published)) + published + b"\x00" * (len(published) & 1))
        elif kind in WEBP_KEPT:
            out.append(chunk)
        at += 8 + length + (length & 1)
    if out and out[0][:4] == b"VP8X":
        flags = out[0][8] & ~0x0C  # no EXIF, no XMP
        if not any(chunk[:4] == b"ICCP" for chunk in out):
            flags &= ~0x20  # no colour profile left
        if turn:
            flags |= 0x08
            exif = _exif_turn(turn)
            out.append(b"EXIF" + struct.pack("<I", len(exif)) + exif + b"\x00" * (len(exif) & 1))
        out[0] = out[0][:8] + bytes([flags]) + out[0][9:]
    body = b"WEBP" + b"".join(out)
    return b"RIFF" + struct.pack("<I", len(body)) + body
