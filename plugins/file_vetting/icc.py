"""Pure: a picture's colour profile (ICC) rebuilt from its colour data, so it carries no words but a standard name.

A profile has text besides its colours: a description, a copyright line, the device's maker and model, and
program-specific notes. A phone or a calibration tool may write a person's or a phone's name there ("Jane's
iPhone"). A profile whose description is a standard colour space's name (sRGB, Display P3, Adobe RGB…) is
written again with only the tags that say how colours look, byte for byte, and that standard name: the
picture looks exactly the same. Any other profile is a device's own, whose very numbers can tell one device
from another: pictures are converted to sRGB instead (``to_srgb``), and documents keep the colours under a
neutral name (``rebuilt``).
"""

from __future__ import annotations

import io
import re
import struct

HEADER = 128
# Descriptions of the standard colour spaces, as programs write them (compared in lower case, spaces joined).
STANDARD = (
    "sRGB IEC61966-2.1", "sRGB IEC61966-2-1 black scaled", "sRGB IEC61966-2-1 no black scaling", "sRGB",
    "sRGB built-in", "sRGB v4 ICC preference perceptual intent beta", "Display P3", "DCI-P3", "P3 D65",
    "Adobe RGB (1998)", "Adobe RGB", "ProPhoto RGB", "ROMM-RGB", "Rec. 2020", "Rec2020", "ITU-R BT.2020",
    "Generic RGB Profile", "Generic Gray Gamma 2.2 Profile", "Gray Gamma 2.2", "Dot Gain 20%", "Generic Gray Profile",
    "Linear sRGB", "U.S. Web Coated (SWOP) v2", "Coated FOGRA39 (ISO 12647-2:2004)", "ISO Coated v2 (ECI)",
    "ISO Coated v2 300% (ECI)", "Uncoated FOGRA29 (ISO 12647-2:2004)", "Japan Color 2001 Coated",
    "Generic CMYK Profile", "PSO Coated v3", "Coated GRACoL 2006 (ISO 12647-2:2004)",
)
_STANDARD = {" ".join(name.lower().split()): name for name in STANDARD}
# Why a picture with a device's own profile cannot be published as it is, and what to do.
FOREIGN = "its colour profile is not a standard one (it may name the phone or person that made it)"
FOREIGN_HINT = ("export it again with the sRGB colour profile (in most programs: Export, Colour profile: sRGB), "
                "then put the new file in place of this one")
# The name a document's profile is given when its own description is not a standard one.
NEUTRAL = "Colour profile"
# Tags that say how colours look: matrix and curves, lookup tables, white and black points, adaptation.
COLOUR_TAGS = frozenset(
    {b"rXYZ", b"gXYZ", b"bXYZ", b"rTRC", b"gTRC", b"bTRC", b"kTRC", b"wtpt", b"bkpt", b"chad", b"chrm", b"lumi",
     b"cicp", b"gamt"}
    | {f"{a}2{b}{n}".encode() for a, b in (("A", "B"), ("B", "A"), ("D", "B"), ("B", "D")) for n in range(4)}
)
# Header bytes that name the program, the platform, the device's maker and model, the date and the
# profile's checksum (made again as "not computed"): written as zeros.
_BLANKED = ((4, 8), (24, 36), (40, 44), (48, 56), (80, 128))


def _tags(profile):
    """Return [(signature, offset, size)] of a profile that reads as one, or None."""
    if len(profile) < HEADER + 4 or profile[36:40] != b"acsp":
        return None
    size = int.from_bytes(profile[:4], "big")
    count = int.from_bytes(profile[HEADER:HEADER + 4], "big")
    if size > len(profile) or count > 200 or HEADER + 4 + 12 * count > size:
        return None
    found = []
    for index in range(count):
        signature, offset, length = struct.unpack_from(">4sII", profile, HEADER + 4 + 12 * index)
        if offset < HEADER + 4 + 12 * count or offset + length > size or length < 8:
            return None
        found.append((signature, offset, length))
    return found


def _text(data):
    """Return the text of a desc, mluc or text tag's data, or None."""
    kind = data[:4]
    if kind == b"desc" and len(data) >= 12:
        count = int.from_bytes(data[8:12], "big")
        return data[12:12 + count].split(b"\0", 1)[0].decode("latin-1")
    if kind == b"mluc" and len(data) >= 28:
        length, offset = struct.unpack_from(">II", data, 20)
        return data[offset:offset + length].decode("utf-16-be", "replace")
    if kind == b"text":
        return data[8:].split(b"\0", 1)[0].decode("latin-1")
    return None


def description(profile):
    """Return a profile's description (its first language's), or None when it has none or does not read."""
    tags = _tags(profile)
    for signature, offset, length in tags or ():
        if signature == b"desc":
            return _text(profile[offset:offset + length])
    return None


def standard_name(profile):
    """Return the standard colour space a profile describes itself as (as STANDARD spells it), or None."""
    found = description(profile)
    return None if found is None else _STANDARD.get(" ".join(re.sub(r"\s+", " ", found).lower().split()))


def _description_tag(name, version):
    if version >= 4:
        text = name.encode("utf-16-be")
        return b"mluc" + bytes(4) + struct.pack(">II2s2sII", 1, 12, b"en", b"US", len(text), 28) + text
    text = name.encode("ascii", "replace") + b"\0"
    # textDescriptionType: the ASCII text, then an empty Unicode and an empty ScriptCode description.
    return b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)


def rebuilt(profile, name):
    """Return ``profile`` with only its colour tags (unchanged) and ``name`` as its description, or None if unreadable."""
    tags = _tags(profile)
    if tags is None:
        return None
    kept = [(s, o, n) for s, o, n in tags if s in COLOUR_TAGS]
    entries = [(b"desc", _description_tag(name, profile[8]))]
    entries += [(s, profile[o:o + n]) for s, o, n in kept]
    table_end = HEADER + 4 + 12 * len(entries)
    body, table, placed = bytearray(), [], {}
    for signature, data in entries:
        if data not in placed:  # tags that shared their data (rTRC, gTRC, bTRC) still do
            body += bytes(-(table_end + len(body)) % 4)
            placed[data] = table_end + len(body)
            body += data
        table.append(struct.pack(">4sII", signature, placed[data], len(data)))
    header = bytearray(profile[:HEADER])
    for start, end in _BLANKED:
        header[start:end] = bytes(end - start)
    out = header + struct.pack(">I", len(entries)) + b"".join(table) + body
    out[:4] = struct.pack(">I", len(out))
    return bytes(out)


def published(profile):
    """Return the profile a published picture keeps: rebuilt under its standard name, or None (not standard)."""
    name = standard_name(profile)
    return None if name is None else rebuilt(profile, name)


def to_srgb(image, profile):
    """Return ``image`` (a Pillow image in RGB, RGBA, L, LA, P, CMYK…) converted from ``profile`` to sRGB."""
    from PIL import Image, ImageCms

    transparent = image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in image.info
    alpha = image.convert("RGBA").getchannel("A") if transparent else None
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    colour_space = profile[16:20]
    mode = {b"GRAY": "L", b"CMYK": "CMYK", b"RGB ": "RGB"}.get(colour_space)
    if mode is None:
        raise ValueError("a colour profile for a colour space pictures do not use")
    if image.mode != mode:
        image = image.convert(mode)
    srgb = ImageCms.createProfile("sRGB")
    if mode == "L":
        # A grey profile cannot be converted into sRGB's three channels by Pillow's transforms: as grey RGB.
        grey = ImageCms.profileToProfile(image, source, ImageCms.createProfile("LAB"), outputMode="LAB")
        converted = Image.merge("RGB", [_lightness_to_srgb(grey.getchannel("L"))] * 3)
    else:
        converted = ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _lightness_to_srgb(lightness):
    """Return a channel of CIE L* (0 to 255) as sRGB values of the same grey."""
    def value(level):
        l_star = level * 100 / 255
        y = ((l_star + 16) / 116) ** 3 if l_star > 8 else l_star / 903.3
        encoded = 12.92 * y if y <= 0.0031308 else 1.055 * y ** (1 / 2.4) - 0.055
        return max(0, min(255, round(encoded * 255)))

    return lightness.point([value(level) for level in range(256)])
