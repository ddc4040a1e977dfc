"""Pure: an AVIF picture without its Exif, XMP and other notes, its layout unchanged.

An AVIF file is a tree of boxes; the picture and its notes are "items" whose bytes the ``iloc`` box finds by
offset. Removing an item would move every offset after it, so each note's bytes are overwritten in place
with zeros (an Exif item with an empty Exif record, so readers find nothing rather than something broken),
and so is every byte the picture does not use: boxes of other programs, item names, unknown properties,
and the gaps in the media data between the items. Every offset stays true, so the picture decodes to the
same pixels. What the format allows besides (an AVIF sequence's tracks) keeps its samples; its user data
(``udta``) and track metadata are blanked the same way.
"""

from __future__ import annotations

from PIL import features

from . import icc
from .strip import same_picture
from .svg import Refused

# Top-level boxes: the file type, the items, the media data, and a sequence's tracks. Any other is blanked.
TOP_KEPT = {b"ftyp", b"meta", b"mdat", b"moov"}
# Children of meta that describe the pictures; any other (an "xml " or "bxml" box) is blanked.
META_KEPT = {b"hdlr", b"pitm", b"iloc", b"iinf", b"iref", b"iprp", b"idat", b"dinf", b"grpl"}
# Kinds of item a picture is drawn from; any other item (Exif, mime, uri), or one the picture does not use, is blanked.
ITEMS_KEPT = {b"av01", b"grid", b"iovl", b"iden", b"tmap"}
# Properties that change how a picture is decoded or shown; any other ("udes": a title and tags) is blanked.
PROPERTIES_KEPT = {b"av1C", b"colr", b"ispe", b"pixi", b"auxC", b"clap", b"irot", b"imir", b"pasp", b"clli",
                   b"mdcv", b"cclv", b"amve", b"a1op", b"a1lx", b"lsel", b"rloc", b"reve", b"altt"}
# Boxes of a sequence that hold boxes; "udta" and "meta" inside them are blanked.
TRACK_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"edts"}
# A file type box holds a brand and a few compatible ones (AVIF's are 20 to 40 bytes long).
FTYP_LIMIT = 256
# An Exif item with no entries: its offset to the TIFF header (0), then a big-endian header and an empty IFD.
EMPTY_EXIF = b"\0\0\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0"


def _boxes(data, start, end):
    """Yield ``(type, box start, payload start, box end)`` for each box between start and end."""
    at = start
    while at < end:
        if at + 8 > end:
            raise Refused("it is damaged (a box is cut short)")
        size, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        payload = at + 8
        if size == 1:
            size, payload = int.from_bytes(data[at + 8:at + 16], "big"), at + 16
        elif size == 0 and kind == b"mdat":
            size = end - at  # the media data, last, runs to the end of the file
        elif size == 0:
            raise Refused("it is damaged (a box other than the picture's data says it runs to the end of the file)")
        if kind == b"uuid":
            payload += 16
        if size < payload - at or at + size > end:
            raise Refused("it is damaged (a box runs past the end of its container)")
        yield kind, at, payload, at + size
        at += size


def _int(data, at, size):
    return int.from_bytes(data[at:at + size], "big"), at + size


def clean_avif(data: bytes) -> bytes:
    """Return ``data`` (an AVIF picture) with its notes overwritten by zeros, offsets unchanged; raise Refused."""
    out = bytearray(data)
    try:
        kept, sequence = [], False
        for kind, _start, payload, end in _boxes(data, 0, len(data)):
            if kind == b"meta":
                kept += _meta(data, out, payload + 4, end)
            elif kind == b"moov":
                sequence = True
                _tracks(data, out, payload, end)
            elif kind == b"ftyp" and end - payload > FTYP_LIMIT:
                raise Refused("it is damaged (its file type box is far longer than a list of formats)")
            elif kind not in TOP_KEPT:
                out[payload:end] = bytes(end - payload)
        if not sequence:
            _check_inside(data, kept)
            _blank_gaps(data, out, kept)
    except IndexError:
        raise Refused("it is damaged (a box is shorter than its contents)") from None
    if bytes(out) != data and features.check("avif") and not same_picture(data, bytes(out)):
        raise Refused("its notes cannot be removed without changing the picture")
    return bytes(out)


def _meta(data, out, start, end):
    """Blank what ``meta`` holds besides pictures; return the (start, end) file ranges still in use."""
    children = {kind: (payload, box_end) for kind, _s, payload, box_end in _boxes(data, start, end)}
    for kind, _s, payload, box_end in _boxes(data, start, end):
        if kind not in META_KEPT:
            out[payload:box_end] = bytes(box_end - payload)
        elif kind == b"hdlr":
            out[payload + 24:box_end] = bytes(max(box_end - payload - 24, 0))  # the handler's name: any text
        elif kind == b"iprp":
            _properties(data, out, payload, box_end)
    types = _items(data, out, *children[b"iinf"]) if b"iinf" in children else {}
    idat = children.get(b"idat", (0, 0))[0]
    locations = _locations(data, *children.get(b"iloc", (0, 0)), idat)
    pictures = _pictures(data, children, types)
    kept = [r for item, ranges in locations.items() if item in pictures for r in ranges]
    written = []
    for item, ranges in locations.items():
        if item in pictures:
            continue
        if any(first < last_kept and first_kept < last for first, last in ranges for first_kept, last_kept in kept):
            raise Refused("its notes (Exif or XMP) share bytes with the picture, so they cannot be removed")
        for first, (range_start, range_end) in enumerate(ranges):
            out[range_start:range_end] = bytes(range_end - range_start)
            if types.get(item) == b"Exif" and first == 0 and range_end - range_start >= len(EMPTY_EXIF):
                out[range_start:range_start + len(EMPTY_EXIF)] = EMPTY_EXIF
                written.append((range_start, range_start + len(EMPTY_EXIF)))
    return kept + written


def _pictures(data, children, types):
    """Return the items the picture is drawn from: the primary item, its tiles, and its alpha and depth planes.

    A thumbnail (which may show the picture before it was cropped) or any other item is not among them.
    """
    if b"pitm" not in children:
        return set()
    payload = children[b"pitm"][0]
    primary = _int(data, payload + 4, 2 if data[payload] == 0 else 4)[0]
    links = []
    if b"iref" in children:
        start, end = children[b"iref"]
        size = 2 if data[start] == 0 else 4
        for kind, _s, at, _e in _boxes(data, start + 4, end):
            source, at = _int(data, at, size)
            count, at = _int(data, at, 2)
            links += [(kind, source, _int(data, at + i * size, size)[0]) for i in range(count)]
    found, grew = {primary}, True
    while grew:
        before = len(found)
        found |= {to for kind, source, to in links if kind == b"dimg" and source in found}
        found |= {source for kind, source, to in links if kind in (b"auxl", b"prem") and to in found}
        grew = len(found) > before
    return {item for item in found if types.get(item) in ITEMS_KEPT}


def _properties(data, out, start, end):
    for kind, _s, payload, box_end in _boxes(data, start, end):
        if kind == b"ipco":
            for prop, _ps, prop_payload, prop_end in _boxes(data, payload, box_end):
                if prop not in PROPERTIES_KEPT:
                    out[prop_payload:prop_end] = bytes(prop_end - prop_payload)
                elif prop == b"colr" and data[prop_payload:prop_payload + 4] in (b"prof", b"rICC"):
                    _profile(data, out, prop_payload + 4, prop_end)


def _profile(data, out, start, end):
    """Write a colour profile again in place (icc.py): its colour tags under its standard name, then zeros."""
    published = icc.published(data[start:end])
    if published is None or len(published) > end - start:
        # Converting an AVIF's pixels would need an encoder the build may not have: the writer exports it again.
        raise Refused(icc.FOREIGN, icc.FOREIGN_HINT)
    out[start:end] = published + bytes(end - start - len(published))


def _items(data, out, start, end):
    """Return {item id: item type}; each item's name is overwritten with spaces (the same length)."""
    version = data[start]
    at = start + 4 + (2 if version == 0 else 4)
    types = {}
    for kind, _s, payload, box_end in _boxes(data, at, end):
        if kind != b"infe":
            out[payload:box_end] = bytes(box_end - payload)
            continue
        infe_version = data[payload]
        if infe_version not in (2, 3):
            raise Refused("it is damaged or not an AVIF picture (an item is described in a form AVIF does not use)")
        item, at = _int(data, payload + 4, 2 if infe_version == 2 else 4)
        item_type = data[at + 2:at + 6]
        name_start = at + 6
        if item_type in ITEMS_KEPT:
            name_end = data.find(b"\0", name_start, box_end)
            name_end = box_end if name_end < 0 else name_end
            out[name_start:name_end] = b" " * (name_end - name_start)
        else:  # a note's name and content type (a hostile one could be anything): empty strings
            out[name_start:box_end] = bytes(box_end - name_start)
        types[item] = item_type
    return types


def _locations(data, start, end, idat):
    """Return {item id: [(start, end)]}: where each item's bytes lie in the file (by iloc)."""
    if end <= start:
        return {}
    version = data[start]
    at = start + 4
    offset_size, length_size = data[at] >> 4, data[at] & 15
    base_size, index_size = data[at + 1] >> 4, (data[at + 1] & 15 if version in (1, 2) else 0)
    count, at = _int(data, at + 2, 2 if version < 2 else 4)
    found = {}
    for _ in range(count):
        item, at = _int(data, at, 2 if version < 2 else 4)
        method = 0
        if version in (1, 2):
            method, at = data[at + 1] & 15, at + 2
        at += 2  # data reference index
        base, at = _int(data, at, base_size)
        extents, at = _int(data, at, 2)
        ranges = []
        for _ in range(extents):
            at += index_size
            offset, at = _int(data, at, offset_size)
            length, at = _int(data, at, length_size)
            origin = {0: 0, 1: idat}.get(method)
            if origin is None:
                continue  # an extent taken from another item: no bytes of its own
            first = origin + base + offset
            ranges.append((min(first, len(data)), min(first + length if length else len(data), len(data))))
        found[item] = ranges
    if at > end:
        raise Refused("it is damaged (its list of item locations is cut short)")
    return found


def _check_inside(data, kept):
    """Refuse a picture whose bytes are said to run outside the media data (or item data) box they start in."""
    boxes = [(payload, end) for kind, _s, payload, end in _boxes(data, 0, len(data)) if kind == b"mdat"]
    for kind, _s, payload, end in _boxes(data, 0, len(data)):
        if kind == b"meta":
            boxes += [(p, e) for k, _x, p, e in _boxes(data, payload + 4, end) if k == b"idat"]
    for first, last in kept:
        if not any(start <= first and last <= end for start, end in boxes):
            raise Refused("it is damaged (its picture is said to lie outside the picture's data)")


def _blank_gaps(data, out, kept):
    """Overwrite the bytes of each mdat box that no kept picture uses."""
    for kind, _s, payload, end in _boxes(data, 0, len(data)):
        if kind != b"mdat":
            continue
        at = payload
        for first, last in sorted(kept):
            if last <= at or first >= end:
                continue
            if first > at:
                out[at:first] = bytes(first - at)
            at = max(at, last)
        if at < end:
            out[at:end] = bytes(end - at)


def _tracks(data, out, start, end):
    for kind, _s, payload, box_end in _boxes(data, start, end):
        if kind in (b"udta", b"meta"):
            out[payload:box_end] = bytes(box_end - payload)
        elif kind in TRACK_CONTAINERS:
            _tracks(data, out, payload, box_end)
        elif kind == b"stbl":
            _sample_profiles(data, out, payload, box_end)


def _sample_profiles(data, out, start, end):
    """Write again every colour profile in a sequence's sample descriptions (a "colr" box inside "av01")."""
    at = data.find(b"colr", start, end)
    while at >= 0:
        size = int.from_bytes(data[at - 4:at], "big") if at - 4 >= start else 0
        if 12 < size <= end - (at - 4) and data[at + 4:at + 8] in (b"prof", b"rICC"):
            _profile(data, out, at + 8, at - 4 + size)
        at = data.find(b"colr", at + 4, end)
