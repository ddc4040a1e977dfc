"""Pure: the texts a picture or a PDF carries besides what it shows, each format read by its own structure.

A name can sit in a photo's EXIF or XMP, a GIF's comment, a PNG's chunks or a PDF's compressed streams, and
be split there by the format itself (a GIF's 255-byte sub-blocks, a JPEG's extended XMP segments, a PDF's
kerned ``[(Phil) -20 (ippa)] TJ``), or written in UTF-16 either way round, or as XML entities. Each reader
below returns the pieces whole, as ``(text, markup)``: ``markup`` texts are XML, to be read with entities
and tags undone. Every reader stops at a budget, and a damaged file is read as far as it goes.
"""

from __future__ import annotations

import base64
import re
import zlib

from . import pdf_objects

# A metadata block larger than this is read only this far (an EXIF block is at most 64 KB; XMP rarely more).
BLOB_LIMIT = 1 << 20
# At most this many bytes are inflated from one PDF in all (a small "zip bomb" is read no further).
PDF_BUDGET = 64 << 20
# A damaged Flate stream is unpacked this many bytes at a time, so what comes before the damage is kept.
INFLATE_STEP = 64
# At most this many streams of one PDF are read, and this many EXIF or XMP blocks found in any binary file.
PDF_STREAMS = 20_000
FOUND_LIMIT = 16

# Characters kept from a UTF-16 reading: letters a name can hold (Latin, Greek and Cyrillic look-alikes, accents,
# full-width forms), spaces and punctuation, and the invisible ones a writer may put inside a name. Anything
# else (mostly CJK, from reading two bytes of something else as one character) separates words.
WIDE_NOISE = re.compile(r"[^\x20-\x7e\u00a0-\u024f\u0300-\u036f\u0370-\u052f\u1e00-\u1eff\u2000-\u206f\uff01-\uff5e"
                        r"\ufeff\u3164\u115f\u1160\uffa0]+")
BYTE_NOISE = re.compile(r"[^\x20-\x7e\u00a0-\u024f\u0300-\u036f]+")
XMP_START = re.compile(rb"<\?xpacket begin|<x:xmpmeta|<x:xapmeta|<rdf:RDF")
XMP_END = re.compile(rb"</x:xmpmeta>|</x:xapmeta>|</rdf:RDF>|<\?xpacket end[^>]*>")
TIFF_START = re.compile(rb"Exif\x00\x00|MM\x00\x2a|II\x2a\x00")


def texts(data):
    """Yield ``(text, markup)`` for every piece of text inside a binary file's structure, by its format."""
    if data[:5] == b"%PDF-":
        yield from pdf(data)
    else:
        yield from _picture_blocks(data)
    yield from embedded(data)


def picture_metadata(data):
    """Yield ``(text, markup)`` of what a JPEG, GIF or WebP carries besides its pixels, and of any bytes after it."""
    yield from _picture_blocks(data)
    end = picture_end(data)
    if end < len(data):
        yield from blob(data[end:])


def _picture_blocks(data):
    # The format's own blocks, by its first bytes (nothing for other kinds of file).
    if data[:3] == b"\xff\xd8\xff":
        yield from jpeg(data)
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        yield from gif(data)
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        yield from webp(data)


def picture_end(data):
    """Return where a JPEG, PNG, GIF or WebP picture ends (what follows is no part of it), or len(data)."""
    if data[:3] == b"\xff\xd8\xff":
        scan = data.find(b"\xff\xda")
        end = data.find(b"\xff\xd9", max(scan, 0))
        return end + 2 if scan >= 0 and end >= 0 else len(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        end = data.find(b"IEND")
        return end + 8 if end >= 0 else len(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif_end(data)
    return len(data)


def blob(data, *, markup=None):
    """Yield the readings of one block of metadata: its bytes as text (UTF-8 and Latin-1), and UTF-16 both ways."""
    data = data[:BLOB_LIMIT]
    if not data:
        return
    as_utf8 = data.decode("utf-8", "replace")
    xml = markup if markup is not None else (b"<" in data and b">" in data)
    if xml:
        yield as_utf8, True
    yield _runs(BYTE_NOISE, as_utf8), False
    if not data.isascii():
        yield _runs(BYTE_NOISE, data.decode("latin-1")), False
    if b"\x00" in data and len(data) >= 4:
        # Either byte order, from either byte: a name's zero bytes say which, and nothing says where it starts.
        for codec in ("utf-16-le", "utf-16-be"):
            for start in (0, 1):
                part = data[start:len(data) - (len(data) - start) % 2]
                yield _runs(WIDE_NOISE, part.decode(codec, "replace")), False


# Each run of text is read whole, and without its first or last character, or both: a byte of the format's
# own (a length, the "E" of EXIF's "UNICODE" read in UTF-16) can read as a letter stuck to the name.
CUTS = (slice(None), slice(1, None), slice(None, -1), slice(1, -1))


# Where a run of text that could be a name ends: anything but letters, accents, digits' absence, spaces, the
# characters a name is written with (hyphen, apostrophe, dot, underscore) and the invisible ones.
RUN_BREAK = re.compile(r"[^\w\s\-'.\u00ad\u2010\u2011\u200b-\u200f\u2060-\u2064\ufeff\u0300-\u036f]|\d")


def _runs(noise, text):
    """Return each stretch of text between noise as it is, then each run in it without its end characters."""
    chunks = [chunk for chunk in noise.split(text) if chunk.strip()]
    runs = [run.strip() for chunk in chunks for run in RUN_BREAK.split(chunk) if run.strip()]
    return "\n".join(chunks) + "\n" + "\n".join(run[cut] for run in runs for cut in CUTS[1:])


def _limited(pattern, data):
    for count, found in enumerate(pattern.finditer(data)):
        if count >= FOUND_LIMIT:
            return
        yield found


def embedded(data):
    """Yield XMP packets and EXIF blocks found anywhere in a file (AVIF and HEIF boxes, a PDF's pictures...)."""
    for found in _limited(XMP_START, data):
        end = XMP_END.search(data, found.end(), found.start() + BLOB_LIMIT)
        yield from blob(data[found.start():end.end() if end else found.start() + BLOB_LIMIT], markup=True)
    for found in _limited(TIFF_START, data):
        yield from blob(data[found.start():found.start() + (64 << 10)], markup=False)


# --- zip archives (office documents) ---

ZIP_PART = re.compile(rb"PK\x03\x04")
ZIP_PARTS = 10_000


def unlisted_zip_parts(data, listed, budget):
    """Yield (name, bytes) of each part of a zip archive whose local header is not at one of the ``listed`` offsets."""
    for count, found in enumerate(ZIP_PART.finditer(data)):
        at = found.start()
        if count >= ZIP_PARTS or budget <= 0:
            return
        if at in listed or at + 30 > len(data):
            continue
        method, size = int.from_bytes(data[at + 8:at + 10], "little"), int.from_bytes(data[at + 18:at + 22], "little")
        name_length, extra = int.from_bytes(data[at + 26:at + 28], "little"), int.from_bytes(data[at + 28:at + 30],
                                                                                              "little")
        start = at + 30 + name_length + extra
        name = data[at + 30:at + 30 + name_length].decode("cp437", "replace")
        if method == 8:
            try:
                body = zlib.decompressobj(-15).decompress(data[start:], budget)
            except zlib.error:
                continue
        elif method == 0:
            body = data[start:start + min(size or budget, budget)]
        else:
            continue
        budget -= len(body)
        yield name, body


# --- JPEG ---

XMP_EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00"
ICC_PROFILE = b"ICC_PROFILE\x00"


def scan_end(data, at):
    """Return where the coded picture data starting at ``at`` ends: at the next marker (0xFF then not 0, a restart or 0xFF)."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return len(data)
        following = data[at + 1]
        if following == 0xFF:
            at += 1  # fill byte before a marker
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            at += 2  # a coded 0xFF, or a restart marker: still the picture
        else:
            return at


def jpeg(data):
    """Yield the texts of a JPEG's application and comment segments, extended XMP and ICC profiles put together."""
    at, extended, joined = 2, {}, {}
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1  # fill byte
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        if marker == 0xD9:
            break  # the end
        length = int.from_bytes(data[at + 2:at + 4], "big")
        body = data[at + 4:at + 2 + length]
        at += 2 + length
        if marker == 0xDA:
            at = scan_end(data, at)  # a scan of the picture; a progressive one has segments between its scans
            continue
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            continue
        if body.startswith(XMP_EXTENSION) and len(body) > 75:
            # Extended XMP: one packet cut into segments, each saying where its piece goes.
            pieces = extended.setdefault(body[35:67], {})
            pieces[int.from_bytes(body[71:75], "big")] = body[75:]
            continue
        yield from blob(body)
        # A text cut over several segments of one kind (comments, an ICC profile) is read put together too.
        joined.setdefault(marker, []).append(body[14:] if body.startswith(ICC_PROFILE) else body)
    for pieces in extended.values():
        yield from blob(b"".join(pieces[offset] for offset in sorted(pieces)), markup=True)
    for bodies in joined.values():
        if len(bodies) > 1:
            yield from blob(b"".join(bodies))


# --- GIF ---


def _sub_blocks(data, at):
    """Return (the data of each sub-block starting at ``at``, and where they end)."""
    pieces = []
    while at < len(data):
        size = data[at]
        at += 1
        if size == 0:
            break
        pieces.append(data[at:at + size])
        at += size
    return pieces, at


def _colour_table(flags):
    return 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0


def _gif_end(data):
    at = 13 + (_colour_table(data[10]) if len(data) > 10 else 0)
    while at < len(data):
        kind = data[at]
        if kind == 0x3B:
            return at + 1
        if kind == 0x21 and at + 1 < len(data):
            _pieces, at = _sub_blocks(data, at + 2)
        elif kind == 0x2C and at + 10 <= len(data):
            _pixels, at = _sub_blocks(data, at + 10 + _colour_table(data[at + 9]) + 1)
        else:
            break
    return len(data)


def gif(data):
    """Yield the text of every GIF extension: comments, plain text and application data (XMP), sub-blocks joined."""
    at = 13 + (_colour_table(data[10]) if len(data) > 10 else 0)
    while at < len(data):
        kind = data[at]
        if kind == 0x21 and at + 1 < len(data):
            label = data[at + 1]
            pieces, at = _sub_blocks(data, at + 2)
            body = b"".join(pieces)
            if label == 0x01:
                body = body[12:]  # the plain text extension's grid and colours
            elif label == 0xFF:
                body = body[:11] + b"\n" + body[11:]  # the program's name and code (8 + 3 bytes), then its data
            if label != 0xF9:  # the graphic control extension holds only timing
                yield from blob(body)
        elif kind == 0x2C and at + 10 <= len(data):
            at += 10 + _colour_table(data[at + 9]) + 1  # descriptor, local colours, LZW code size
            _pixels, at = _sub_blocks(data, at)
        else:
            break  # the trailer, or a damaged file


# --- WebP ---

WEBP_PICTURE = {b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"VP8X"}


def webp(data):
    """Yield the text of a WebP's chunks other than the picture itself (EXIF, XMP, ICC profile, unknown chunks)."""
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        body = data[at + 8:at + 8 + size]
        at += 8 + size + (size & 1)
        if kind == b"ANMF":
            yield from webp(b"RIFF\0\0\0\0WEBP" + body[16:])  # a frame holds chunks of its own
        elif kind not in WEBP_PICTURE:
            yield from blob(body, markup=kind == b"XMP ")


# --- PDF ---

# A string: (literal), with escapes and one level of balanced parentheses, or <hex digits>. Each alternative
# starts with its own character, so the pattern reads any bytes in linear time.
PDF_STRING = re.compile(rb"\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)|<[0-9A-Fa-f\s]*>", re.DOTALL)
PDF_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))", re.DOTALL)
PDF_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
# Between two strings of one line of text: kerning numbers and the text operators that show them.
PDF_SAME_WORD = re.compile(rb"[\s\d.+\-\[\]]*(?:T[Jj]|'|\")?[\s\d.+\-\[\]]*")
PDF_NUMBER = re.compile(rb"[+-]?\d*\.?\d+")
# A move of this many thousandths of a letter's width, or more, between two pieces of a line reads as a space.
PDF_WORD_GAP = 150
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_unescape(match):
    octal, newline, other = match.groups()
    if octal:
        return bytes([int(octal, 8) & 0xFF])
    if newline:
        return b""  # a line continued
    return PDF_ESCAPES.get(other, other)


def _pdf_text(raw):
    """Return a PDF string's text: UTF-16 after its byte-order mark, UTF-8 after its own, else PDFDocEncoding."""
    if raw[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return raw[2:].decode("utf-16-be" if raw[0] == 0xFE else "utf-16-le", "replace")
    if raw[:3] == b"\xef\xbb\xbf":
        return raw[3:].decode("utf-8", "replace")
    return raw.decode("latin-1")


def _pdf_tokens(data):
    """Return (joiner in the tight reading, joiner in the spaced one, raw bytes, text) for each string in PDF syntax."""
    tokens, last_end = [], None
    for match in PDF_STRING.finditer(data):
        token = match.group()
        raw = _string_bytes(token)
        gap = data[last_end:match.start()] if last_end is not None else b"\n"
        same = len(gap) < 200 and PDF_SAME_WORD.fullmatch(gap)
        wide = same and b"-" in gap and any(float(n) <= -PDF_WORD_GAP for n in PDF_NUMBER.findall(gap)
                                            if n.strip(b"+-."))
        tokens.append(("" if same else "\n", ("" if not wide else " ") if same else "\n", raw, _pdf_text(raw)))
        last_end = match.end()
    return tokens


def _render(tokens, decode=None):
    """Return the tight reading, then the spaced one; ``decode`` reads the strings that are a font's numbers."""
    texts = [text if decode is None or not PDF_NUMBERED.search(raw) else decode(raw) for _t, _s, raw, text in tokens]
    return ("".join(t[0] + text for t, text in zip(tokens, texts, strict=True)) + "\n"
            + "".join(t[1] + text for t, text in zip(tokens, texts, strict=True)))


# A text object of a page (BT to ET: only there is text placed and shown), and the tokens inside it: a string, a
# number, a name, an array's brackets, or an operator.
PDF_TEXT_OBJECT = re.compile(rb"(?<![A-Za-z])BT(?![A-Za-z])(.*?)(?<![A-Za-z])ET(?![A-Za-z])", re.DOTALL)
PDF_CONTENT = re.compile(rb"(\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)|<[0-9A-Fa-f\s]*>)|([+-]?\d*\.?\d+)"
                         rb"|/[^\s/\[\]()<>]*|([\[\]])|([A-Za-z'\"*]+)", re.DOTALL)
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# A move back along its line or up the page (Td, TD), or a matrix placing text anywhere (Tm): only then can a page's
# text be placed in another order than it is written.
PDF_MOVES = re.compile(rb"([+-]?[\d.]+)\s+([+-]?[\d.]+)\s*T[dD](?![A-Za-z])|(?<![A-Za-z])Tm(?![A-Za-z])")


def _placed(data):
    """Return a page's text with its pieces in the order they are placed on each line (by height, then x), or None.

    A page places each piece of text where it likes: "(ippa) Tj -42 0 Td (Phil) Tj" draws "Philippa", which the file
    holds as "ippaPhil". None when the pieces are placed in the order they are written (nearly every page).
    """
    if not any(not tx or _back(tx, ty) for tx, ty in PDF_MOVES.findall(data)):
        return None
    pieces, leading = [], 0.0
    for block in PDF_TEXT_OBJECT.finditer(data):
        line, operands, array = list(IDENTITY), [], None
        for string, number, bracket, operator in PDF_CONTENT.findall(block.group(1)):
            if string:
                (array if array is not None else operands).append(string)
            elif number:
                operands.append(value if abs(value := float(number)) < 1e9 else 0.0)
            elif bracket == b"[":
                array = []
            elif bracket:
                operands.extend(array or [])
                array = None
            elif operator:
                leading = _operate(operator, operands, line, leading, pieces)
                operands = []
    written = "".join(text for *_place, text in pieces)
    rows = {}
    for row, _x, _order, text in sorted(pieces):
        rows.setdefault(row, []).append(text)
    placed = "\n".join("".join(texts) for texts in rows.values())
    return placed if placed.replace("\n", "") != written else None


def _back(tx, ty):
    """Return whether a move by (tx, ty) goes back along its line or up the page (not a number: read it anyway)."""
    try:
        x, y = float(tx), float(ty)
    except ValueError:
        return True
    return y > 0 or (y == 0 and x < 0)


def _operate(operator, operands, line, leading, pieces):
    """Apply one text operator to ``line`` (the line's matrix), adding any text it shows to ``pieces``; return the leading."""
    values = [n for n in operands if isinstance(n, float)]
    if operator in (b"Td", b"TD") and len(values) >= 2:
        tx, ty = values[-2:]
        a, b, c, d, e, f = line
        line[4:] = [tx * a + ty * c + e, tx * b + ty * d + f]
        return -ty if operator == b"TD" else leading
    if operator == b"Tm" and len(values) >= 6:
        line[:] = values[-6:]
    elif operator == b"TL" and values:
        return values[-1]
    elif operator in (b"T*", b"'", b'"'):
        a, b, c, d, e, f = line
        line[4:] = [-leading * c + e, -leading * d + f]
    strings = [n for n in operands if isinstance(n, bytes)]
    if operator in (b"Tj", b"TJ", b"'", b'"') and strings:
        text = "".join(_pdf_text(_string_bytes(raw)) for raw in strings)
        pieces.append((-round(line[5]), line[4], len(pieces), text))
    return leading


def _string_bytes(token):
    """Return the bytes a PDF string token (literal or hex) holds."""
    if token[:1] == b"(":
        return PDF_ESCAPE.sub(_pdf_unescape, token[1:-1]) if b"\\" in token else token[1:-1]
    digits = re.sub(rb"\s", b"", token[1:-1])
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


def pdf_strings(data):
    """Return the text of every string in PDF syntax twice: a line's kerned pieces joined, then with wide gaps as spaces.

    A word is often cut into pieces moved a little apart (kerning); a space between words is often no space
    but a wider move. The first reading joins every piece of a line, the second puts a space at each wide move.
    """
    return _render(_pdf_tokens(data))


# A font's own numbering of its letters, and the letters each number stands for (its ToUnicode map).
PDF_NUMBERED = re.compile(rb"[\x00-\x1f]")
CMAP_SECTION = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.DOTALL)
CMAP_ITEM = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[([^\]]*)\]")
# At most this many numbers are read from one map, and this many maps from one PDF.
CMAP_ENTRIES = 1 << 16
CMAPS = 32


def _hex(digits):
    digits = re.sub(rb"\s", b"", digits)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())


def _letters(raw):
    return raw.decode("utf-16-be", "replace")


def cmap(data):
    """Return a ToUnicode map's {code bytes: text}, read from its bfchar and bfrange sections (bounded)."""
    found = {}
    for kind, body in CMAP_SECTION.findall(data):
        items = CMAP_ITEM.findall(body)
        step = 2 if kind == b"bfchar" else 3
        for index in range(0, len(items) - step + 1, step):
            if len(found) >= CMAP_ENTRIES:
                return found
            group = items[index:index + step]
            if kind == b"bfchar":
                found[_hex(group[0][0])] = _letters(_hex(group[1][0]))
                continue
            low, high = _hex(group[0][0]), _hex(group[1][0])
            first, last = int.from_bytes(low or b"\0", "big"), int.from_bytes(high or b"\0", "big")
            targets = [_letters(_hex(t)) for t in re.findall(rb"<([0-9A-Fa-f\s]*)>", group[2][1])] if group[2][1] \
                else None
            start = _hex(group[2][0])
            for offset in range(min(last - first + 1, CMAP_ENTRIES - len(found))):
                try:
                    code = (first + offset).to_bytes(len(low), "big")
                    if targets is not None:
                        if offset >= len(targets):
                            break
                        found[code] = targets[offset]
                    elif start:
                        found[code] = _letters((int.from_bytes(start, "big") + offset).to_bytes(len(start), "big"))
                except OverflowError:
                    break  # a range running past the size of its codes: a damaged or hostile map
    return found


def _through(mapping):
    """Return a decoder of a string's bytes through one font's map (codes of the map's length; unknown: a space)."""
    width = max((len(code) for code in mapping), default=1) or 1

    def decode(raw):
        return "".join(mapping.get(raw[at:at + width], " ") for at in range(0, len(raw), width))

    return decode


def _pdf_decode(raw, filters, budget):
    """Return a stream's bytes with its filters undone (at most ``budget`` bytes), or None when one fails."""
    for name in filters:
        if name in (b"FlateDecode", b"Fl"):
            raw = _inflate(raw, budget)
            if raw is None:
                return None
        elif name in (b"ASCIIHexDecode", b"AHx"):
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", raw.split(b">", 1)[0])
            raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
        elif name in (b"ASCII85Decode", b"A85"):
            try:
                raw = base64.a85decode(raw.split(b"~>", 1)[0].strip().removeprefix(b"<~"),
                                       ignorechars=b" \t\n\r\x0b\x0c")
            except ValueError:
                return None
        elif name in (b"LZWDecode", b"LZW"):
            raw = _lzw(raw, budget)  # old PDFs' packing: the file in content/ (in git) keeps it
        elif name in (b"RunLengthDecode", b"RL"):
            raw = _run_length(raw, budget)
    return raw


def _inflate(raw, budget):
    """Return Flate-packed bytes unpacked as a viewer unpacks them, at most ``budget`` bytes, or None if nothing comes.

    A viewer shows what it unpacked even when the checksum at the end is wrong or the data breaks off, so a stream
    damaged on purpose (one byte of its checksum changed) is read as far as it goes, not passed by.
    """
    try:
        return zlib.decompressobj().decompress(raw, budget)
    except zlib.error:
        pass
    body, out = zlib.decompressobj(-15), bytearray()  # past the two-byte header, and never checking the sum
    for at in range(2, len(raw), INFLATE_STEP):
        try:
            out += body.decompress(raw[at:at + INFLATE_STEP], max(1, budget - len(out)))
        except zlib.error:
            break
        if body.eof or body.unconsumed_tail or len(out) >= budget:
            break
    return bytes(out[:budget]) if out else None


def _lzw(raw, budget):
    """Return LZW-packed bytes unpacked as a PDF packs them (codes of 9 to 12 bits, widening one code early)."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    out, size, bits, held, width, previous = [], 0, 0, 0, 9, None
    grow = 511  # the table's length at which codes widen by a bit
    for byte in raw:
        bits = (bits << 8 | byte) & 0xFFFFFF
        held += 8
        while held >= width:
            held -= width
            code = bits >> held & (1 << width) - 1
            if code == 256:  # start afresh
                del table[258:]
                width, grow, previous = 9, 511, None
                continue
            count = len(table)
            if code == 257 or code > count or (previous is None and code == count):
                return b"".join(out)  # the end, or a damaged stream: what was read
            entry = table[code] if code < count else previous + previous[:1]
            if previous is not None:
                table.append(previous + entry[:1])
                if count + 1 >= grow and width < 12:
                    width += 1
                    grow = (1 << width) - 1
            out.append(entry)
            size += len(entry)
            if size >= budget:
                return b"".join(out)[:budget]
            previous = entry
    return b"".join(out)


def _run_length(raw, budget):
    """Return run-length packed bytes unpacked: a count below 128 copies that many plus one, above it repeats one."""
    out, at = bytearray(), 0
    while at < len(raw) and raw[at] != 128 and len(out) < budget:
        count = raw[at]
        out += raw[at + 1:at + 2 + count] if count < 128 else raw[at + 1:at + 2] * (257 - count)
        at += 2 + count if count < 128 else 2
    return bytes(out[:budget])


def pdf(data):
    """Yield a PDF's strings (outside and inside its streams, object streams included) and its XMP metadata.

    Each stream's dictionary is read as PDF syntax (pdf_objects.py): only its own /Subtype /Image, or a font
    program's /Length1 to /Length3, makes it no text; a string or a nested dictionary saying so is passed by.
    A stream ends where its /Length says, so "endstream" among its packed bytes hides nothing after it.
    """
    shown, maps = [], []
    found, outside = pdf_objects.streams(data, PDF_STREAMS)
    for dictionary, raw, decoded in _pdf_unpacked(data, found, [PDF_BUDGET]):
        if decoded is None:
            yield from jpeg(raw)  # a photo: its own EXIF and XMP
            continue
        if _pdf_metadata(dictionary) or b"<x:xmpmeta" in decoded[:4096]:
            yield from blob(decoded, markup=True)
        if b"begincmap" in decoded and len(maps) < CMAPS and (mapping := cmap(decoded)):
            maps.append(mapping)
        if not _pdf_not_text(dictionary):
            # Read as text whatever else it is: a drawing saying "begincmap" in a comment is still drawn.
            tokens = _pdf_tokens(decoded)
            shown.extend(tokens)
            yield _render(tokens), False  # page text, object streams (an Info dictionary compressed)
            placed = _placed(decoded)
            if placed:
                yield placed, False
    # Page text in a font that numbers its letters its own way (its strings read as control characters),
    # read through each font's map in turn.
    if maps and any(PDF_NUMBERED.search(raw) for _t, _s, raw, _text in shown):
        for mapping in maps:
            yield _render(shown, _through(mapping)), False
    rest = b"\n".join(data[start:end] for start, end in outside)
    yield pdf_strings(rest), False
    # Names are text too: /Author /Philippa#20Marchbanks.
    yield BYTE_NOISE.sub(" ", PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), rest).decode("latin-1")), False


def _pdf_unpacked(data, found, budget):
    """Yield (dictionary, raw bytes, unpacked bytes or None for a photo) of each stream read, within ``budget``.

    ``budget`` is a one-item list, left holding what was not spent. A picture's pixels and a font program are not
    unpacked (they are drawn, not read), so they spend none of it.
    """
    for stream in found:
        dictionary = stream.dictionary
        if _pdf_not_text(dictionary) and not _pdf_metadata(dictionary) and not _pdf_photo(dictionary):
            continue
        # Where its /Length does not settle its end, each end a viewer might take is read.
        for raw, filters in ((data[stream.start:end], f) for end in stream.ends for f in _pdf_filters(dictionary)):
            if budget[0] <= 0:
                return
            if b"DCTDecode" in filters or b"DCT" in filters:
                yield dictionary, raw, None
                continue
            decoded = _pdf_decode(raw, filters, budget[0])
            if decoded is None:
                continue
            budget[0] -= len(decoded)
            yield dictionary, raw, decoded


def _pdf_photo(dictionary):
    return any(b"DCTDecode" in chain or b"DCT" in chain for chain in _pdf_filters(dictionary))


# Why the real-name check would not read all of a PDF, as pdf_unread says it.
UNSETTLED, TOO_MANY, TOO_LARGE = "unsettled", "too many parts", "too large"


def pdf_unread(data):
    """Return why the real-name check would not read all of a PDF (UNSETTLED, TOO_MANY or TOO_LARGE), or None.

    UNSETTLED: a stream's /Length does not say where it ends; TOO_MANY: more streams than it reads (PDF_STREAMS);
    TOO_LARGE: its text unpacks to more than it reads (PDF_BUDGET).
    """
    found, _outside = pdf_objects.streams(data, PDF_STREAMS + 1)
    if len(found) > PDF_STREAMS:
        return TOO_MANY
    if not all(stream.settled for stream in found):
        return UNSETTLED
    left = [PDF_BUDGET]
    for _each in _pdf_unpacked(data, found, left):
        pass
    return TOO_LARGE if left[0] <= 0 else None


# Every packing the reader undoes, by its name in a stream's /Filter.
PDF_FILTERS = {"FlateDecode", "Fl", "ASCIIHexDecode", "AHx", "ASCII85Decode", "A85", "LZWDecode", "LZW",
               "RunLengthDecode", "RL", "DCTDecode", "DCT"}


def _pdf_filters(dictionary):
    """Return each way to unpack a stream: one per /Filter it has, or as it is and as Flate when that is not known."""
    if dictionary is None:
        return [[], [b"FlateDecode"]]  # no dictionary could be read: both ways
    values = dictionary.get("Filter")
    if not values:
        return [[]]
    chains = []
    for value in values:
        names = value if isinstance(value, list) else [value]
        if not all(isinstance(name, pdf_objects.Name) for name in names):
            chains.extend([[], [b"FlateDecode"]])  # an indirect or damaged /Filter: both ways
            continue
        chains.append([name.encode("latin-1") for name in names if name in PDF_FILTERS])
    return list({tuple(chain): chain for chain in chains}.values())


def _pdf_names(dictionary, key):
    """Return the set of the names ``key`` has in a stream's own dictionary (written twice, both)."""
    if dictionary is None:
        return set()
    return {str(value) for value in dictionary.get(key, []) if isinstance(value, pdf_objects.Name)}


def _pdf_metadata(dictionary):
    return "Metadata" in _pdf_names(dictionary, "Type") or "XML" in _pdf_names(dictionary, "Subtype")


def _pdf_not_text(dictionary):
    """Return whether a stream's own dictionary says it is a picture or a font program, and nothing else."""
    if dictionary is None:
        return False
    subtypes = dictionary.get("Subtype", [])
    picture = bool(subtypes) and all(isinstance(value, pdf_objects.Name) and value == "Image"
                                           for value in subtypes)
    font = any(key in dictionary for key in ("Length1", "Length2", "Length3", "FontFile", "FontFile2", "FontFile3"))
    return picture or font


# --- drawings ---

SVG_TEXT = ("{http://www.w3.org/2000/svg}text", "text")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# A letter without a position of its own is drawn just after the one before it.
_NEXT = 1e-6


def svg_drawn(text):
    """Return a drawing's text as it is drawn, and backwards: each <text>'s letters in the order of their x.

    A drawing places each piece of text (and each letter, with a list of x) where it likes, and draws a line right to
    left with direction="rtl": "<tspan x="42">ippa</tspan><tspan x="0">Phil</tspan>" shows "Philippa".
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    lines, rows = [], {}
    for element in root.iter(*SVG_TEXT):
        letters = []
        try:
            _place(element, letters, [0.0])
        except RecursionError:
            pass  # pieces nested past any drawing's need: what was placed is read
        lines.append("".join(char for _x, _order, char in sorted(letters)))
        # Separate texts side by side on one line are one line to a reader, whatever their order in the file: each is
        # placed by its x and y, moved by its own and its groups' transforms (as design programs place text).
        dx, dy = _moved(element)
        row = rows.setdefault(round((_positions(element, "y")[:1] or [0.0])[0] + dy), [])
        row.extend((x + dx, len(row), char) for x, _order, char in sorted(letters))
    drawn = " ".join(lines)
    placed = " ".join("".join(char for _x, _order, char in sorted(row)) for _y, row in sorted(rows.items()))
    readings = [drawn, drawn[::-1], placed, placed[::-1]] if drawn.strip() else []
    return list(dict.fromkeys(readings))


def _positions(node, axis="x"):
    found = []
    for number in _NUMBER.findall(node.get(axis) or ""):
        value = float(number)
        found.append(value if abs(value) < 1e12 else 0.0)  # not inf, nan or a number too big to add to
    return found


_TRANSFORM = re.compile(r"(translate|matrix)\s*\(([^)]*)\)")


def _moved(node):
    """Return how far the translations in ``node``'s and its groups' transforms move it, as (x, y)."""
    dx = dy = 0.0
    for each in (node, *node.iterancestors()):
        for kind, arguments in _TRANSFORM.findall(each.get("transform") or "" if isinstance(each.tag, str) else ""):
            numbers = [float(n) if abs(float(n)) < 1e12 else 0.0 for n in _NUMBER.findall(arguments)]
            x, y = ((numbers[4:6] if kind == "matrix" else numbers[:2]) + [0.0, 0.0])[:2]
            dx, dy = dx + x, dy + y
    return dx, dy


def _place(node, letters, cursor):
    """Add (x, order, letter) for each letter of ``node`` and its pieces; ``cursor`` holds the last x used."""
    xs = _positions(node) if isinstance(node.tag, str) else []
    for index, char in enumerate(node.text or "" if isinstance(node.tag, str) else ""):
        cursor[0] = xs[index] if index < len(xs) else cursor[0] + _NEXT
        letters.append((cursor[0], len(letters), char))
    for child in node:
        _place(child, letters, cursor)
        for char in child.tail or "":
            cursor[0] += _NEXT
            letters.append((cursor[0], len(letters), char))
