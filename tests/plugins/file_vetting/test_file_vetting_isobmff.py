"""A published AVIF picture loses its Exif, XMP and other programs' boxes in place, and decodes to the same pixels."""

from __future__ import annotations

import io

import pytest
from conftest import require_tool
from file_samples import picture
from file_vetting.isobmff import clean_avif
from file_vetting.svg import Refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metadata_samples import hostile_avif
from PIL import Image, features


@pytest.fixture(autouse=True)
def avif_decoder():
    """Skip locally, fail in CI, when this Pillow cannot decode AVIF (the tests compare decoded pixels)."""
    require_tool(features.check("avif"), "Pillow's AVIF support (the pinned Pillow wheel has it)")

MARKER = "Zq7Xw-Marker-Person"


def pixels(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGBA").tobytes()


@pytest.fixture(scope="module")
def hostile():
    return hostile_avif(MARKER)


def test_the_marker_is_in_every_place_before(hostile):
    with Image.open(io.BytesIO(hostile)) as image:
        assert MARKER.encode() in image.info["exif"] and MARKER.encode() in image.info["xmp"]
    assert hostile.count(MARKER.encode()) == 5 and hostile.count(MARKER.encode()[:5]) == 6


def test_the_published_picture_has_no_marker_and_the_same_pixels(hostile):
    published = clean_avif(hostile)
    assert len(published) == len(hostile)  # every offset stays true
    assert MARKER.encode()[:5] not in published and b"rdf" not in published
    assert pixels(published) == pixels(hostile)
    with Image.open(io.BytesIO(published)) as image:
        assert not dict(image.getexif()) and not image.info.get("xmp")
    assert clean_avif(published) == published


@pytest.mark.parametrize("size", [(1, 1), (33, 17), (64, 64)])
def test_a_picture_without_notes_decodes_the_same(size):
    data = picture("AVIF") if size == (1, 1) else hostile_avif(MARKER, size)
    assert pixels(clean_avif(data)) == pixels(data)


@pytest.mark.parametrize("cut", [10, 40, 200])
def test_a_picture_cut_short_is_refused(hostile, cut):
    with pytest.raises(Refused, match="damaged"):
        clean_avif(hostile[:cut])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 4096), st.binary(min_size=1, max_size=4)), min_size=1, max_size=4))
def test_a_damaged_picture_is_refused_or_published_without_its_exif_and_xmp(hostile, changes):
    data = bytearray(hostile)
    for at, new in changes:
        at %= len(data)
        data[at:at + len(new)] = new
    try:
        published = clean_avif(bytes(data))
    except Refused:
        return
    assert len(published) == len(data)
    assert MARKER.encode()[:5] not in published
