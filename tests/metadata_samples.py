"""Documents and pictures that carry a marker name in every place their format keeps notes about its makers.

Each builder takes the marker and puts it where a real program would (authors, last saved by, company, the
template's folder, comments, a photo's EXIF and GPS, XMP, thumbnails), and puts visible content beside it
that the published copy must keep.
"""

from __future__ import annotations

import gzip
import io
import zipfile

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

VISIBLE = "Visible words"


def jpeg_with_exif(marker, size=(8, 8)):
    """Return a JPEG whose EXIF (artist, maker, GPS) and comment hold ``marker``."""
    exif = Image.Exif()
    exif[0x013B] = marker  # Artist
    exif[0x010F] = marker  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 30.5), 3: "W", 4: (2.0, 58.0, 12.0)}
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, "JPEG", exif=exif.tobytes(), comment=marker.encode())
    return out.getvalue()


def _xmp(marker, extra=""):
    return (f'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            f'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/'
            f'dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><dc:creator>{marker}</dc:creator>'
            f"{extra}</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>").encode()


def hostile_pdf(marker, *, active=True, pdfua=False):
    """Return a tagged PDF (text, a photo, a link, a bookmark) with ``marker`` in every metadata place.

    ``active`` adds script, an attachment and an XFA form too (the checks refuse those files before they are rebuilt);
    ``pdfua`` says in its XMP that it meets PDF/UA.
    """
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    photo = pdf.make_stream(jpeg_with_exif(marker), Type=Name.XObject, Subtype=Name.Image, Width=8, Height=8,
                            ColorSpace=Name.DeviceRGB, BitsPerComponent=8, Filter=Name.DCTDecode)
    photo.Metadata = pdf.make_stream(_xmp(marker), Type=Name.Metadata, Subtype=Name.XML)
    page.Resources = Dictionary(Font=Dictionary(F1=font), XObject=Dictionary(Im1=photo))
    page.Contents = pdf.make_stream(f"/P <</MCID 0>> BDC BT /F1 12 Tf 20 100 Td ({VISIBLE}) Tj ET EMC "
                                    "q 8 0 0 8 20 20 cm /Im1 Do Q".encode())
    page.obj.StructParents = 0
    page.obj.PieceInfo = Dictionary(Word=Dictionary(Private=String(marker), LastModified=String("D:2020")))
    page.obj.Metadata = pdf.make_stream(_xmp(marker), Type=Name.Metadata, Subtype=Name.XML)
    page.obj.Thumb = pdf.make_stream(marker.encode())
    page.obj.LastModified = String(marker)
    note = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Text, Rect=[10, 10, 20, 20], T=String(marker),
                                        Contents=String(f"Comment by {marker}")))
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 10, 10],
                                        Contents=String("Our website"),
                                        A=Dictionary(S=Name.URI, URI=String("https://example.org/"))))
    page.obj.Annots = Array([note, link])
    para = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, Pg=page.obj, K=0))
    figure = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Annot, Pg=page.obj,
                                          K=Dictionary(Type=Name.OBJR, Obj=note)))  # the comment, reached from the tags
    doc = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array([para, figure])))
    para.P = figure.P = doc
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=doc,
                                        ParentTree=Dictionary(Nums=Array([0, Array([para])]))))
    doc.P = tree
    pdf.Root.StructTreeRoot = tree
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String("en-GB")
    pdf.Root.Metadata = pdf.make_stream(_xmp(marker, "<pdfuaid:part>1</pdfuaid:part>" if pdfua else ""),
                                        Type=Name.Metadata, Subtype=Name.XML)
    pdf.Root.PieceInfo = Dictionary(Illustrator=Dictionary(Private=String(marker)))
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Summary", 0))
    pdf.docinfo[Name.Title] = "Annual report"
    for key in ("/Author", "/Creator", "/Producer", "/Keywords", "/Subject", "/Company", "/SourceModified"):
        pdf.docinfo[key] = marker
    pdf.make_indirect(Dictionary(Orphan=String(marker)))  # an object nothing reaches
    if active:
        pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String(marker))
        pdf.Root.Names = Dictionary(
            JavaScript=Dictionary(Names=Array([String("a"), Dictionary(S=Name.JavaScript, JS=String(marker))])),
            EmbeddedFiles=Dictionary(Names=Array([String("notes.txt"), Dictionary(
                Type=Name.Filespec, F=String(marker), EF=Dictionary(F=pdf.make_stream(marker.encode())))])))
        pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=pdf.make_stream(marker.encode()))
        pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.Launch, F=String(marker)))
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def every_pdf_byte(data):
    """Return the PDF's bytes and, after them, every object written out plainly with every stream decoded."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, qdf=True, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.all,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable, fix_metadata_version=False)
    return data + out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _core_xml(marker, title="Annual report"):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.'
            'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>' + title + "</dc:title><dc:creator>" + marker
            + "</dc:creator><cp:lastModifiedBy>" + marker + "</cp:lastModifiedBy><cp:keywords>" + marker
            + "</cp:keywords><dc:description>" + marker + "</dc:description><dc:language>en-GB</dc:language>"
            "</cp:coreProperties>")


def _app_xml(marker):
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Template>C:\\Users\\{marker}\\Templates\\Trust.dotx</Template><Company>{marker}</Company>"
            f"<Manager>{marker}</Manager></Properties>")


def _zip(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            archive.writestr(name, data)
        archive.comment = b"saved by MARKER-COMMENT"
    return out.getvalue()


def _types(main, extra=""):
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" '
            f'ContentType="image/jpeg"/><Override PartName="/{main[0]}" ContentType="{main[1]}"/><Override '
            'PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.'
            f'openxmlformats-officedocument.custom-properties+xml"/>{extra}</Types>')


def _package_rels(main):
    return (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{DOC_TYPE}/officeDocument" Target="{main}"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="'
            f'{DOC_TYPE}/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="{DOC_TYPE}/'
            'custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId5" Type="http://schemas.'
            'openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'
            "</Relationships>")


def _properties(marker):
    return [("docProps/core.xml", _core_xml(marker)), ("docProps/app.xml", _app_xml(marker)),
            ("docProps/custom.xml", f"<Properties><property name='Owner'><lpwstr>{marker}</lpwstr></property>"
                                    "</Properties>"),
            ("docProps/thumbnail.jpeg", jpeg_with_exif(marker)),
            ("customXml/item1.xml", f"<p:properties xmlns:p='x'><Owner>{marker}</Owner></p:properties>")]


def hostile_xlsx(marker, *, extra_parts=()):
    """Return a workbook with ``marker`` in its properties, its saved folder and who shares it (extra parts linked)."""
    main = ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    workbook = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://'
                'schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15ac="http://schemas.microsoft.com/'
                f'office/spreadsheetml/2010/11/ac"><fileSharing userName="{marker}" readOnlyRecommended="1"/>'
                f'<mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\{marker}\\Documents\\"/>'
                '</mc:Choice></mc:AlternateContent><sheets><sheet name="Attendance" sheetId="1"/></sheets></workbook>')
    linked = "".join(f'<Relationship Id="rIdX{i}" Type="{DOC_TYPE}/part" Target="{name[3:]}"/>'
                     for i, (name, _) in enumerate(extra_parts) if name.startswith("xl/"))
    return _zip([("[Content_Types].xml", _types(main)), ("_rels/.rels", _package_rels(main[0])),
                 (main[0], workbook), ("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">{linked}'
                                                                    "</Relationships>"),
                 *_properties(marker), *extra_parts])


def hostile_docx(marker, *, body=None, extra_parts=()):
    """Return a Word document with ``marker`` in every place Word keeps notes, and VISIBLE in its text.

    Each of ``extra_parts`` under word/ is linked from the document, as Word links its parts.
    """
    main = ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    body = body or f"<w:p><w:r><w:t>{VISIBLE}</w:t></w:r></w:p>"
    document = f'<w:document {W} {R}><w:body>{body}</w:body></w:document>'
    linked = "".join(f'<Relationship Id="rIdX{i}" Type="{DOC_TYPE}/part" Target="{name[5:]}"/>'
                     for i, (name, _) in enumerate(extra_parts) if name.startswith("word/"))
    rels = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{DOC_TYPE}/image" Target="media/image1.jpeg"/>'
            f'<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/people" '
            f'Target="people.xml"/><Relationship Id="rId3" Type="{DOC_TYPE}/settings" Target="settings.xml"/>'
            f'<Relationship Id="rId4" Type="{DOC_TYPE}/package" Target="embeddings/Chart_data.xlsx"/>{linked}'
            "</Relationships>")
    settings_rels = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{DOC_TYPE}/attachedTemplate" '
                     f'Target="file:///C:\\Users\\{marker}\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm" '
                     'TargetMode="External"/><Relationship Id="rId2" Type="' + DOC_TYPE + '/hyperlink" '
                     'Target="https://example.org/" TargetMode="External"/></Relationships>')
    return _zip([("[Content_Types].xml", _types(main)), ("_rels/.rels", _package_rels(main[0])),
                 (main[0], document), ("word/_rels/document.xml.rels", rels),
                 ("word/settings.xml", f'<w:settings {W} {R}><w:attachedTemplate r:id="rId1"/></w:settings>'),
                 ("word/_rels/settings.xml.rels", settings_rels),
                 ("word/people.xml", f'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
                                     f'<w15:person w15:author="{marker}"/></w15:people>'),
                 ("word/media/image1.jpeg", jpeg_with_exif(marker)),
                 ("word/embeddings/Chart_data.xlsx", hostile_xlsx(marker)),
                 *_properties(marker), *extra_parts])


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:'
          'opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:'
          'tc:opendocument:xmlns:meta:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def hostile_opendocument(marker, kind="odt", *, body=None, photo=None, unlisted=()):
    """Return an .odt or .ods with ``marker`` in its properties, settings, thumbnail, signature and a photo."""
    mime = {"odt": "application/vnd.oasis.opendocument.text",
            "ods": "application/vnd.oasis.opendocument.spreadsheet"}[kind]
    body = body or f"<text:p>{VISIBLE}</text:p>"
    entries = "".join(f'<manifest:file-entry manifest:full-path="{p}" manifest:media-type="{t}"/>' for p, t in (
        ("/", mime), ("content.xml", "text/xml"), ("meta.xml", "text/xml"), ("settings.xml", "text/xml"),
        ("Thumbnails/thumbnail.png", "image/png"), ("Pictures/photo.jpg", "image/jpeg"),
        ("Configurations2/", "application/vnd.sun.xml.ui.configuration")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime)
        archive.writestr("content.xml", f'<office:document-content {ODF_NS} office:version="1.3"><office:body>'
                         f"<office:text>{body}</office:text></office:body></office:document-content>")
        archive.writestr("meta.xml", f'<office:document-meta {ODF_NS} office:version="1.3"><office:meta>'
                         f"<dc:title>Minutes</dc:title><meta:initial-creator>{marker}</meta:initial-creator>"
                         f"<dc:creator>{marker}</dc:creator><meta:user-defined meta:name='Owner'>{marker}"
                         "</meta:user-defined><dc:language>en-GB</dc:language></office:meta></office:document-meta>")
        archive.writestr("settings.xml", f"<office:document-settings {ODF_NS}>PrinterName {marker}-PC"
                         "</office:document-settings>")
        archive.writestr("Thumbnails/thumbnail.png", marker.encode())
        archive.writestr("Pictures/photo.jpg", photo or jpeg_with_exif(marker))
        for name, data in unlisted:
            archive.writestr(name, data)
        archive.writestr("Configurations2/accelerator/current.xml", marker)
        archive.writestr("META-INF/documentsignatures.xml", f"<signatures>{marker}</signatures>")
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                         f'xmlns:manifest:1.0" manifest:version="1.3">{entries}</manifest:manifest>')
    return out.getvalue()


def unzipped(data, depth=2):
    """Return every byte of a zip and of each part inside it, with zips inside it unpacked too."""
    found = [data]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        found.append(archive.comment)
        for info in archive.infolist():
            part = archive.read(info)
            found += [info.filename.encode(), info.extra, info.comment, part]
            if depth and part.startswith(b"PK\x03\x04"):
                found.append(unzipped(part, depth - 1))
    return b"\n".join(found)


def hostile_avif(marker, size=(16, 12)):
    """Return an AVIF picture with ``marker`` in its Exif (with GPS), its XMP, and boxes other programs add."""
    exif = Image.Exif()
    exif[0x013B] = marker
    exif[0x8825] = {1: "N", 2: (53.0, 24.0, 30.5)}
    image = Image.new("RGB", size)
    image.putdata([(x * 15 % 256, y * 20 % 256, (x * y) % 256) for y in range(size[1]) for x in range(size[0])])
    out = io.BytesIO()
    image.save(out, "AVIF", exif=exif.tobytes(), xmp=_xmp(marker), quality=90)
    data = out.getvalue()
    name = data.index(b"Color\0")  # the picture item's name, as libavif writes it
    data = data[:name] + marker.encode()[:5].ljust(5, b"_") + data[name + 5:]
    note = marker.encode()
    # A free box, a uuid box and media data no item uses, after everything else (no offset moves).
    return (data + (8 + len(note)).to_bytes(4, "big") + b"free" + note
            + (24 + len(note)).to_bytes(4, "big") + b"uuid" + bytes(16) + note
            + (8 + len(note)).to_bytes(4, "big") + b"mdat" + note)


def decompressed_copies(output):
    """Yield (path, bytes) of every output file and of every .gz copy unpacked."""
    for path in sorted(output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, data
            if path.suffix == ".gz":
                yield path, gzip.decompress(data)
            elif path.suffix == ".br":
                import brotli

                yield path, brotli.decompress(data)
