"""A site publishes documents and pictures without what they say about their makers, and refuses what it cannot clean.

Each file carries a marker name in every place its format keeps notes (see tests/metadata_samples.py). The
publish build must write no byte of the marker anywhere, compressed copies included, keep what a reader sees,
and agree with ``invoke check`` on every file it refuses.
"""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from conftest import ROOT, run_build, write_files
from file_samples import CLEAN_SVG, svg
from metadata_samples import (
    VISIBLE,
    decompressed_copies,
    hostile_avif,
    hostile_docx,
    hostile_opendocument,
    hostile_pdf,
    hostile_xlsx,
    jpeg_with_exif,
)
from PIL import Image, features

MARKER = "Zq7Xw-Marker-Person"
POST = """Title: Our annual report
Date: 2019-05-01 09:00
Author: Communications Team
Summary: The year's report and minutes.

Read [the report]({static}/documents/report.pdf), [the minutes]({static}/documents/minutes.docx),
[the budget]({static}/documents/budget.xlsx), [the notes]({static}/documents/notes.odt) and
[the figures]({static}/documents/figures.ods).

![The ward garden in spring]({static}/images/garden.avif)

![The Trust's logo]({static}/images/logo.svg)
"""
HOSTILE_SVG = svg(
    f'<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><dc:creator xmlns:dc="http://purl.org/'
    f'dc/elements/1.1/">{MARKER}</dc:creator></rdf:RDF></metadata><!-- drawn by {MARKER} --><desc>A blue square</desc>'
    f'<rect width="10" height="10" fill="#005EB8" inkscape:label="{MARKER}" xmlns:inkscape="http://www.inkscape.org/'
    f'namespaces/inkscape"/><image width="2" height="2" href="data:image/jpeg;base64,'
    + __import__("base64").b64encode(jpeg_with_exif(MARKER)).decode() + '"/>',
    attributes=f'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" sodipodi:docname="/home/{MARKER}/'
               'logo.svg"').replace(b"A square", b"The Trust's logo")


def _files():
    files = {"blog/2019/report.md": POST, "documents/report.pdf": hostile_pdf(MARKER, active=False),
             "documents/minutes.docx": hostile_docx(MARKER), "documents/budget.xlsx": hostile_xlsx(MARKER),
             "documents/notes.odt": hostile_opendocument(MARKER), "documents/figures.ods": hostile_opendocument(
                 MARKER, "ods", body="<table:table/>"), "images/logo.svg": HOSTILE_SVG}
    if features.check("avif"):
        files["images/garden.avif"] = hostile_avif(MARKER, (64, 48))
    else:
        files["blog/2019/report.md"] = POST.replace("![The ward garden in spring]({static}/images/garden.avif)", "")
    return files


def _publish(tmp_path, monkeypatch, files):
    content = tmp_path / "content"
    write_files(content, files)
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    monkeypatch.setenv("SITE_URL", "https://inmind.test.nhs.uk")
    return run_build(content, tmp_path / "output", "publishconf.py", CACHE_PATH=str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("metadata")
    with pytest.MonkeyPatch.context() as monkeypatch:
        site = _publish(tmp_path, monkeypatch, _files())
    assert site.status == 0, site.messages
    return site


def _unpacked(data):
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return b"\n".join([data, *(archive.read(info) for info in archive.infolist())])
    if data.startswith(b"%PDF-"):
        from metadata_samples import every_pdf_byte

        return every_pdf_byte(data)
    return data


def test_no_published_byte_holds_the_marker(published):
    seen = 0
    for path, data in decompressed_copies(published.output):
        every = _unpacked(data)
        seen += 1
        assert MARKER.encode() not in every and MARKER.encode()[:5] not in every, path
        assert MARKER.encode("utf-16-le") not in every and MARKER.encode("utf-16-be") not in every, path
    assert seen > 20
    assert list(published.output.rglob("logo.svg.gz")), "the drawing's compressed copy is checked too"


def test_what_a_reader_sees_is_kept(published):
    with pikepdf.open(published.output / "documents/report.pdf") as document:
        assert f"({VISIBLE})".encode() in document.pages[0].Contents.read_bytes()
        assert "/StructTreeRoot" in document.Root and str(document.Root.Lang) == "en-GB"
    with zipfile.ZipFile(published.output / "documents/minutes.docx") as archive:
        assert VISIBLE.encode() in archive.read("word/document.xml")
    with zipfile.ZipFile(published.output / "documents/notes.odt") as archive:
        assert VISIBLE.encode() in archive.read("content.xml")
    drawing = (published.output / "images/logo.svg").read_bytes()
    assert b"<title id=\"t\">The Trust's logo</title>" in drawing and b"<desc>A blue square</desc>" in drawing
    if features.check("avif"):
        source = published.content / "images/garden.avif"
        with Image.open(source) as before, Image.open(published.output / "images/garden.avif") as after:
            assert before.convert("RGBA").tobytes() == after.convert("RGBA").tobytes()


def test_the_check_finds_nothing_to_refuse_in_the_same_files(published):
    from inmind.build import load_settings
    from inmind.check import check_site

    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(published.content), "CACHE_PATH": str(
        published.output.parent / "check-cache"), "PLUGIN_PATHS": [str(ROOT / "plugins")]})
    problems = [p for p in check_site(settings) if p.severity == "error"]
    assert problems == [], [p.format() for p in problems]


BROKEN = [
    ("documents/report.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "it cannot be read as a PDF",
     "print or export it again"),
    ("documents/minutes.docx", hostile_docx(MARKER, body=f'<w:p><w:del w:id="1" w:author="{MARKER}"><w:r><w:delText>'
                                            "an old sentence</w:delText></w:r></w:del></w:p>"),
     "tracked changes or comments", "accept every tracked change"),
    ("documents/notes.odt", hostile_opendocument(MARKER, body="<text:p><office:annotation/></text:p>"), "comments",
     "accept every tracked change"),
]


@pytest.mark.parametrize("rel,data,why,fix", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_file_that_cannot_be_cleaned_stops_the_build_in_words_and_keeps_the_site(tmp_path, monkeypatch, rel, data,
                                                                                  why, fix):
    from inmind.build import load_settings
    from inmind.check import check_site

    files = {"blog/2019/report.md": POST.split("\n\n![")[0] + "\n", "images/logo.svg": CLEAN_SVG}
    files.update({k: v for k, v in _files().items() if k.startswith("documents/")})
    good = _publish(tmp_path, monkeypatch, files)
    assert good.status == 0, good.messages
    before = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}

    (good.content / rel).write_bytes(data)
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(good.content), "CACHE_PATH": str(tmp_path / "c"),
                                                       "PLUGIN_PATHS": [str(ROOT / "plugins")]})
    [checked] = [p for p in check_site(settings) if p.path == str(good.content / rel)]
    assert why in checked.message and fix in checked.hint and MARKER not in checked.message

    again = _publish(tmp_path, monkeypatch, {})
    assert again.status == 1
    line = next(line for line in again.messages.splitlines() if rel in line and "error" in line)
    assert why in line and f"hint: {checked.hint}" in again.messages and "Traceback" not in again.messages
    assert {p: p.read_bytes() for p in again.output.rglob("*") if p.is_file()} == before
