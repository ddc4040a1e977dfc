"""Is an SVG a picture and nothing more? An allowlist of elements and attributes, read without entities."""

from __future__ import annotations

import base64
import binascii
import re
import xml.parsers.expat

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Drawing programs keep their own notes in these namespaces. Browsers know nothing of them, so they
# neither render nor run anything in them; refusing them would only turn away ordinary Inkscape files.
INERT_NS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
})

# Drawing, text, paint servers, clipping, masking and filters. Left out on purpose: script, foreignObject
# (it holds HTML), the animation elements (<set attributeName="href" to="javascript:…">), cursor and the
# old font elements (they load other files), and anything that embeds another document.
ELEMENTS = frozenset("""
    svg g defs symbol use switch title desc metadata a view style
    path rect circle ellipse line polyline polygon image text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
    feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
    feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile
    feTurbulence
""".split())

# Geometry, presentation, text, paint-server, filter and accessibility attributes. No on* handler, no src,
# no xml:base; href is allowed but checked below. Matched in lower case (SVG mixes cases).
ATTRIBUTES = frozenset(a.lower() for a in """
    id class style lang tabindex role focusable transform viewBox preserveAspectRatio version baseProfile
    x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points pathLength dx dy rotate
    textLength lengthAdjust startOffset method spacing side href
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color color-interpolation
    color-interpolation-filters color-rendering shape-rendering text-rendering image-rendering
    display visibility overflow clip clip-path clip-rule mask marker marker-start marker-mid marker-end
    markerWidth markerHeight markerUnits refX refY orient paint-order vector-effect isolation mix-blend-mode
    font font-family font-size font-size-adjust font-stretch font-style font-variant font-weight
    text-anchor text-decoration letter-spacing word-spacing writing-mode direction unicode-bidi
    dominant-baseline alignment-baseline baseline-shift white-space xml:space
    gradientUnits gradientTransform spreadMethod offset stop-color stop-opacity
    patternUnits patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits
    filter filterUnits primitiveUnits in in2 result mode type values tableValues slope intercept amplitude
    exponent operator k1 k2 k3 k4 order kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength
    preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent limitingConeAngle
    azimuth elevation pointsAtX pointsAtY pointsAtZ z scale xChannelSelector yChannelSelector
    stdDeviation radius baseFrequency numOctaves seed stitchTiles flood-color flood-opacity lighting-color
    enable-background requiredExtensions requiredFeatures systemLanguage media
    aria-label aria-labelledby aria-describedby aria-hidden aria-roledescription
""".split())

# Raster pictures may be embedded in an <image> as data: addresses: they cannot hold script.
_RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp|avif);base64,[A-Za-z0-9+/=\s]*", re.IGNORECASE)
_URL_FUNCTION = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
# CSS that loads or runs something without url(), and escapes that could spell any of it in disguise.
_CSS_FORBIDDEN = re.compile(
    r"@import|image-set\(|image\(|src\(|cross-fade\(|element\(|expression\(|-moz-binding|behavior\s*:|\\",
    re.IGNORECASE,
)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_FRAGMENT = re.compile(r"#[^\s#]*")


class Refused(Exception):
    """The file may not be published; the message says why, and ``hint`` what to do when the kind's usual hint does not fit."""

    def __init__(self, message, hint=None):
        super().__init__(message)
        self.hint = hint


def _scripted(value):
    """Return True if ``value`` holds a javascript: address, however it is spaced or cased."""
    squeezed = _INVISIBLE.sub("", value).lower()
    return "javascript:" in squeezed or "vbscript:" in squeezed


def _check_css(css, where):
    css = _CSS_COMMENT.sub("", css)
    found = _CSS_FORBIDDEN.search(css)
    if found:
        what = "a backslash escape" if found.group(0) == "\\" else repr(found.group(0).strip())
        raise Refused(f"{where} uses {what}, which can load another file or run code (or disguise it)")
    for match in _URL_FUNCTION.finditer(css):
        if not _FRAGMENT.fullmatch(match.group(2).strip()):
            raise Refused(f"{where} points at another file ({match.group(0)[:80]!r}); only url(#id) is allowed")
    if _scripted(css):
        raise Refused(f"{where} contains a javascript: address")


def _check_attribute(element, name, value):
    namespace, _, local = name.rpartition(" ")
    if namespace in INERT_NS:
        return
    if namespace == XML_NS:
        if local not in ("space", "lang"):
            raise Refused(f"<{element}> has the attribute xml:{local}, which is not allowed")
        return
    if namespace == XLINK_NS:
        if local not in ("href", "title"):
            raise Refused(f"<{element}> has the attribute xlink:{local}, which is not allowed")
    elif namespace:
        raise Refused(f"<{element}> has an attribute from another vocabulary ({namespace} {local})")
    elif local.lower().startswith("on"):
        raise Refused(f"<{element}> has an event handler ({local}=…), which runs code")
    elif local.lower() not in ATTRIBUTES and not local.lower().startswith(("data-", "aria-")):
        raise Refused(f"<{element}> has the attribute {local!r}, which is not on the list of safe attributes")
    if _scripted(value):
        raise Refused(f"<{element}> {local}= holds a javascript: address")
    if local == "href":
        target = value.strip()
        if _FRAGMENT.fullmatch(target) or (element == "image" and _RASTER_DATA.fullmatch(target)):
            return
        raise Refused(f"<{element}> points at another file or site ({target[:80]!r}); "
                      "only links within the picture (#id) are allowed")
    # A presentation attribute (fill=, clip-path=…) is parsed as CSS, escapes included ("u\\rl(" is url(), so any
    # value with a function or a backslash is checked as CSS; aria- and data- attributes are only ever text.
    if local.lower() == "style" or (("(" in value or "\\" in value) and not local.lower().startswith(("data-", "aria-"))):
        _check_css(value, f"<{element}> {local}=")


def check_svg(data: bytes):
    """Raise Refused with the reason if the SVG could run code or load anything; return None if it is safe."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    # Entities are never declared, so never expanded: a document type is refused as soon as it starts.
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack = []
    style_text = []
    seen_root = False

    def doctype(_name, _system, _public, has_internal_subset):
        # A bare <!DOCTYPE svg PUBLIC …> (older exports) declares nothing, and the DTD is never fetched.
        if has_internal_subset:
            raise Refused("its <!DOCTYPE> declares entities, which could hide or expand content; "
                          "save it again without one")

    def entity(*_):
        raise Refused("it declares an <!ENTITY>; save it again without one")

    def skipped(name, _is_parameter):
        raise Refused(f"it uses an entity (&{name};) declared in another file, which is never read; "
                      "write the text out instead")

    def instruction(target, _data):
        raise Refused(f"it has a <?{target} …?> instruction, which could load a style sheet or program")

    def start(name, attributes):
        nonlocal seen_root
        namespace, _, local = name.rpartition(" ")
        if not seen_root:
            seen_root = True
            if namespace != SVG_NS or local != "svg":
                raise Refused("it is not an SVG picture (its outer element is not <svg> in the SVG namespace)")
        if namespace in INERT_NS:
            # Its own attributes are the program's notes; what it holds is checked like everything else.
            stack.append("inert")
            return
        if namespace != SVG_NS:
            raise Refused(f"it has a <{local}> element from another vocabulary ({namespace or 'no namespace'}), "
                          "such as HTML, which could run code")
        if local not in ELEMENTS:
            reason = {"script": "runs code", "foreignObject": "can hold a web page with code"}.get(
                local, "is not on the list of safe picture elements")
            raise Refused(f"it has a <{local}> element, which {reason}")
        for attribute, value in attributes.items():
            _check_attribute(local, attribute, value)
        stack.append(local)

    def end(_name):
        top = stack.pop()
        if top == "style":
            _check_css("".join(style_text), "a <style> element")
            style_text.clear()

    def text(data):
        if stack and stack[-1] == "style":
            style_text.append(data)
        if _scripted(data):
            raise Refused("its text contains a javascript: address")

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = entity
    parser.SkippedEntityHandler = skipped
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise Refused(f"it is not well-formed XML ({xml.parsers.expat.ErrorString(exc.code)}, "
                      f"line {exc.lineno})") from None
    if not seen_root:
        raise Refused("it is empty")
    _tree(data)  # what expat accepts, the cleaner's parser may not: an encoding it lacks, nesting too deep


def _tree(data):
    """Return the SVG parsed as clean_svg parses it (comments and instructions dropped), or raise Refused."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        # lxml's message names the cause ("Unsupported encoding: latin-1", "Excessive depth in document: 256").
        raise Refused(f"the site cannot read it as a drawing ({str(exc).split(',')[0]})",
                      "save it again from the drawing program as plain SVG in UTF-8, with fewer groups inside groups") \
            from None


# Drawing programs' notes (the file's name and folder on the author's computer, their layers, an RDF record of
# the author and licence) and <metadata> are no part of the picture; <title> and <desc> are its text
# alternative, read aloud, and are kept.
_NOTES = frozenset({f"{{{SVG_NS}}}metadata"})
_RASTER_HREF = re.compile(r"(data:image/(?:png|jpeg|gif|webp|avif);base64,)([A-Za-z0-9+/=\s]*)", re.IGNORECASE)


def clean_svg(data: bytes) -> bytes:
    """Return ``data`` (an SVG that passed check_svg) without comments, <metadata> and drawing programs' notes."""
    check_svg(data)  # never parse what could declare entities
    root = _tree(data)  # the XML declaration and <!DOCTYPE> are not kept either
    _drop_notes(root)
    etree.cleanup_namespaces(root)  # the drawing programs' prefixes, now unused
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)


def _inert(name):
    return name.startswith("{") and name[1:].split("}", 1)[0] in INERT_NS


def _drop_notes(element):
    for child in list(element):
        if not isinstance(child.tag, str) or child.tag in _NOTES or _inert(child.tag):
            _remove_keeping_tail(element, child)
        else:
            _drop_notes(child)
    for name in [name for name in element.attrib if _inert(name)]:
        del element.attrib[name]
    for name, value in element.attrib.items():
        if name.endswith("href") and _RASTER_HREF.match(value.strip()):
            element.attrib[name] = _RASTER_HREF.sub(_stripped_raster, value.strip())


def _remove_keeping_tail(parent, child):
    # The text after a removed element still belongs to its parent (it may be a <text>'s words).
    if child.tail:
        index = list(parent).index(child)
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _stripped_raster(match):
    try:
        picture = base64.b64decode("".join(match.group(2).split()), validate=True)
    except (binascii.Error, ValueError):
        # A browser reads base64 more leniently than Python: what we cannot read is not published.
        raise Refused("a picture inside it is not written as base64 that can be read") from None
    from .clean import clean_picture  # clean imports this module

    return match.group(1) + base64.b64encode(clean_picture(picture)).decode("ascii")
