"""Excel's own Data Model connection is published; every other connection, and the Data Model itself, are refused."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import quoteattr

import pytest
from file_samples import vet_written
from file_vetting.datamodel import embedded_connection, only_the_data_model
from file_vetting.formulas import running
from file_vetting.office import clean_office
from file_vetting.svg import Refused
from hypothesis import assume, given, settings
from hypothesis import strategies as st

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
X15 = 'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"'
ROOT = (f'<connections xmlns="{MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'mc:Ignorable="xr16" xmlns:xr16="http://schemas.microsoft.com/office/spreadsheetml/2017/revision16">')
# As Excel writes it when a PivotTable is made from the Data Model.
MODEL = ('<connection id="1" xr16:uid="{4F2A9C61-0B7E-4D38-A5C2-9E1D7B3F6A80}" keepAlive="1" '
         'name="ThisWorkbookDataModel" description="Data Model" type="5" refreshedVersion="8" minRefreshableVersion="5" '
         'background="1"><dbPr connection="{source}" command="Model" commandType="1"/><olapPr sendLocale="1" '
         f'rowDrillCount="1000"/><extLst><ext uri="{{DE250136-89BD-433C-8126-D09CA5730AF9}}" {X15}>'
         '<x15:connection id="" model="1"/></ext></extLst></connection>')
EXCEL = "Data Model Connection"
EMBEDDED = ("Provider=MSOLAP.8;Persist Security Info=True;Initial Catalog=Microsoft_SQLServer_AnalysisServices;"
            "Data Source=$Embedded$;Location=ThisWorkbookDataModel;MDX Compatibility=1;Safety Options=2;"
            "MDX Missing Member Mode=Error;Subqueries=0;Optimize Response=7")
WEB_QUERY = '<connection id="2" name="q" type="4"><webPr url="https://evil.example/q"/></connection>'


def _model(source=EXCEL, connection=None):
    return (connection or MODEL).replace("{source}", source)


def _connections(*connections, root=ROOT):
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{root}{"".join(connections)}</connections>'


ACCEPTED = {
    "as Excel 2013 and later write it": _connections(_model()),
    "its embedded source spelt out": _connections(_model(EMBEDDED)),
    "the embedded source alone": _connections(_model("Data Source=$Embedded$")),
    "without its optional parts": _connections('<connection id="1" name="ThisWorkbookDataModel" type="5"><dbPr '
                                               'connection="Data Model Connection" command="Model"/></connection>'),
    "an entity for a letter of the right value": _connections(_model("Data Source=&#36;Embedded&#36;")),
}
REFUSED = {
    "an outside server under the same name": _connections(_model("Provider=MSOLAP.8;Data Source=https://evil.example/"
                                                                 "olap/msmdpump.dll")),
    "a database under the same name": _connections(_model("Provider=SQLOLEDB;Data Source=db.example;Initial Catalog=x")),
    "a second data source after it": _connections(_model("Data Source=$Embedded$;Data Source=https://evil.example/")),
    "a second data source as an entity": _connections(_model("Data Source=$Embedded$&#59;Data Source=\\\\evil\\s")),
    "a quoted value": _connections(_model("Data Source=&quot;$Embedded$;Location=https://evil.example/&quot;")),
    "another part of the connection string": _connections(_model("Data Source=$Embedded$;Extended Properties=x")),
    "a refresh on opening": _connections(_model().replace('type="5"', 'type="5" refreshOnLoad="1"')),
    "a connection file": _connections(_model().replace('type="5"', 'type="5" odcFile="\\\\evil.example\\s\\m.odc"')),
    "a connection file it must use": _connections(_model().replace('type="5"', 'type="5" onlyUseConnectionFile="1" '
                                                                   'sourceFile="https://evil.example/m.odc"')),
    "a web source inside it": _connections(_model().replace("<olapPr", '<webPr url="https://evil.example/"/><olapPr')),
    "a text file inside it": _connections(_model().replace("<olapPr", '<textPr sourceFile="\\\\evil\\s\\a.csv"/><olapPr')),
    "a local cube file": _connections(_model().replace('sendLocale="1"', 'local="1" localConnection="Provider=MSOLAP;'
                                                       'Data Source=C:\\cube.cub"')),
    "an attribute in another namespace": _connections(_model().replace('type="5"', 'type="5" xr16:refreshOnLoad="1"')),
    "a second model extension": _connections(_model().replace('model="1"/>', 'model="1"><x15:rangePr sourceName="A"/>'
                                                              "</x15:connection>")),
    "a second connection": _connections(_model(), WEB_QUERY),
    "the model twice": _connections(_model(), _model().replace('id="1"', 'id="2"')),
    "a second connection with another prefix": _connections(_model(), f'<s:connection xmlns:s="{MAIN}" id="2" name="q" '
                                                            'type="4"><s:webPr url="https://evil.example/"/></s:connection>'),
    "a second connection inside a choice": _connections(_model(), '<mc:AlternateContent><mc:Choice Requires="x15">'
                                                        f"{WEB_QUERY}</mc:Choice></mc:AlternateContent>"),
    "the name in capitals": _connections(_model().replace("ThisWorkbookDataModel", "THISWORKBOOKDATAMODEL")),
    "the source in lower case": _connections(_model("data source=$embedded$")),
    "the source in capitals": _connections(_model("Data Source=$EMBEDDED$")),
    "another command": _connections(_model().replace('command="Model"', 'command="model"')),
    "another type": _connections(_model().replace('type="5"', 'type="4"')),
    "a name with a space after it": _connections(_model().replace('name="ThisWorkbookDataModel"',
                                                                  'name="ThisWorkbookDataModel&#32;"')),
    "text inside it": _connections(_model().replace("<olapPr", "https://evil.example/<olapPr")),
    "the strict namespace": _connections(_model(), root=ROOT.replace(MAIN, STRICT)),
    "a strict web query": _connections(WEB_QUERY, root=f'<connections xmlns="{STRICT}">'),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_excels_own_data_model_connection_fetches_nothing(name):
    assert only_the_data_model(ACCEPTED[name].encode()) and running(ACCEPTED[name].encode()) is None


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_any_other_connection_is_a_link_to_a_data_source(name):
    assert not only_the_data_model(REFUSED[name].encode())
    assert running(REFUSED[name].encode()) == ("link to a data source", "connection")


@pytest.mark.parametrize("value", ["", ";", "Data Source", "Data Source=", "=$Embedded$", "Data Source=$Embedded$;;",
                                   "Data Source =$Embedded$", "Data Source=$Embedded$ ", "Data Model Connection;",
                                   "Provider=MSOLAP.8;Location=ThisWorkbookDataModel"])
def test_a_connection_string_is_the_embedded_model_only_exactly(value):
    assert not embedded_connection(value)


def _workbook(tmp_path, connections, *, model=None, model_link="http://schemas.microsoft.com/office/2011/relationships/"
              "model", model_path="model/item.data"):
    """Write a real .xlsx (sheet, connections part, and the Data Model's part if given) into tmp_path; return its bytes."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    links = (f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
             f'<Relationship Id="rId2" Type="{rel}/connections" Target="connections.xml"/>')
    if model is not None:
        links += f'<Relationship Id="rId3" Type="{model_link}" Target="{model_path}"/>'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="data" '
            'ContentType="application/vnd.openxmlformats-officedocument.model+data"/><Override PartName="/xl/workbook.'
            'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
            'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/><Override PartName="/xl/connections.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.connections+xml"/></Types>'),
        "_rels/.rels": ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets><sheet name="Attendance" sheetId="1" '
                            'r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                       f'relationships">{links}</Relationships>'),
        "xl/worksheets/sheet1.xml": (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
                                     "<t>Meetings held</t></is></c><c r=\"B1\"><v>12</v></c></row></sheetData></worksheet>"),
        "xl/connections.xml": connections,
    }
    if model is not None:
        parts["xl/" + model_path] = model
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    (tmp_path / "figures.xlsx").write_bytes(out.getvalue())
    return (tmp_path / "figures.xlsx").read_bytes()


def test_a_workbook_with_excels_own_data_model_connection_is_published(tmp_path):
    data = _workbook(tmp_path, _connections(_model()))
    assert vet_written(tmp_path / "content", "documents/figures.xlsx", data) == []
    published = zipfile.ZipFile(io.BytesIO(clean_office("xlsx", data)))
    assert b"ThisWorkbookDataModel" in published.read("xl/connections.xml")


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_workbook_with_any_other_connection_is_refused_with_how_to_remove_it(tmp_path, name):
    data = _workbook(tmp_path, REFUSED[name])
    with pytest.raises(Refused, match="link to a data source") as refused:
        clean_office("xlsx", data)
    assert "Queries & Connections" in refused.value.hint
    [problem] = vet_written(tmp_path / "content", "documents/figures.xlsx", data)
    assert "cannot be published: it has a link to a data source" in problem.message


# The model's tables, as an unpacked model would keep a name (UTF-16); Excel's own are compressed past reading.
MODEL_DATA = "\ufeffSTREAM_STORAGE_SIGNATURE_)!@#$%^&*(Volunteers Philippa Marchbanks-Oduya".encode("utf-16-le")


@pytest.mark.parametrize(("link", "path"), [
    ("http://schemas.microsoft.com/office/2011/relationships/model", "model/item.data"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/powerPivotData", "model/item.data"),
    ("http://schemas.microsoft.com/office/2011/relationships/model", "media/tables.bin"),  # another place
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/package", "model/Item.DATA"),  # another link
])
def test_the_data_model_itself_is_refused_as_unreadable(tmp_path, link, path):
    data = _workbook(tmp_path, _connections(_model()), model=MODEL_DATA, model_link=link, model_path=path)
    with pytest.raises(Refused, match="it holds an Excel Data Model") as refused:
        clean_office("xlsx", data)
    assert "Paste Special > Values" in refused.value.hint and "PDF" in refused.value.hint
    [problem] = vet_written(tmp_path / "content", "documents/figures.xlsx", data)
    assert "cannot be checked for an anonymous writer's real name" in problem.message


LEAFLET_POST = ("Title: Our figures\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: Figures.\n\n"
                "See [the figures]({static}/documents/figures.xlsx).\n")


def test_a_real_name_in_the_data_model_connection_stops_the_build(build_site, tmp_path):
    from conftest import SAMPLE_REAL_NAME

    named = _model().replace('description="Data Model"', f'description="Model by {SAMPLE_REAL_NAME}"')
    data = _workbook(tmp_path, _connections(named))
    assert running(_connections(named).encode()) is None  # a description fetches nothing: the name is what stops it
    site = build_site({"blog/a.md": LEAFLET_POST, "documents/figures.xlsx": data}, settings_file="publishconf.py")
    assert site.status != 0 and not (site.output / "documents" / "figures.xlsx").exists()
    assert 'documents/figures.xlsx: error: the file holds the real name of the anonymous author "A carer"' in site.messages
    assert "Traceback" not in site.messages


def test_a_workbook_with_its_data_model_connection_builds_and_is_published(build_site, tmp_path):
    data = _workbook(tmp_path, _connections(_model(EMBEDDED)))
    site = build_site({"blog/a.md": LEAFLET_POST, "documents/figures.xlsx": data}, settings_file="publishconf.py")
    assert site.status == 0, site.messages
    published = zipfile.ZipFile(site.output / "documents" / "figures.xlsx")
    assert b"Data Source=$Embedded$" in published.read("xl/connections.xml")


ALLOWED_ON_THE_CONNECTION = {"id", "name", "type", "description", "keepAlive", "background", "saveData",
                             "refreshedVersion", "minRefreshableVersion"}


@settings(max_examples=80, deadline=None)
@given(st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,14}", fullmatch=True), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(quoteattr))
def test_any_attribute_added_to_the_connection_makes_it_a_data_source(attribute, value):
    assume(attribute not in ALLOWED_ON_THE_CONNECTION)
    body = _connections(_model().replace('type="5"', f'type="5" {attribute}={value}'))
    assert running(body.encode()) == ("link to a data source", "connection")


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_without_error(data):
    assert only_the_data_model(ROOT.encode() + data) in (True, False)
