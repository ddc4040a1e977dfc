"""Compressed copies: written only when smaller, byte-identical between runs, and decompress to the original."""

import gzip
import random

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
