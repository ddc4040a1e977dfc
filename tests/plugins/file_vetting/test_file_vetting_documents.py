"""A published PDF is rebuilt without its makers' notes, and keeps its pages, text, tags, language and bookmarks."""

from __future__ import annotations

import base64
import io
import zlib

import pikepdf
import pytest
from file_samples import damaged, lzw, pdf, picture, run_length
from file_vetting.documents import clean_pdf
from file_vetting.svg import Refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metadata_samples import VISIBLE, every_pdf_byte, hostile_pdf
from pikepdf import Array, Dictionary, Name
from PIL import Image

MARKER = "Zq7Xw-Marker-Person"


@pytest.fixture(scope="module")
def hostile():
    return hostile_pdf(MARKER)


@pytest.fixture(scope="module")
def published(hostile):
    return clean_pdf(hostile)


def test_the_marker_is_in_every_place_before(hostile):
    with pikepdf.open(io.BytesIO(hostile)) as document:
        assert str(document.docinfo["/Author"]) == MARKER
        assert "/Metadata" in document.Root and "/PieceInfo" in document.pages[0].obj
    assert every_pdf_byte(hostile).count(MARKER.encode()) > 10


def test_no_byte_of_the_published_pdf_holds_the_marker(published):
    assert MARKER.encode() not in every_pdf_byte(published)
    assert MARKER.encode("utf-16-be") not in every_pdf_byte(published)


def test_what_reading_needs_is_kept(published):
    with pikepdf.open(io.BytesIO(published)) as document:
        page = document.pages[0]
        assert f"({VISIBLE}) Tj".encode() in page.Contents.read_bytes()
        assert str(document.Root.Lang) == "en-GB" and bool(document.Root.MarkInfo.Marked)
        tree = document.Root.StructTreeRoot
        assert tree.K.S == "/Document" and tree.K.K[0].S == "/P" and tree.K.K[0].Pg.objgen == page.obj.objgen
        assert page.obj.StructParents == 0
        with document.open_outline() as outline:
            assert [item.title for item in outline.root] == ["Summary"]
        assert str(document.docinfo["/Title"]) == "Annual report"  # the tab and a screen reader announce it
        assert set(document.docinfo.keys()) == {"/Title"}
        links = [a for a in page.Annots if a.Subtype == "/Link"]
        assert [str(a.A.URI) for a in links] == ["https://example.org/"] and str(links[0].Contents) == "Our website"
        photo = page.Resources.XObject.Im1
        with Image.open(io.BytesIO(photo.read_raw_bytes())) as picture:
            assert picture.size == (8, 8) and not dict(picture.getexif())


def test_what_runs_carries_files_or_describes_is_gone(published):
    with pikepdf.open(io.BytesIO(published)) as document:
        root, page = document.Root, document.pages[0].obj
        for key in ("/OpenAction", "/AA", "/Metadata", "/PieceInfo"):
            assert key not in root
        assert "/XFA" not in root.AcroForm
        assert set(root.Names.keys()) <= {"/Dests"}
        for key in ("/Metadata", "/PieceInfo", "/Thumb", "/AA", "/LastModified"):
            assert key not in page
        assert [a.Subtype for a in page.Annots] == ["/Link"]
        for obj in document.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                assert not {"/JS", "/EF", "/Metadata"} & set(obj.keys())


def test_the_same_pdf_is_published_byte_for_byte_each_time(hostile, published):
    assert clean_pdf(hostile) == published
    assert clean_pdf(published) == clean_pdf(clean_pdf(published))


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n" + b"garbage " * 40,
    pdf()[:30],
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
], ids=["garbage", "cut-short", "no-pages"])
def test_a_pdf_that_cannot_be_read_is_refused_in_words(data):
    with pytest.raises(Refused, match="it cannot be read as a PDF"):
        clean_pdf(data)


def test_an_encrypted_pdf_is_refused():
    document = pikepdf.open(io.BytesIO(pdf()))
    out = io.BytesIO()
    document.save(out, encryption=pikepdf.Encryption(owner="owner", user=""))
    with pytest.raises(Refused, match="encrypted"):
        clean_pdf(out.getvalue())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 1 << 16), st.binary(min_size=1, max_size=4)), min_size=1, max_size=6))
def test_a_damaged_pdf_is_refused_or_published_without_the_marker(hostile, changes):
    try:
        published = clean_pdf(damaged(hostile, changes))
    except Refused:
        return
    assert MARKER.encode() not in published


@pytest.mark.parametrize("damage", [b"/Filter \x00DCTDecode", b"/Filter (DCTDecode)", b"/Filter /DCTDecodeX"])
def test_a_photo_whose_filter_name_is_damaged_still_loses_its_details(hostile, damage):
    # A property test found it: one NUL byte made qpdf read /DCTDecode as a string, and the camera's notes stayed.
    assert b"/Filter /DCTDecode" in hostile
    try:
        published = clean_pdf(hostile.replace(b"/Filter /DCTDecode", damage, 1))
    except Refused:
        return
    assert MARKER.encode() not in every_pdf_byte(published)


def test_a_pdf_ua_document_keeps_its_claim_and_title_in_new_xmp_and_nothing_else():
    published = clean_pdf(hostile_pdf(MARKER, pdfua=True))
    assert MARKER.encode() not in every_pdf_byte(published)
    with pikepdf.open(io.BytesIO(published)) as document:
        xmp = document.Root.Metadata.read_bytes()
        with document.open_metadata() as meta:
            assert meta["dc:title"] == "Annual report" and meta["pdfuaid:part"] == "1"
            assert set(meta) == {"{http://purl.org/dc/elements/1.1/}title", "{http://www.aiim.org/pdfua/ns/id/}part"}
        assert b"creator" not in xmp


def test_the_published_pdf_has_no_syntax_problems_qpdf_can_find(published):
    with pikepdf.open(io.BytesIO(published)) as document:
        assert document.check_pdf_syntax() == []


# --- packings: whatever a viewer unpacks to show, the real-name check can read in the published copy ---


# Doubled letters, so run-length packing leaves no run of the name whole.
DOUBLED = "Zq7Xw-Marrker-Perrson"


def _predicted(data, columns=4):
    """Pack ``data`` with Flate after PNG's "Up" predictor: each row is kept as its difference from the one above."""
    rows = [data[i:i + columns].ljust(columns, b" ") for i in range(0, len(data), columns)]
    above, out = bytes(columns), bytearray()
    for row in rows:
        out += b"\x02" + bytes((a - b) % 256 for a, b in zip(row, above, strict=True))
        above = row
    return zlib.compress(bytes(out))


PACKINGS = {
    "run-length": (run_length, {"/Filter": Name.RunLengthDecode}),
    "flate-with-a-predictor": (_predicted, {"/Filter": Name.FlateDecode,
                                            "/DecodeParms": Dictionary(Predictor=12, Columns=4)}),
    "run-length-named-a-picture": (run_length, {"/Filter": Name.RunLengthDecode, "/Subtype": Name.Image}),
    "run-length-abbreviated": (run_length, {"/Filter": Name.RL}),
    "lzw": (lzw, {"/Filter": Name.LZWDecode}),
    # A page's text whose dictionary says it is a picture or a font, which the check passes by as no text.
    "flate-named-a-picture": (zlib.compress, {"/Filter": Name.FlateDecode, "/Subtype": Name.Image, "/Width": 4,
                                              "/Height": 4, "/BitsPerComponent": 8}),
    "flate-marked-as-a-font": (zlib.compress, {"/Filter": Name.FlateDecode, "/Length1": 40, "/FontFile2": 1}),
    "ascii85-then-run-length": (lambda data: base64.a85encode(run_length(data), adobe=True)[2:],
                                {"/Filter": Array([Name.ASCII85Decode, Name.RunLengthDecode])}),
}


def _packed_page(packing):
    """Return a one-page PDF whose page text, holding DOUBLED, is packed with ``packing``."""
    pack, keys = PACKINGS[packing]
    document = pikepdf.new()
    document.add_blank_page(page_size=(300, 200))
    page = document.pages[0]
    font = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    page.Resources = Dictionary(Font=Dictionary(F1=font))
    text = f"BT /F1 12 Tf 20 100 Td (Written by {DOUBLED}) Tj ET".encode()
    assert document.make_stream(text).read_bytes() == text
    stream = pikepdf.Stream(document, pack(text))
    for key, value in keys.items():
        stream[key] = value
    assert stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized).rstrip() == text  # as a viewer shows it
    page.Contents = document.make_indirect(stream)
    out = io.BytesIO()
    document.save(out, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


@pytest.mark.parametrize("packing", sorted(PACKINGS))
def test_a_pages_text_is_published_only_where_the_real_name_check_can_read_it(packing):
    from coproduction.privacy import file_texts

    data = _packed_page(packing)
    try:
        published = clean_pdf(data)
    except Refused as refused:
        assert "packed in a way the site cannot read" in str(refused)
        assert packing == "flate-with-a-predictor"  # the one packing the check cannot undo
        return
    assert any(DOUBLED in text for text in file_texts("leaflet.pdf", published))
    # A run-length page is published as it came (the check reads it as qpdf does), not unpacked here.
    with pikepdf.open(io.BytesIO(published)) as document:
        contents = document.pages[0].Contents
        assert set(contents.keys()) <= {"/Length", "/Filter", "/DecodeParms"}
        if packing.startswith("run-length"):
            assert str(contents.Filter) in ("/RunLengthDecode", "/RL")


@pytest.mark.parametrize("key", ["/Length1", "/Length2", "/Length3", "/FontFile", "/FontFile3"])
def test_a_drawings_text_marked_as_a_font_is_read_by_the_check(key):
    from coproduction.privacy import file_texts

    document = pikepdf.new()
    document.add_blank_page(page_size=(300, 200))
    page = document.pages[0]
    font = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    drawing = document.make_stream(run_length(f"BT /F1 12 Tf 20 100 Td (By {DOUBLED}) Tj ET".encode()),
                                   Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 300, 200],
                                   Filter=Name.RunLengthDecode, Resources=Dictionary(Font=Dictionary(F1=font)))
    drawing[key] = 7
    page.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(X1=drawing))
    page.Contents = document.make_stream(b"/X1 Do")
    out = io.BytesIO()
    document.save(out)
    assert not any(DOUBLED in text for text in file_texts("leaflet.pdf", out.getvalue()))  # as it came: passed by
    published = clean_pdf(out.getvalue())
    assert any(DOUBLED in text for text in file_texts("leaflet.pdf", published))
    with pikepdf.open(io.BytesIO(published)) as kept:
        assert key not in kept.pages[0].Resources.XObject.X1


def test_a_font_program_keeps_its_own_keys():
    document = pikepdf.new()
    document.add_blank_page(page_size=(300, 200))
    program = document.make_stream(b"\x00\x01\x00\x00 a font's glyphs", Length1=24)
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name.Calibri, FontFile2=program)  # inside the font
    font = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name.Calibri,
                                             FontDescriptor=descriptor))
    document.pages[0].Resources = Dictionary(Font=Dictionary(F1=font))
    document.pages[0].Contents = document.make_stream(b"BT /F1 12 Tf 20 100 Td (Annual report) Tj ET")
    out = io.BytesIO()
    document.save(out)
    with pikepdf.open(io.BytesIO(clean_pdf(out.getvalue()))) as kept:
        assert kept.pages[0].Resources.Font.F1.FontDescriptor.FontFile2.Length1 == 24


def test_a_picture_keeps_its_packing():
    document = pikepdf.open(io.BytesIO(pdf()))
    pixels = bytes(range(48))
    picture = pikepdf.Stream(document, run_length(pixels))
    for key, value in {"/Type": Name.XObject, "/Subtype": Name.Image, "/Width": 4, "/Height": 4,
                       "/ColorSpace": Name.DeviceRGB, "/BitsPerComponent": 8,
                       "/Filter": Name.RunLengthDecode}.items():
        picture[key] = value
    document.pages[0].Resources.XObject = Dictionary(Im9=document.make_indirect(picture))
    out = io.BytesIO()
    document.save(out)
    with pikepdf.open(io.BytesIO(clean_pdf(out.getvalue()))) as published:
        kept = published.pages[0].Resources.XObject.Im9
        assert kept.Filter == Name.RunLengthDecode and kept.read_raw_bytes() == run_length(pixels)


def test_a_pdf_whose_index_is_packed_with_a_predictor_is_published():
    document = pikepdf.open(io.BytesIO(pdf()))
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    assert b"/Predictor" in out.getvalue()  # the cross-reference stream's
    assert clean_pdf(out.getvalue())


LEAFLET_POST = ("Title: A leaflet\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: A leaflet.\n\n"
                "Read [the leaflet]({static}/documents/leaflet.pdf).\n")


def test_a_run_length_packed_pdf_holding_a_real_name_stops_the_build_at_its_path(build_site):
    from conftest import SAMPLE_REAL_NAME

    data = _packed_page("run-length").replace(run_length(DOUBLED.encode()).removesuffix(b"\x80"),
                                              run_length(SAMPLE_REAL_NAME.encode()).removesuffix(b"\x80"))
    assert SAMPLE_REAL_NAME.encode() not in data  # no run of the name is whole in the file's bytes
    site = build_site({"blog/a.md": LEAFLET_POST, "documents/leaflet.pdf": data}, settings_file="publishconf.py")
    assert site.status != 0 and not (site.output / "documents" / "leaflet.pdf").exists()
    # Read through its packing, and named for the name it holds (not refused for its packing, which is readable).
    assert 'documents/leaflet.pdf: error: the file holds the real name of the anonymous author "A carer"' in site.messages
    assert "packed in a way the site cannot read" not in site.messages and "Traceback" not in site.messages


def test_a_run_length_packed_pdf_without_a_real_name_is_published_as_it_is_packed(build_site):
    site = build_site({"blog/a.md": LEAFLET_POST, "documents/leaflet.pdf": _packed_page("run-length")},
                      settings_file="publishconf.py")
    assert site.status == 0, site.messages
    with pikepdf.open(site.output / "documents" / "leaflet.pdf") as published:
        contents = published.pages[0].Contents
        assert contents.Filter == Name.RunLengthDecode and DOUBLED.encode() in contents.read_bytes(
            decode_level=pikepdf.StreamDecodeLevel.specialized)


def _exported_pdf(thumbnail):
    """Return a PDF packed as Word, LibreOffice and macOS Preview export one, with a page's thumbnail if asked."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(300, 200))
    page = document.pages[0]
    font_file = document.make_stream(zlib.compress(b"\x00\x01\x00\x00 a font's glyphs"), Filter=Name.FlateDecode)
    font = document.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=Name.Calibri,
                                             FontDescriptor=Dictionary(Type=Name.FontDescriptor, FontFile2=font_file)))
    photo = document.make_stream(picture("JPEG"), Type=Name.XObject, Subtype=Name.Image, Width=8, Height=8,
                                 ColorSpace=Name.DeviceRGB, BitsPerComponent=8, Filter=Name.DCTDecode)
    # Preview packs a picture's pixels with a PNG predictor; a picture may, where a page's text may not.
    drawing = document.make_stream(_predicted(bytes(range(48)), 12), Type=Name.XObject, Subtype=Name.Image, Width=4,
                                   Height=4, ColorSpace=Name.DeviceRGB, BitsPerComponent=8, Filter=Name.FlateDecode,
                                   DecodeParms=Dictionary(Predictor=15, Columns=4, Colors=3))
    page.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=photo, Im2=drawing))
    page.Contents = document.make_stream(zlib.compress(b"BT /F1 12 Tf 20 100 Td (Annual report) Tj ET "
                                                       b"q 8 0 0 8 20 20 cm /Im1 Do Q q 4 0 0 4 40 20 cm /Im2 Do Q"),
                                         Filter=Name.FlateDecode)
    if thumbnail:
        # Acrobat's "embed page thumbnails": a JPEG with no /Subtype, which the published copy leaves out.
        page.obj.Thumb = document.make_stream(picture("JPEG"), Width=8, Height=8, ColorSpace=Name.DeviceRGB,
                                              BitsPerComponent=8, Filter=Name.DCTDecode)
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=False)
    return out.getvalue()


@pytest.mark.parametrize("thumbnail", [False, True], ids=["plain", "with-page-thumbnails"])
def test_a_pdf_exported_as_office_programs_export_one_is_published(thumbnail):
    with pikepdf.open(io.BytesIO(clean_pdf(_exported_pdf(thumbnail)))) as published:
        page = published.pages[0]
        assert "/Thumb" not in page.obj
        assert page.Resources.XObject.Im2.DecodeParms.Predictor == 15  # the picture kept as it was
        assert b"Annual report" in page.Contents.read_bytes()
