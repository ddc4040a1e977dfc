"""A published Word, Excel or OpenDocument file is a new zip without its makers' notes; review marks are refused."""

from __future__ import annotations

import base64
import io
import posixpath
import re
import warnings
import zipfile

import pytest
from file_samples import office, vet_written
from file_vetting.office import ACCEPT_HINT, clean_office
from file_vetting.svg import Refused
from file_vetting.vet import vet
from hypothesis import given, settings
from hypothesis import strategies as st
from metadata_samples import VISIBLE, W, hostile_docx, hostile_opendocument, hostile_xlsx, jpeg_with_exif, unzipped
from PIL import Image

MARKER = "Zq7Xw-Marker-Person"
HOSTILE = {"docx": lambda: hostile_docx(MARKER), "xlsx": lambda: hostile_xlsx(MARKER),
           "odt": lambda: hostile_opendocument(MARKER, "odt"), "ods": lambda: hostile_opendocument(MARKER, "ods")}


def parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.parametrize("kind", HOSTILE)
def test_no_byte_of_the_published_file_holds_the_marker(kind):
    data = HOSTILE[kind]()
    assert MARKER.encode() in unzipped(data)
    published = clean_office(kind, data)
    assert MARKER.encode() not in unzipped(published)
    assert b"MARKER-COMMENT" not in published  # the zip's own comment
    with zipfile.ZipFile(io.BytesIO(published)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert clean_office(kind, published) == published  # nothing more to leave out
    assert clean_office(kind, data) == published  # the same file, the same bytes


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_published_file_passes_the_checks_and_keeps_its_text(kind, tmp_path):
    published = clean_office(kind, HOSTILE[kind]())
    path = tmp_path / f"file.{kind}"
    path.write_bytes(published)
    assert vet(path, tmp_path) == []
    found = parts(published)
    if kind == "docx":
        assert VISIBLE.encode() in found["word/document.xml"]
    elif kind == "xlsx":
        assert b'<sheet name="Attendance"' in found["xl/workbook.xml"]
    else:
        assert VISIBLE.encode() in found["content.xml"] and list(found)[0] == "mimetype"


def test_word_keeps_the_title_language_and_a_consistent_package():
    found = parts(clean_office("docx", hostile_docx(MARKER)))
    core = found["docProps/core.xml"]
    assert b"<dc:title>Annual report</dc:title>" in core and b"<dc:language>en-GB</dc:language>" in core
    assert not [n for n in found if n.startswith(("customXml/", "docProps/app", "docProps/custom", "docProps/thumb"))]
    assert "word/people.xml" not in found
    # Every link to a part inside the file leads to a part that is there; the template is named without its folder.
    for name, body in found.items():
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        for target, mode in re.findall(rb'Target="([^"]*)"(?: TargetMode="(\w+)")?', body):
            if mode != b"External":
                assert posixpath.normpath(posixpath.join(folder, target.decode())) in found, (name, target)
    assert b'Target="Normal.dotm"' in found["word/_rels/settings.xml.rels"]
    assert b'Target="https://example.org/"' in found["word/_rels/settings.xml.rels"]
    overrides = re.findall(rb'PartName="/([^"]*)"', found["[Content_Types].xml"])
    assert overrides and all(o.decode() in found for o in overrides)
    with Image.open(io.BytesIO(found["word/media/image1.jpeg"])) as photo:
        assert photo.size == (8, 8) and not dict(photo.getexif())
    chart_data = parts(found["word/embeddings/Chart_data.xlsx"])
    assert b"absPath" not in chart_data["xl/workbook.xml"] and b"fileSharing" not in chart_data["xl/workbook.xml"]


def test_opendocument_keeps_only_what_it_needs_and_lists_it():
    found = parts(clean_office("odt", hostile_opendocument(MARKER)))
    assert sorted(found) == ["META-INF/manifest.xml", "Pictures/photo.jpg", "content.xml", "meta.xml", "mimetype"]
    assert b"<dc:title>Minutes</dc:title>" in found["meta.xml"]
    paths = re.findall(rb'full-path="([^"]*)"', found["META-INF/manifest.xml"])
    assert sorted(paths) == [b"/", b"Pictures/photo.jpg", b"content.xml", b"meta.xml"]


TRACKED = [
    ("docx", "insertion", lambda: hostile_docx(MARKER, body=f'<w:p><w:ins w:id="1" w:author="{MARKER}"><w:r><w:t>new'
                                                          "</w:t></w:r></w:ins></w:p>")),
    ("docx", "deletion", lambda: hostile_docx(MARKER, body=f'<w:p><w:del w:id="1" w:author="{MARKER}"><w:r><w:delText>'
                                                         "an old name</w:delText></w:r></w:del></w:p>")),
    ("docx", "formatting change", lambda: hostile_docx(MARKER, body='<w:p><w:pPr><w:pPrChange w:id="1" w:author="x">'
                                                                  "<w:pPr/></w:pPrChange></w:pPr></w:p>")),
    ("docx", "comments", lambda: hostile_docx(MARKER, extra_parts=[("word/comments.xml", f'<w:comments {W}><w:comment '
                                                                   f'w:id="0" w:author="{MARKER}"/></w:comments>')])),
    ("xlsx", "cell comments", lambda: hostile_xlsx(MARKER, extra_parts=[("xl/comments1.xml", "<comments/>")])),
    ("xlsx", "threaded comments", lambda: hostile_xlsx(MARKER, extra_parts=[("xl/threadedComments/t1.xml", "<t/>")])),
    ("xlsx", "shared workbook history", lambda: hostile_xlsx(MARKER, extra_parts=[("xl/revisions/userNames.xml", "<u/>")])),
    ("odt", "tracked changes", lambda: hostile_opendocument(MARKER, body="<text:tracked-changes><text:changed-region "
                                                            'text:id="c1"/></text:tracked-changes><text:p>x</text:p>')),
    ("odt", "comments", lambda: hostile_opendocument(MARKER, body=f"<text:p><office:annotation><dc:creator>{MARKER}"
                                                     "</dc:creator></office:annotation></text:p>")),
    ("ods", "tracked changes", lambda: hostile_opendocument(MARKER, "ods", body="<table:tracked-changes/>")),
]


@pytest.mark.parametrize("kind,what,make", TRACKED, ids=[f"{k}-{w}" for k, w, _ in TRACKED])
def test_tracked_changes_and_comments_are_refused_with_what_to_do(kind, what, make, tmp_path):
    with pytest.raises(Refused) as refused:
        clean_office(kind, make())
    assert refused.value.hint == ACCEPT_HINT
    [problem] = vet_written(tmp_path, f"minutes.{kind}", make())
    assert "cannot be published" in problem.message and problem.hint == ACCEPT_HINT
    assert MARKER not in problem.message
    assert ".xml" not in problem.message and "xl/" not in problem.message  # an editor never sees the zip's inner names


def _raw_zip(names):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name), b"<x/>")
    return out.getvalue()


@pytest.mark.parametrize("name", ["../../outside.xml", "/etc/cron.d/x", "word\\..\\..\\x.xml", "C:/x.xml",
                                  "word/./document.xml", "word//document.xml"])
def test_a_part_whose_name_climbs_out_of_its_folder_is_refused(name):
    with pytest.raises(Refused, match="written outside its folder"):
        clean_office("docx", _raw_zip(["[Content_Types].xml", name]))


@pytest.mark.parametrize("names", [["word/document.xml", "word/document.xml"], ["word/a.xml", "WORD/A.xml"]])
def test_two_parts_with_one_name_are_refused(names):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the same name twice: the point of the test
        data = _raw_zip(["[Content_Types].xml", *names])
    with pytest.raises(Refused, match="two parts named"):
        clean_office("docx", data)


def test_another_programs_object_inside_is_refused(tmp_path):
    data = hostile_docx(MARKER, extra_parts=[("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + MARKER.encode())])
    with pytest.raises(Refused, match="another program's object") as refused:
        clean_office("docx", data)
    assert "picture" in refused.value.hint


def test_a_damaged_picture_inside_is_refused():
    broken = jpeg_with_exif(MARKER)[:200]
    with pytest.raises(Refused, match="damaged"):
        clean_office("odt", hostile_opendocument(MARKER, photo=broken))
    with pytest.raises(Refused, match="damaged"):
        clean_office("docx", hostile_docx(MARKER, extra_parts=[("word/media/image9.png", b"\x89PNG\r\n\x1a\n" + bytes(9))]))


def test_a_document_type_inside_a_part_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(Refused, match="document type"):
        clean_office("docx", hostile_docx(MARKER, extra_parts=[("word/styles.xml", bomb)]))


def test_a_part_nothing_links_to_or_lists_is_never_published():
    hidden = [("word/notes.xml", f"<notes>{MARKER}</notes>"), ("secret/x.xml", MARKER), ("x.bin", MARKER)]
    data = office("docx", extra_parts=hidden)
    found = parts(clean_office("docx", data))
    assert sorted(found) == ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]
    odt = hostile_opendocument(MARKER, unlisted=[("Pictures/extra.txt", MARKER), ("Object 1/content.xml", MARKER)])
    assert MARKER.encode() not in unzipped(clean_office("odt", odt))


def test_office_files_inside_office_files_stop_two_deep():
    data = hostile_xlsx(MARKER)
    for _ in range(4):
        data = hostile_docx(MARKER, extra_parts=[("word/embeddings/inner.docx", data)])
    with pytest.raises(Refused, match="more than two deep"):
        clean_office("docx", data)


def test_a_zip_bomb_inside_is_refused(monkeypatch):
    from file_vetting import office as module

    monkeypatch.setattr(module, "UNPACKED_LIMIT", 1000)
    inner = office("xlsx", extra_parts=[("xl/zeros.bin", bytes(5000))])
    with pytest.raises(Refused, match="far more data"):
        clean_office("docx", hostile_docx(MARKER, extra_parts=[("word/embeddings/b.xlsx", inner)]))


def test_a_zip_bomb_is_refused_by_the_checks_before_any_part_is_read(tmp_path):
    [problem] = vet_written(tmp_path, "big.docx", office("docx", extra_parts=[("word/media/zeros.bin", b"\0" * (101 << 20))]))
    assert "far more data than a document needs" in problem.message


@settings(max_examples=80, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_whatever_the_properties_say_only_title_and_language_are_published(value):
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    escaped = "".join(c if c in "\t\n\r" or ord(c) >= 32 and c not in "\ufffe\uffff" and not 0xD800 <= ord(c) <= 0xDFFF
                      else " " for c in escaped)
    data = hostile_docx(escaped)
    found = parts(clean_office("docx", data))
    core = found["docProps/core.xml"]
    assert re.fullmatch(rb'<\?xml[^>]*\?>\n<cp:coreProperties [^>]*><dc:title>Annual report</dc:title>'
                        rb"<dc:language>en-GB</dc:language></cp:coreProperties>", core)


# --- what a document fetches when it is opened --------------------------------------------------------------------
# A Word or Excel file can name a template, a picture, a frame or another workbook on another site, which the
# reader's program fetches when it opens the file (a remote template can bring macros). They were published as
# written; a link the reader clicks (a hyperlink) is still fine, and a template on the writer's own computer is
# named without its folder, as before.
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _replaced(data, name, body):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, body if info.filename == name else source.read(info))
    return out.getvalue()


def _settings_rels(kind, target):
    return (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC}/{kind}" Target="{target}" '
            'TargetMode="External"/></Relationships>').encode()


@pytest.mark.parametrize(("kind", "target"), [
    ("attachedTemplate", "https://evil.example/template.dotm"), ("image", "http://evil.example/pixel.png"),
    ("frame", "HTTPS://evil.example/frame.html"), ("oleObject", "https://evil.example/object.bin"),
], ids=["template", "picture", "frame", "object"])
def test_a_document_that_fetches_something_from_elsewhere_is_refused(kind, target, tmp_path):
    data = _replaced(hostile_docx(MARKER), "word/_rels/settings.xml.rels", _settings_rels(kind, target))
    with pytest.raises(Refused, match="fetch") as refused:
        clean_office("docx", data)
    assert "link" in refused.value.hint
    [problem] = vet_written(tmp_path, "report.docx", data)
    assert "fetch a file from another site" in problem.message and "PDF" in problem.hint


@pytest.mark.parametrize("target", ["file:///C:/Users/jsmith/Templates/Report.dotm", "C:\\Users\\jsmith\\Report.dotm",
                                    "Report.dotm", "\\\\evil.example\\share\\Report.dotm",
                                    "file://evil.example/share/Report.dotm", "ftp://evil.example/Report.dotm"])
def test_a_template_anywhere_but_a_web_address_is_named_without_its_folder(target):
    data = _replaced(hostile_docx(MARKER), "word/_rels/settings.xml.rels", _settings_rels("attachedTemplate", target))
    assert b'Target="Report.dotm"' in parts(clean_office("docx", data))["word/_rels/settings.xml.rels"]


XLINK = 'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"'


@pytest.mark.parametrize("body", [
    f'<text:p><draw:frame {XLINK}><draw:image xlink:href="https://evil.example/pixel.png"/></draw:frame></text:p>',
    f'<text:section text:name="s"><text:section-source {XLINK} xlink:href="http://evil.example/s.odt"/></text:section>',
    f'<text:p><draw:frame {XLINK}><draw:object xlink:href="//evil.example/object"/></draw:frame></text:p>',
    f'<text:p><draw:frame {XLINK}><draw:image xlink:href="file:///C:/Users/jsmith/Pictures/p.png"/></draw:frame></text:p>',
], ids=["picture", "section", "object", "picture-on-a-computer"])
def test_an_opendocument_that_fetches_something_from_elsewhere_is_refused(body):
    with pytest.raises(Refused, match="fetch") as refused:
        clean_office("odt", hostile_opendocument(MARKER, body=body))
    assert "LibreOffice" in refused.value.hint


def test_an_opendocuments_own_pictures_and_links_are_kept():
    body = (f'<text:p {XLINK}><draw:frame><draw:image xlink:href="Pictures/photo.jpg"/></draw:frame>'
            '<text:a xlink:href="https://example.org/report">the report</text:a></text:p>')
    content = parts(clean_office("odt", hostile_opendocument(MARKER, body=body)))["content.xml"]
    assert b'xlink:href="Pictures/photo.jpg"' in content and b'xlink:href="https://example.org/report"' in content


def _with_part(part, body, kind):
    """Return the hostile Word file with ``part`` (under word/) linked from its text as a relationship of ``kind``."""
    data = hostile_docx(MARKER, extra_parts=[(part, body)])
    rels = parts(data)["word/_rels/document.xml.rels"].replace(
        f'Type="{DOC}/part" Target="{part[5:]}"'.encode(), f'Type="{DOC}/{kind}" Target="{part[5:]}"'.encode())
    assert f"{DOC}/{kind}".encode() in rels
    return _replaced(data, "word/_rels/document.xml.rels", rels)


@pytest.mark.parametrize(("part", "body"), [
    ("word/afchunk.mht", b'MIME-Version: 1.0\r\nContent-Type: text/html; charset="utf-8"\r\n'
                         b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(f"<p>{MARKER}</p>".encode())),
    ("word/afchunk.rtf", b"{\\rtf1\\ansi " + MARKER.replace("e", "\\'65").encode() + b"}"),
    ("word/afchunk.htm", f'<p>{MARKER}<img src="https://evil.example/pixel.png"></p>'.encode()),
], ids=["email-base64", "rtf-escapes", "web-page"])
def test_a_part_word_converts_as_it_opens_the_file_is_refused(part, body, tmp_path):
    # Word shows an alternative-format part's text as the document's; its encodings hid a name from the check.
    data = _with_part(part, body, "aFChunk")
    with pytest.raises(Refused, match="Word turns into text as it opens the file") as refused:
        clean_office("docx", data)
    assert "save it again" in refused.value.hint
    [problem] = vet_written(tmp_path, "leaflet.docx", data)
    assert "cannot be published: it has a part that Word turns into text" in problem.message


def test_a_word_file_inside_outside_the_embeddings_folder_is_rebuilt_too():
    # A subdocument is a whole Word file of its own, with its author: rebuilt like a chart's workbook, wherever it is.
    data = _with_part("word/subdoc1.docx", hostile_docx(MARKER), "subDocument")
    assert MARKER.encode() in unzipped(data)
    published = clean_office("docx", data)
    assert MARKER.encode() not in unzipped(published)
    assert VISIBLE.encode() in unzipped(parts(published)["word/subdoc1.docx"])


def _tiff_with_gps():
    picture, exif = Image.new("RGB", (8, 8), (0, 94, 184)), Image.Exif()
    exif[0x013B] = MARKER  # Artist
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 10.0)}  # where it was taken
    out = io.BytesIO()
    picture.save(out, format="TIFF", exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_tiff_photo_inside_is_refused_rather_than_published_with_its_details(kind, tmp_path):
    photo = _tiff_with_gps()
    assert MARKER.encode() in photo
    data = (hostile_docx(MARKER, extra_parts=[("word/media/image9.tiff", photo)]) if kind == "docx"
            else hostile_opendocument(MARKER, photo=photo))
    with pytest.raises(Refused, match="TIFF or HEIC photo") as refused:
        clean_office(kind, data)
    assert "JPEG or PNG" in refused.value.hint


def test_words_document_variables_and_excels_personal_views_are_left_out():
    # A template's hidden variables name its user; a shared workbook's personal views are named after people.
    settings = (f'<w:settings {W}><w:zoom w:percent="100"/><w:docVars><w:docVar w:name="UserName" w:val="{MARKER}"/>'
                f'</w:docVars><w:defaultTabStop w:val="720"/></w:settings>')
    docx = _replaced(hostile_docx(MARKER), "word/settings.xml", settings.encode())
    published = parts(clean_office("docx", docx))["word/settings.xml"]
    assert MARKER.encode() not in published and b"<w:zoom" in published and b"defaultTabStop" in published
    workbook = parts(hostile_xlsx(MARKER))["xl/workbook.xml"].replace(
        b"<sheets>", f'<customWorkbookViews><customWorkbookView name="{MARKER} - Personal View" guid="{{1}}" '
                     'personalView="1" windowWidth="1" windowHeight="1" activeSheetId="1"/></customWorkbookViews>'
                     "<sheets>".encode())
    xlsx = _replaced(hostile_xlsx(MARKER), "xl/workbook.xml", workbook)
    published = parts(clean_office("xlsx", xlsx))["xl/workbook.xml"]
    assert MARKER.encode() not in published and b"<sheets>" in published
