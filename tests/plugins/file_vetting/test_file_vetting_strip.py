"""Published pictures lose their details (EXIF, XMP, comments, text), never a pixel, and keep the camera's turn."""

from __future__ import annotations

import io

import pytest
from file_vetting.strip import strip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

GPS = {1: "N", 2: (53.0, 24.0, 30.5), 3: "W", 4: (2.0, 58.0, 12.0)}


def exif(turn=None, author="A writer's name"):
    data = Image.Exif()
    data[0x9C9D] = (author + "\0").encode("utf-16-le")
    data[0x010F] = "PhoneMaker"
    data[0x8825] = GPS
    if turn:
        data[0x0112] = turn
    return data.tobytes()


def picture(fmt, size=(9, 7), **save):
    out = io.BytesIO()
    image = Image.new("RGB", size)
    image.putdata([(x * 20 % 256, y * 30 % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    image.save(out, format=fmt, **save)
    return out.getvalue()


def pixels(data):
    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            frames.append(image.convert("RGBA").tobytes())
        return image.size, frames


def details(data):
    with Image.open(io.BytesIO(data)) as image:
        found = dict(image.getexif())
        found.pop(0x0112, None)  # the camera's turn is kept on purpose
        return found, {k: v for k, v in image.info.items() if k in ("comment", "xmp", "exif", "Author", "XML:com.adobe.xmp")}


def png_with_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "A writer's name")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>A writer</x:xmpmeta>", zip=True)
    return picture("PNG", pnginfo=info, exif=exif())


def between_scans(body, marker=0xFE):
    """Return a progressive JPEG with a segment between its first and second scans."""
    data = picture("JPEG", progressive=True, exif=exif())
    second = data.index(b"\xff\xda", data.index(b"\xff\xda") + 2)
    return data[:second] + bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + body + data[second:]


ROWS = [
    ("comment between a progressive jpeg's scans", lambda: between_scans(b"A writer's name")),
    ("xmp between a progressive jpeg's scans", lambda: between_scans(b"http://ns.adobe.com/xap/1.0/\x00A writer", 0xE1)),
    ("jpeg exif and gps", lambda: picture("JPEG", exif=exif())),
    ("jpeg comment and xmp", lambda: picture("JPEG", comment=b"A writer's name", xmp=b"<x:xmpmeta>A</x:xmpmeta>")),
    ("jpeg with bytes after its end", lambda: picture("JPEG", exif=exif()) + b"A writer's name"),
    ("progressive jpeg", lambda: picture("JPEG", exif=exif(), progressive=True)),
    ("png text, xmp and exif", png_with_text),
    ("gif comment", lambda: picture("GIF", comment=b"A writer's name")),
    ("animated gif with a comment", lambda: _animated(comment=b"A writer's name")),
    ("webp exif and xmp", lambda: picture("WEBP", exif=exif(), xmp=b"<x:xmpmeta>A</x:xmpmeta>")),
    ("lossless webp exif", lambda: picture("WEBP", lossless=True, exif=exif())),
]


def _animated(**save):
    out = io.BytesIO()
    frames = [Image.new("RGB", (6, 6), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], loop=0, duration=200, **save)
    return out.getvalue()


@pytest.mark.parametrize("make", [row[1] for row in ROWS], ids=[row[0] for row in ROWS])
def test_a_pictures_details_are_left_out_and_its_pixels_kept(make):
    data = make()
    stripped = strip(data)
    assert len(stripped) < len(data)
    assert pixels(stripped) == pixels(data)
    assert details(stripped) == ({}, {})
    assert b"A writer" not in stripped and b"PhoneMaker" not in stripped
    assert strip(stripped) == stripped  # nothing more to leave out


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("turn", [3, 6, 8])
def test_the_cameras_turn_is_kept_alone(fmt, turn):
    stripped = strip(picture(fmt, exif=exif(turn)))
    with Image.open(io.BytesIO(stripped)) as image:
        assert dict(image.getexif()) == {0x0112: turn}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "AVIF"])
def test_a_picture_without_details_is_unchanged_byte_for_byte(fmt):
    data = picture(fmt)
    assert strip(data) == data
    assert strip(_animated()) == _animated()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([row[1] for row in ROWS]), st.lists(st.tuples(st.integers(0, 4096), st.binary(max_size=3)),
                                                           max_size=4), st.integers(0, 4096))
def test_a_damaged_picture_is_returned_unchanged_or_still_a_picture(make, changes, cut):
    data = bytearray(make())
    for at, new in changes:
        at %= len(data) + 1
        data[at:at + len(new)] = new
    data = bytes(data[:max(cut, 12)])
    stripped = strip(data)  # never raises
    if stripped != data:
        with Image.open(io.BytesIO(stripped)) as image:
            assert image.size
