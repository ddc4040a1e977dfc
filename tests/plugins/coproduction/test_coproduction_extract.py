"""The real-name check unpacks a PDF's streams as a PDF reader does (LZW and run-length here), within its budget."""

from __future__ import annotations

import pikepdf
import pytest
from coproduction.extract import _lzw, _run_length
from file_samples import lzw, run_length
from hypothesis import given, settings
from hypothesis import strategies as st

# Few letters make long repeats, so the LZW table fills, its codes widen to 12 bits and it starts afresh.
DATA = st.one_of(st.binary(max_size=3000), st.text("ab ", max_size=20000).map(str.encode))


def _read_by_qpdf(packed, name):
    with pikepdf.new() as document:  # kept open while its stream is read
        stream = pikepdf.Stream(document, packed)
        stream.Filter = pikepdf.Name(name)
        return stream.read_bytes(decode_level=pikepdf.StreamDecodeLevel.specialized)


@settings(max_examples=60, deadline=None)
@given(DATA)
def test_lzw_is_unpacked_as_qpdf_unpacks_it(data):
    packed = lzw(data)
    assert _read_by_qpdf(packed, "/LZWDecode") == data
    assert _lzw(packed, 1 << 30) == data
    assert _lzw(packed, 5) == data[:5]  # never more than the budget


@settings(max_examples=60, deadline=None)
@given(DATA)
def test_run_length_is_unpacked_as_qpdf_unpacks_it(data):
    packed = run_length(data)
    assert _read_by_qpdf(packed, "/RunLengthDecode") == data
    assert _run_length(packed, 1 << 30) == data
    assert _run_length(packed, 5) == data[:5]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=4000))
def test_a_damaged_stream_is_read_as_far_as_it_goes_without_error(data):
    assert len(_lzw(data, 1000)) <= 1000 and len(_run_length(data, 1000)) <= 1000


# A page places each piece of its text where it likes: read in the file's order, a name placed in pieces is not whole.
PLACED = {
    "moved back": b"BT /F1 12 Tf 100 700 Td (ippa Marchbanks-Oduya) Tj -42 0 Td (Phil) Tj ET",
    "placed by matrix": b"BT 1 0 0 1 142 700 Tm [(ippa Marchbanks)-20(-Oduya)] TJ 1 0 0 1 100 700 Tm <5068696C> Tj ET",
    "in separate blocks": b"BT 142 700 Td (ippa Marchbanks-Oduya) Tj ET\nBT 100 700 Td (Phil) Tj ET",
    "a line below first": b"BT 100 600 Td (Oduya) Tj 0 100 Td (Phil) Tj 42 0 Td (ippa Marchbanks-) Tj ET",
}


@pytest.mark.parametrize("content", list(PLACED.values()), ids=list(PLACED))
def test_a_pages_text_is_read_in_the_order_it_is_placed(content):
    from coproduction.extract import _placed

    assert "Philippa Marchbanks-" in _placed(content).replace("\n", " ")


def test_a_page_placed_in_the_order_it_is_written_has_no_other_reading():
    from coproduction.extract import _placed

    assert _placed(b"BT 100 700 Td (Philippa) Tj 60 0 Td (Marchbanks) Tj 0 -14 Td (Oduya) Tj ET") is None
    assert _placed(b"BT (no placing at all) Tj ET") is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([b"BT", b"ET", b"1e999", b"-42", b"0", b".5", b"(a)", b"<41>", b"[", b"]", b"Td", b"TD",
                                 b"Tm", b"T*", b"TL", b"Tj", b"TJ", b"'", b'"', b"/F1", b"nan", b"(\\)", b"()"]), max_size=60))
def test_any_page_content_is_placed_without_error(tokens):
    from coproduction.extract import _placed

    found = _placed(b" ".join(tokens))
    assert found is None or isinstance(found, str)
