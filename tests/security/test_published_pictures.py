"""A published photo says nothing about where, when, on what or by whom it was taken; the file in git is checked.

The site publishes its own copy of each picture without the picture's details (EXIF with the place, XMP,
comments, text chunks). The file in content/ is in git, which is public: a real name in its details is an
error at that file, before anything is built.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from test_names import A, post, private_file  # noqa: F401 - private_file is a fixture

GPS = {1: "N", 2: (53.0, 24.0, 30.5), 3: "W", 4: (2.0, 58.0, 12.0)}


def photo(fmt="JPEG", author="A carer", turn=None):
    exif = Image.Exif()
    exif[0x9C9D] = (author + "\0").encode("utf-16-le")
    exif[0x8825] = GPS
    if turn:
        exif[0x0112] = turn
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (0, 94, 184)).save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("links", [False, True], ids=["copied", "linked"])
def test_a_published_photo_has_no_place_or_author_and_the_file_in_content_is_untouched(build_site, fmt, links):
    rel = f"images/garden.{fmt.lower()}"
    data = photo(fmt, turn=6)
    site = build_site({A: post(f"![The garden]({{static}}/{rel})"), rel: data}, STATIC_CREATE_LINKS=links)
    assert site.status == 0, site.messages
    with Image.open(site.output / rel) as published:
        assert dict(published.getexif()) == {0x0112: 6}  # the camera's turn, and nothing else
        assert published.size == (8, 6)
    assert b"A\x00 \x00c\x00a\x00r\x00e\x00r" not in (site.output / rel).read_bytes()
    assert (site.content / rel).read_bytes() == data


@pytest.mark.usefixtures("private_file")
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
def test_a_real_name_in_a_pictures_details_stops_the_check_at_that_file(build_site, fmt):
    from test_name_formats import gif_comment

    rel = f"images/garden.{fmt.lower()}"
    data = gif_comment("Marchbanks-Oduya, Philippa", [5]) if fmt == "GIF" else photo(fmt, "Philippa Marchbanks-Oduya")
    site = build_site({A: post(), rel: data})
    assert site.status == 1, site.messages
    expected = (f'content/{rel}: error: the picture\'s details hold the real name of the anonymous author "A carer"'
                "\n  hint: remove the picture's details")
    assert expected in site.messages, site.messages
    assert "Philippa" not in site.messages and "Traceback" not in site.messages and not site.output.exists()
