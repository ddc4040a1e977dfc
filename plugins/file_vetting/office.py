"""Pure: a Word, Excel or OpenDocument file rebuilt part by part without what it says about its makers.

An Office file is a zip of parts. Its properties name the author, the last person to save it, their
company and manager, the template's folder on their computer (so their account name), and a small picture
of the first page; Excel keeps the workbook's own folder and the name of whoever shared it; a chart keeps a
whole workbook inside, with its own properties; a photo keeps its EXIF. The published copy is a new zip: the
parts a reader needs, in order, with fixed dates and no comments, properties cut down to the title and
language, and the lists of parts and links written again to match.

Tracked changes and comments are refused, not renamed: a deleted passage stays in the file word for word
(perhaps the name an editor took out), and comments are a private conversation. The editor accepts every
change and deletes the comments, then saves again.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.parsers.expat
import zipfile
from urllib.parse import unquote
from xml.sax.saxutils import escape, quoteattr

from . import formulas
from .kinds import TOO_BIG
from .strip import strip_or_none
from .svg import Refused, clean_svg

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
XLINK_NS = "http://www.w3.org/1999/xlink"
# An address with a scheme (https:, file:) or on another computer (//host, \\host): not a part of the file itself.
ELSEWHERE = re.compile(r"(?i)[a-z][a-z0-9+.-]*:|[\\/]{2}")
ACCEPT_HINT = ("open it, accept every tracked change and delete every comment (in Word: Review > Accept > Accept All "
               "Changes, then Review > Delete > Delete All Comments; in LibreOffice: Edit > Track Changes > Accept "
               "All, then delete the comments), save it, and add it again")
# Parts of a Word or Excel file that only describe it or the people who worked on it (docProps/core.xml is
# then written again with the title and language alone).
OOXML_DROPPED = re.compile(r"docProps/.*|customXml/.*|word/people\.xml|xl/persons/.*|.*thumbnail[^/]*|_xmlsignatures/.*",
                           re.IGNORECASE)
# Parts that hold comments or a record of changes with people's names: the file is refused while it has them.
OOXML_REVIEW = re.compile(r"xl/comments[^/]*\.xml|xl/threadedComments/.*|xl/revisions/.*", re.IGNORECASE)
# What an OpenDocument file keeps: its text and styles, pictures, charts, and its list of parts.
ODF_KEPT = re.compile(r"mimetype|content\.xml|styles\.xml|meta\.xml|META-INF/manifest\.xml|Pictures/[^/]+"
                      r"|ObjectReplacements/[^/]+|Object \d+/(?:content|styles|meta)\.xml")
# Excel's own notes in the workbook: the folder it was saved in, and who shares it.
XL_NOTES = re.compile(rb"<(?:\w+:)?(?:absPath|fileSharing)\b[^>]*/>")
# Word's document variables (a template's hidden notes: its user's name and e-mail, a document system's client and
# author) and Excel's personal views (named after the people who share the workbook): read by no reader.
HIDDEN_NOTES = re.compile(rb"<(\w+:|)(docVars|customWorkbookViews)\b[^>]*?(?:/>|>.*?</\1\2\s*>)", re.DOTALL)
# An "alternative format" part (a web page, an email or RTF text pasted in) that Word turns into text as it opens the
# file: its encodings (base64, quoted-printable, RTF escapes) hide its words from the real-name check, and a web
# page's pictures are fetched from their sites.
ALT_CHUNK = ("it has a part that Word turns into text as it opens the file (a web page, email or RTF text pasted "
             "in), in a form the site cannot read to check it")
ALT_CHUNK_HINT = ("open it in Word and save it again, which keeps that text as the document's own, then add it again; "
                  "or publish the document as a PDF")
# Excel's Data Model (Power Pivot) keeps its tables, which can hold people's names, compressed in a form of its own
# (MS-XLDM), where the real-name check reads no words; it is found by its link's type and by its usual place.
DATA_MODEL = ("it holds an Excel Data Model (Power Pivot), which Excel saves compressed in a form the site cannot read, "
              "so its tables cannot be checked for an anonymous writer's real name")
DATA_MODEL_HINT = ("copy what the sheets show into a new workbook with Paste Special > Values (a PivotTable too), save "
                   "that and add it instead; or publish it as a PDF")
DATA_MODEL_LINKS = {"model", "powerpivotdata"}
OOXML_MODEL = re.compile(r"xl/model/.*", re.IGNORECASE)
RUNNING_HINT = ("keep what it shows instead: in Excel or LibreOffice Calc, copy the cells and Paste Special > Values; in "
                "Word, select the field and press Ctrl+Shift+F9; or publish the document as a PDF")
# What to do about a link to another program or to a data source, by the kind formulas.running names.
LINK_HINTS = {
    "link to another program": "break the link (in Excel: Data > Edit Links > Break Link; in LibreOffice: Edit > Links "
                               "to External Files > Break Link), save it and add it again; or publish it as a PDF",
    "link to a data source": "remove the connection (in Excel: Data > Queries & Connections, right-click it, Delete; in "
                             "Word: Mailings > Start Mail Merge > Normal Word Document), save it and add it again; or "
                             "publish it as a PDF",
}
# What a part of an Office file that is not XML may be, to be published: a picture the site strips (JPEG, PNG, GIF,
# WebP), a drawing it cleans (SVG), a legacy drawing written as text (VML), or nothing at all. Anything else (a font,
# a metafile, another program's data, or compressed bytes under a picture's name) holds what the real-name check
# cannot read, and is left out where nothing in the document needs it, or else refused.
OPAQUE = "it has a part the site cannot read ({what}, {name}), so it cannot be checked for an anonymous writer's real name"
OPAQUE_KINDS = {
    "font": ("a font saved inside it", "in Word or PowerPoint: File > Options > Save, untick \"Embed fonts in the "
             "file\", save it and add it again; or publish the document as a PDF"),
    "picture": ("a picture in a format other than JPEG, PNG, GIF or SVG", "insert that picture again as a PNG or JPEG "
                "(save it as one first; for a pasted chart or drawing, use Paste Special > Picture (PNG)), save the "
                "document and add it again; or publish it as a PDF"),
    "other": ("another program's data", "delete that object from the document, or paste it as a picture instead, "
              "save it and add it again; or publish the document as a PDF"),
}
FONT_PARTS = re.compile(r"(?i).*\.(?:odttf|ttf|otf|fntdata|eot|woff2?)")
# A picture's name: a metafile (EMF, WMF, StarView), a format the site does not vet, or bytes named as a picture.
PICTURE_NAMES = re.compile(r"(?i).*\.(?:emf|wmf|emz|wmz|svm|wdp|jxr|hdp|tiff?|bmp|dib|pct|pict|eps|png|jpe?g|gif|webp)")
# Links to what only tells a printer how to print (its name, its driver's own settings): the part is left out, and so
# is the link to it in the part that names it (a sheet's page setup keeps its paper size and margins).
PRINTER_LINKS = {"printersettings"}
RELATIONSHIP_NAMESPACES = (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                           b"http://purl.oclc.org/ooxml/officeDocument/relationships")
# The encodings an Office file's XML is written in (UTF-16 only with its byte-order mark), which the real-name check
# reads as XML. In another (Latin-1, say), "&#80;hilippa" would be searched as it is written, entity and all.
READ_ENCODINGS = {"utf8", "utf16", "usascii", "ascii"}
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
ENCODING = "its part {name} is written in a character encoding the site does not read as text ({encoding})"
ENCODING_HINT = ("open it and save it again in Word, Excel or LibreOffice (they write UTF-8), then add it again; or "
                 "publish it as a PDF")
# A shape's zipped copy, in base64, that Word keeps beside the shape it draws (VML's o:gfxdata): the real-name check
# reads no words in it, and Word writes it again from the shape, so it is left out. An OpenDocument picture written
# into the text as base64 (office:binary-data) keeps its details where the site cannot strip them: refused.
INLINE_PICTURE = "its part {name} holds a picture written into its text (as base64), whose details the site cannot check"
INLINE_PICTURE_HINT = ("open it in LibreOffice and save it again as .odt or .ods (which keeps each picture as a file of "
                       "its own), then add it again; or publish it as a PDF")
# Photos a camera, phone or scanner writes that keep their EXIF (GPS, device, owner) where the site cannot rebuild them.
CAMERA_STARTS = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
HEIF_BRANDS = {b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypmif1", b"ftypmsf1", b"ftypavif", b"ftypavis"}
PICTURE_STARTS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"RIFF")
DOS_EPOCH = (1980, 1, 1, 0, 0, 0)
# The most a zip inside an Office file (a chart's workbook) may unpack to.
UNPACKED_LIMIT = 100 << 20


def clean_office(kind: str, data: bytes, _depth=0) -> bytes:
    """Return ``data`` (a .docx, .xlsx, .odt or .ods that passed the checks) rebuilt; raise Refused."""
    if _depth > 2:
        raise Refused("it holds Office files inside Office files more than two deep")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = _read_parts(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise Refused(f"it cannot be unpacked ({exc.__class__.__name__})") from None
    rebuilt = _opendocument(parts) if kind in ("odt", "ods") else _ooxml(parts, _depth)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in rebuilt:
            info = zipfile.ZipInfo(name, DOS_EPOCH)
            # ODF's mimetype must be stored plainly, first, so programs can tell what the file is; pictures are
            # compressed already, and deflating them again only costs time.
            plain = name == "mimetype" or body.startswith(PICTURE_STARTS)
            info.compress_type = zipfile.ZIP_STORED if plain else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, body)
    return out.getvalue()


def _under_review(part, what="tracked changes or comments"):
    """Return the refusal of a file still under review: its changes keep deleted words, and name who made them."""
    return Refused(f"it still has {what}{_where(part)}, which keep what was deleted and name the people who wrote "
                   "them", ACCEPT_HINT)


def _where(part):
    """Return where in the document ``part`` is, in an editor's words (never the zip's inner file name)."""
    name = part.rsplit("/", 1)[-1].lower()
    if name in ("document.xml", "content.xml"):
        return " in its text"
    if name.startswith(("header", "footer")):
        return " in a header or footer"
    if name.startswith(("footnotes", "endnotes")):
        return " in its footnotes"
    return ""


def _read_parts(archive):
    """Return [(name, bytes)] in order, refusing names that could write outside a folder or appear twice."""
    infos = archive.infolist()
    if len(infos) > 10_000 or sum(info.file_size for info in infos) > UNPACKED_LIMIT:
        raise Refused(TOO_BIG)  # a zip inside the file: the checks measured only the outer one
    parts, seen = [], set()
    for info in infos:
        name = info.filename
        if name.endswith("/"):
            continue  # a folder entry: the zip is written again without them
        normal = posixpath.normpath(name)
        if "\\" in name or name.startswith("/") or normal != name or normal.startswith("../") or ":" in name:
            raise Refused(f"one of its parts has the name {name[:80]!r}, which could be written outside its folder "
                          "when unpacked")
        if name.lower() in seen:
            raise Refused(f"it has two parts named {name[:80]!r}, so programs could read different documents")
        seen.add(name.lower())
        parts.append((name, archive.read(info)))
    return parts


def _strip_picture(name, body):
    if body.startswith(CAMERA_STARTS) or body[4:12] in HEIF_BRANDS:
        raise Refused(f"the picture {name} inside it is a TIFF or HEIC photo, whose details (such as where it was taken "
                      "and on what) the site cannot remove", "insert the picture again as a JPEG or PNG (save it as one "
                      "first), or publish the document as a PDF")
    if not body.startswith(PICTURE_STARTS):
        return body
    stripped = strip_or_none(body)
    if stripped is None:
        raise Refused(f"the picture {name} inside it is damaged, so its details (such as where it was taken) "
                      "cannot be removed", "insert the picture again, or publish the document as a PDF")
    return stripped


def _scan(name, body):
    """Return the set of (namespace, name) of the elements and attributes in an XML part; raise Refused."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found = set()

    def doctype(*_):
        raise Refused(f"its part {name} declares a document type, which Office files never need")

    def start(tag, attributes):
        found.add(tuple(tag.rpartition(" ")[::2]))
        found.update(tuple(a.rpartition(" ")[::2]) for a in attributes)

    def declaration(_version, encoding, _standalone):
        if (encoding or "utf-8").lower().replace("-", "") not in READ_ENCODINGS or (
                encoding and encoding.lower().startswith("utf-16") and body[:2] not in UTF16_MARKS):
            raise Refused(ENCODING.format(name=name, encoding=encoding[:20]), ENCODING_HINT)

    if body[:2] in (b"<\x00", b"\x00<"):
        raise Refused(ENCODING.format(name=name, encoding="UTF-16"), ENCODING_HINT)  # no mark saying which way round
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    parser.XmlDeclHandler = declaration
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError as exc:
        raise Refused(f"its part {name} is not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)})") from None
    return found


# --- Word and Excel (Office Open XML) ---


def _reachable(parts):
    """Return the lower-case names of the parts a reader reaches from the package's links, their link lists too.

    A part nothing links to is never read by Word or Excel, so it is never published (whatever it holds).
    """
    by_name = {name.lower(): (name, body) for name, body in parts}
    reached, queue = {"[content_types].xml"}, ["_rels/.rels"]
    while queue:
        links = queue.pop()
        if links in reached or links not in by_name:
            continue
        reached.add(links)
        name, body = by_name[links]
        folder = posixpath.dirname(posixpath.dirname(name))
        for rel in _elements(name, body, "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            part = _resolve(folder, rel.get("Target", "")).lower()
            if part in by_name and part not in reached:
                reached.add(part)
                queue.append(posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"))
    return reached


def _resolve(folder, target):
    target = unquote(target.split("#", 1)[0])
    return posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(folder, target))


def _ooxml(parts, depth):
    names = {name for name, _ in parts}
    reached = _reachable(parts)
    printers, unlinked = _printer_links(parts, reached)
    kept = [(n, b) for n, b in parts if n.lower() in reached and not OOXML_DROPPED.fullmatch(n)
            and n.lower() not in printers]
    review = next((n for n, _ in kept if OOXML_REVIEW.fullmatch(n)), None)
    if review:
        raise _under_review(review)
    if any(OOXML_MODEL.fullmatch(n) for n, _ in kept):
        raise Refused(DATA_MODEL, DATA_MODEL_HINT)
    out = []
    dropped = {n.lower() for n in names} - {n.lower() for n, _ in kept} - {"docprops/core.xml"}
    for name, body in kept:
        lower = name.lower()
        if lower.endswith(".rels"):
            body = _relationships(name, body, dropped)
        elif lower == "[content_types].xml":
            body = _content_types(body, dropped)
        elif lower.endswith(".xml"):
            if lower in unlinked:
                body = _unlinked(body, unlinked[lower])
            if (W_NS, "author") in _scan(name, body):
                raise _under_review(name)
            _refuse_running(name, body)
            if lower == "xl/workbook.xml":
                body = XL_NOTES.sub(b"", body)
            body = _without_shape_copies(HIDDEN_NOTES.sub(b"", body))
        elif "/embeddings/" in lower or body.startswith(b"PK\x03\x04"):
            body = _embedded(name, body, depth)  # a Word file inside (a subdocument) anywhere is one too
        else:
            body = _published_binary(name, body)
        out.append((name, body))
    if "docProps/core.xml" in names and "docprops/core.xml" in reached:
        out.append(("docProps/core.xml", _core(dict(parts)["docProps/core.xml"])))  # kept in the lists above
    return out


def _embedded(name, body, depth):
    """Return a chart's workbook (or another Office file inside) rebuilt; refuse other embedded programs' data."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".docx")) and body.startswith(b"PK\x03\x04"):
        return clean_office(lower[-4:], body, depth + 1)
    raise Refused(f"it has another program's object inside it ({name}), which can carry its own author and files",
                  "paste the object as a picture or a table instead, or publish the document as a PDF")


def _without_shape_copies(body):
    """Return an XML part without Word's zipped copies of its drawn shapes (o:gfxdata), which Word makes again."""
    for prefix in set(re.findall(rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"']urn:schemas-microsoft-com:office:office[\"']",
                                 body)):
        body = re.sub(rb"\s%s:gfxdata\s*=\s*(?:\"[^\"]*\"|'[^']*')" % re.escape(prefix), b"", body)
    return body


def _published_binary(name, body):
    """Return a part that is not XML as it is published (a picture stripped, a drawing cleaned); else raise Refused."""
    if body.startswith(PICTURE_STARTS) or body.startswith(CAMERA_STARTS) or body[4:12] in HEIF_BRANDS:
        return _strip_picture(name, body)
    if not body:
        return body
    lower = name.lower()
    if lower.endswith(".svg"):
        try:
            return clean_svg(body)  # an icon or drawing Office keeps beside its PNG copy
        except Refused as refused:
            # Said of the drawing inside, which the writer never sees as a file of its own, with the fix in Word.
            raise Refused(f"it has a drawing inside ({name[:80]}) that the site cannot publish: {refused}",
                          OPAQUE_KINDS["picture"][1]) from None
    if lower.endswith(".vml") and _plain_text(body):
        return _without_shape_copies(body)  # a legacy drawing written as text, which the real-name check reads as text
    kind = "font" if FONT_PARTS.fullmatch(name) else "picture" if PICTURE_NAMES.fullmatch(name) else "other"
    what, hint = OPAQUE_KINDS[kind]
    raise Refused(OPAQUE.format(what=what, name=name[:80]), hint)


def _plain_text(body):
    """Return whether ``body`` is UTF-8 text without control characters (so it is read as text, not as bytes)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


def _printer_links(parts, reached):
    """Return (the parts only a printer reads, {part naming them: their link ids}), from the reached link lists."""
    printers, unlinked = set(), {}
    for name, body in parts:
        lower = name.lower()
        if not lower.endswith(".rels") or lower not in reached:
            continue
        folder = posixpath.dirname(posixpath.dirname(name))
        source = posixpath.join(folder, posixpath.basename(name)[:-len(".rels")]).lower()
        for rel in _elements(name, body, "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            if rel.get("Type", "").rpartition("/")[2].lower() in PRINTER_LINKS:
                printers.add(_resolve(folder, rel.get("Target", "")).lower())
                unlinked.setdefault(source, set()).add(rel.get("Id", ""))
    return printers, unlinked


def _unlinked(body, ids):
    """Return an XML part without its links to printer settings (``ids``): the attribute, or an element left empty."""
    prefixes = set(re.findall(rb"xmlns:([A-Za-z_][\w.-]*)\s*=\s*[\"'](?:%s)[\"']"
                              % b"|".join(re.escape(ns) for ns in RELATIONSHIP_NAMESPACES), body))
    for prefix in prefixes:
        for link in ids:
            body = re.sub(rb"\s%s:id\s*=\s*([\"'])%s\1" % (re.escape(prefix), re.escape(link.encode())), b"", body)
    return re.sub(rb"<(?:[A-Za-z_][\w.-]*:)?printerSettings\s*/>", b"", body)  # Word's element has nothing else


def _attribute(attributes, local):
    return next((v for k, v in attributes.items() if k.rpartition(" ")[2] == local), None)


def _elements(name, body, wanted):
    """Return the attributes of each element named ``wanted`` (local name), in order; raise Refused."""
    found = []
    _scan(name, body)  # no document type, well-formed
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda tag, attrs: found.append(attrs) if tag.rpartition(" ")[2] == wanted else None
    parser.Parse(body, True)
    return found


def _fetching(target, name):
    """Return the refusal of a part that makes the program opening the file fetch ``target`` from elsewhere."""
    # A template, picture, frame or object on the web (or on another computer) is fetched by the reader's program as
    # it opens the file (a template can bring macros); only a link the reader chooses to follow may stay.
    return Refused(f"it makes the program that opens it fetch a file from another site ({target[:80]!r}, in {name}), "
                   "which could track readers or bring in a program",
                   "put the picture or object in the document itself instead of linking to it (in Word: File > Info > "
                   "Edit Links to Files > Break Link; in LibreOffice: Edit > Links to External Files > Break Link), "
                   "or publish the document as a PDF")


def _relationships(name, body, dropped):
    """Return a .rels part written again: links to parts that were left out go, and so do folders on a computer."""
    folder = posixpath.dirname(posixpath.dirname(name))
    lines = []
    for rel in _elements(name, body, "Relationship"):
        target, mode = rel.get("Target", ""), rel.get("TargetMode")
        if mode == "External":
            if not re.match(r"(?i)(https?|mailto):", target):
                target = re.split(r"[\\/]", target)[-1]  # C:\Users\jsmith\…\Normal.dotm: the file's name alone
            elif not rel.get("Type", "").endswith("/hyperlink"):
                raise _fetching(target, name)
        else:
            kind = rel.get("Type", "").rpartition("/")[2].lower()
            if kind == "afchunk":
                raise Refused(ALT_CHUNK, ALT_CHUNK_HINT)
            if kind in DATA_MODEL_LINKS:
                raise Refused(DATA_MODEL, DATA_MODEL_HINT)
            part = posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(folder, target))
            if part.lower() in dropped:
                continue
        extra = f" TargetMode={quoteattr(mode)}" if mode else ""
        lines.append(f"<Relationship Id={quoteattr(rel.get('Id', ''))} Type={quoteattr(rel.get('Type', ''))} "
                     f"Target={quoteattr(target)}{extra}/>")
    return _document("Relationships", REL_NS, lines)


def _content_types(body, dropped):
    lines = []
    for tag in ("Default", "Override"):
        for entry in _elements("[Content_Types].xml", body, tag):
            if tag == "Override" and entry.get("PartName", "").lstrip("/").lower() in dropped:
                continue
            key = "Extension" if tag == "Default" else "PartName"
            lines.append(f"<{tag} {key}={quoteattr(entry.get(key, ''))} "
                         f"ContentType={quoteattr(entry.get('ContentType', ''))}/>")
    return _document("Types", TYPES_NS, lines)


def _document(root, namespace, lines):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{root} xmlns="{namespace}">'
            + "".join(lines) + f"</{root}>").encode("utf-8")


def _texts(name, body, wanted):
    """Return the text of the first element of each (namespace, local name) in ``wanted``."""
    _scan(name, body)
    found, stack = {}, []
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(tag, _attributes):
        stack.append(tuple(tag.rpartition(" ")[::2]))

    def text(data):
        if stack and stack[-1] in wanted and len(stack) <= 3:
            found[stack[-1]] = found.get(stack[-1], "") + data

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.CharacterDataHandler = text
    parser.Parse(body, True)
    return {key: value.strip() for key, value in found.items() if value.strip()}


def _title_and_language(name, body):
    """Return the dc:title and dc:language elements of a properties part, written again, and nothing else."""
    found = _texts(name, body, {(DC_NS, "title"), (DC_NS, "language")})
    return "".join(f"<dc:{local}>{escape(found[(DC_NS, local)])}</dc:{local}>" for local in ("title", "language")
                   if (DC_NS, local) in found)


def _core(body):
    """Return docProps/core.xml with the title and language alone (a reader's program shows the title)."""
    inner = _title_and_language("docProps/core.xml", body)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="{CORE_NS}" '
            f'xmlns:dc="{DC_NS}">{inner}</cp:coreProperties>').encode()


# --- OpenDocument ---


def _opendocument(parts):
    manifest = dict(parts).get("META-INF/manifest.xml", b"<m/>")
    listed = {_attribute(e, "full-path") for e in _elements("META-INF/manifest.xml", manifest, "file-entry")}
    out = []
    for name, body in parts:
        if not ODF_KEPT.fullmatch(name) or name not in listed | {"mimetype", "META-INF/manifest.xml"}:
            continue  # settings (printers), thumbnails, signatures, the program's configuration, unlisted parts
        if name.endswith("meta.xml"):
            body = _odf_meta(name, body)
        elif name.endswith(".xml") and name != "META-INF/manifest.xml":
            found = _scan(name, body)
            if {(TEXT_NS, "changed-region"), (TABLE_NS, "tracked-changes")} & found:
                raise _under_review(name, "tracked changes")
            if (OFFICE_NS, "binary-data") in found:
                raise Refused(INLINE_PICTURE.format(name=name), INLINE_PICTURE_HINT)
            if (OFFICE_NS, "annotation") in found:
                raise _under_review(name, "comments")
            if (XLINK_NS, "href") in found:
                _refuse_fetched(name, body)
            _refuse_running(name, body)
        elif name.startswith("ObjectReplacements/") and not body.startswith(PICTURE_STARTS):
            continue  # a chart's picture for programs that cannot draw it (a metafile): LibreOffice draws it again
        elif name.startswith(("Pictures/", "ObjectReplacements/")):
            body = _published_binary(name, body)
        out.append((name, body))
    kept = {name for name, _ in out}
    return [(name, _manifest(body, kept) if name == "META-INF/manifest.xml" else body) for name, body in out]


def _refuse_running(name, body):
    """Raise Refused if a part has a formula or field that fetches a file or starts a program as the file opens."""
    found = formulas.running(body)
    if found:
        kind, text = found
        raise Refused(f"it has a {kind} that makes the program opening it fetch a file or start another program "
                      f"({text!r})", LINK_HINTS.get(kind, RUNNING_HINT))


def _refuse_fetched(name, body):
    """Raise Refused if an OpenDocument part links a picture, section, object or table from elsewhere (not a link)."""
    def start(tag, attributes):
        target = (attributes.get(f"{XLINK_NS} href") or "").strip()
        if tag.rpartition(" ")[2] != "a" and ELSEWHERE.match(target):
            raise _fetching(target, name)

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.Parse(body, True)


def _odf_meta(name, body):
    inner = _title_and_language(name, body)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office="{OFFICE_NS}" '
            f'xmlns:dc="{DC_NS}" office:version="1.3"><office:meta>{inner}</office:meta>'
            "</office:document-meta>").encode()


def _manifest(body, kept):
    found = _scan("META-INF/manifest.xml", body)
    if (MANIFEST_NS, "encryption-data") in found:
        raise Refused("it is saved with a password, so what is inside it cannot be checked")
    lines = []
    for entry in _elements("META-INF/manifest.xml", body, "file-entry"):
        path = _attribute(entry, "full-path") or ""
        if path != "/" and path.rstrip("/") not in kept and not any(k.startswith(path) for k in kept):
            continue
        version = _attribute(entry, "version")
        extra = f" manifest:version={quoteattr(version)}" if version else ""
        lines.append(f"<manifest:file-entry manifest:full-path={quoteattr(path)} "
                     f"manifest:media-type={quoteattr(_attribute(entry, 'media-type') or '')}{extra}/>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="{MANIFEST_NS}" '
            f'manifest:version="1.3">' + "".join(lines) + "</manifest:manifest>").encode("utf-8")
