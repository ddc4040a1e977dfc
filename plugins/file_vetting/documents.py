"""Pure: a PDF rebuilt from what reading it needs, so nothing it says about its makers is published.

A PDF names its author, the program and the account that made it, in its Info dictionary and in XMP
packets (on the document, on every page, picture and font); a program may keep its own notes on any object
(/PieceInfo), a small picture of each page (/Thumb), attached files, script and forms, and reviewers'
comments signed with their names. The published copy is written by qpdf (through pikepdf) from the objects
the pages, the bookmarks and the tagged structure reach (screen readers need the tags and /Lang), with the
catalogue, the trailer and each page cut down to an allowlist of keys, and every other object to what it
says minus the keys that only describe it. Photos inside the PDF lose their EXIF as published photos do.
Streams are copied as they are, never inflated (but LZW, which qpdf writes as Flate anyway), so a PDF "zip
bomb" costs nothing here; one the real-name check cannot read (a predictor) is refused. A stream the pages draw
as text keeps no key by which the check would pass it by as a picture or a font.
"""

from __future__ import annotations

import io
import re
import zlib
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name

from . import icc
from .kinds import ENCRYPTED
from .strip import strip_or_none
from .svg import Refused

# What the document catalogue keeps: the pages, how they open and are numbered, bookmarks, named places,
# the tagged structure with its language, layers and forms (without XFA, below).
CATALOG_KEPT = {"/Type", "/Pages", "/Outlines", "/StructTreeRoot", "/MarkInfo", "/Lang", "/PageLabels",
                "/PageLayout", "/PageMode", "/ViewerPreferences", "/Dests", "/Names", "/AcroForm",
                "/OCProperties", "/Version", "/Extensions"}
# What a page (or a node of the page tree) keeps: what it shows, its boxes, links and form fields, its tags.
PAGE_KEPT = {"/Type", "/Parent", "/Kids", "/Count", "/Resources", "/MediaBox", "/CropBox", "/BleedBox",
             "/TrimBox", "/ArtBox", "/BoxColorInfo", "/Contents", "/Rotate", "/Group", "/Annots",
             "/StructParents", "/Tabs", "/UserUnit"}
# A PDF/UA document's XMP claims the standard (pdfuaid:part), which checkers and some readers look for.
PDFUA = re.compile(rb"pdfuaid:part\s*(?:=\s*[\"']|>)\s*([12])\b")
XMP_LIMIT = 1 << 20
# A colour profile is a few kilobytes (a printer's, a few megabytes): anything longer is not read.
PROFILE_LIMIT = 16 << 20
XMP_UA = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
          'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
          '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
          "<pdfuaid:part>{part}</pdfuaid:part></rdf:Description></rdf:RDF></x:xmpmeta>"
          '<?xpacket end="r"?>')
# What a page's or a drawing's resources may name: fonts, pictures and drawings, and how they are painted.
RESOURCES_KEPT = {"/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/ProcSet", "/Properties"}
# Keys on any object that only describe it or its makers, carry another file, or act when it is opened.
DROPPED = {"/Metadata", "/PieceInfo", "/Thumb", "/LastModified", "/AA", "/AF", "/EF", "/JS", "/SpiderInfo"}
# Annotations that are part of the document: links (with their /Contents, read aloud) and form fields.
# Every other kind is a comment, a stamp or an attachment, signed with a reviewer's name, and is left out.
ANNOTATIONS_KEPT = {"/Link", "/Widget"}
ANNOTATION_NOTES = ("/T", "/Contents", "/RC", "/Popup", "/IRT", "/NM", "/M", "/CreationDate", "/Subj", "/FS")
# Actions a link or bookmark may take: go to a page or a web address, or a viewer's own command (next page).
ACTIONS_KEPT = {"/GoTo", "/URI", "/Named"}
# The packings the real-name check reads (coproduction/extract.py, tested against qpdf's own unpacking). A viewer
# unpacks any other on any stream, so a page's text Flate-packed with a predictor showed a name the check could not read.
READABLE_FILTERS = {"/FlateDecode", "/Fl", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85", "/RunLengthDecode", "/RL"}
UNREADABLE = ("a part of it is packed in a way the site cannot read (with a predictor, or a page's text packed as a "
              "picture), so what it says cannot be checked for an anonymous writer's real name")
# What a page's text stream needs (its length and packing): the check reads a stream marked as a picture or a font
# as no text, while a viewer draws a page's contents whatever their dictionary says.
CONTENTS_KEPT = {"/Length", "/Filter", "/DecodeParms", "/DL"}
# A font program's own keys: on any other stream they mean nothing to a viewer, but the check passes it by as a font.
FONT_FILE_KEYS = {"/Length1", "/Length2", "/Length3", "/FontFile", "/FontFile2", "/FontFile3"}
# The keys through which a font descriptor reaches its font program.
FONT_PROGRAM_LINKS = {"/FontFile", "/FontFile2", "/FontFile3"}


# A stream whose /Length is missing, names no object the check can find, or does not land on "endstream": a viewer
# may end it elsewhere than the check, past an "endstream" its packed bytes hold.
UNSETTLED = ("a part of it does not say its own length correctly, so the site cannot tell for certain where its text "
             "ends, nor check all of it for an anonymous writer's real name")
UNSETTLED_HINT = ("make the PDF again from its document (in Word: File > Save As, and choose PDF), or open it in a PDF "
                  "reader and print it to a new PDF (Print, then Save as PDF or Microsoft Print to PDF), and add that "
                  "instead")

# A PDF with more parts than the check reads, or text that unpacks to more than it reads (a "zip bomb" can hide a name
# after its first 64 MB): what it draws past that point would not be checked.
TOO_MUCH = ("it holds more than the site reads to check it for an anonymous writer's real name (more than {parts} "
            "parts, or text that unpacks to more than {megabytes} MB)")
TOO_MUCH_HINT = ("split it into smaller PDFs (in a PDF reader: Print, choose a range of pages and Save as PDF), or make "
                 "it again from its document, and add those instead")


def _unread_refusals():
    from coproduction import extract

    too_much = (TOO_MUCH.format(parts=extract.PDF_STREAMS, megabytes=extract.PDF_BUDGET >> 20), TOO_MUCH_HINT)
    return {extract.UNSETTLED: (UNSETTLED, UNSETTLED_HINT), extract.TOO_MANY: too_much, extract.TOO_LARGE: too_much}


def clean_pdf(data: bytes) -> bytes:
    """Return ``data`` (a PDF) rebuilt without its metadata, attachments, script and comments; raise Refused."""
    from coproduction import extract

    unread = extract.pdf_unread(data)
    if unread is not None:
        raise Refused(*_unread_refusals()[unread])
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise Refused(ENCRYPTED)
            _trim(pdf)
            _readable_streams(pdf)
            out = io.BytesIO()
            # Streams copied undecoded; an ID from the content, so the same PDF is published byte for byte.
            pdf.save(out, preserve_pdfa=False, fix_metadata_version=False,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none, deterministic_id=True)
    except Refused:
        raise
    except (pikepdf.PdfError, pikepdf.PasswordError, RuntimeError, ValueError, TypeError, KeyError) as exc:
        raise Refused(f"it cannot be read as a PDF ({exc.__class__.__name__})") from None
    return out.getvalue()


def _trim(pdf):
    info = pdf.trailer.get("/Info")
    title = info.get("/Title") if isinstance(info, Dictionary) else None
    accessible = _pdfua_part(pdf.Root.get("/Metadata"))
    for key in set(pdf.trailer.keys()) - {"/Root", "/Size"}:
        del pdf.trailer[key]  # /Info: author, program, dates; /ID is made again from the content
    if isinstance(title, pikepdf.String):
        # The title alone: the tab and a screen reader announce it (WCAG 2.4.2), and the editor sees it.
        pdf.trailer.Info = pdf.make_indirect(Dictionary(Title=title))
    root = pdf.Root
    for key in set(root.keys()) - CATALOG_KEPT:
        del root[key]  # /OpenAction, /Perms, /DSS (signers), /Collection, /Threads, /Legal, /AA, /Metadata…
    if "/Names" in root:
        dests = root.Names.get("/Dests")
        root.Names = Dictionary(Dests=dests) if dests is not None else Dictionary()
    if "/AcroForm" in root and "/XFA" in root.AcroForm:
        del root.AcroForm["/XFA"]
    for page in pdf.pages:
        _trim_page(page.obj)
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            _trim_object(obj)
    if accessible:
        # A PDF/UA file says so in its XMP, with its title: that much is written again, nothing else.
        text = str(title) if isinstance(title, pikepdf.String) else ""
        pdf.Root.Metadata = pdf.make_stream(XMP_UA.format(title=escape(text), part=accessible).encode(),
                                            Type=Name.Metadata, Subtype=Name.XML)


def _readable_streams(pdf):
    """Refuse a stream, other than a picture's, packed in a way the real-name check cannot read; repack LZW as Flate.

    A picture keeps its packing (its bytes are pixels), unless a page names it as its text. Anything else is
    refused rather than unpacked here: a predictor packing can hide a "zip bomb" as well as a name. A page's text
    and every drawing lose the keys that would make the check pass them by as a picture or a font.
    """
    texts = {stream.objgen for page in pdf.pages for stream in _contents(page.obj)}
    published = list(_published(pdf))
    drawn = _drawn_as_content(published)
    # A font program is a stream reached only as a font descriptor's /FontFile (a descriptor may sit inside its font's
    # dictionary: every dictionary reached is looked at). One drawn too (as a form, say) is no font to the check.
    fonts = {objgen for objgen, keys in _reached_by(published).items() if keys <= FONT_PROGRAM_LINKS}
    for obj in published:
        if not isinstance(obj, pikepdf.Stream) or not obj.is_indirect or obj.get("/Type") in (Name.XRef, Name.ObjStm):
            continue  # qpdf writes the file's own index and object packs afresh
        if obj.objgen in texts:
            misleading = set(obj.keys()) - CONTENTS_KEPT  # a page's text marked /Subtype /Image, say
        else:
            misleading = set() if obj.objgen in fonts else FONT_FILE_KEYS & set(obj.keys())
            if obj.objgen in drawn and "/Subtype" in obj and obj.get("/Subtype") != Name.Form:
                misleading.add("/Subtype")  # an appearance, glyph or pattern marked /Subtype /Image: drawn all the same
        for key in misleading:
            del obj[key]
        filters = {str(f) for f in _filters(obj) if f is not None}
        if filters <= READABLE_FILTERS and not _predicted(obj.get("/DecodeParms")):
            continue
        if obj.get("/Subtype") == Name.Image and obj.objgen not in texts:
            continue
        if filters <= READABLE_FILTERS | {"/LZWDecode"} and not _predicted(obj.get("/DecodeParms")):
            # Old PDFs' packing, which qpdf writes again as Flate in any case: done here, so it is certain.
            try:
                data = obj.read_bytes(decode_level=pikepdf.StreamDecodeLevel.generalized)
            except (pikepdf.PdfError, RuntimeError, ValueError):
                raise Refused(UNREADABLE) from None
            for key in ("/DecodeParms", "/Filter"):
                if key in obj:
                    del obj[key]
            obj.write(zlib.compress(data, 9), filter=Name.FlateDecode)
            continue
        raise Refused(UNREADABLE)


def _drawn_as_content(published):
    """Return the streams a viewer draws as a page's contents are drawn, whatever their own dictionary says.

    A link's or form field's appearance (/AP), a Type 3 font's glyphs (/CharProcs) and a tiling pattern are run as
    drawing instructions: one marked /Subtype /Image would be drawn all the same, while the check passed it by.
    """
    found = set()
    for obj in published:
        if not isinstance(obj, (Dictionary, pikepdf.Stream)):
            continue
        appearances = obj.get("/AP")
        held = [appearances.get(key) for key in ("/N", "/R", "/D")] if isinstance(appearances, Dictionary) else []
        held += [obj.get("/CharProcs"), obj.get("/Pattern")]
        for value in held:
            values = [v for _k, v in value.items()] if isinstance(value, Dictionary) else [value]
            found.update(v.objgen for v in values if isinstance(v, pikepdf.Stream))
    return found


def _published(pdf):
    """Yield each object the trailer still reaches (once each, those inside others too), as qpdf writes only those."""
    # A part _trim dropped (a page's /Thumb picture, which names no /Subtype) is not published, so not refused.
    seen, todo = set(), [pdf.trailer]
    while todo:
        obj = todo.pop()
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        yield obj
        values = (value for _key, value in obj.items()) if isinstance(obj, (Dictionary, pikepdf.Stream)) else obj
        todo.extend(v for v in values if isinstance(v, (Dictionary, pikepdf.Stream, Array)))


def _reached_by(published):
    """Return {stream's objgen: the keys of the dictionaries (or of their arrays) through which it is reached}."""
    found = {}
    for obj in published:
        if not isinstance(obj, (Dictionary, pikepdf.Stream)):
            continue
        for key, value in obj.items():
            for each in value if isinstance(value, Array) else [value]:
                if isinstance(each, pikepdf.Stream):
                    found.setdefault(each.objgen, set()).add(key)
    return found


def _predicted(parms):
    """Return whether a stream's /DecodeParms (one or one per filter) ask for a predictor, which the check cannot undo."""
    for each in parms if isinstance(parms, Array) else [parms]:
        if isinstance(each, Dictionary) and int(each.get("/Predictor", 1)) > 1:
            return True
    return False


def _contents(page):
    found = page.get("/Contents")
    return [s for s in (found if isinstance(found, Array) else [found]) if isinstance(s, pikepdf.Stream)]


def _pdfua_part(metadata):
    """Return the PDF/UA part (1 or 2) the document's XMP claims, or None."""
    if not isinstance(metadata, pikepdf.Stream) or metadata.get("/Length", 0) > XMP_LIMIT:
        return None
    try:
        found = PDFUA.search(metadata.read_bytes()[:XMP_LIMIT])
    except (pikepdf.PdfError, RuntimeError, ValueError):
        return None
    return found.group(1).decode() if found else None


def _trim_page(page):
    for key in set(page.keys()) - PAGE_KEPT:
        del page[key]
    annotations = page.get("/Annots")
    if isinstance(annotations, Array):
        page.Annots = Array([a for a in annotations if isinstance(a, Dictionary) and a.get("/Subtype") in
                             ANNOTATIONS_KEPT])


def _trim_object(obj):
    if obj.get("/Type") == Name.Pages:
        for key in set(obj.keys()) - PAGE_KEPT:
            del obj[key]
    resources = obj.get("/Resources")
    if isinstance(resources, Dictionary):
        for key in set(resources.keys()) - RESOURCES_KEPT:
            del resources[key]  # what a page or drawing uses is named by kind; anything else is a note
    for key in DROPPED & set(obj.keys()):
        del obj[key]
    subtype = obj.get("/Subtype")
    if subtype is not None and "/Rect" in obj and subtype not in ANNOTATIONS_KEPT:
        # A comment still reached from the tags: what it says and who wrote it go.
        for key in ANNOTATION_NOTES:
            if key in obj:
                del obj[key]
    if obj.get("/FT") == Name.Sig and "/V" in obj:
        del obj["/V"]  # a signature names its signer, place and reason
    for key in ("/A", "/Next"):
        action = obj.get(key)
        if isinstance(action, Dictionary) and action.get("/S") not in ACTIONS_KEPT:
            del obj[key]
    if obj.get("/S") in ACTIONS_KEPT and "/Next" in obj:
        del obj["/Next"]
    if isinstance(obj, pikepdf.Stream) and "/N" in obj and subtype is None and "/Type" not in obj:
        _colour_profile(obj)
    if isinstance(obj, pikepdf.Stream) and _is_photo(obj, subtype):
        raw = obj.read_raw_bytes()
        photo = strip_or_none(raw)  # a photo placed in the PDF as it came from the camera: GPS, device, owner
        if photo is None:
            raise Refused("a photo inside it is damaged, so its details (such as where it was taken) cannot be removed")
        if photo != raw:
            obj.write(photo, filter=Name.DCTDecode, decode_parms=obj.get("/DecodeParms"))


def _colour_profile(stream):
    """Write an ICC colour profile again (icc.py): its colour tags only, under its standard name or a neutral one.

    A document's colours are kept as they are (converting them would change how it prints); its words go.
    """
    filters = [f for f in _filters(stream) if f is not None]
    raw = stream.read_raw_bytes()
    try:
        profile = zlib.decompressobj().decompress(raw, PROFILE_LIMIT) if filters == [Name.FlateDecode] else \
            raw if not filters else None
    except zlib.error:
        profile = None
    if profile is None or profile[36:40] != b"acsp":
        if profile is not None and len(profile) < 40:
            return  # too short to be a profile: a stream of another kind that has an /N
        raise Refused("a colour profile inside it cannot be read, so what it says about the device or person "
                      "that made it cannot be removed")
    rebuilt = icc.rebuilt(profile, icc.standard_name(profile) or icc.NEUTRAL)
    if rebuilt is None:
        raise Refused("a colour profile inside it is damaged, so its words cannot be removed")
    for key in ("/DecodeParms", "/Metadata"):
        if key in stream:
            del stream[key]
    stream.write(zlib.compress(rebuilt, 9), filter=Name.FlateDecode)


def _is_photo(stream, subtype):
    """Return whether ``stream`` holds a JPEG as it is: by its filter, or by its first bytes.

    qpdf reads a damaged "/DCTDecode" as a string, and a damaged key hides /Subtype: the photo, with its
    camera's notes, is still in the file, so any stream that starts as a JPEG is cleaned as one.
    """
    if subtype == Name.Image and _filters(stream) == [Name.DCTDecode]:
        return True
    return stream.read_raw_bytes()[:3] == b"\xff\xd8\xff"


def _filters(stream):
    found = stream.get("/Filter")
    return list(found) if isinstance(found, Array) else [found]
