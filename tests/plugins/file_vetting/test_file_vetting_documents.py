"""A published PDF is rebuilt without its makers' notes, and keeps its pages, text, tags, language and bookmarks."""

from __future__ import annotations

import io

import pikepdf
import pytest
from file_samples import pdf
from file_vetting.documents import clean_pdf
from file_vetting.svg import Refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metadata_samples import VISIBLE, every_pdf_byte, hostile_pdf
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
    data = bytearray(hostile)
    for at, new in changes:
        at %= len(data)
        data[at:at + len(new)] = new
    try:
        published = clean_pdf(bytes(data))
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
