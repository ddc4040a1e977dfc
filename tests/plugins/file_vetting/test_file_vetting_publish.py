"""The build publishes exactly the bytes it vetted: a file changed or swapped for a link after the checks is caught.

Each test swaps a file between the two steps of the build (the check at static_generator_finalized and the
writing of the published copies), by wrapping the first step, as a save during ``./dev serve`` or a
hostile link swap would.
"""

from __future__ import annotations

import os

import file_vetting
import pytest
from file_samples import picture
from file_vetting.clean import cleaned
from file_vetting.vet import read_once

POST = ("Title: Pictures\nDate: 2019-04-01 09:00\nAuthor: Communications Team\nSummary: A post with a picture."
        "\n\n![A garden]({static}/images/garden.png)\n\n[Notes]({static}/documents/notes.txt)\n")
SECRET = "Zq7Xw-secret-marker"


@pytest.fixture
def swapped(monkeypatch):
    """Return a function that registers what to do to the content folder right after the files are checked."""
    original = file_vetting.refuse_unsafe_files
    swaps = []

    def checked_then_swapped(generator):
        original(generator)
        for swap in swaps:
            swap(generator.path)

    monkeypatch.setattr(file_vetting, "refuse_unsafe_files", checked_then_swapped)
    file_vetting._test_receiver = checked_then_swapped  # blinker holds receivers weakly
    return swaps.append


def files():
    return {"blog/2019/a.md": POST, "images/garden.png": picture("png"), "documents/notes.txt": "Plain notes.\n"}


def test_the_published_copies_are_the_clean_copies_of_what_was_read(build_site):
    site = build_site(files())
    assert site.status == 0, site.messages
    published = site.output / "images" / "garden.png"
    assert published.read_bytes() == cleaned("png", picture("png"))
    assert not published.is_symlink()
    assert (site.output / "documents" / "notes.txt").read_text(encoding="utf-8") == "Plain notes.\n"


def test_a_picture_replaced_by_a_web_page_after_the_check_is_not_published(build_site, swapped, tmp_path):
    swapped(lambda content: (open(os.path.join(content, "images", "garden.png"), "wb")
                             .write(b"<html><script>alert(1)</script></html>")))
    site = build_site(files())
    assert site.status == 1
    assert "images/garden.png: error: this file is named as a PNG picture, but it is a web page" in site.messages
    assert "it changed after it was checked" in site.messages and "Traceback" not in site.messages
    assert not (tmp_path / "output").exists()


def test_a_file_swapped_for_a_link_out_of_content_after_the_check_is_not_published(build_site, swapped, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")

    def to_link(content):
        notes = os.path.join(content, "documents", "notes.txt")
        os.remove(notes)
        os.symlink(secret, notes)

    swapped(to_link)
    site = build_site(files())
    assert site.status == 1 and "documents/notes.txt" in site.messages
    assert "a link to a file outside the content folder" in site.messages
    assert not (tmp_path / "output").exists()


def test_a_file_changed_after_the_check_is_published_as_it_is_now_checked(build_site, swapped):
    swapped(lambda content: open(os.path.join(content, "documents", "notes.txt"), "w").write("Newer notes.\n"))
    site = build_site(files())
    assert site.status == 0, site.messages
    assert (site.output / "documents" / "notes.txt").read_text(encoding="utf-8") == "Newer notes.\n"


def test_read_once_never_reads_outside_the_content_folder(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    (content / "inside.txt").write_text("inside", encoding="utf-8")
    (content / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert read_once(content / "inside.txt", content) == b"inside"
    with pytest.raises(OSError):
        read_once(content / "link.txt", content)
