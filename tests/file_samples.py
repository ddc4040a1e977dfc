"""Real, minimal files of every kind the vetting knows, and hostile variants, made in memory."""

from __future__ import annotations

import io
import zipfile

from PIL import Image


def picture(fmt):
    """Return a tiny real picture in Pillow format ``fmt`` (JPEG, PNG, GIF, WEBP, AVIF)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 94, 184)).save(out, format=fmt)
    return out.getvalue()


def pdf(extra=""):
    """Return a small valid PDF; ``extra`` goes into the catalogue dictionary (e.g. an /OpenAction)."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_with_compressed(text):
    """Return a PDF with a Flate-compressed object stream holding ``text``."""
    import zlib

    packed = zlib.compress(text.encode())
    return pdf() + b"4 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + \
        packed + b"\nendstream\nendobj\n"


_OOXML = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
             '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
             "<w:r><w:t>Annual report</w:t></w:r></w:p></w:body></w:document>"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
}


def office(kind, *, main_type=None, extra_parts=(), extra_types=""):
    """Return a minimal .docx or .xlsx; ``extra_parts`` adds (name, bytes) members, ``extra_types`` XML."""
    part, content_type, body = _OOXML[kind]
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/><Override PartName="/{part}" ContentType="{main_type or content_type}"/>'
        f"{extra_types}</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         f'relationships"><Relationship Id="r1" Type="officeDocument" Target="{part}"/>'
                         "</Relationships>")
        archive.writestr(part, body)
        for name, data in extra_parts:
            archive.writestr(name, data)
    return out.getvalue()


def opendocument(kind, *, mimetype=None, first=None, extra_parts=(), content_extra=""):
    """Return a minimal .odt or .ods; ``first`` puts another member before 'mimetype'."""
    mime = mimetype or {"odt": "application/vnd.oasis.opendocument.text",
                        "ods": "application/vnd.oasis.opendocument.spreadsheet"}[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if first:
            archive.writestr(first, "x")
        archive.writestr(zipfile.ZipInfo("mimetype"), mime)  # stored, as the standard requires
        archive.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                         f'xmlns:office:1.0" office:version="1.3">{content_extra}<office:body/>'
                         "</office:document-content>")
        archive.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                         f'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                         f'manifest:media-type="{mime}"/></manifest:manifest>')
        for name, data in extra_parts:
            archive.writestr(name, data)
    return out.getvalue()


def svg(body, *, attributes="", prolog=""):
    """Return an SVG picture around ``body``."""
    return (f'{prolog}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'viewBox="0 0 10 10" role="img" aria-labelledby="t" {attributes}><title id="t">A square</title>'
            f"{body}</svg>").encode()


CLEAN_SVG = svg(
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#005EB8"/></linearGradient>'
    '<style>rect { fill: url(#g); stroke: #003087 }</style></defs>'
    '<rect id="r" width="10" height="10" fill="url(#g)" style="opacity: 0.9"/><use href="#r" x="1"/>'
    '<use xlink:href="#r" y="1"/>'
    '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" pagecolor="#fff"/>',
)


def lzw(data):
    """Return ``data`` packed with LZW as PDFs pack it (codes of 9 to 12 bits, widening one code early)."""
    table, codes, word, width = {bytes([i]): i for i in range(256)}, [(256, 9)], b"", 9
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        codes.append((table[word], width))
        table[longer], word = len(table) + 2, bytes([byte])
        if len(table) + 2 >= 4095:
            codes.append((256, width))
            table, width = {bytes([i]): i for i in range(256)}, 9
        elif len(table) + 2 >= 1 << width:
            width += 1
    codes += [(table[word], width)] if word else []
    codes.append((257, width))
    bits = "".join(f"{code:0{size}b}" for code, size in codes)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def run_length(data):
    """Return ``data`` packed as RunLengthDecode reads it, a repeat wherever two bytes are alike (no name left whole)."""
    out, at = bytearray(), 0
    while at < len(data):
        if data[at:at + 1] * 2 == data[at:at + 2]:
            out += bytes([255, data[at]])
            at += 2
        else:
            out += bytes([0, data[at]])
            at += 1
    return bytes(out + b"\x80")


def vet_written(folder, name, data):
    """Return the vetting's problems with ``data`` written as ``name`` under ``folder``, as the site's checks read it."""
    from file_vetting.vet import vet

    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return vet(path, folder)


def hand_pdf(objects):
    """Return a PDF written byte by byte: ``objects`` are each object's bytes (object 1 the catalogue), with an index."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_with_drawing(drawing_keys, data, *, length=None, filters=b"/Filter /FlateDecode"):
    """Return a one-page PDF drawing one form (object 4) whose dictionary also holds ``drawing_keys`` (bytes)."""
    length = b"%d" % len(data) if length is None else length
    return hand_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> "
        b"/XObject << /X1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> " + filters
        + b" /Length " + length + b" " + drawing_keys + b" >>\nstream\n" + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length 6 >>\nstream\n/X1 Do\nendstream",
    ])


def damaged(data, changes):
    """Return ``data`` with each (offset, new bytes) of ``changes`` written over it, offsets wrapped to its length."""
    data = bytearray(data)
    for at, new in changes:
        at %= len(data)
        data[at:at + len(new)] = new
    return bytes(data)
