"""Publish only what belongs: one row per hostile or ordinary file, each built into a small site.

Every refused row is checked three ways: ``invoke check`` names the file, the build fails and names it,
and Pelican run without the checks in front still writes no byte of the payload anywhere (feeds included).
Every allowed row is published byte for byte.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from conftest import ROOT, write_files
from file_samples import CLEAN_SVG, office, opendocument, pdf, picture, svg

POST = """Title: Files we publish
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A post that links to a file.

Here is [the annual report]({link}).
"""


def mark(name):
    """Return the payload marker of one row: it must never appear in any output byte."""
    return f"PAYLOAD-{name}-7Q".encode()


def script(name):
    return b"<html><body><script>alert('" + mark(name) + b"')</script></body></html>"


@dataclasses.dataclass
class Case:
    id: str
    files: dict  # path under content/ -> bytes
    links: dict = dataclasses.field(default_factory=dict)  # path under content/ -> link target
    outside: dict = dataclasses.field(default_factory=dict)  # path beside content/ -> bytes
    named: str = ""  # the path the messages must name (refused rows)
    published: str = ""  # the path that must be in the output, byte for byte (allowed rows)
    checked: bool = True  # invoke check sees it (a {static} link outside STATIC_PATHS is found by the build)
    marker: bytes = b""

    def __post_init__(self):
        self.marker = self.marker or mark(self.id)


def refused(id, rel, data=None, **kw):
    return Case(id, {rel: script(id) if data is None else data}, named=rel, **kw)


def allowed(id, rel, data, **kw):
    return Case(id, {rel: data}, published=rel, **kw)


def _encrypted_first(document):
    from test_name_formats import encrypted_first

    return encrypted_first(document)


GIT_CONFIG = b"[remote \"origin\"]\n\turl = https://x-access-token:ghs_" + mark("git") + b"@github.invalid/t/r\n"

REFUSED = [
    refused("html-document", "documents/r.html"),
    refused("htm-document", "documents/r.htm"),
    refused("xhtml", "documents/r.xhtml"),
    refused("xml", "documents/r.xml", b"<?xml version='1.0'?><r>" + mark("xml") + b"</r>"),
    refused("js", "images/x.js", b"alert('" + mark("js") + b"')"),
    refused("mjs", "images/x.mjs", b"export const x = '" + mark("mjs") + b"'"),
    refused("svgz", "images/x.svgz", b"\x1f\x8b" + mark("svgz")),
    refused("php", "documents/x.php", b"<?php echo '" + mark("php") + b"'; ?>"),
    refused("exe", "documents/setup.exe", b"MZ\x90\x00" + mark("exe")),
    refused("unknown-extension", "documents/notes.abc", b"plain " + mark("unknown-extension")),
    refused("jpg-that-is-html", "images/photo.jpg"),
    refused("png-that-is-svg-with-script", "images/chart.png", svg(f"<script>{mark('png-svg').decode()}</script>"),
            marker=mark("png-svg")),
    refused("pdf-that-is-html", "documents/report.pdf"),
    refused("docm", "documents/report.docm", office("docx", extra_parts=[("word/vbaProject.bin", mark("docm"))])),
    refused("docx-with-macros", "documents/report.docx",
            office("docx", extra_parts=[("word/vbaProject.bin", mark("docx-with-macros"))])),
    refused("xlsx-macro-enabled", "documents/budget.xlsx",
            office("xlsx", main_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                   extra_parts=[("xl/x.xml", mark("xlsx-macro-enabled"))])),
    refused("odt-with-basic", "documents/minutes.odt",
            opendocument("odt", extra_parts=[("Basic/Standard/Module1.xml", mark("odt-with-basic"))])),
    refused("ods-with-scripts", "documents/figures.ods",
            opendocument("ods", extra_parts=[("Scripts/python/x.py", mark("ods-with-scripts"))])),
    refused("docx-with-an-encrypted-part", "documents/report.docx", _encrypted_first(office("docx", extra_parts=[
        ("docProps/custom.xml", mark("docx-encrypted"))])), marker=b""),
    refused("pdf-with-javascript", "documents/js.pdf",
            pdf(f"/OpenAction << /S /JavaScript /JS (app.alert('{mark('pdf-js').decode()}')) >>"), marker=mark("pdf-js")),
    refused("svg-script", "images/a.svg", svg(f"<script>alert('{mark('svg-script').decode()}')</script>")),
    refused("svg-onload", "images/a.svg", svg("", attributes=f"onload=\"alert('{mark('svg-onload').decode()}')\"")),
    refused("svg-foreign-object", "images/a.svg",
            svg(f"<foreignObject><p xmlns='http://www.w3.org/1999/xhtml'>{mark('svg-fo').decode()}</p></foreignObject>"),
            marker=mark("svg-fo")),
    refused("svg-external-use", "images/a.svg",
            svg(f'<use href="https://evil.example/{mark("svg-use").decode()}.svg#a"/>'), marker=mark("svg-use")),
    refused("svg-javascript-link", "images/a.svg",
            svg(f'<a xlink:href="javascript:alert(\'{mark("svg-js").decode()}\')"><rect/></a>'), marker=mark("svg-js")),
    refused("svg-style-import", "images/a.svg",
            svg(f'<style>@import url("https://evil.example/{mark("svg-css").decode()}.css");</style>'),
            marker=mark("svg-css")),
    refused("svg-html-iframe", "images/a.svg",
            svg(f'<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example/{mark("svg-if").decode()}"/>'),
            marker=mark("svg-if")),
    refused("svg-entities", "images/a.svg",
            b'<!DOCTYPE svg [<!ENTITY x "' + mark("svg-ent") + b'">]>' + svg("<text>&x;</text>"), marker=mark("svg-ent")),
    refused("svg-stylesheet-instruction", "images/a.svg",
            b'<?xml-stylesheet href="https://evil.example/' + mark("svg-pi") + b'.xsl" type="text/xsl"?>' + svg(""),
            marker=mark("svg-pi")),
    refused("utf16-text", "documents/notes.txt", mark("utf16").decode().encode("utf-16"), marker=b""),
    refused("rst-with-raw-html", "blog/2019/post.rst",
            b"Raw\n###\n\n:date: 2019-05-01 09:00\n:author: Communications Team\n:summary: S.\n\n.. raw:: html\n\n   "
            b"<script>alert('" + mark("rst") + b"')</script>\n", marker=mark("rst")),
    refused("rst-plain", "blog/2019/plain.rst",
            b"Plain\n#####\n\n:date: 2019-05-01 09:00\n:author: Communications Team\n:summary: S.\n\nHello "
            + mark("rst-plain") + b"\n", marker=mark("rst-plain")),
    refused("rst-page", "pages/about.rst", b":title: About\n:summary: S.\n\nAbout " + mark("rst-page") + b"\n",
            marker=mark("rst-page")),
    Case("link-to-proc-environ", {}, links={"images/env.txt": "/proc/self/environ"}, named="images/env.txt",
         marker=Path("/proc/self/environ").read_bytes().split(b"\0")[0]),
    Case("link-to-git-config", {}, links={"images/config.txt": "../../.git/config"},
         outside={".git/config": GIT_CONFIG}, named="images/config.txt", marker=mark("git")),
    Case("folder-link-out-of-content", {}, links={"documents/shared": "../../elsewhere"},
         outside={"elsewhere/secret.txt": mark("folder")}, named="documents/shared/secret.txt", marker=mark("folder")),
    refused("name-with-a-new-line", "images/new\nline.png", picture("PNG"), marker=b""),
    refused("name-with-markup", "documents/a\"<b>'.pdf", pdf(), marker=b""),
    refused("name-with-a-direction-override", "images/photo\u202egnp.exe.png", picture("PNG"), marker=b""),
    Case("page-link-out-of-content", {}, links={"pages/notes.md": "../../elsewhere/notes.md"},
         outside={"elsewhere/notes.md": b"Title: Notes\nSummary: S.\n\n" + mark("page-link")}, named="pages/notes.md",
         marker=mark("page-link")),
    # invoke check and the build's reader refuse each post in a folder link (inmind.check_sources), in the same words.
    Case("posts-folder-link-out-of-content", {}, links={"blog/2021": "../../elsewhere/posts"},
         outside={"elsewhere/posts/b.md": POST.format(link="https://www.example.nhs.uk/").replace(
             "Files we publish", "Linked in").encode() + mark("posts-link")},
         named="blog/2021/b.md", marker=mark("posts-link")),
    Case("dangling-link", {}, links={"images/gone.png": "../../nowhere.png"}, named="images/gone.png"),
    Case("static-link-outside-static-paths", {"extra/page.html": script("static-link"),
                                              "blog/2019/files.md": POST.format(link="{static}/extra/page.html").encode()},
         named="extra/page.html", checked=False, marker=mark("static-link")),
    Case("static-link-climbing-out", {"blog/2019/files.md": POST.format(link="{static}/../outside/secret.txt").encode()},
         outside={"outside/secret.txt": mark("climb")}, named="outside/secret.txt", checked=False,
         marker=mark("climb")),
]

ALLOWED = [
    allowed("jpeg", "images/photo.jpg", picture("JPEG")),
    allowed("jpeg-capital-extension", "images/photo.JPG", picture("JPEG")),
    allowed("png", "images/chart.png", picture("PNG")),
    allowed("gif", "images/wave.gif", picture("GIF")),
    allowed("webp", "images/garden.webp", picture("WEBP")),
    allowed("avif", "images/garden.avif", picture("AVIF")),
    allowed("svg", "images/square.svg", CLEAN_SVG),
    allowed("pdf", "documents/annual-report-2019.pdf", pdf()),
    allowed("docx", "documents/minutes.docx", office("docx")),
    allowed("xlsx", "documents/budget.xlsx", office("xlsx")),
    allowed("odt", "documents/minutes.odt", opendocument("odt")),
    allowed("ods", "documents/figures.ods", opendocument("ods")),
    allowed("csv", "documents/figures.csv", b"year,attendance\n2019,120\n"),
    allowed("txt", "documents/notes.txt", "Notes in plain text, é and “quotes”.\n".encode()),
    Case("link-inside-content", {"images/real.png": picture("PNG")}, links={"images/alias.png": "real.png"},
         published="images/alias.png"),
    Case("folder-link-inside-content", {"library/report.pdf": pdf()}, links={"documents/lib": "../library"},
         published="documents/lib/report.pdf"),
]


def _lay_out(tmp_path, case):
    content = tmp_path / "content"
    content.mkdir()
    files = {"blog/2019/files.md": POST.format(link="https://www.example.nhs.uk/report.pdf").encode(), **case.files}
    write_files(content, files)
    write_files(tmp_path, case.outside)
    for rel, target in case.links.items():
        link = content / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
    return content


def _pelican_alone(tmp_path, content):
    """Run Pelican with our plugins but without the build runner's checks in front; return the output folder."""
    from pelican import Pelican

    from inmind.build import _disconnect_plugins, load_settings

    # One level down, so a file written outside the output folder lands beside it, where the test looks.
    output = tmp_path / "raw" / "output"
    settings = load_settings(ROOT / "pelicanconf.py", {
        "PATH": str(content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "raw-cache"), "FEED_ALL_ATOM": "feeds/all.atom.xml",
        "AUTHOR_FEED_ATOM": "feeds/{slug}.atom.xml", "SITEURL": "https://inmind.example.nhs.uk",
    })
    _disconnect_plugins()
    Pelican(settings).run()
    return output


def _every_output_byte(output):
    for path in sorted(output.rglob("*")):
        yield path.relative_to(output).as_posix(), (path.read_bytes() if path.is_file() else b"")


@pytest.mark.parametrize("case", REFUSED, ids=[c.id for c in REFUSED])
def test_a_refused_file_is_reported_and_never_published(tmp_path, build_site, case):
    from inmind.build import load_settings
    from inmind.check import check_site
    from inmind.errors import one_line

    content = _lay_out(tmp_path, case)
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "PLUGIN_PATHS": [str(ROOT / "plugins")],
                                                       "CACHE_PATH": str(tmp_path / "check-cache")})
    problems = [p for p in check_site(settings) if p.severity == "error"]
    if case.checked:
        assert any(p.path == str(content / case.named) for p in problems), [p.format() for p in problems]

    site = build_site()
    assert site.status == 1, site.messages
    # A line end or direction mark in the name is printed as an escape (inmind.errors.one_line), never as it is.
    assert one_line(case.named) in site.messages and "hint:" in site.messages and "Traceback" not in site.messages
    assert not site.output.exists()

    output = _pelican_alone(tmp_path, content)
    assert (output / "index.html").exists()
    assert [p.name for p in output.parent.iterdir()] == ["output"], "a file was written outside the output folder"
    name = Path(case.named).name
    for rel, data in _every_output_byte(output):
        assert name not in rel.split("/"), f"{case.named} was published as {rel}"
        if case.marker:
            assert case.marker not in data, f"the payload of {case.named} reached {rel}"


@pytest.mark.parametrize("case", ALLOWED, ids=[c.id for c in ALLOWED])
def test_an_allowed_file_is_published_as_its_copy_without_metadata(tmp_path, build_site, case):
    from file_vetting.clean import cleaned
    from file_vetting.kinds import EXTENSIONS

    content = _lay_out(tmp_path, case)
    site = build_site()
    assert site.status == 0, site.messages
    source = (content / case.published).resolve().read_bytes()
    kind = EXTENSIONS[Path(case.published).suffix.lower()]
    assert (site.output / case.published).read_bytes() == cleaned(kind, source)
    if kind in ("jpeg", "png", "gif", "webp", "csv", "txt"):
        assert cleaned(kind, source) == source  # nothing to leave out: byte for byte


def test_a_refused_file_leaves_the_previous_site_exactly_as_it_was(tmp_path, build_site):
    good = build_site({"blog/2019/files.md": POST.format(link="{static}/images/chart.png"),
                       "images/chart.png": picture("PNG")})
    assert good.status == 0, good.messages
    before = dict(_every_output_byte(good.output))
    (good.content / "images" / "env.txt").symlink_to("/proc/self/environ")
    again = build_site()
    assert again.status == 1 and "images/env.txt" in again.messages
    assert dict(_every_output_byte(again.output)) == before


def test_the_payload_rows_cover_each_kind_the_issue_names():
    ids = {c.id for c in REFUSED}
    for needed in ("html-document", "js", "mjs", "xml", "xhtml", "svg-script", "svg-onload", "svg-foreign-object",
                   "svg-external-use", "rst-with-raw-html", "link-to-proc-environ", "link-to-git-config"):
        assert needed in ids
    assert len(REFUSED) + len(ALLOWED) >= 30
    assert os.path.exists("/proc/self/environ")
