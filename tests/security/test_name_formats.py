"""A real name inside a published file's own structure is found, however the format cuts or encodes it.

Every kind of file the site publishes from content/ (pictures, drawings, PDFs, office documents) can carry
text besides what it shows: EXIF, XMP, comments, properties, compressed streams. Each row hides the name
the way a careless tool or a hostile contributor could (split over a format's blocks, in UTF-16 either
way round, compressed, kerned, as entities) and the output check must still find it.
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from coproduction import privacy
from file_samples import office, opendocument, pdf
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image
from test_names import A, post, private_file  # noqa: F401 - private_file is a fixture

NAME = "Philippa Marchbanks-Oduya"
HIDDEN = privacy.HiddenName("a-carer", "A carer", privacy.name_forms(NAME, slugs=["philippa-marchbanks-oduya"]))
MATCHER = privacy.Matcher([HIDDEN])


def found(name, data):
    """Return whether the output check finds the name in a file called ``name`` holding ``data``."""
    return any(MATCHER.find(text) for text in privacy.file_texts(name, data))


def picture(fmt, **save):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 94, 184)).save(out, format=fmt, **save)
    return out.getvalue()


def xmp(creator):
    return ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
            '"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{creator}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>").encode()


# --- GIF ---


def sub_blocks(data, cuts):
    """Return ``data`` as GIF sub-blocks cut at ``cuts``, then the terminator."""
    pieces, start = [], 0
    for cut in [*sorted(set(cuts)), len(data)]:
        piece = data[start:cut]
        while piece:
            pieces.append(bytes([len(piece[:255])]) + piece[:255])
            piece = piece[255:]
        start = cut
    return b"".join(pieces) + b"\x00"


def gif_with(extension):
    """Return a real GIF with ``extension`` (label and sub-blocks) before its picture."""
    data = picture("GIF")
    flags = data[10]
    start = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    return data[:start] + extension + data[start:]


def gif_comment(text, cuts=()):
    return gif_with(b"\x21\xfe" + sub_blocks(text.encode("latin-1"), cuts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, len(NAME) - 1), max_size=6), st.sampled_from([b"\x21\xfe", b"\x21\xff", b"\x21\x01"]))
@example([4], b"\x21\xfe")
@example([0x69 - 1], b"\x21\xfe")
def test_a_name_cut_over_a_gifs_sub_blocks_is_found(cuts, label):
    head = {b"\x21\xfe": b"", b"\x21\xff": b"XMP DataXMP", b"\x21\x01": bytes(12)}[label]
    # The size bytes between the pieces are letters or controls: the raw bytes never show the name.
    # An application extension's name and code are a sub-block of their own.
    data = gif_with(label + sub_blocks(head + NAME.encode(), [len(head) + c for c in cuts] + [len(head)] * (
        label == b"\x21\xff")))
    assert found("wave.gif", data)


def test_a_gif_s_xmp_with_entities_is_found_and_a_clean_gif_is_not():
    assert found("wave.gif", gif_with(b"\x21\xff" + sub_blocks(b"XMP DataXMP" + xmp("Phil&#x69;ppa Marchbanks-Oduya"),
                                                                [11, 40])))
    assert not found("wave.gif", picture("GIF"))
    assert not found("wave.gif", gif_comment("A wave on the beach at Crosby"))
    list(privacy.file_texts("broken.gif", b"GIF89a\x01\x00\x01\x00\xff" + b"\x21\xfe\xff" + b"Phil"))  # no error


# --- UTF-16, either way round, anywhere a program writes it ---


def jpeg_with(*segments):
    """Return a real JPEG with extra (marker, body) segments after its start."""
    data = picture("JPEG")
    extra = b"".join(b"\xff" + bytes([marker]) + struct.pack(">H", len(body) + 2) + body for marker, body in segments)
    return data[:2] + extra + data[2:]


def tiff_user_comment(text, order):
    """Return an EXIF block (Motorola or Intel order) whose UserComment is ``text`` in UTF-16 that order."""
    big = order == "MM"
    pack = ">" if big else "<"
    value = b"UNICODE\x00" + text.encode("utf-16-be" if big else "utf-16-le")
    ifd = struct.pack(pack + "H", 1) + struct.pack(pack + "HHII", 0x9286, 7, len(value), 26) + struct.pack(pack + "I", 0)
    return b"Exif\x00\x00" + order.encode() + struct.pack(pack + "HI", 42, 8) + ifd + value


@pytest.mark.parametrize("order", ["MM", "II"])
@pytest.mark.parametrize("spelling", [NAME, "Phil\u200bippa Marchbanks-Oduya", "Philippа Marchbanks-Oduya",
                                      "PHILIPPA MARCHBANKS\u2011ODUYA", "Philippa Marchbanks-Óduya"])
def test_a_utf16_user_comment_in_either_byte_order_is_found(order, spelling):
    assert found("photo.jpg", jpeg_with((0xE1, tiff_user_comment(spelling, order))))


# Bytes a format puts beside a string: lengths (some read as a letter: 0x41 is "A"), byte-order marks, padding.
BESIDE = [b"", b"\x00", b"\xff", b"\x00\xff", b"\xfe\xff", b"\xff\xfe", b"\x00\x00\x00\x1a", b"\x00\x00\x00\x41",
          b"\x41\x00\x00\x00", b"\x00\x00", b"\x01", b"\x19\x00", b"\x00\x7a", b"\xe9\x00", b"\x00\xe9\x00"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(BESIDE), st.sampled_from(BESIDE), st.sampled_from(["utf-16-le", "utf-16-be"]),
       st.sampled_from([b"Photoshop 3.0\x00", b"Exif\x00\x00MM\x00*", b"UNICODE\x00", b""]))
def test_a_utf16_name_beside_any_bytes_of_a_block_is_found(before, after, codec, head):
    segment = head + before + NAME.encode(codec) + after
    assert found("photo.jpg", jpeg_with((0xED, segment)))
    # The same bytes in a file of no known kind: its runs of UTF-16, each also read without an end character.
    assert found("unknown.bin", b"\x01\x02\x03" + before + NAME.encode(codec) + after + b"\x04\xfe")


def test_a_clean_photo_with_windows_properties_is_not_flagged():
    exif = Image.Exif()
    exif[0x9C9D] = "A carer\0".encode("utf-16-le")
    exif[0x9C9F] = "Philippa's garden in June\0".encode("utf-16-le")  # a first name alone is not the name
    assert not found("photo.jpg", picture("JPEG", exif=exif.tobytes()))


# --- JPEG, WebP and AVIF metadata ---


def extended_xmp(packet, cut):
    guid = b"0123456789ABCDEF0123456789ABCDEF"
    head = b"http://ns.adobe.com/xmp/extension/\x00" + guid + struct.pack(">I", len(packet))
    return [(0xE1, head + struct.pack(">I", 0) + packet[:cut]), (0xE1, head + struct.pack(">I", cut) + packet[cut:])]


JPEG_ROWS = [
    ("xmp with entities", lambda: jpeg_with((0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp(
        "&#80;hilippa Marchbanks&#x2d;Oduya")))),
    ("xmp with a character reference inside a word", lambda: jpeg_with((0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp(
        "Phil&#105;ppa Marchbanks-Oduya")))),
    ("extended xmp cut inside the name", lambda: jpeg_with(*extended_xmp(xmp(NAME), xmp(NAME).index(b"ippa")))),
    ("comment cut over two segments", lambda: jpeg_with((0xFE, b"Photo: Phil"), (0xFE, b"ippa Marchbanks-Oduya"))),
    ("comment whose length bytes read as a letter", lambda: jpeg_with((0xFE, NAME.encode() + b" " * 38))),
    ("latin-1 comment with an accent", lambda: jpeg_with((0xFE, "Philippa Marchbanks-Óduya".encode("latin-1")))),
    ("IPTC by-line", lambda: jpeg_with((0xED, b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x20\x1c\x02P\x00"
                                               b"\x19" + NAME.encode()))),
    ("XPAuthor", lambda: picture("JPEG", exif=_xp_author())),
    ("utf-16 comment between a progressive picture's scans", lambda: _between_scans(
        "Phil\u200bippa Marchbanks-Oduya".encode("utf-16-le"))),
    ("after the picture's end", lambda: picture("JPEG") + jpeg_with((0xE1, tiff_user_comment(NAME, "MM")))[2:]),
]


def _between_scans(body):
    data = picture("JPEG", progressive=True)
    second = data.index(b"\xff\xda", data.index(b"\xff\xda") + 2)
    return data[:second] + b"\xff\xfe" + (len(body) + 2).to_bytes(2, "big") + body + data[second:]


def _xp_author(text=NAME):
    exif = Image.Exif()
    exif[0x9C9D] = (text + "\0").encode("utf-16-le")
    return exif.tobytes()


@pytest.mark.parametrize("make", [row[1] for row in JPEG_ROWS], ids=[row[0] for row in JPEG_ROWS])
def test_a_name_in_a_jpegs_metadata_is_found(make):
    assert found("photo.jpg", make())
    assert found("photo.jpg.gz", __import__("gzip").compress(make()))


@pytest.mark.parametrize("fmt", ["WEBP", "AVIF", "PNG"])
@pytest.mark.parametrize("where", ["exif", "xmp"])
def test_a_name_in_webp_avif_or_png_metadata_is_found(fmt, where):
    if where == "exif":
        data = picture(fmt, exif=_xp_author("Phil\u00adippa Marchbanks-Oduya"))
    elif fmt == "PNG":
        from PIL import PngImagePlugin

        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp("Phil&#x69;ppa Marchbanks&#45;Oduya").decode(), zip=True)
        data = picture(fmt, pnginfo=info)
    else:
        data = picture(fmt, xmp=xmp("Phil&#x69;ppa Marchbanks&#45;Oduya"))
    assert found(f"photo.{fmt.lower()}", data)
    assert not found(f"photo.{fmt.lower()}", picture(fmt, exif=_xp_author("A carer")))


def test_a_truncated_or_hostile_picture_is_searched_without_error():
    for data in [b"\xff\xd8\xff\xe1\xff\xff" + b"Exif", b"\xff\xd8\xff", b"RIFF\x00\x00\x00\x00WEBPEXIF\xff\xff\xff\xff",
                 b"RIFF\x00\x00\x00\x00WEBPANMF\x04\x00\x00\x00abcd", b"GIF89a" + b"\x21" * 100]:
        list(privacy.file_texts("x.bin", data))


# --- PDF: strings, compressed streams, object streams, pictures inside ---


def pdf_with(*objects):
    """Return a PDF with ``objects`` (bytes, each a whole 'N 0 obj ... endobj') added after the sample's."""
    return pdf() + b"".join(objects)


def stream(number, body, filters=b"/FlateDecode", extra=b""):
    packed = zlib.compress(body) if filters == b"/FlateDecode" else body
    return (b"%d 0 obj\n<< /Length %d /Filter %s %s>>\nstream\n" % (number, len(packed), filters, extra) + packed
            + b"\nendstream\nendobj\n")


def utf16_hex(text):
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def octal(text):
    return b"(" + b"".join(b"\\%03o" % byte for byte in b"\xfe\xff" + text.encode("utf-16-be")) + b")"


PDF_ROWS = [
    ("info in an object stream", lambda: pdf_with(stream(4, b"5 0 << /Author (Philippa Marchbanks-Oduya) >>",
                                                         extra=b"/Type /ObjStm /N 1 /First 4 "))),
    ("utf-16 info in an object stream", lambda: pdf_with(stream(4, b"<< /Author " + utf16_hex(NAME) + b" >>",
                                                                extra=b"/Type /ObjStm "))),
    ("kerned page text", lambda: pdf_with(stream(4, b"BT /F1 12 Tf [(Phil) -20 (ip) 15.5 (pa Marchbanks-) -3 "
                                                    b"(Oduya)] TJ ET"))),
    ("page text shown piece by piece", lambda: pdf_with(stream(4, b"BT (Philip) Tj (pa) Tj ( Marchbanks-Oduya) Tj ET"))),
    ("wide gaps between words", lambda: pdf_with(stream(4, b"BT [(by) -333 (Philippa) -333 (Marchbanks-Oduya) -333 "
                                                          b"(today)] TJ ET"))),
    ("page text over two lines", lambda: pdf_with(stream(4, b"BT (Philippa) Tj 0 -14 Td (Marchbanks-Oduya) Tj ET"))),
    ("page text spelt out letter by letter", lambda: pdf_with(stream(4, b"BT (P h i l i p p a  M a r c h b a n k s - "
                                                                        b"O d u y a) Tj ET"))),
    ("octal escapes in UTF-16", lambda: pdf().replace(b"trailer\n<<", b"trailer\n<< /Info << /Author " + octal(NAME)
                                                      + b" >>", 1)),
    ("escaped parentheses", lambda: pdf_with(b"4 0 obj\n(\\(Philippa\\) Marchbanks-Oduya)\nendobj\n")),
    ("utf-16 hex with a zero-width space", lambda: pdf_with(b"4 0 obj\n" + utf16_hex("Phil\u200bippa Marchbanks-Oduya")
                                                            + b"\nendobj\n")),
    ("a name object", lambda: pdf_with(b"4 0 obj\n<< /Author /Philippa#20Marchbanks-Oduya >>\nendobj\n")),
    ("compressed xmp with entities", lambda: pdf_with(stream(4, xmp("Phil&#105;ppa Marchbanks-Oduya"),
                                                             extra=b"/Type /Metadata /Subtype /XML "))),
    ("ascii85 then flate", lambda: pdf_with(stream(4, __import__("base64").a85encode(zlib.compress(
        b"BT (Philippa Marchbanks-Oduya) Tj ET"), adobe=True), b"[/ASCII85Decode /FlateDecode]"))),
    ("hex-encoded stream", lambda: pdf_with(stream(4, b"BT (Philippa Marchbanks-Oduya) Tj ET".hex().encode() + b">",
                                                   b"/ASCIIHexDecode"))),
    ("a photo inside with EXIF", lambda: pdf_with(stream(4, picture("JPEG", exif=_xp_author()), b"/DCTDecode",
                                                         b"/Subtype /Image "))),
]


@pytest.mark.parametrize("make", [row[1] for row in PDF_ROWS], ids=[row[0] for row in PDF_ROWS])
def test_a_name_anywhere_in_a_pdf_is_found(make):
    data = make()
    assert NAME.encode() not in data or b"ObjStm" not in data or b"Flate" not in data
    assert found("report.pdf", data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, len(NAME) - 1), max_size=5), st.lists(st.sampled_from(["lit", "hex", "utf16"]),
                                                                      min_size=6, max_size=6),
       st.lists(st.integers(-300, 300), min_size=6, max_size=6), st.booleans())
def test_a_name_kerned_into_any_pieces_of_a_compressed_page_is_found(cuts, kinds, kerning, array):
    pieces, start = [], 0
    for cut in [*sorted(set(cuts)), len(NAME)]:
        pieces.append(NAME[start:cut])
        start = cut
    shown = []
    for piece, kind in zip(pieces, kinds, strict=False):
        if kind == "lit":
            shown.append(b"(" + piece.replace("(", "\\(").encode("latin-1") + b")")
        elif kind == "hex":
            shown.append(b"<" + piece.encode("latin-1").hex().encode() + b">")
        else:
            shown.append(utf16_hex(piece))
    if array:
        body = b"BT [" + b"".join(s + b" %d " % k for s, k in zip(shown, kerning, strict=False)) + b"] TJ ET"
    else:
        body = b"BT " + b" ".join(s + b" Tj" for s in shown) + b" ET"
    assert found("report.pdf", pdf_with(stream(4, body)))


def font_map(letters, *, ranges=False, width=2):
    """Return a ToUnicode map numbering ``letters`` 1, 2, 3... in a font's own order, as bfchar or bfrange lines."""
    lines = []
    for number, letter in enumerate(letters, start=1):
        code = number.to_bytes(width, "big").hex().upper()
        target = letter.encode("utf-16-be").hex().upper()
        lines.append(f"<{code}> <{code}> <{target}>" if ranges else f"<{code}> <{target}>")
    kind = "bfrange" if ranges else "bfchar"
    return ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
            f"endcodespacerange {len(lines)} begin{kind}\n" + "\n".join(lines) + f"\nend{kind} endcmap end end").encode()


def in_font(text, letters, width=2):
    return b"<" + b"".join((letters.index(c) + 1).to_bytes(width, "big") for c in text).hex().encode() + b">"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(sorted(set(NAME + "bytoday"))), st.booleans(), st.integers(1, len(NAME) - 1),
       st.sampled_from([1, 2]))
def test_page_text_in_a_font_numbering_its_letters_its_own_way_is_read_through_its_map(letters, ranges, cut, width):
    letters = "".join(letters)
    other = font_map("abc", width=width)  # another font's map, tried too
    page = (b"BT /F1 12 Tf [" + in_font("by ", letters, width) + b" -250 " + in_font(NAME[:cut], letters, width)
            + b" -12 " + in_font(NAME[cut:], letters, width) + b"] TJ ET")
    data = pdf_with(stream(4, other), stream(5, font_map(letters, ranges=ranges, width=width)), stream(6, page))
    assert NAME.encode() not in zlib.decompress(zlib.compress(data))
    assert found("report.pdf", data)
    assert not found("report.pdf", pdf_with(stream(5, font_map(letters, ranges=ranges, width=width)), stream(
        6, page.replace(in_font(NAME[cut:], letters, width), in_font("today", letters, width)))))


def test_a_font_map_array_range_and_a_hostile_map_are_read_without_error():
    letters = "".join(sorted(set(NAME)))
    arrays = "".join(f"<{letter.encode('utf-16-be').hex()}>" for letter in letters)
    mapping = f"begincmap 1 beginbfrange\n<0001> <{len(letters):04X}> [{arrays}]\nendbfrange endcmap".encode()
    page = b"BT [" + in_font(NAME, letters) + b"] TJ ET"
    assert found("report.pdf", pdf_with(stream(4, mapping), stream(5, page)))
    huge = b"begincmap 1 beginbfrange\n<0000> <FFFFFFFF> <0041>\nendbfrange\nbeginbfchar <01> <>\nendbfchar endcmap"
    list(privacy.file_texts("report.pdf", pdf_with(stream(4, huge), stream(5, page))))


def test_a_clean_or_hostile_pdf_is_read_without_error_or_finding():
    assert not found("report.pdf", pdf_with(stream(4, b"BT [(Philippa) -20 (s garden)] TJ ET")))
    bomb = zlib.compress(b"\x00" * (80 << 20))
    list(privacy.file_texts("bomb.pdf", pdf_with(stream(4, bomb, b"/FlateDecode"))))
    list(privacy.file_texts("broken.pdf", b"%PDF-1.7\n" + b"(" * 10_000 + b"stream\n" + b"\x78\x9c" * 100))
    list(privacy.file_texts("broken.pdf", b"%PDF-1.7\n<FEF" + b"(\\" + b"\\376\\37"))


# --- drawings, pages and office documents ---


@pytest.mark.parametrize("body", [
    "<text>&#x50;hilippa Marchbanks-Oduya</text>",
    "<text><tspan x='10'>Phil</tspan>\n    <tspan x='31'>ippa</tspan> Marchbanks-Oduya</text>",
    "<text><![CDATA[Phil]]>ippa Marchbanks<![CDATA[-Oduya]]></text>",
    "<text>Phil&#173;ippa Marchbanks&#8209;Oduya</text>",
    "<title>Marchbanks-Oduya, Philippa</title>",
    "<metadata>" + xmp("Philippa Marchbanks-Oduya").decode() + "</metadata>",
])
def test_a_name_in_a_drawing_is_found(body):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{body}</svg>'.encode()
    assert found("chart.svg", svg)


@pytest.mark.parametrize("html", [
    "<p>Phil&shy;ippa Marchbanks-Oduya</p>", "<p>Phil&#8203;ippa Marchbanks-Oduya</p>",
    "<p>Phil<wbr>ippa Marchbanks-Oduya</p>", "<p>Phil&ZeroWidthSpace;ippa Marchbanks&#x2011;Oduya</p>",
    "<p>&#x50;hilipp&#97; Marchbanks-Oduya</p>", "<p>Phil\u2060ippa Marchbanks\u00adOduya</p>",
    '<img alt="Philippa Marchbanks-Oduya" src="x.png">', "<p>Philippa <em>March</em>banks-Oduya</p>",
])
def test_a_name_in_a_page_hidden_by_entities_or_invisible_characters_is_found(html):
    assert found("index.html", html.encode())


def _docx_body(xml):
    body = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            f"{xml}</w:p></w:body></w:document>")
    return office("docx", extra_parts=[("word/footnotes.xml", body.encode())])


def encrypted_first(document):
    """Return ``document`` with its first part marked encrypted (in its own header and in the archive's list)."""
    first = document.index(b"PK\x03\x04")
    listed = document.index(b"PK\x01\x02")
    data = bytearray(document)
    data[first + 6] |= 1
    data[listed + 8] |= 1
    return bytes(data)


def hidden_part(document, name, body):
    """Return ``document`` with a deflated part before its own that the archive's list leaves out."""
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packed.compress(body) + packed.flush()
    header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, zlib.crc32(body), len(packed), len(body),
                         len(name), 0)
    return header + name + packed + document


CORE = (b'<cp:coreProperties xmlns:cp="x"><dc:creator xmlns:dc="y">Philippa Marchbanks-Oduya</dc:creator>'
        b"</cp:coreProperties>")

OFFICE_ROWS = [
    ("docx with an encrypted part before its properties", lambda: encrypted_first(office("docx", extra_parts=[
        ("docProps/core.xml", CORE)]))),
    ("docx with a part its list leaves out", lambda: hidden_part(office("docx"), b"docProps/custom.xml", CORE)),
    ("docx runs", lambda: _docx_body("<w:r><w:t>Phil</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>ippa</w:t></w:r>"
                                     "<w:r><w:t xml:space='preserve'> Marchbanks-Oduya</w:t></w:r>")),
    ("docx last saved by", lambda: office("docx", extra_parts=[("docProps/core.xml", (
        b'<cp:coreProperties xmlns:cp="x"><cp:lastModifiedBy>Philipp&#97; Marchbanks-Oduya</cp:lastModifiedBy>'
        b"</cp:coreProperties>"))])),
    ("docx part in UTF-16", lambda: office("docx", extra_parts=[("docProps/app.xml", (
        '\ufeff<?xml version="1.0" encoding="UTF-16"?><Properties><Company>&#80;hilippa Marchbanks-Oduya</Company>'
        "</Properties>").encode("utf-16-le"))])),
    ("docx photo with EXIF", lambda: office("docx", extra_parts=[("word/media/image1.jpeg",
                                                                   picture("JPEG", exif=_xp_author()))])),
    ("xlsx shared strings", lambda: office("xlsx", extra_parts=[("xl/sharedStrings.xml", (
        b'<sst xmlns="x"><si><r><t>Phil</t></r><r><t>ippa Marchbanks-Oduya</t></r></si></sst>'))])),
    ("odt creator", lambda: opendocument("odt", extra_parts=[("meta.xml", (
        b"<office:document-meta><office:meta><dc:creator>Marchbanks-Oduya, Philippa</dc:creator></office:meta>"
        b"</office:document-meta>"))])),
]


@pytest.mark.parametrize("make", [row[1] for row in OFFICE_ROWS], ids=[row[0] for row in OFFICE_ROWS])
def test_a_name_in_an_office_document_is_found(make):
    assert found("minutes.docx", make())


# --- the build: each kind of file stops it at the file that carries the name ---

# A picture's details are left out of the copy the site publishes: the check names the file in git first.
DETAILS = "the picture's details hold the real name of the anonymous author \"A carer\""
# So are a document's and a drawing's properties (file_vetting.clean): the check reads the whole file in git.
HOLDS = "the file holds the real name of the anonymous author \"A carer\""
BUILD_ROWS = [
    ("gif comment cut over sub-blocks", "images/wave.gif", DETAILS, lambda: gif_comment(NAME, [4, 12])),
    ("pdf info in an object stream", "documents/report.pdf", HOLDS, PDF_ROWS[0][1]),
    ("jpeg xmp with entities", "images/photo.jpg", DETAILS, JPEG_ROWS[0][1]),
    ("svg pieces side by side", "images/chart.svg", HOLDS, lambda: (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text><tspan x="1">Phil</tspan>\n'
        b'<tspan x="3">ippa</tspan> Marchbanks-Oduya</text></svg>')),
]


@pytest.mark.usefixtures("private_file")
@pytest.mark.parametrize(("rel", "words", "make"), [row[1:] for row in BUILD_ROWS], ids=[row[0] for row in BUILD_ROWS])
def test_a_name_inside_a_published_file_stops_the_build_at_that_file(build_site, rel, words, make):
    site = build_site({A: post(), rel: make()})
    assert site.status == 1, site.messages
    assert f"content/{rel}: error: {words.format(rel=rel)}" in site.messages, site.messages
    assert "hint: " in site.messages and "Traceback" not in site.messages
    assert MATCHER.find(site.messages) is None and not site.output.exists()
    # The hint says once what to do with this file (clean it and put it back), not also "remove it".
    (hint,) = [line for line in site.messages.splitlines()
               if line.strip().startswith("hint: ") and ("picture's details" in line or "properties" in line)]
    assert hint.count("in git") == 1 and "remove it" not in hint, hint
    assert "in place of this one" in hint, hint


def test_a_clean_ledger_counts_only_for_the_same_readers_of_every_format():
    import inspect

    from coproduction import clean_ledger, output_scan

    searched = {module.__file__ for module in vars(privacy).values()
                if inspect.ismodule(module) and module.__name__.startswith("coproduction.")}
    assert searched and searched <= set(output_scan.SEARCH_SOURCES) | {privacy.__file__}
    assert output_scan.SEARCH_VERSION == clean_ledger.search_version(*output_scan.SEARCH_SOURCES)


# --- no file, however damaged, makes the check fail with a traceback ---

SEEDS = [picture("JPEG", exif=_xp_author()), picture("PNG"), picture("GIF"), picture("WEBP", exif=_xp_author()),
         gif_comment(NAME, [3]), PDF_ROWS[1][1](), PDF_ROWS[2][1](), JPEG_ROWS[2][1](),
         pdf_with(stream(4, font_map("abc")), stream(5, b"BT [<000100020003>] TJ ET")),
         hidden_part(office("docx"), b"x.xml", b"<x>y</x>")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 1 << 16), st.binary(min_size=0, max_size=4)),
                                        max_size=6), st.integers(0, 1 << 16))
def test_a_damaged_file_of_any_kind_is_searched_without_error(seed, changes, cut):
    data = bytearray(seed)
    for at, new in changes:
        at %= len(data) + 1
        data[at:at + len(new)] = new
    data = bytes(data[:max(cut, 8)])
    for name in ("x.jpg", "x.pdf", "x.docx", "x.gif"):
        for text in privacy.file_texts(name, data):
            MATCHER.find(text)


def test_an_archive_part_without_a_name_is_skipped_and_the_rest_still_read():
    document = office("docx", extra_parts=[("docProps/core.xml", CORE)])
    listed = document.index(b"PK\x01\x02")
    length = int.from_bytes(document[listed + 28:listed + 30], "little")
    # The first part's name in the archive's list becomes empty (zipfile then fails on it as a folder test).
    broken = bytearray(document[:listed + 28] + b"\x00\x00" + document[listed + 30:listed + 46]
                       + document[listed + 46 + length:])
    end = broken.rindex(b"PK\x05\x06")
    size = int.from_bytes(broken[end + 12:end + 16], "little") - length
    broken[end + 12:end + 16] = size.to_bytes(4, "little")
    import zipfile

    assert zipfile.ZipFile(io.BytesIO(bytes(broken))).infolist()[0].filename == ""
    assert found("minutes.docx", bytes(broken))
