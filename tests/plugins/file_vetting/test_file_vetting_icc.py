"""Colour profiles are published without their words: a standard one rebuilt, a device's own converted to sRGB.

Each test embeds a profile that names a person (in its description, copyright, device maker and model), in
every kind of picture the site publishes and in a PDF, and reads the published copy's bytes for the name in
ASCII and UTF-16. Standard profiles keep every colour tag, so the picture looks exactly the same.
"""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
import pytest
from conftest import require_tool
from file_vetting import icc
from file_vetting.clean import clean_picture
from file_vetting.documents import clean_pdf
from file_vetting.isobmff import clean_avif
from file_vetting.svg import Refused
from file_vetting.vet import vet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, features

PERSON = "Jane Example-Smith"
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
COLOURS = [(200, 30, 90), (12, 240, 80), (250, 250, 5), (30, 30, 200), (128, 128, 128)]


def _mluc(text):
    data = text.encode("utf-16-be")
    return b"mluc" + bytes(4) + struct.pack(">II2s2sII", 1, 12, b"en", b"GB", len(data), 28) + data


def profile(description, *, swap_red_green=False, words=PERSON):
    """Return a working RGB profile (sRGB's colours) whose description, copyright and device tags are given.

    Written here tag by tag, independently of icc.py, the way a phone or a calibration tool might write one.
    """
    count = int.from_bytes(SRGB[128:132], "big")
    tags = {}
    for index in range(count):
        signature, offset, size = struct.unpack_from(">4sII", SRGB, 132 + 12 * index)
        tags[signature] = SRGB[offset:offset + size]
    if swap_red_green:  # another device's colours: what converting to sRGB must take into account
        tags[b"rXYZ"], tags[b"gXYZ"] = tags[b"gXYZ"], tags[b"rXYZ"]
    tags[b"desc"] = _mluc(description)
    tags[b"cprt"] = _mluc(f"Copyright {words}")
    tags[b"dmnd"] = _mluc(f"{words}'s phone maker")
    tags[b"dmdd"] = _mluc(f"{words}'s phone")
    table_end = 132 + 12 * len(tags)
    body, table = b"", b""
    for signature, data in tags.items():
        body += bytes(-(table_end + len(body)) % 4)
        table += struct.pack(">4sII", signature, table_end + len(body), len(data))
        body += data
    header = bytearray(SRGB[:128])
    header[48:56] = b"JANEPHON"  # device manufacturer and model signatures
    out = header + struct.pack(">I", len(tags)) + table + body
    out[:4] = struct.pack(">I", len(out))
    return bytes(out)


def picture(fmt, icc_profile, size=(40, 16), **options):
    # Blocks of 8 by 8 pixels, one colour each, so JPEG's halved colour detail keeps each block's colour.
    image = Image.new("RGB", size)
    image.putdata([COLOURS[(x // 8 + y // 8) % len(COLOURS)] for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    image.save(out, format=fmt, icc_profile=icc_profile, **options)
    return out.getvalue()


def names_nobody(data, words=PERSON):
    """Return whether ``data`` holds no trace of ``words`` (as ASCII, UTF-16 either way round, or compressed)."""
    haystacks = [data]
    for start in range(len(data)):  # a PDF's or PNG's compressed streams
        if data[start:start + 1] == b"\x78":
            try:
                haystacks.append(zlib.decompressobj().decompress(data[start:], 1 << 22))
            except zlib.error:
                continue
    needles = [words.encode(), words.encode("utf-16-be"), words.encode("utf-16-le"), b"JANEPHON"]
    return not any(needle in hay for hay in haystacks for needle in needles)


def published_profile(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.info.get("icc_profile")


def lab(profile_bytes):
    """Return how each test colour looks through ``profile_bytes`` (CIE Lab), to compare two profiles."""
    image = Image.new("RGB", (len(COLOURS), 1))
    image.putdata(COLOURS)
    converted = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes)),
                                          ImageCms.createProfile("LAB"), outputMode="LAB")
    return [converted.getpixel((x, 0)) for x in range(len(COLOURS))]


FORMATS = ["JPEG", "PNG", "WEBP"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("standard", ["sRGB IEC61966-2.1", "Display P3", "Adobe RGB (1998)"])
def test_a_standard_profile_keeps_its_colours_and_loses_its_words(fmt, standard):
    original = profile(standard)
    data = picture(fmt, original)
    assert not names_nobody(data)  # the picture as it came names her
    cleaned = clean_picture(data)
    assert names_nobody(cleaned)
    kept = published_profile(cleaned)
    assert icc.description(kept) == standard
    assert lab(kept) == lab(original)  # exactly the same colours
    with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(cleaned)) as after:
        assert before.tobytes() == after.tobytes()  # the pixels were never decoded and encoded again


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_devices_own_profile_is_converted_to_srgb(fmt):
    original = profile(f"{PERSON}'s iPhone", swap_red_green=True)
    data = picture(fmt, original)
    cleaned = clean_picture(data)
    assert names_nobody(cleaned) and published_profile(cleaned) is None
    with Image.open(io.BytesIO(data)) as before, Image.open(io.BytesIO(cleaned)) as after:
        expected = ImageCms.profileToProfile(before.convert("RGB"), ImageCms.ImageCmsProfile(io.BytesIO(original)),
                                             ImageCms.createProfile("sRGB"), outputMode="RGB")
        shown, wanted = after.convert("RGB").getpixel((4, 4)), expected.getpixel((4, 4))
        original_pixel = before.convert("RGB").getpixel((4, 4))
    tolerance = 0 if fmt == "PNG" else 12  # JPEG and WebP are encoded again
    assert all(abs(a - b) <= tolerance for a, b in zip(shown, wanted, strict=True))
    assert max(abs(a - b) for a, b in zip(shown, original_pixel, strict=True)) > 40  # red and green really swapped


def test_a_grey_and_a_palette_picture_with_a_devices_profile_are_converted():
    grey = io.BytesIO()
    Image.new("L", (8, 8), 100).save(grey, format="PNG", icc_profile=profile(PERSON))
    palette = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 90)).convert("P").save(palette, format="PNG", icc_profile=profile(PERSON),
                                                              transparency=0)
    for data in (grey.getvalue(), palette.getvalue()):
        cleaned = clean_picture(data)
        assert names_nobody(cleaned) and published_profile(cleaned) is None


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_an_animation_with_a_devices_profile_is_refused_with_what_to_do(tmp_path, fmt):
    frames = [Image.new("RGB", (8, 8), colour) for colour in COLOURS[:2]]
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:], icc_profile=profile(PERSON))
    path = tmp_path / "images" / f"moving.{fmt.lower()}"
    path.parent.mkdir()
    path.write_bytes(out.getvalue())
    (problem,) = vet(path, tmp_path)
    assert "colour profile is not a standard one" in problem.message and PERSON not in problem.format()
    assert "sRGB" in problem.hint


def test_avif_keeps_a_standard_profile_in_place_and_refuses_a_devices_own():
    require_tool(features.check("avif"), "Pillow's AVIF support (the pinned Pillow wheel has it)")
    data = picture("AVIF", profile("Display P3"))
    cleaned = clean_avif(data)
    assert len(cleaned) == len(data) and names_nobody(cleaned)
    assert icc.description(published_profile(cleaned)) == "Display P3"
    assert lab(published_profile(cleaned)) == lab(profile("Display P3"))
    with pytest.raises(Refused) as refused:
        clean_avif(picture("AVIF", profile(f"{PERSON}'s phone")))
    assert "colour profile" in str(refused.value) and refused.value.hint


def test_an_avif_sequence_rewrites_the_profiles_of_its_tracks_too():
    require_tool(features.check("avif"), "Pillow's AVIF support (the pinned Pillow wheel has it)")
    frames = [Image.new("RGB", (16, 16), colour) for colour in COLOURS[:2]]

    def sequence(description):
        out = io.BytesIO()
        frames[0].save(out, format="AVIF", save_all=True, append_images=frames[1:], icc_profile=profile(description))
        return out.getvalue()

    data = sequence("Display P3")
    assert b"moov" in data and not names_nobody(data)
    cleaned = clean_avif(data)
    assert len(cleaned) == len(data) and names_nobody(cleaned)
    with pytest.raises(Refused):
        clean_avif(sequence(f"{PERSON}'s phone"))


def _pdf(icc_profile):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    stream = pdf.make_stream(zlib.compress(icc_profile), Filter=pikepdf.Name.FlateDecode, N=3)
    page.Resources = pikepdf.Dictionary(ColorSpace=pikepdf.Dictionary(CS0=pikepdf.Array([pikepdf.Name.ICCBased,
                                                                                          stream])))
    page.Contents = pdf.make_stream(b"/CS0 cs 0.8 0.1 0.3 sc 0 0 100 100 re f")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("description", "published"), [("sRGB IEC61966-2.1", "sRGB IEC61966-2.1"),
                                                         (f"{PERSON}'s monitor", icc.NEUTRAL)])
def test_a_pdf_keeps_its_colours_under_a_standard_or_neutral_name(description, published):
    original = profile(description, swap_red_green=True)
    data = _pdf(original)
    assert not names_nobody(data)
    cleaned = clean_pdf(data)
    assert names_nobody(cleaned)
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        kept = pdf.pages[0].Resources.ColorSpace.CS0[1].read_bytes()
    assert icc.description(kept) == published and lab(kept) == lab(original)


def test_a_pdf_whose_profile_cannot_be_read_is_refused():
    with pytest.raises(Refused):
        clean_pdf(_pdf(b"x" * 200))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, exclude_categories=["Cs"]), min_size=6,
               max_size=40).filter(lambda t: t.strip() and icc.standard_name(profile(t)) is None))
def test_no_description_a_writer_types_reaches_the_published_png(words):
    data = picture("PNG", profile(words, words=words), size=(4, 4))
    cleaned = clean_picture(data)
    assert published_profile(cleaned) is None
    assert words.encode("utf-16-be") not in cleaned and names_nobody(cleaned, words)
