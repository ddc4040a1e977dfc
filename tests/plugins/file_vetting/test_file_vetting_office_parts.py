"""An Office file publishes only parts the real-name check reads: XML, pictures it strips, drawings it cleans."""

from __future__ import annotations

import base64
import gzip
import io
import zipfile
import zlib

import pytest
from file_samples import picture, vet_written
from file_vetting.office import clean_office
from file_vetting.svg import Refused
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metadata_samples import hostile_docx, hostile_opendocument, hostile_xlsx, unzipped

MARKER = "Zq7Xw-Marker-Person"
PACKED = {
    "zlib": lambda text: zlib.compress(text),
    "raw-deflate": lambda text: zlib.compressobj(9, zlib.DEFLATED, -15).compress(text) + b"\x03\x00",
    "gzip": gzip.compress,
    "utf-16": lambda text: text.decode().encode("utf-16-le"),
    "xor": lambda text: bytes(b ^ 0x5A for b in text),
}


def _parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _replaced(data, members):
    """Return the zip ``data`` with ``members`` (name: bytes) written in place of, or beside, its own."""
    whole = {**_parts(data), **members}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in whole.items():
            archive.writestr(name, body)
    return out.getvalue()


# Parts a Word document links that hold bytes the check cannot read, by the kind of refusal and its hint.
OPAQUE_PARTS = [
    ("word/media/image2.png", "a picture in a format other than", "Paste Special > Picture (PNG)"),
    ("word/media/image2.emf", "a picture in a format other than", "insert that picture again"),
    ("word/media/hdphoto1.wdp", "a picture in a format other than", "insert that picture again"),
    ("word/fonts/font1.odttf", "a font saved inside it", "Embed fonts in the file"),
    ("word/vbaProject.bin", "another program's data", "delete that object"),
    ("word/activeX/activeX1.bin", "another program's data", "delete that object"),
    ("word/media/data.dat", "another program's data", "or publish the document as a PDF"),
]


@pytest.mark.parametrize("packing", sorted(PACKED))
@pytest.mark.parametrize(("name", "what", "hint"), OPAQUE_PARTS, ids=[p[0] for p in OPAQUE_PARTS])
def test_a_linked_part_the_check_cannot_read_is_refused_in_words(tmp_path, name, what, hint, packing):
    body = PACKED[packing](f"Written by {MARKER}".encode())
    data = hostile_docx(MARKER, extra_parts=[(name, body)])
    with pytest.raises(Refused, match="it has a part the site cannot read") as refused:
        clean_office("docx", data)
    assert what in str(refused.value) and name in str(refused.value) and hint in refused.value.hint
    [problem] = vet_written(tmp_path, "minutes.docx", data)  # as the build says it: path, message and hint
    assert problem.path.endswith("minutes.docx")
    if "vbaProject" in name or "activeX" in name:
        assert "programs that run when it is opened" in problem.message  # said earlier, by the file's kind
    else:
        assert "cannot read" in problem.message and hint in problem.hint


def test_a_workbooks_linked_part_the_check_cannot_read_is_refused():
    data = hostile_xlsx(MARKER, extra_parts=[("xl/media/image1.jpeg", gzip.compress(MARKER.encode()))])
    with pytest.raises(Refused, match="a picture in a format other than"):
        clean_office("xlsx", data)


def test_a_part_nothing_links_to_is_left_out_whatever_it_holds():
    data = hostile_docx(MARKER, extra_parts=[("secret/font.odttf", zlib.compress(MARKER.encode()))])
    published = clean_office("docx", data)
    assert "secret/font.odttf" not in _parts(published) and MARKER.encode() not in unzipped(published)


def test_pictures_drawings_and_empty_parts_are_still_published():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><metadata>' + MARKER.encode()
           + b'</metadata><rect width="4" height="4"/></svg>')
    vml = b'<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="a"><v:fill color="red"/></v:shape></xml>'
    extra = [("word/media/image2.png", picture("PNG")), ("word/media/image3.gif", picture("GIF")),
             ("word/media/image4.svg", svg), ("word/drawings/vmlDrawing1.vml", vml), ("word/media/empty.bin", b"")]
    found = _parts(clean_office("docx", hostile_docx(MARKER, extra_parts=extra)))
    assert found["word/media/image2.png"].startswith(b"\x89PNG") and found["word/media/image3.gif"][:3] == b"GIF"
    assert b"<rect" in found["word/media/image4.svg"] and MARKER.encode() not in found["word/media/image4.svg"]
    assert found["word/drawings/vmlDrawing1.vml"] == vml and found["word/media/empty.bin"] == b""


@pytest.mark.parametrize("body", [b"<xml>\x00\x01 " + MARKER.encode("utf-16-le") + b"</xml>",
                                  b"\xff\xfe" + "<xml>x</xml>".encode("utf-16-le")], ids=["control-bytes", "utf-16"])
def test_a_legacy_drawing_that_is_not_plain_text_is_refused(body):
    with pytest.raises(Refused, match="another program's data"):
        clean_office("docx", hostile_docx(MARKER, extra_parts=[("word/drawings/vmlDrawing1.vml", body)]))


def test_a_drawing_that_runs_a_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(Refused) as refused:
        clean_office("docx", hostile_docx(MARKER, extra_parts=[("word/media/image4.svg", svg)]))
    # The writer sees a Word file, not a drawing: the part is named, with what to do in Word.
    assert str(refused.value).startswith("it has a drawing inside (word/media/image4.svg) that the site cannot publish: ")
    assert "<script>" in str(refused.value) and refused.value.hint.startswith("insert that picture again as a PNG")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=200),
       st.sampled_from(["word/media/image9.png", "word/media/a.emf", "word/a.bin", "word/fonts/f.ttf", "word/x",
                        "word/media/image9.svg", "word/drawings/v.vml", "word/media/IMAGE9.JPEG"]))
def test_any_linked_bytes_are_refused_or_published_as_something_the_check_reads(noise, name):
    body = zlib.compress(noise + MARKER.encode())  # compressed: never plain text, never a picture
    with pytest.raises(Refused):
        clean_office("docx", hostile_docx(MARKER, extra_parts=[(name, body)]))


# --- printer settings: left out, with the link to them ---

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PRINTER = b"\\\\PRINTSRV\\" + MARKER.encode("utf-16-le") + bytes(200)


def _workbook_with_printer_settings(prefix="r"):
    sheet = (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:{prefix}="{R_NS}">'
             f'<sheetData/><pageSetup paperSize="9" orientation="landscape" {prefix}:id="rId1"/></worksheet>')
    rels = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            f'Id="rId1" Type="{R_NS}/printerSettings" Target="../printerSettings/printerSettings1.bin"/>'
            "</Relationships>")
    return hostile_xlsx(MARKER, extra_parts=[("xl/worksheets/sheet1.xml", sheet),
                                             ("xl/worksheets/_rels/sheet1.xml.rels", rels),
                                             ("xl/printerSettings/printerSettings1.bin", PRINTER)])


@pytest.mark.parametrize("prefix", ["r", "rel"])
def test_a_sheets_printer_settings_are_left_out_with_their_link(prefix):
    found = _parts(clean_office("xlsx", _workbook_with_printer_settings(prefix)))
    assert "xl/printerSettings/printerSettings1.bin" not in found
    sheet = found["xl/worksheets/sheet1.xml"]
    assert b'paperSize="9"' in sheet and b'orientation="landscape"' in sheet and b"rId1" not in sheet
    assert b"printerSettings" not in found["xl/worksheets/_rels/sheet1.xml.rels"]
    assert MARKER.encode("utf-16-le") not in unzipped(clean_office("xlsx", _workbook_with_printer_settings()))


def test_a_documents_printer_settings_element_is_left_out():
    settings_xml = (f'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                    f'xmlns:r="{R_NS}"><w:printerSettings r:id="rId7"/><w:zoom w:percent="100"/></w:settings>')
    rels = (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            f'Id="rId7" Type="{R_NS}/printerSettings" Target="printerSettings/printerSettings1.bin"/></Relationships>')
    data = _replaced(hostile_docx(MARKER), {"word/settings.xml": settings_xml.encode(),
                                            "word/_rels/settings.xml.rels": rels.encode(),
                                            "word/printerSettings/printerSettings1.bin": PRINTER})
    found = _parts(clean_office("docx", data))
    assert "word/printerSettings/printerSettings1.bin" not in found
    assert b"printerSettings" not in found["word/settings.xml"] and b"<w:zoom" in found["word/settings.xml"]


def test_a_digital_signature_is_left_out():
    rels_type = "http://schemas.openxmlformats.org/package/2006/relationships/digital-signature"
    members = _parts(hostile_docx(MARKER))
    members["_rels/.rels"] = members["_rels/.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rS" Type="{rels_type}/origin" Target="_xmlsignatures/origin.sigs"/>'
        "</Relationships>".encode())
    members["_xmlsignatures/origin.sigs"] = b""
    members["_xmlsignatures/_rels/origin.sigs.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" '
        f'Type="{rels_type}/signature" Target="sig1.xml"/></Relationships>').encode()
    members["_xmlsignatures/sig1.xml"] = b"<Signature><X509Certificate>" + zlib.compress(MARKER.encode()).hex().encode() \
        + b"</X509Certificate></Signature>"
    data = _replaced(hostile_docx(MARKER), members)
    found = _parts(clean_office("docx", data))
    assert not any(name.startswith("_xmlsignatures/") for name in found)
    assert b"_xmlsignatures" not in found["_rels/.rels"]


# --- OpenDocument ---


def test_an_opendocument_picture_the_check_cannot_read_is_refused():
    with pytest.raises(Refused, match="a picture in a format other than"):
        clean_office("odt", hostile_opendocument(MARKER, photo=zlib.compress(MARKER.encode())))


def _odt_with(parts):
    entries = "".join(f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="{kind}"/>'
                      for name, kind, _body in parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                         'office:1.0" office:version="1.3"><office:body><office:text/></office:body>'
                         "</office:document-content>")
        for name, _kind, body in parts:
            archive.writestr(name, body)
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                         'xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                         'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                         f'manifest:full-path="content.xml" manifest:media-type="text/xml"/>{entries}'
                         "</manifest:manifest>")
    return out.getvalue()


def test_an_opendocument_metafile_picture_is_refused():
    svm = b"VCLMTF\x01\x00" + MARKER.encode("utf-16-le")
    with pytest.raises(Refused, match="a picture in a format other than"):
        clean_office("odt", _odt_with([("Pictures/drawing.svm", "image/x-vclgraphic", svm)]))


def test_a_charts_stand_in_picture_is_left_out_and_its_manifest_entry_too():
    svm = b"VCLMTF\x01\x00" + zlib.compress(MARKER.encode())
    published = clean_office("odt", _odt_with([("ObjectReplacements/Object 1", "application/x-openoffice-gdimetafile",
                                                svm), ("ObjectReplacements/Object 2", "image/png", picture("PNG"))]))
    found = _parts(published)
    assert "ObjectReplacements/Object 1" not in found and "ObjectReplacements/Object 2" in found
    assert b"Object 1" not in found["META-INF/manifest.xml"] and b"Object 2" in found["META-INF/manifest.xml"]


# --- XML parts: written in an encoding the check reads as XML, or refused ---

FOOTER = ('<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r>'
          "<w:t>Caf\u00e9 &#81;uentin Oyelar&#x61;n-Vasquez</w:t></w:r></w:p></w:ftr>")
FOOTER_NAME = "Quentin Oyelaran-Vasquez"  # only in the footer, and there only with entities


def _footer(codec, declared, mark=b""):
    text = (f'<?xml version="1.0" encoding="{declared}"?>' if declared else "") + FOOTER
    return hostile_docx(MARKER, extra_parts=[("word/footer1.xml", mark + text.encode(codec))])


@pytest.mark.parametrize(("codec", "declared", "mark"), [
    ("latin-1", "ISO-8859-1", b""), ("cp1252", "windows-1252", b""), ("utf-16-le", "UTF-16", b""),
    ("utf-16-be", "UTF-16", b""), ("utf-16-le", None, b""), ("latin-1", "latin1", b"")])
def test_an_xml_part_in_an_encoding_the_check_reads_as_bytes_is_refused(codec, declared, mark):
    # Read as bytes, "&#81;uentin" would be searched entity and all; a program opening the file shows the name.
    with pytest.raises(Refused, match="written in a character encoding the site does not read") as refused:
        clean_office("docx", _footer(codec, declared, mark))
    assert "save it again" in refused.value.hint


@pytest.mark.parametrize(("codec", "declared", "mark"), [
    ("utf-8", "UTF-8", b""), ("utf-8", None, b""), ("utf-8", "utf-8", b"\xef\xbb\xbf"), ("utf-16-le", "UTF-16", b"\xff\xfe"),
    ("utf-16-be", None, b"\xfe\xff")])
def test_an_xml_part_in_utf8_or_marked_utf16_is_published_and_read(codec, declared, mark):
    from coproduction import privacy

    hidden = privacy.HiddenName("a-carer", "A carer", privacy.name_forms(FOOTER_NAME))
    published = clean_office("docx", _footer(codec, declared, mark))
    assert FOOTER_NAME.encode() not in unzipped(published)
    assert any(privacy.Matcher([hidden]).find(text) for text in privacy.file_texts("minutes.docx", published))


def test_a_document_with_a_metafile_picture_stops_the_build_at_its_path_with_a_fix(build_site):
    post = ("Title: Minutes\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: Minutes.\n\n"
            "Read [the minutes]({static}/documents/minutes.docx).\n")
    data = hostile_docx(MARKER, extra_parts=[("word/media/image2.emf", b"\x01\x00\x00\x00" + zlib.compress(b"x" * 99))])
    site = build_site({"blog/a.md": post, "documents/minutes.docx": data}, settings_file="publishconf.py")
    assert site.status != 0 and not (site.output / "documents" / "minutes.docx").exists()
    assert ("documents/minutes.docx: error: this Word document cannot be published: it has a part the site cannot read "
            "(a picture in a format other than JPEG, PNG, GIF or SVG, word/media/image2.emf)") in site.messages
    assert "Paste Special > Picture (PNG)" in site.messages and "Traceback" not in site.messages


# --- pictures and shapes written into the XML as base64 ---


@pytest.mark.parametrize("prefix", ["o", "office"])
def test_words_zipped_copy_of_a_shape_is_left_out(prefix):
    copy = base64.b64encode(zlib.compress(MARKER.encode())).decode()
    body = (f'<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" xmlns:{prefix}="urn:schemas-'
            f'microsoft-com:office:office" id="s1" {prefix}:gfxdata="{copy}" style="width:9pt"><v:fill/></v:shape>'
            "</w:pict></w:r></w:p>")
    document = _parts(clean_office("docx", hostile_docx(MARKER, body=body)))["word/document.xml"]
    assert b"gfxdata" not in document and copy.encode() not in document
    assert b'id="s1"' in document and b'style="width:9pt"' in document
    vml = (f'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:{prefix}="urn:schemas-microsoft-com:office:office">'
           f'<v:shape id="s2" {prefix}:gfxdata=\'{copy}\'/></xml>').encode()
    drawing = _parts(clean_office("docx", hostile_docx(MARKER, extra_parts=[("word/drawings/vmlDrawing1.vml", vml)])))
    assert b"gfxdata" not in drawing["word/drawings/vmlDrawing1.vml"] and b'id="s2"' in drawing["word/drawings/vmlDrawing1.vml"]


def test_an_opendocument_picture_written_as_base64_is_refused():
    photo = base64.b64encode(picture("PNG")).decode()
    body = (f'<text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><draw:image>'
            f"<office:binary-data>{photo}</office:binary-data></draw:image></draw:frame></text:p>")
    with pytest.raises(Refused, match="written into its text") as refused:
        clean_office("odt", hostile_opendocument(MARKER, body=body))
    assert "save it again as .odt" in refused.value.hint
