"""A publish build's caches keep only the files it used; nothing outside the cache folder is touched."""

import os

from inmind.media_cache import forget_unused


def test_only_the_used_files_are_kept_and_emptied_folders_go(tmp_path):
    cache = tmp_path / "cache"
    for rel in ("ab/used.png", "ab/old.png", "cd/old.webp", "cd/.old.webp.123", "top.txt"):
        (cache / rel).parent.mkdir(parents=True, exist_ok=True)
        (cache / rel).write_bytes(rel.encode())
    assert forget_unused(cache, [cache / "ab" / "used.png", tmp_path / "elsewhere.png"]) == 4
    assert [p.relative_to(cache).as_posix() for p in sorted(cache.rglob("*"))] == ["ab", "ab/used.png"]


def test_a_link_in_the_cache_is_removed_never_followed(tmp_path):
    cache, outside = tmp_path / "cache", tmp_path / "outside"
    (cache / "ab").mkdir(parents=True)
    outside.mkdir()
    (outside / "keep.png").write_bytes(b"not the cache's")
    os.symlink(outside, cache / "ab" / "folder")
    os.symlink(outside / "keep.png", cache / "ab" / "file.png")
    assert forget_unused(cache, []) == 2
    assert (outside / "keep.png").read_bytes() == b"not the cache's"
    assert not cache.exists() or not any(cache.rglob("*"))


def test_a_cache_folder_that_is_a_link_is_left_alone(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "holiday.jpg").write_bytes(b"someone's photo")
    os.symlink(tmp_path / "photos", tmp_path / "pictures")
    assert forget_unused(tmp_path / "pictures", []) == 0
    assert (tmp_path / "photos" / "holiday.jpg").read_bytes() == b"someone's photo"


def test_a_missing_cache_folder_is_nothing_to_forget(tmp_path):
    assert forget_unused(tmp_path / "none", []) == 0
