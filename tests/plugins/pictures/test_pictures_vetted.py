"""A picture's sizes and copies are made from the very bytes the file vetting read, never from the file read again."""

from __future__ import annotations

import io

import file_vetting.vet
from file_vetting import settings as vetting_settings
from pictures import handlers, settings
from PIL import Image


def jpeg(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 94, 184)).save(out, format="JPEG")
    return out.getvalue()


def test_a_picture_swapped_after_it_was_read_is_not_what_the_copies_are_made_from(tmp_path, monkeypatch):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    path = content / "images" / "garden.jpg"
    path.write_bytes(jpeg(1600, 900))
    original = file_vetting.vet.read_once

    def read_then_swap(where, root):
        data = original(where, root)
        path.write_bytes(jpeg(300, 2000))  # another picture in its place, the moment after it was read
        return data

    monkeypatch.setattr(file_vetting.vet, "read_once", read_then_swap)
    config = settings.merged({})
    found = handlers.describe(content, "images/garden.jpg", config, vetting_settings.merged({}), tmp_path / "cache")
    assert (found["width"], found["height"]) == (1280, 720)  # the vetted 1600 x 900 picture's largest copy
    for copy in found["files"]:
        with Image.open(copy.cached) as made:
            assert made.width > made.height  # every copy drawn from the vetted picture, none from the swapped one
