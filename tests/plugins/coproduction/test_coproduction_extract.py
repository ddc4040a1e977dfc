"""The real-name check unpacks a PDF's streams as a PDF reader does (LZW and run-length here), within its budget."""

from __future__ import annotations

import pikepdf
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
