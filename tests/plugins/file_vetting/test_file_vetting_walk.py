"""static_files() and vet_site(): the files Pelican would copy, walked the way it walks them, links included."""

from __future__ import annotations

from file_samples import picture
from file_vetting.walk import static_files, vet_site

SETTINGS = {"STATIC_PATHS": ["images", "documents"], "IGNORE_FILES": [".*"], "STATIC_EXCLUDES": [],
            "ARTICLE_PATHS": ["blog"], "PAGE_PATHS": ["pages"]}


def settings_for(content, **extra):
    return {**SETTINGS, "PATH": str(content), **extra}


def test_every_static_file_is_found_and_hidden_and_excluded_ones_are_not(tmp_path):
    content = tmp_path / "content"
    (content / "images" / "sub").mkdir(parents=True)
    (content / "documents").mkdir()
    (content / "images" / "a.png").write_bytes(picture("PNG"))
    (content / "images" / "sub" / "b.png").write_bytes(picture("PNG"))
    (content / "images" / ".DS_Store").write_bytes(b"\x00")
    (content / "documents" / "skip").mkdir()
    (content / "documents" / "skip" / "x.html").write_text("<script></script>")
    found = {p.relative_to(content).as_posix() for p in static_files(settings_for(content, STATIC_EXCLUDES=["documents/skip"]))}
    assert found == {"images/a.png", "images/sub/b.png"}


def test_a_folder_link_that_loops_is_reported_once_and_not_walked_forever(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images" / "a.png").write_bytes(picture("PNG"))
    (content / "images" / "again").symlink_to("..", target_is_directory=True)
    problems = vet_site(settings_for(content))
    assert [p.path for p in problems] == [str(content / "images" / "again")]
    assert "points at a folder that contains it" in problems[0].message


def test_links_out_are_reported_and_links_within_are_followed(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "library").mkdir()
    (content / "library" / "c.png").write_bytes(picture("PNG"))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "d.png").write_bytes(picture("PNG"))
    (content / "images" / "lib").symlink_to("../library", target_is_directory=True)
    (content / "images" / "out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (content / "documents").symlink_to(tmp_path / "outside", target_is_directory=True)
    problems = vet_site(settings_for(content))
    assert sorted(p.path for p in problems) == sorted([str(content / "documents" / "d.png"),
                                                       str(content / "images" / "out" / "d.png")])
    assert all("outside the content folder" in p.message for p in problems)


def test_two_folder_links_that_lead_to_each_other_are_a_loop(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "documents").mkdir()
    (content / "images" / "a.png").write_bytes(picture("PNG"))
    (content / "images" / "docs").symlink_to("../documents", target_is_directory=True)
    (content / "documents" / "pics").symlink_to("../images", target_is_directory=True)
    problems = vet_site(settings_for(content))
    assert sorted(p.path for p in problems) == sorted([str(content / "images" / "docs" / "pics"),
                                                       str(content / "documents" / "pics" / "docs")])
