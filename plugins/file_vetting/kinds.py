"""What a file really is, from its bytes: each check returns None when the file is what its name says, or why not."""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from . import formulas
from .svg import Refused, check_svg

try:  # Pillow proves a picture decodes; without it the first bytes have to do.
    from PIL import Image, UnidentifiedImageError, features
except ImportError:  # pragma: no cover - depends on what is installed
    Image = None

MB = 1024 * 1024
# The name each kind of file must end with, and how it is called in messages.
EXTENSIONS = {
    ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif", ".webp": "webp", ".avif": "avif",
    ".svg": "svg", ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".odt": "odt", ".ods": "ods",
    ".csv": "csv", ".txt": "txt",
}
LABELS = {
    "jpeg": "a JPEG picture", "png": "a PNG picture", "gif": "a GIF picture", "webp": "a WebP picture",
    "avif": "an AVIF picture", "svg": "an SVG picture", "pdf": "a PDF document", "docx": "a Word document",
    "xlsx": "an Excel workbook", "odt": "an OpenDocument text", "ods": "an OpenDocument spreadsheet",
    "csv": "a CSV table", "txt": "a plain text file",
}
PREFERRED_EXTENSION = {kind: ext for ext, kind in reversed(EXTENSIONS.items())}
_PILLOW_FORMAT = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "avif": "AVIF"}
_PNG = b"\x89PNG\r\n\x1a\n"
# Kinds whose published copy is rebuilt from what they need, which can fail (a PDF qpdf cannot read).
REBUILT = frozenset({"pdf", "docx", "xlsx", "odt", "ods", "avif", "svg"})
_ODF_MIMETYPE = {"odt": b"application/vnd.oasis.opendocument.text",
                 "ods": b"application/vnd.oasis.opendocument.spreadsheet"}
_OOXML_MAIN = {"docx": b"wordprocessingml.document.main+xml", "xlsx": b"spreadsheetml.sheet.main+xml"}
# PDF names that run code, start programs, carry other files or interactive forms with script.
_PDF_ACTIVE = {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA",
               b"SubmitForm", b"ImportData"}
TOO_BIG = "it unpacks to far more data than a document needs"
ENCRYPTED = "it is encrypted, so what is inside it cannot be checked"
_PDF_DELIMITER = rb"[\s/<>\[\]()%{}]"
_PDF_ACTIVE_NAME = re.compile(
    rb"/(" + b"|".join(sorted(_PDF_ACTIVE | {b"Encrypt"}, key=len, reverse=True)) + rb")(?=" + _PDF_DELIMITER + rb"|$)"
)
# PDF names may spell letters as #xx, so /J#61vaScript is /JavaScript; only such names need decoding.
_PDF_ESCAPED_NAME = re.compile(rb"/((?:(?!" + _PDF_DELIMITER + rb").)*#[0-9A-Fa-f]{2}(?:(?!" + _PDF_DELIMITER
                               + rb").)*)", re.DOTALL)
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def sniff(data: bytes):
    """Return the kind of file ``data`` starts like (a key of LABELS, or a description), for messages."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(_PNG):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if _is_avif(data):
        return "avif"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "a zip archive"
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")):
        return "a program"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old-style Office document"
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in start and not start.startswith((b"<!doctype html", b"<html")):
        return "svg"  # the SVG check then says what in it is unsafe
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<script" in start:
        return "a web page (HTML)"
    if start.startswith(b"<?xml"):
        return "an XML file"
    return "something the site cannot identify"


def describe(data: bytes):
    """Return what ``data`` looks like, in words."""
    found = sniff(data)
    return LABELS.get(found, found)


def _is_avif(data):
    if data[4:8] != b"ftyp":
        return False
    size = int.from_bytes(data[:4], "big")
    brands = data[8:12] + data[16:max(16, min(size, 64))]
    return any(brands[i:i + 4] in (b"avif", b"avis") for i in range(0, len(brands) - 3, 4))


def check_raster(kind, data):
    """Return why ``data`` (which starts like a picture of ``kind``) does not decode as one, or None."""
    if Image is None or (kind == "avif" and not features.check("avif")):
        return None
    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format != _PILLOW_FORMAT[kind]:
                return f"the picture library reads it as {picture.format}, not {LABELS[kind]}"
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return f"the picture is damaged or incomplete ({exc.__class__.__name__})"
    return None


def _active_name(chunk):
    """Return the first name in ``chunk`` that makes a PDF active, or None."""
    found = _PDF_ACTIVE_NAME.search(chunk)
    if found:
        return found.group(1)
    for match in _PDF_ESCAPED_NAME.finditer(chunk):
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name in _PDF_ACTIVE or name == b"Encrypt":
            return name
    return None


def check_pdf(data, limit):
    """Return why a PDF may not be published (script, launched programs, attached files), or None."""
    chunks = [data]
    budget = limit
    for match in _PDF_STREAM.finditer(data):
        # Object streams hide names inside compressed data, so look inside every stream that inflates.
        try:
            inflater = zlib.decompressobj()
            inflated = inflater.decompress(match.group(1), max(budget, 0))
        except zlib.error:
            continue
        budget -= len(inflated)
        chunks.append(inflated)
        if budget <= 0:
            return "it holds more compressed data than the site can check"
    for chunk in chunks:
        name = _active_name(chunk)
        if name == b"Encrypt":
            return ENCRYPTED
        if name:
            return f"it contains /{name.decode('latin-1')}, so it can run code, start a program or carry other files"
    return None


def _zip(data, limit):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return None, "it is not a complete Office file (it cannot be opened as one)"
    if len(infos) > 10000 or sum(info.file_size for info in infos) > limit:
        return None, TOO_BIG
    # Office programs store parts plainly or deflated, never encrypted: what the site cannot unpack, it cannot check.
    if any(info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for info in infos):
        return None, "one of its parts is encrypted or packed in a way the site cannot unpack, so it cannot be checked"
    return archive, None


def check_ooxml(kind, data, limit):
    """Return why a .docx or .xlsx is not a plain, macro-free document of that kind, or None."""
    archive, why = _zip(data, limit)
    if why:
        return why
    names = [info.filename.lower() for info in archive.infolist()]
    if "[content_types].xml" not in names:
        return f"it is not {LABELS[kind]} (it has no [Content_Types].xml)"
    real = next(info.filename for info in archive.infolist() if info.filename.lower() == "[content_types].xml")
    types = archive.read(real).lower()
    if b"macroenabled" in types or b"vbaproject" in types or any("vbaproject" in n or "vbadata" in n for n in names):
        return "it contains macros (programs that run when it is opened)"
    if b"macrosheet" in types or any("/macrosheets/" in n for n in names):
        return "it contains macro sheets (programs that run when it is opened)"
    if b"activex" in types or any("/activex/" in n for n in names):
        return "it contains ActiveX controls (programs that run when it is opened)"
    if _OOXML_MAIN[kind] not in types:
        return f"it is an Office file but not {LABELS[kind]} (a template or another Office format renamed?)"
    return None


def check_odf(kind, data, limit):
    """Return why a .odt or .ods is not a plain, macro-free document of that kind, or None."""
    archive, why = _zip(data, limit)
    if why:
        return why
    infos = archive.infolist()
    if not infos or infos[0].filename != "mimetype":
        return f"it is not {LABELS[kind]} (its first part is not 'mimetype')"
    if archive.read(infos[0]).strip() != _ODF_MIMETYPE[kind]:
        return f"it is not {LABELS[kind]} (it says it is {archive.read(infos[0])[:80].decode('latin-1')!r})"
    names = [info.filename.lower() for info in infos]
    if any(n.startswith(("basic/", "scripts/")) for n in names):
        return "it contains macros or scripts (programs that run when it is opened)"
    for part in ("content.xml", "styles.xml"):
        if part in names and b"script:event-listener" in archive.read(part):
            return "it runs a macro or script when something happens in it (an event listener)"
    return None


def check_text(data):
    """Return why ``data`` is not plain UTF-8 text, or None."""
    if b"\x00" in data:
        return "it holds NUL bytes, so it is not plain text (UTF-16 text, or a program or picture renamed?)"
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return f"it is not saved as UTF-8 text (unreadable byte at position {exc.start})"
    return None


# A table cell a spreadsheet program reads as a formula ("=", "@", "+" or "-" first) that fetches a web address or
# talks to another program (formulas.calls_out), or a link a reader is led to click (=HYPERLINK(…,"Click")): a program
# saves a table's values, never its formulas, so such a cell was written in to be run. "=SUM(A1:A3)", "-5",
# "+44 (0)151…" and "- Mon (9am)" fetch nothing.
FORMULA_STARTS = ("=", "@", "+", "-")
CELL_LINK = re.compile(r"(?i)(?<![\w.])HYPERLINK\s*\(")
# A cell's start (a line's, or after a comma, semicolon or tab, as programs differ in the separator they read): a cell
# in quotes, read whole ("" is one quote, and one never closed runs on, as programs read it), or a formula's first sign.
CELL_START = re.compile(r'(?<![^,;\t\n])(?: *"((?:[^"]+|"")*)"?| *(?=[=@+-]))')
PLAIN_RUN = re.compile(r'[^,;\t\n"()]*')
FORMULA_HINT = ("save the table with the formulas' values instead (in Excel or LibreOffice: select everything, Copy, "
                "then Paste Special > Values), then save it as CSV again")


def check_table(data):
    """Return why a CSV table (UTF-8 text) is not harmless to open in a spreadsheet program, or None."""
    text = data.decode("utf-8-sig")
    lowered = text.lower()
    if "|" not in text and not any(name.lower() in lowered for name in (*formulas.FUNCTIONS, "HYPERLINK")):
        return None  # no cell can call out, so the cells need not be read one by one
    for offset, cell in _formula_cells(text):
        if ("(" in cell or "|" in cell) and (formulas.calls_out(cell) or CELL_LINK.search(cell)):
            line = text.count("\n", 0, offset) + 1
            return Refused(f"line {line} has a cell a spreadsheet program runs as a formula ({cell.strip()[:40]!r}), "
                           "which can fetch a web address or start a program as the table opens", FORMULA_HINT)
    return None


def _formula_cells(text):
    """Yield (offset, text) of each cell of a CSV table that a spreadsheet program may read as a formula."""
    ends, quotes, counted = [0, 0], 0, 0
    for found in CELL_START.finditer(text):
        if found.group(1) is not None:
            cell = found.group(1).replace('""', '"')
            if cell.lstrip(" ").startswith(FORMULA_STARTS):
                yield found.start(), cell
            continue
        at = found.start()
        quotes, counted = quotes + text.count('"', counted, at), at
        # A cell inside a formula already read, outside its quotes (the quotes before it are as many, to two), ends
        # inside it too, so is read with it: every formula is read once, in time to the table's length.
        if at >= ends[quotes % 2]:
            ends[quotes % 2] = end = _formula_end(text, found.end())
            yield at, text[found.end():end]


def _formula_end(text, start):
    """Return where an unquoted formula cell ends: at a separator outside its brackets and quotes, or its line's end."""
    plain = PLAIN_RUN.match(text, start).end()
    if plain == len(text) or text[plain] in ",;\t\n":
        return plain
    # '=IF(A1,B1,C1)' is one cell to a program whose separator is the semicolon, so it is read whole.
    depth, quoted = 0, False
    for at in range(plain, len(text)):
        char = text[at]
        if char == "\n":
            return at
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in ",;\t" and depth <= 0:
            return at
        else:
            depth += (char == "(") - (char == ")")
    return len(text)


def check_content(kind, data, config):
    """Return why ``data`` is not a harmless file of ``kind``, or None."""
    limit = int(config.max_unzipped_mb * MB)
    if kind in _PILLOW_FORMAT:
        return check_raster(kind, data)
    if kind == "svg":
        try:
            check_svg(data)
        except Refused as exc:
            return str(exc)
        return None
    if kind == "pdf":
        return check_pdf(data, limit)
    if kind in _OOXML_MAIN:
        return check_ooxml(kind, data, limit)
    if kind in _ODF_MIMETYPE:
        return check_odf(kind, data, limit)
    return check_text(data) or (check_table(data) if kind == "csv" else None)


def rebuild_refusal(kind, data, cache_dir=None):
    """Return why the published copy of ``data`` (a file of ``kind`` that passed check_content) cannot be made, or None.

    The copy is made here, once (see clean.py), so the check and the build refuse the same files.
    """
    from .clean import cleaned
    from .strip import foreign_profile as _foreign_profile  # a picture converted to sRGB can be refused (an animation)

    if kind not in REBUILT and not (kind in ("jpeg", "png", "webp") and _foreign_profile(data)):
        return None  # pictures lose their details without ever being refused; text has none
    try:
        cleaned(kind, data, cache_dir)
    except Refused as exc:
        return exc
    return None


def looks_like(kind, data):
    """Return True if ``data`` starts the way a file of ``kind`` must."""
    found = sniff(data)
    if kind in _PILLOW_FORMAT or kind == "pdf":
        return found == kind
    if kind in _OOXML_MAIN or kind in _ODF_MIMETYPE:
        return found == "a zip archive"
    if kind == "svg":
        return found in ("svg", "an XML file")
    return found not in LABELS or found in ("csv", "txt")
