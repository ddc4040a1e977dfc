"""cleaned(): one published copy per content, made once, remembered in memory and on disk, refusals never kept."""

from __future__ import annotations

import pytest
from file_samples import CLEAN_SVG, picture, svg
from file_vetting import clean
from file_vetting.clean import cleaned
from file_vetting.svg import Refused
from metadata_samples import hostile_docx


@pytest.fixture(autouse=True)
def forget():
    clean._remembered.clear()
    yield
    clean._remembered.clear()


def _counting(monkeypatch):
    calls = []
    real = clean._cleaner

    def counted(kind):
        made = real(kind)
        return None if made is None else (lambda data: calls.append(kind) or made(data))

    monkeypatch.setattr(clean, "_cleaner", counted)
    return calls


def test_a_copy_is_made_once_per_content_whatever_the_files_name(monkeypatch, tmp_path):
    calls = _counting(monkeypatch)
    data = hostile_docx("Zq7Xw")
    first = cleaned("docx", data, tmp_path)
    assert cleaned("docx", data, tmp_path) == first and calls == ["docx"]
    clean._remembered.clear()  # the next build, in another process
    assert cleaned("docx", data, tmp_path) == first and calls == ["docx"]
    assert [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()] == [first]
    assert cleaned("docx", data + b"\0", tmp_path) and calls == ["docx", "docx"]  # other bytes: made again


def test_a_refusal_is_remembered_in_memory_only_and_keeps_its_hint(monkeypatch, tmp_path):
    calls = _counting(monkeypatch)
    bad = svg("<script>alert(1)</script>")
    for _ in range(2):
        with pytest.raises(Refused):
            cleaned("svg", bad, tmp_path)
    assert calls == ["svg"] and not list(tmp_path.rglob("*"))
    clean._remembered.clear()
    with pytest.raises(Refused):
        cleaned("svg", bad, tmp_path)
    assert calls == ["svg", "svg"]


def test_pictures_and_text_are_never_kept_on_disk(tmp_path):
    assert cleaned("jpeg", picture("JPEG"), tmp_path) == picture("JPEG")
    assert cleaned("txt", b"plain", tmp_path) == b"plain"
    assert not list(tmp_path.rglob("*"))


def test_memory_forgets_the_oldest_copies_past_its_limit(monkeypatch):
    monkeypatch.setattr(clean, "MEMORY", len(cleaned("svg", CLEAN_SVG)) + 10)
    cleaned("svg", CLEAN_SVG + b" ")
    assert len(clean._remembered) == 1
