"""check_svg(): an allowlist of picture elements and attributes; every way to run or load something is refused."""

from __future__ import annotations

import pytest
from file_samples import CLEAN_SVG, svg
from file_vetting.svg import Refused, check_svg
from hypothesis import given, settings
from hypothesis import strategies as st

XHTML = 'xmlns:h="http://www.w3.org/1999/xhtml"'

ATTACKS = [
    # (what, svg bytes, words in the reason)
    ("script", svg("<script>alert(1)</script>"), "<script>"),
    ("script with href", svg('<script href="https://evil.example/x.js"/>'), "<script>"),
    ("onload on the root", svg("", attributes='onload="alert(1)"'), "event handler"),
    ("onclick on a shape", svg('<rect width="1" height="1" onclick="alert(1)"/>'), "event handler"),
    ("ONLOAD in capitals", svg('<rect ONLOAD="alert(1)"/>'), "event handler"),
    ("foreignObject", svg("<foreignObject><p>hi</p></foreignObject>"), "<foreignObject>"),
    ("HTML script element", svg(f"<h:script {XHTML}>alert(1)</h:script>"), "another vocabulary"),
    ("HTML iframe", svg(f'<h:iframe {XHTML} src="https://evil.example/"/>'), "another vocabulary"),
    ("SVG-namespace iframe", svg('<iframe src="https://evil.example/"/>'), "<iframe>"),
    ("embed", svg('<embed src="x.swf"/>'), "<embed>"),
    ("object", svg('<object data="x.html"/>'), "<object>"),
    ("external use", svg('<use href="https://evil.example/sprite.svg#a"/>'), "points at another file"),
    ("external xlink:href", svg('<use xlink:href="other.svg#a"/>'), "points at another file"),
    ("javascript link", svg('<a href="javascript:alert(1)"><rect/></a>'), "javascript:"),
    ("javascript with entities", svg('<a href="&#106;avascript:alert(1)"><rect/></a>'), "javascript:"),
    ("javascript with a tab", svg('<a xlink:href="java\tscript:alert(1)"><rect/></a>'), "javascript:"),
    ("external image", svg('<image href="https://tracker.example/pixel.gif"/>'), "points at another file"),
    ("svg as data image", svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), "points at another file"),
    ("feImage from elsewhere", svg('<filter id="f"><feImage href="https://x.example/a.png"/></filter>'),
     "points at another file"),
    ("src attribute", svg('<rect src="x"/>'), "'src'"),
    ("style @import", svg("<style>@import url(https://evil.example/x.css);</style>"), "@import"),
    ("style @import without url", svg('<style>@import "x.css";</style>'), "@import"),
    ("style url to a site", svg("<style>rect { fill: url(https://evil.example/a.svg#g) }</style>"),
     "points at another file"),
    ("style attribute url", svg('<rect style="fill: url(//evil.example/a)"/>'), "points at another file"),
    ("presentation url", svg('<rect fill="url(https://evil.example/a#g)"/>'), "points at another file"),
    ("css escape", svg("<style>rect { background: \\75 rl(x) }</style>"), "backslash escape"),
    # A presentation attribute is read as CSS too, escapes and all: "u\\rl(" is url( to the browser.
    ("presentation url with an escape", svg('<rect clip-path="u\\rl(https://evil.example/#c)"/>'), "backslash escape"),
    ("presentation url with a hex escape", svg('<rect fill="\\75 rl(//evil.example/a#g)"/>'), "backslash escape"),
    ("presentation image-set", svg('<rect fill="image-set(&quot;https://evil.example/a.png&quot; 1x)"/>'), "image-set("),
    ("css image-set", svg('<style>rect { fill: image-set("x.png" 1x) }</style>'), "image-set("),
    ("css javascript", svg("<style>rect { fill: url(javascript:alert(1)) }</style>"), "javascript:"),
    ("doctype entities", b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + svg("<text>&a;</text>"), "DOCTYPE"),
    ("external entity", b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + svg("<text>&x;</text>"),
     "DOCTYPE"),
    ("parameter entity", b'<!DOCTYPE svg [<!ENTITY % p SYSTEM "https://evil.example/x.dtd"> %p;]>' + svg(""),
     "DOCTYPE"),
    ("stylesheet instruction", b'<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?>' + svg(""),
     "xml-stylesheet"),
    ("animation sets href", svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>'), "<set>"),
    ("animate element", svg('<animate attributeName="x" values="1;2"/>'), "<animate>"),
    ("handler element", svg("<handler>alert(1)</handler>"), "<handler>"),
    ("xml:base", svg('<g xml:base="https://evil.example/"/>'), "xml:base"),
    ("script inside editor metadata",
     svg('<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd">'
         "<script>alert(1)</script></sodipodi:namedview>"), "<script>"),
    ("unknown attribute", svg('<rect formaction="x"/>'), "formaction"),
    ("not svg at all", b"<html><body>hi</body></html>", "not an SVG picture"),
    ("svg without namespace", b"<svg><rect/></svg>", "not an SVG picture"),
    ("broken XML", b'<svg xmlns="http://www.w3.org/2000/svg"><rect>', "not well-formed"),
    ("javascript in text", svg("<text>javascript:alert(1)</text>"), "javascript:"),
]


@pytest.mark.parametrize(("what", "data", "words"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_every_way_to_run_or_load_something_is_refused_with_the_reason(what, data, words):
    with pytest.raises(Refused) as caught:
        check_svg(data)
    assert words in str(caught.value), str(caught.value)


@pytest.mark.parametrize("data", [
    CLEAN_SVG,
    svg('<path d="M0 0L10 10" stroke="#000" stroke-width="2"/>'),
    svg('<text x="1" y="5" font-family="Arial, sans-serif" font-size="3">In Mind</text>'),
    svg('<clipPath id="c"><circle r="4"/></clipPath><g clip-path="url(#c)"><rect width="9" height="9"/></g>'),
    svg('<filter id="f"><feGaussianBlur stdDeviation="1"/></filter><rect filter="url(&quot;#f&quot;)"/>'),
    svg('<a href="#t"><rect width="1" height="1" data-name="Layer 1"/></a>'),
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Made by hand -->\n' + svg("<rect/>"),
    svg("<rect/>").decode().encode("utf-16"),
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + svg(""),
])
def test_ordinary_pictures_pass(data):
    assert check_svg(data) is None


def test_every_shipped_sample_picture_passes():
    from pathlib import Path

    pictures = sorted((Path(__file__).resolve().parents[3] / "content" / "images").glob("*.svg"))
    assert pictures
    for picture in pictures:
        assert check_svg(picture.read_bytes()) is None, picture


def test_a_billion_laughs_is_refused_before_anything_expands():
    lol = b'<!DOCTYPE svg [<!ENTITY a "lol">' + b"".join(
        b'<!ENTITY %s "%s">' % (f"a{i}".encode(), (f"&a{i - 1};" if i else "&a;").encode() * 10) for i in range(1, 9)
    ) + b"]>" + svg("<text>&a8;</text>")
    with pytest.raises(Refused, match="DOCTYPE"):
        check_svg(lol)


def test_a_bare_doctype_pointing_at_a_local_file_is_never_read(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY x "SECRET">')
    data = f'<!DOCTYPE svg SYSTEM "{secret.as_uri()}">'.encode() + svg("<text>&x;</text>")
    with pytest.raises(Refused, match=r"entity \(&x;\) declared in another file, which is never read"):
        check_svg(data)


# --- clean_svg(): the published copy without comments, <metadata> and drawing programs' notes ---

MARKER = "Zq7Xw-Marker-Person"
INKSCAPE = ('xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
            'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"')


def _photo_uri():
    import base64

    from metadata_samples import jpeg_with_exif

    return "data:image/jpeg;base64," + base64.b64encode(jpeg_with_exif(MARKER)).decode()


NOTES = [
    ("metadata with rdf", f'<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><dc:creator '
                          f'xmlns:dc="http://purl.org/dc/elements/1.1/">{MARKER}</dc:creator></rdf:RDF></metadata>'),
    ("comment", f"<!-- drawn by {MARKER} -->"),
    ("comment inside text", f"<text>Ward <!-- {MARKER} -->garden</text>"),
    ("inkscape attribute", f'<g inkscape:label="{MARKER}" inkscape:groupmode="layer"><text>Ward garden</text></g>'),
    ("sodipodi element", f'<sodipodi:namedview sodipodi:docname="/home/{MARKER}/x.svg"/><text>Ward garden</text>'),
    ("rdf outside metadata", f'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">{MARKER}</rdf:RDF>'),
    ("photo with exif", f'<image width="2" height="2" href="{_photo_uri()}"/>'),
    ("photo with exif by xlink", f'<image width="2" height="2" xlink:href="{_photo_uri()}"/>'),
]


@pytest.mark.parametrize("body", [n[1] for n in NOTES], ids=[n[0] for n in NOTES])
def test_a_drawings_notes_are_left_out_and_what_it_shows_kept(body):
    from file_vetting.svg import clean_svg

    data = svg(body, attributes=f'{INKSCAPE} sodipodi:docname="{MARKER}.svg"')
    assert MARKER.encode() in data or b"base64" in data
    published = clean_svg(data)
    check_svg(published)  # still a safe picture
    assert MARKER.encode() not in published
    assert b'<title id="t">A square</title>' in published and b'viewBox="0 0 10 10"' in published
    if b"<text" in data:
        assert b"Ward garden" in published.replace(b"<text>", b"").replace(b"</text>", b"")
    assert b"inkscape" not in published and b"sodipodi" not in published
    assert clean_svg(published) == published


def test_a_clean_drawing_keeps_its_elements_styles_and_links():
    from file_vetting.svg import clean_svg

    published = clean_svg(CLEAN_SVG)
    for kept in (b"<style>rect { fill: url(#g); stroke: #003087 }</style>", b'<use href="#r" x="1"/>',
                 b'<use xlink:href="#r" y="1"/>', b'stop-color="#005EB8"', b'aria-labelledby="t"'):
        assert kept in published


def test_an_unsafe_drawing_is_never_cleaned_into_a_safe_looking_one():
    from file_vetting.svg import clean_svg

    with pytest.raises(Refused):
        clean_svg(svg("<script>alert(1)</script>"))


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=3, max_size=30)
       .filter(lambda t: t.strip() and "--" not in t and not t.endswith("-")))
def test_whatever_a_drawing_programs_notes_say_none_of_it_is_published(note):
    from xml.sax.saxutils import escape, quoteattr

    from file_vetting.svg import clean_svg

    marker = f"Zq7{note}"
    body = (f"<!--{marker}--><metadata>{escape(marker)}</metadata><g inkscape:label={quoteattr(marker)}>"
            '<rect width="1" height="1"/></g>')
    data = svg(body, attributes=f"{INKSCAPE} sodipodi:docname={quoteattr(marker)}")
    check_svg(data)
    published = clean_svg(data).decode()
    assert "Zq7" not in published and escape(marker) not in published


@pytest.mark.parametrize(("data", "said"), [
    (b'<?xml version="1.0" encoding="latin-1"?><svg xmlns="http://www.w3.org/2000/svg"/>', "Unsupported encoding"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 300 + b"</g>" * 300 + b"</svg>", "Excessive depth"),
])
def test_what_expat_reads_but_the_cleaner_cannot_is_refused_by_the_check(data, said):
    from file_vetting.svg import clean_svg

    # The check and the cleaner read an SVG alike: what the build could not clean never passes the check.
    with pytest.raises(Refused, match=f"the site cannot read it as a drawing \\({said}"):
        check_svg(data)
    with pytest.raises(Refused):
        clean_svg(data)


def test_an_svg_nested_as_deep_as_the_cleaner_allows_still_passes():
    from file_vetting.svg import clean_svg

    data = b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 200 + b"<rect/>" + b"</g>" * 200 + b"</svg>"
    check_svg(data)
    assert clean_svg(data).count(b"<g>") == 200
