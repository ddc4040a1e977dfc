"""Compressed copies: written only when smaller, byte-identical between runs, and decompress to the original."""

import gzip
import random
from pathlib import Path

import brotli
from publish_extras import compress

TEXT = ("<p>Co-production means working together as equals.</p>\n" * 40).encode()


def test_copies_decompress_to_the_original(tmp_path):
    page = tmp_path / "blog" / "index.html"
    page.parent.mkdir()
    page.write_bytes(TEXT)
    assert compress.compress_tree(tmp_path, [".html"], 256, 8) == 2
    assert gzip.decompress((tmp_path / "blog" / "index.html.gz").read_bytes()) == TEXT
    assert brotli.decompress((tmp_path / "blog" / "index.html.br").read_bytes()) == TEXT


def test_small_files_other_types_and_incompressible_data_are_left_alone(tmp_path):
    (tmp_path / "tiny.html").write_bytes(b"<p>hi</p>")
    (tmp_path / "picture.png").write_bytes(TEXT)
    (tmp_path / "random.js").write_bytes(random.Random(1).randbytes(600))
    assert compress.compress_tree(tmp_path, [".html", ".js"], 256, 8) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["picture.png", "random.js", "tiny.html"]


def test_gzip_copies_are_reproducible():
    assert compress.gzip_bytes(TEXT) == compress.gzip_bytes(TEXT)
    assert compress.gzip_bytes(TEXT)[4:8] == b"\0\0\0\0"  # no timestamp in the header


def _tree(root, files):
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _copies(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.suffix in (".gz", ".br")}


FILES = {"index.html": TEXT, "blog/a/index.html": TEXT * 2, "feed.xml": TEXT.replace(b"p>", b"entry>"),
         "tiny.html": b"<p>hi</p>"}


def test_files_compressed_while_the_site_is_written_end_as_if_compressed_at_the_end(tmp_path, monkeypatch):
    _tree(tmp_path / "late", FILES)
    late = compress.compress_tree(tmp_path / "late", [".html", ".xml"], 256, 8)
    site = tmp_path / "early"
    _tree(site, FILES)
    early = compress.EarlyCompressor([".html"], 256, 8)
    for rel in FILES:
        early.add(str(site / rel))  # as Pelican names them: text, not Path
    named = {p.relative_to(site).as_posix() for p in early.written()}
    assert {"index.html.gz", "index.html.br", "blog/a/index.html.gz", "blog/a/index.html.br"} <= named
    assert not any(name.startswith("feed.xml") for name in named)  # not one of the compressor's kinds
    made = early.finish()
    assert made[site / "tiny.html"] is None  # too small: no copies
    real = compress.compress_file
    redone = []
    monkeypatch.setattr(compress, "compress_file", lambda path, quality: (redone.append(path.name), real(path, quality))[1])
    assert compress.compress_tree(site, [".html", ".xml"], 256, 8, early=made) == late
    assert redone == ["feed.xml"], "unchanged pages keep the copies made while they were written"
    assert _copies(site) == _copies(tmp_path / "late")
    assert not any(t.name.startswith("publish-extras-compress") for t in __import__("threading").enumerate())


def test_a_page_changed_after_its_early_copies_gets_new_ones_and_a_shrunk_one_loses_them(tmp_path):
    _tree(tmp_path, FILES)
    early = compress.EarlyCompressor([".html"], 256, 8)
    for rel in ("index.html", "blog/a/index.html"):
        early.add(tmp_path / rel)
    made = early.finish()
    changed = b"<p>Rewritten after it was first compressed.</p>\n" * 30
    (tmp_path / "index.html").write_bytes(changed)
    (tmp_path / "blog/a/index.html").write_bytes(b"<p>now tiny</p>")
    compress.compress_tree(tmp_path, [".html"], 256, 8, early=made)
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()) == changed
    assert brotli.decompress((tmp_path / "index.html.br").read_bytes()) == changed
    assert not (tmp_path / "blog/a/index.html.gz").exists() and not (tmp_path / "blog/a/index.html.br").exists()


def test_a_copy_that_is_no_longer_smaller_is_removed(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(TEXT)
    assert compress.compress_file(page, 8) == 2
    page.write_bytes(random.Random(2).randbytes(600))
    assert compress.compress_file(page, 8) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]


def test_the_first_page_written_also_queues_the_files_already_in_the_output(tmp_path, monkeypatch):
    from publish_extras import handlers

    class Pelican:
        settings = {"SITEURL": "https://inmind.example.nhs.uk", "PUBLISH_EXTRAS": {}}
        output_path = str(tmp_path)

    _tree(tmp_path, {"admin/editor.js": TEXT * 3, "index.html": TEXT})
    handlers.check_settings(Pelican())
    queued = []
    real_add = compress.EarlyCompressor.add
    monkeypatch.setattr(compress.EarlyCompressor, "add",
                        lambda self, path, again=True: (queued.append((Path(path).name, again)), real_add(self, path, again)))
    handlers.compress_soon(str(tmp_path / "index.html"), context={})
    _tree(tmp_path, {"feeds/all.atom.xml": TEXT * 2})
    handlers.compress_soon(str(tmp_path / "feeds/all.atom.xml"), context={}, feed=None)
    assert ("index.html", True) in queued and ("editor.js", False) in queued and ("all.atom.xml", True) in queued
    assert sum(name == "editor.js" for name, _ in queued) == 1, "the output is looked at once"
    redone = []
    monkeypatch.setattr(compress, "compress_file", lambda path, quality: redone.append(path.name) or 0)
    handlers.write_compressed(Pelican())
    assert redone == [], "every file was compressed while the site was written"
    assert brotli.decompress((tmp_path / "admin/editor.js.br").read_bytes()) == TEXT * 3
    assert gzip.decompress((tmp_path / "feeds/all.atom.xml.gz").read_bytes()) == TEXT * 2
