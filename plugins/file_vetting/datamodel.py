"""Pure: Excel's own Data Model connection, the one workbook connection that fetches nothing.

A workbook that uses the Data Model (a PivotTable built from it) gets a connection named ThisWorkbookDataModel:
an OLE DB connection to the model saved inside the workbook itself (``Data Source=$Embedded$``, or as Excel 2013
and later write it, "Data Model Connection"). Every other connection reads a database, a file or a site, and is
refused (formulas.py). So a connections part passes only when it is that one connection and nothing else, each
element and attribute on an allowlist with its exact value: a web, text or database source, a connection file
(odcFile), a refresh on opening, a second connection, or one more attribute, and it is a data source again.
"""

from __future__ import annotations

import re
import xml.parsers.expat

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
# Excel 2016's id of each connection, and the markup-compatibility note that says a program may skip it.
XR16 = "http://schemas.microsoft.com/office/spreadsheetml/2017/revision16"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NAME = "ThisWorkbookDataModel"
# The extension Excel writes on the model's connection ({…}: its fixed id), marking it the model's (model="1").
MODEL_EXTENSION = "{DE250136-89BD-433C-8126-D09CA5730AF9}"
FLAG = re.compile(r"0|1|true|false")
NUMBER = re.compile(r"\d{1,3}")
# Each element of the one connection, by its path: the attributes it may have, each with the values it may take.
ALLOWED = {
    ((MAIN, "connections"),): {(MC, "Ignorable"): re.compile(r"[\w ]{0,80}")},
    ((MAIN, "connections"), (MAIN, "connection")): {
        ("", "id"): NUMBER, ("", "name"): re.compile(re.escape(NAME)), ("", "type"): re.compile("5"),
        ("", "description"): re.compile(r"[^\n]{0,200}"), ("", "keepAlive"): FLAG, ("", "background"): FLAG,
        ("", "saveData"): FLAG, ("", "refreshedVersion"): NUMBER, ("", "minRefreshableVersion"): NUMBER,
        (XR16, "uid"): re.compile(r"\{[0-9A-Fa-f-]{36}\}"),
    },
    ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "dbPr")): {
        ("", "connection"): None, ("", "command"): re.compile("Model"), ("", "commandType"): re.compile("1"),
    },
    ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "olapPr")): {
        ("", "sendLocale"): FLAG, ("", "rowDrillCount"): re.compile(r"\d{1,7}"), ("", "serverFill"): FLAG,
        ("", "serverNumberFormat"): FLAG, ("", "serverFont"): FLAG, ("", "serverFontColor"): FLAG,
    },
    ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "extLst")): {},
    ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "extLst"), (MAIN, "ext")): {
        ("", "uri"): re.compile(re.escape(MODEL_EXTENSION)),
    },
    ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "extLst"), (MAIN, "ext"), (X15, "connection")): {
        ("", "id"): re.compile(""), ("", "model"): re.compile("1"),
    },
}
# What the dbPr element must have (an olapPr, extLst and its extension may be left out).
REQUIRED = {((MAIN, "connections"), (MAIN, "connection")): {("", "name"), ("", "type")},
            ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "dbPr")): {("", "connection"), ("", "command")}}
# The parts of the model's OLE DB connection string Excel writes, each with its one value (case as Excel writes it).
CONNECTION_PARTS = {
    "Provider": re.compile(r"MSOLAP(?:\.\d{1,2})?"), "Data Source": re.compile(re.escape("$Embedded$")),
    "Location": re.compile(re.escape(NAME)), "Initial Catalog": re.compile("Microsoft_SQLServer_AnalysisServices"),
    "Persist Security Info": re.compile("True|False"), "Integrated Security": re.compile("SSPI"),
    "MDX Compatibility": NUMBER, "Safety Options": NUMBER, "Subqueries": NUMBER, "Optimize Response": NUMBER,
    "MDX Missing Member Mode": re.compile("Error|Ignore|Default"),
}


def embedded_connection(value):
    """Return whether a connection string names the workbook's own model and nothing else."""
    if value == "Data Model Connection":
        return True  # as Excel 2013 and later write it
    parts = value.removesuffix(";").split(";")
    pairs = [part.partition("=") for part in parts]
    keys = [key for key, _, _ in pairs]
    if len(set(keys)) != len(keys) or "Data Source" not in keys:
        return False  # a second Data Source (or Provider) could be the one a program reads
    return all(equals and key in CONNECTION_PARTS and CONNECTION_PARTS[key].fullmatch(found)
               for key, equals, found in pairs)


def only_the_data_model(body: bytes) -> bool:
    """Return whether an XML part is a connections list holding Excel's Data Model connection alone."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    path, seen, fine = [], set(), [True]

    def start(tag, attributes):
        path.append(_qualified(tag))
        where = tuple(path)
        allowed = ALLOWED.get(where)
        named = {_qualified(key): value for key, value in attributes.items()}
        if allowed is None or where in seen or not REQUIRED.get(where, set()) <= set(named):
            fine[0] = False  # an element not on the list, or one of them twice (a second connection)
            return
        seen.add(where)
        for key, value in named.items():
            rule = allowed.get(key, False)
            if rule is False or not (embedded_connection(value) if rule is None else rule.fullmatch(value)):
                fine[0] = False

    def text(data):
        if data.strip():
            fine[0] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: path.pop()
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = lambda *_: fine.__setitem__(0, False)
    parser.ProcessingInstructionHandler = lambda *_: fine.__setitem__(0, False)
    try:
        parser.Parse(body, True)
    except xml.parsers.expat.ExpatError:
        return False
    return fine[0] and ((MAIN, "connections"), (MAIN, "connection"), (MAIN, "dbPr")) in seen


def _qualified(name):
    """Return (namespace, local name) of expat's "namespace local" (no namespace: "")."""
    namespace, _, local = name.rpartition(" ")
    return namespace, local
