"""A PDF stream's dictionary is read as PDF syntax: strings, nested dictionaries and comments say nothing of the stream."""

from __future__ import annotations

import io
import warnings
import zlib

import pikepdf
import pytest
from coproduction import extract
from coproduction.pdf_objects import Dict, Keyword, Malformed, Name, Ref, parse, streams
from coproduction.privacy import file_texts
from file_samples import damaged, hand_pdf, pdf_with_drawing
from file_vetting.documents import clean_pdf
from file_vetting.svg import Refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Doubled letters: no run of the marker is whole in a packed stream's bytes.
MARKER = "Zq7Xw-Marrker-Perrson"
DRAWN = f"BT /F1 12 Tf 20 100 Td (Written by {MARKER}) Tj ET".encode()


def _read(data):
    return any(MARKER in text for text in file_texts("leaflet.pdf", data))


def test_the_syntax_is_read_token_by_token():
    value, end = parse(b"<< /Sub#74ype /Im#61ge /Note (a \\) /Subtype /Image) % /Length1 5\n"
                       b"/Extra << /Subtype /Image >> /Hex <2F496D616765> /R 12 0 R /A [1 2.5 /N true] >>tail", 0)
    assert isinstance(value, Dict) and end == len(b"<< /Sub#74ype /Im#61ge /Note (a \\) /Subtype /Image) % /Length1 5\n"
                                                  b"/Extra << /Subtype /Image >> /Hex <2F496D616765> /R 12 0 R "
                                                  b"/A [1 2.5 /N true] >>")
    assert set(value) == {"Subtype", "Note", "Extra", "Hex", "R", "A"}  # no Length1: it was a comment
    assert value["Subtype"] == [Name("Image")] and isinstance(value["Subtype"][0], Name)
    assert value["Note"] == [b"a \\) /Subtype /Image"] and value["Hex"] == [b"2F496D616765"]
    assert value["R"] == [Ref(12, 0)] and value["A"] == [[1, 2.5, Name("N"), Keyword("true")]]
    assert value["Extra"][0]["Subtype"] == [Name("Image")]


@pytest.mark.parametrize("data", [b"<< /A (open", b"<< /A 1 ]", b"<< 1 2 >>", b"<< /A >>", b"[" * 100 + b"]" * 100,
                                  b"<< /A <12", b")"])
def test_what_a_viewer_would_guess_at_is_malformed(data):
    with pytest.raises(Malformed):
        parse(data, 0)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_called_malformed(data):
    try:
        parse(data, 0)
    except Malformed:
        pass
    streams(data, 100)


# Ways a drawing's dictionary can say "picture" or "font" where no viewer reads it, around a drawn real name.
DECOYS = {
    "string-subtype": b"/Note (/Subtype /Image)",
    "string-length1": b"/Note (/Length1 5 /Length2 3)",
    "string-with-escaped-parenthesis": b"/Note (a \\) /Subtype /Image /Length1 5)",
    "string-nested-parentheses": b"/Note (a (b) /Subtype /Image (c))",
    "nested-dictionary": b"/Extra << /Subtype /Image /Length1 5 >>",
    "deeply-nested-dictionary": b"/Extra << /A << /B [ << /Subtype /Image /FontFile 1 >> ] >> >>",
    "array-of-names": b"/Extra [/Subtype /Image /Length1]",
    "hex-string": b"/Note <2F537562747970652F496D616765>",
    "comment-between-keys": b"% /Subtype /Image /Length1 5\n/Note 1",
    "string-filter": b"/Note (/DCTDecode)",
    "string-second-filter": b"/Note (/ASCIIHexDecode)",
    "escaped-name-key": b"/Sub#74ype /Form",
    "odd-white-space": b"\x0c/Note\x00(/Subtype /Image)\r/Extra\t<</Subtype/Image>>",
    "comment-hiding-stream-keyword": b"% >>\nstream\n/Note 1",
    "string-with-fake-dictionary-end": b"/Note (>> stream\n)",
}

# A "stream" keyword inside a dictionary is no syntax: the object is not read, so its stream is read every way it
# could start and end, and the file is refused.
UNREADABLE_DECOYS = {"comment-hiding-stream-keyword"}


@pytest.mark.parametrize("decoy", sorted(DECOYS))
def test_a_drawing_whose_dictionary_mentions_a_picture_is_read_as_text(decoy):
    packed = zlib.compress(DRAWN, 9)
    data = pdf_with_drawing(DECOYS[decoy], packed)
    assert MARKER.encode() not in data
    with pikepdf.open(io.BytesIO(data)) as document:  # a viewer draws it: a form, packed with Flate alone
        drawing = document.pages[0].Resources.XObject.X1
        assert drawing.Subtype == "/Form" and drawing.read_bytes() == DRAWN
    assert _read(data)  # the file in content/ (in git)
    if decoy in UNREADABLE_DECOYS:
        with pytest.raises(Refused, match="does not say its own length correctly"):
            clean_pdf(data)  # no object around that stream can be read as PDF syntax: its length is not known
        return
    assert _read(clean_pdf(data))  # the published copy


@pytest.mark.parametrize("keys", [b"/Subtype /Image", b"/Sub#74ype /Im#61ge", b"/Length1 5", b"% x\n/Length1 5"])
def test_a_stream_that_is_a_picture_or_a_font_program_is_still_passed_by(keys):
    found, _outside = streams(b"1 0 obj\n<< /Filter /FlateDecode " + keys + b" >>\nstream\nxx\nendstream\nendobj\n", 9)
    assert len(found) == 1 and extract._pdf_not_text(found[0].dictionary)


@pytest.mark.parametrize("keys", [b"/Subtype /Image /Subtype /Form", b"/Subtype (Image)", b"/Subtype Image",
                                  b"/Note /Length1"])
def test_a_stream_that_only_might_be_a_picture_is_read_as_text(keys):
    found, _outside = streams(b"1 0 obj\n<< " + keys + b" >>\nstream\nxx\nendstream\nendobj\n", 9)
    assert len(found) == 1 and not extract._pdf_not_text(found[0].dictionary)


def test_a_stream_whose_header_cannot_be_read_is_read_both_as_it_is_and_unpacked():
    packed = zlib.compress(DRAWN, 9)
    data = b"%PDF-1.7\n4 0 obj\n<< /Filter /FlateDecode /Note (unclosed >>\nstream\n" + packed + b"\nendstream\nendobj\n"
    assert _read(data)


# --- against qpdf: what our reader finds in a dictionary is what a viewer finds ---

KEYS = st.sampled_from(["Subtype", "Length1", "Note", "Filter", "A", "Type"])
LEAVES = st.one_of(
    st.sampled_from(["/Image", "/Form", "/FlateDecode", "1", "-2.5", "true", "null", "3 0 R"]),
    st.binary(max_size=12).map(lambda raw: "(" + "".join(f"\\{b:03o}" for b in raw) + ")"),
    st.sampled_from(["(/Subtype /Image)", "(a\\)b)", "(x(y)z)", "<2F496D616765>", "()"]),
)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3).map(lambda items: "[" + " ".join(items) + "]"),
    st.lists(st.tuples(KEYS, inner), max_size=3).map(
        lambda pairs: "<<" + "".join(f"/{k} {v} " for k, v in dict(pairs).items()) + ">>")), max_leaves=8)
SPACES = st.sampled_from([" ", "\n", "\r\n", "\t", "\x0c", " % a comment (/Subtype /Image\n", "  "])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEYS, VALUES, max_size=5), SPACES, st.booleans())
def test_our_reading_of_a_dictionary_agrees_with_qpdf(entries, space, escaped):
    def key(k):
        return "/" + ("".join(f"#{ord(c):02X}" for c in k) if escaped else k)

    body = "<<" + space + space.join(f"{key(k)}{space}{v}" for k, v in entries.items()) + space + ">>"
    data = hand_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>", body.encode("latin-1")])
    ours, _end = parse(data, data.index(b"4 0 obj") + 7)
    with pikepdf.open(io.BytesIO(data)) as document:
        theirs = document.get_object(4, 0)
        assert {k.lstrip("/") for k in theirs.keys()} == set(ours)
        subtype = theirs.get("/Subtype")
        ours_subtype = ours.one("Subtype")
        assert (isinstance(subtype, pikepdf.Name) and str(subtype) == "/Image") == (
            isinstance(ours_subtype, Name) and ours_subtype == "Image")


def test_a_pdf_qpdf_cannot_read_is_still_refused_in_words():
    with pytest.raises(Refused):
        clean_pdf(pdf_with_drawing(b"", b"x")[:200])


# --- a stream ends where its /Length says: "endstream" among its packed bytes hides nothing ---

BEFORE = b"BT /F1 12 Tf 20 150 Td (endstream) Tj ET\n% endstream\n"


def _flate_around_endstream(before, after):
    """Return zlib bytes whose first block stores ``before`` as it is (so "endstream" shows) and packs ``after``."""
    stored = zlib.compressobj(0, zlib.DEFLATED, -15)
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = stored.compress(before) + stored.flush(zlib.Z_FULL_FLUSH) + packed.compress(after) + packed.flush()
    return b"\x78\x9c" + body + zlib.adler32(before + after).to_bytes(4, "big")


def _run_length_around_endstream(before, after):
    """Return run-length bytes copying ``before`` in one literal run, then ``after`` with no run of it whole."""
    from file_samples import run_length

    return bytes([len(before) - 1]) + before + run_length(after)


PACKED_ENDSTREAM = {
    "flate": (_flate_around_endstream, b"/Filter /FlateDecode"),
    "run-length": (_run_length_around_endstream, b"/Filter /RunLengthDecode"),
}


@pytest.mark.parametrize("packing", sorted(PACKED_ENDSTREAM))
def test_endstream_in_a_streams_packed_bytes_hides_nothing_after_it(packing):
    pack, filters = PACKED_ENDSTREAM[packing]
    packed = pack(BEFORE, DRAWN)
    assert b"endstream" in packed and MARKER.encode() not in packed
    data = pdf_with_drawing(b"", packed, filters=filters)
    with pikepdf.open(io.BytesIO(data)) as document:
        drawing = document.pages[0].Resources.XObject.X1
        assert drawing.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized) == BEFORE + DRAWN  # as drawn
    found, _outside = streams(data, 99)
    drawing = next(s for s in found if s.dictionary and s.dictionary.one("Subtype") == Name("Form"))
    assert drawing.settled and data[drawing.start:drawing.end] == packed
    assert _read(data)
    assert _read(clean_pdf(data))


@pytest.mark.parametrize("length", [b"7 0 R", b"% the length\n 7 0 R", b"7\n0\rR"])
def test_a_length_kept_in_another_object_is_followed(length):
    packed = _flate_around_endstream(BEFORE, DRAWN)
    data = pdf_with_drawing(b"", packed, length=length)
    data = data.replace(b"xref\n", b"7 0 obj\n%d\nendobj\nxref\n" % len(packed), 1)  # as LibreOffice writes it
    found, _outside = streams(data, 99)
    assert all(s.settled for s in found) and any(data[s.start:s.end] == packed for s in found)
    assert _read(data)


def test_a_length_kept_packed_in_an_object_stream_is_followed():
    packed = _flate_around_endstream(BEFORE, DRAWN)
    inside = b"7 0 8 4 " + b"%d" % len(packed) + b" << /Kept true >>"
    object_stream = zlib.compress(inside)
    data = (b"%%PDF-1.7\n9 0 obj\n<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(object_stream) + object_stream + b"\nendstream\nendobj\n4 0 obj\n<< /Subtype /Form /Filter "
            b"/FlateDecode /Length 7 0 R >>\nstream\n" + packed + b"\nendstream\nendobj\n")
    found, _outside = streams(data, 99)
    assert len(found) == 2 and all(s.settled for s in found)
    assert _read(data)


@pytest.mark.parametrize("length", [b"99 0 R", b"3", b"(120)", b"-5", b"99999"], ids=[
    "names-no-object", "too-short", "a-string", "negative", "past-the-end"])
def test_a_length_the_check_cannot_settle_is_refused_and_read_every_way(length):
    packed = _flate_around_endstream(BEFORE, DRAWN)
    data = pdf_with_drawing(b"", packed, length=length)
    found, _outside = streams(data, 99)
    drawing = next(s for s in found if s.dictionary and s.dictionary.one("Subtype") == Name("Form"))
    assert not drawing.settled and len(drawing.ends) >= 2  # the "endstream" in its bytes, and the real one
    assert _read(data)
    with pytest.raises(Refused, match="does not say its own length correctly") as refused:
        clean_pdf(data)
    assert "print it to a new PDF" in refused.value.hint


def test_two_objects_giving_one_length_two_values_is_refused():
    packed = _flate_around_endstream(BEFORE, DRAWN)
    data = pdf_with_drawing(b"", packed, length=b"7 0 R")
    fake = packed.index(b"endstream")  # a second "7 0 obj", whose length lands on the packed "endstream"
    data = data.replace(b"xref\n", b"7 0 obj\n%d\nendobj\n7 0 obj\n%d\nendobj\nxref\n" % (len(packed), fake), 1)
    assert not all(s.settled for s in streams(data, 99)[0])
    with pytest.raises(Refused, match="does not say its own length correctly"):
        clean_pdf(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([b"endstream", b"endstream\n", b"\r\nendstream", b"stream\n", b"endobj", b"(", b")",
                                 b"%", b"1 0 obj", b">>", b"BT (x) Tj ET "]), max_size=8),
       st.sampled_from(sorted(PACKED_ENDSTREAM)))
def test_whatever_the_packed_bytes_hold_the_whole_stream_is_read(pieces, packing):
    pack, filters = PACKED_ENDSTREAM[packing]
    packed = pack(b"BT " + b"".join(pieces) + b" ET\n% x\n", DRAWN)
    data = pdf_with_drawing(b"", packed, filters=filters)
    assert _read(data)
    assert _read(clean_pdf(data))


def test_the_published_copy_always_says_its_lengths_itself():
    from coproduction.pdf_objects import settled

    packed = _flate_around_endstream(BEFORE, DRAWN)
    data = pdf_with_drawing(b"", packed, length=b"7 0 R")
    data = data.replace(b"xref\n", b"7 0 obj\n%d\nendobj\nxref\n" % len(packed), 1)
    published = clean_pdf(data)
    assert settled(published) and b"R" not in b"".join(
        s.dictionary.get("Length", [b""])[0].__class__.__name__.encode() for s in streams(published, 99)[0])


# --- what the check reads of a PDF is all of it, or the PDF is refused ---


def _picture_then_drawing(pixels):
    """Return a PDF whose page shows a Flate-packed picture of ``pixels`` bytes, then a drawing holding MARKER."""
    from file_samples import hand_pdf

    packed = zlib.compress(DRAWN, 9)
    picture = zlib.compress(bytes(pixels), 9)
    return hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /Im1 4 0 R /X1 7 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % (pixels, len(picture)) + picture + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length 14 >>\nstream\n/Im1 Do /X1 Do\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 200] /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(packed) + packed + b"\nendstream",
    ])


def test_a_large_picture_does_not_use_up_what_the_check_reads_of_the_text(monkeypatch):
    monkeypatch.setattr(extract, "PDF_BUDGET", 10_000)
    data = _picture_then_drawing(50_000)  # five times the budget, before the text
    assert extract.pdf_unread(data) is None
    assert _read(data) and _read(clean_pdf(data))


def test_text_that_unpacks_to_more_than_the_check_reads_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "PDF_BUDGET", 10_000)
    hidden = b"BT /F1 12 Tf 20 100 Td " + b" " * 20_000 + DRAWN[len(b"BT /F1 12 Tf 20 100 Td "):]
    data = pdf_with_drawing(b"", zlib.compress(hidden, 9))
    assert extract.pdf_unread(data) == extract.TOO_LARGE and not _read(data)  # the name lies past what is read
    with pytest.raises(Refused, match="it holds more than the site reads") as refused:
        clean_pdf(data)
    assert "split it into smaller PDFs" in refused.value.hint


def test_more_streams_than_the_check_reads_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "PDF_STREAMS", 2)
    data = _picture_then_drawing(10)  # three streams
    assert extract.pdf_unread(data) == extract.TOO_MANY
    with pytest.raises(Refused, match="more than 2 parts"):
        clean_pdf(data)


# --- the build ---

LEAFLET_POST = ("Title: A leaflet\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: A leaflet.\n\n"
                "Read [the leaflet]({static}/documents/leaflet.pdf).\n")


def test_a_real_name_behind_a_decoy_dictionary_and_a_packed_endstream_stops_the_build_at_its_path(build_site):
    from conftest import SAMPLE_REAL_NAME

    drawn = f"BT /F1 12 Tf 20 100 Td (Written by {SAMPLE_REAL_NAME}) Tj ET".encode()
    packed = _flate_around_endstream(BEFORE, drawn)
    data = pdf_with_drawing(b"/Note (/Subtype /Image /Length1 5) /Extra << /Subtype /Image >>", packed)
    assert SAMPLE_REAL_NAME.encode() not in data
    site = build_site({"blog/a.md": LEAFLET_POST, "documents/leaflet.pdf": data}, settings_file="publishconf.py")
    assert site.status != 0 and not (site.output / "documents" / "leaflet.pdf").exists()
    assert 'documents/leaflet.pdf: error: the file holds the real name of the anonymous author "A carer"' in site.messages
    assert "Traceback" not in site.messages


def test_a_pdf_whose_length_names_no_object_stops_the_build_with_a_fix(build_site):
    data = pdf_with_drawing(b"", _flate_around_endstream(BEFORE, DRAWN), length=b"99 0 R")
    site = build_site({"blog/a.md": LEAFLET_POST, "documents/leaflet.pdf": data}, settings_file="publishconf.py")
    assert site.status != 0 and not (site.output / "documents" / "leaflet.pdf").exists()
    assert ("documents/leaflet.pdf: error: this PDF document cannot be published: a part of it does not say its own "
            "length correctly") in site.messages
    assert "print it to a new PDF" in site.messages and "Traceback" not in site.messages


def test_a_drawing_that_is_also_named_a_font_program_is_read_by_the_check():
    from file_samples import hand_pdf

    packed = zlib.compress(DRAWN, 9)
    data = hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R /F2 7 0 R >> "
        b"/XObject << /X1 4 0 R >> >> /Contents 6 0 R >>",
        # One stream, both a drawing the page shows and the font program of F2 (so it keeps /Length1).
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> /Filter "
        b"/FlateDecode /Length1 40 /Length %d >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length 6 >>\nstream\n/X1 Do\nendstream",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Calibri /FontDescriptor << /Type /FontDescriptor "
        b"/FontName /Calibri /FontFile2 4 0 R >> >>",
    ])
    published = clean_pdf(data)
    with pikepdf.open(io.BytesIO(published)) as document:
        assert "/Length1" not in document.pages[0].Resources.XObject.X1
    assert _read(published)


# --- against qpdf: whatever the published copy draws, the check reads ---

BASE = pdf_with_drawing(b"/Note (/Subtype /Image) /Extra << /Length1 5 >>", _flate_around_endstream(BEFORE, DRAWN))


def _qpdf_shows_marker(published):
    """Return whether a stream of ``published`` that is not a picture shows MARKER in a string, as qpdf reads it."""
    with pikepdf.open(io.BytesIO(published)) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") == "/Image":
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # qpdf says where a damaged stream ends
                    instructions = pikepdf.parse_content_stream(obj)
            except (pikepdf.PdfError, ValueError):
                continue
            for operands, _operator in instructions:
                if any(MARKER.encode() in bytes(each) for each in _strings(operands)):
                    return True
    return False


def _strings(operands):
    for each in operands:
        if isinstance(each, pikepdf.String):
            yield each
        elif isinstance(each, pikepdf.Array):
            yield from _strings(list(each))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 1 << 16), st.sampled_from([
    b" ", b"\n", b"%", b"(", b")", b"\\", b"<<", b">>", b"/", b"#2F", b"endstream", b"stream\n", b"0", b"9", b"R",
    b"\x00", b"/Subtype /Image ", b"/Length1 1 "])), min_size=1, max_size=4))
def test_whatever_the_published_copy_of_a_damaged_pdf_draws_the_check_reads(changes):
    try:
        published = clean_pdf(damaged(BASE, changes))
    except Refused:
        return
    if _qpdf_shows_marker(published):
        assert _read(published)


def test_the_oracle_sees_the_marker_in_the_undamaged_file():
    assert _qpdf_shows_marker(clean_pdf(BASE)) and _read(clean_pdf(BASE))


@pytest.mark.parametrize("damage", ["checksum", "cut-short"])
def test_a_flate_stream_damaged_at_its_end_is_read_as_far_as_a_viewer_reads_it(damage):
    packed = zlib.compress(DRAWN, 9)
    packed = packed[:-4] + bytes(4) if damage == "checksum" else packed[:-6]  # a viewer shows it all the same
    published = clean_pdf(pdf_with_drawing(b"", packed))
    assert _qpdf_shows_marker(published) and _read(published)


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n" + b"1 0 obj\n<< /A (" * 2000,
    b"%PDF-1.7\n" + (b"1 0 obj\n<< /A " + b"(" * 500 + b"\n") * 300,
    b"%PDF-1.7\n" + b"stream\n" * 30_000,
], ids=["unclosed-strings", "parentheses", "stream-words"])
def test_a_hostile_file_is_read_without_error_and_never_settled(data):
    found, _outside = streams(data, 20_000)
    assert not all(s.settled for s in found) or not found
    list(extract.pdf(data))


def test_a_dictionary_string_longer_than_any_real_one_leaves_its_stream_unsettled():
    from coproduction.pdf_objects import STRING_LIMIT

    data = pdf_with_drawing(b"/Note (" + b"x" * STRING_LIMIT + b")", zlib.compress(DRAWN, 9))
    assert _read(data)
    with pytest.raises(Refused, match="does not say its own length correctly"):
        clean_pdf(data)


# Streams a viewer runs as drawing instructions wherever they are reached from, whatever their own dictionary says:
# marked /Subtype /Image, each was published with the name unread (the check passes a picture's bytes by).
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> %s >> %s >>"
_DRAWN_ELSEWHERE = {
    "a link's appearance": (_PAGE % (b"", b"/Contents 6 0 R /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 300 200] "
                                     b"/A << /S /URI /URI (https://example.org/) >> /AP << /N 4 0 R >> >>]"),
                            b"/Type /XObject /BBox [0 0 300 200]", b"0 0 m S"),
    "a form field's pressed appearance": (
        _PAGE % (b"", b"/Contents 6 0 R /Annots [<< /Type /Annot /Subtype /Widget /FT /Btn /Rect [0 0 300 200] "
                      b"/AP << /D << /Off 4 0 R >> >> >>]"), b"/Type /XObject /BBox [0 0 300 200]", b"0 0 m S"),
    "a Type 3 font's glyph": (
        _PAGE % (b"/Font << /F1 5 0 R /T3 7 0 R >>", b"/Contents 6 0 R"), b"", b"BT /T3 12 Tf 20 100 Td (a) Tj ET"),
    "a tiling pattern": (_PAGE % (b"/Pattern << /P1 4 0 R >>", b"/Contents 6 0 R"),
                         b"/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 300 200] /XStep 300 "
                         b"/YStep 200", b"/Pattern cs /P1 scn 0 0 300 200 re f"),
}


@pytest.mark.parametrize("case", list(_DRAWN_ELSEWHERE), ids=list(_DRAWN_ELSEWHERE))
def test_an_appearance_glyph_or_pattern_marked_as_a_picture_is_read_by_the_check(case):
    page, keys, contents = _DRAWN_ELSEWHERE[case]
    packed = zlib.compress(DRAWN, 9)
    data = hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page.replace(b"<< /Font << /F1 5 0 R >> /Font", b"<< /Font"),
        b"<< %s /Subtype /Image /Resources << /Font << /F1 5 0 R >> >> /Filter /FlateDecode /Length %d >>\nstream\n"
        % (keys, len(packed)) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(contents), contents),
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs "
        b"<< /a 4 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 "
        b"/Widths [1000] /Resources << /Font << /F1 5 0 R >> >> >>",
    ])
    assert not _read(data)  # as written, the check would pass it by: the published copy must not
    published = clean_pdf(data)
    assert _read(published)
    with pikepdf.open(io.BytesIO(published)) as document:
        marked = [obj for obj in document.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]
        assert not marked
