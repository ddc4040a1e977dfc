"""Pure: what a Word, Excel or OpenDocument part makes the program opening it run or fetch through its formulas and fields.

A spreadsheet recalculates as it opens: a formula calling WEBSERVICE or IMAGE fetches a web address (tracking whoever
opened it), and one naming another program ("cmd|' /C calc'!A0", RTD, CALL) asks it to run. A Word or LibreOffice
field updates as the document opens: DDEAUTO starts a program, INCLUDEPICTURE and INCLUDETEXT fetch a file. A
workbook's data connection (a web query) is refreshed, and a mail merge runs its query. Links a reader clicks
(HYPERLINK) are fine, as in the text.
"""

from __future__ import annotations

import functools
import re
import xml.parsers.expat

from .datamodel import only_the_data_model

# A formula's call of a function that fetches or talks to another program, with Excel's prefixes for newer functions
# (_xlfn.IMAGE), and Google Sheets' fetching ones (a file opened there recalculates too).
FUNCTIONS = ("WEBSERVICE", "IMAGE", "IMPORTXML", "IMPORTDATA", "IMPORTHTML", "IMPORTFEED", "IMPORTRANGE", "RTD", "CALL",
             "REGISTER", "REGISTER.ID", "EXEC", "DDE")
FORMULA_CALLS = re.compile(rf"(?i)(?<![\w.])(?:_xlfn\.|_xlws\.)?({'|'.join(map(re.escape, FUNCTIONS))})\s*\(")
# A formula's text in quotes, where "|" is only a character: '=A1&" | "&B1' joins two cells with a bar, and
# ='Q1 | Q2'!B1 names a sheet; a DDE link's topic in quotes leaves its "|" and "!" outside them.
QUOTED = re.compile(r""""(?:[^"]|"")*"?|'(?:[^']|'')*'?""")
# A link to another program, "program|topic!item" ("cmd|' /C calc'!A0"): a "|" then the "!" naming the item.
DDE_LINK = re.compile(r"\|[^!]*!")
# A field's instruction (its first word) that fetches a file or starts a program as the document opens.
FIELDS = re.compile(r"(?i)^\s*(DDE|DDEAUTO|INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT)\b")
# Elements holding a spreadsheet formula: a cell's, a defined name's, a rule's or a check's (Excel); and the
# attributes holding one (OpenDocument's table:formula and table:condition).
FORMULA_ELEMENTS = {"f", "formula", "formula1", "formula2", "definedName"}
FORMULA_ATTRIBUTES = {"formula", "condition"}
# Elements that link to another program by DDE: Excel's, Word's (as a field, below) and OpenDocument's.
PROGRAM_LINKS = {"ddeLink", "oleLink", "dde-connection-decl", "dde-connection", "dde-link", "dde-source"}
# Elements that read another file, database or site as the document opens: a workbook's data connection (a web query,
# a database), which it refreshes; a Word mail merge, which runs its query on its data source. In the namespaces of
# Office's usual files and of its "Strict" ones, which Excel and Word open as well. Excel's own Data Model connection
# alone fetches nothing (datamodel.py).
DATA_SOURCES = {("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "connection"),
                ("http://purl.oclc.org/ooxml/spreadsheetml/main", "connection"),
                ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "mailMerge"),
                ("http://purl.oclc.org/ooxml/wordprocessingml/main", "mailMerge")}


def calls_out(formula):
    """Return whether a formula fetches or talks to another program: a call above, or a DDE link "program|topic!item"."""
    return bool(FORMULA_CALLS.search(formula) or DDE_LINK.search(QUOTED.sub("", formula)))


def running(body):
    """Return (kind, its text) of what in an XML part runs a program or fetches a file as its document opens, or None."""
    found = []
    stack, fields = [], []
    model_only = functools.cache(lambda: only_the_data_model(body))

    def start(tag, attributes):
        local = tag.rpartition(" ")[2]
        stack.append([local, ""])
        if local in PROGRAM_LINKS:
            found.append(("link to another program", local))
        if tuple(tag.rpartition(" ")[::2]) in DATA_SOURCES and not (local == "connection" and model_only()):
            found.append(("link to a data source", local))
        for key, value in attributes.items():
            attribute = key.rpartition(" ")[2]
            if attribute in FORMULA_ATTRIBUTES and calls_out(value):
                found.append(("formula", value[:60]))
            elif local == "fldSimple" and attribute == "instr" and FIELDS.match(value):
                found.append(("field", value.strip()[:60]))
        if local == "fldChar":
            kind = next((v for k, v in attributes.items() if k.endswith("fldCharType")), "")
            if kind == "begin":
                fields.append("")
            elif fields:
                # A field's instruction is written in pieces, one per run ("DDE" and "AUTO"): read it whole.
                instruction = fields.pop() if kind == "end" else fields[-1]
                if FIELDS.match(instruction):
                    found.append(("field", instruction.strip()[:60]))
                if kind == "separate":
                    fields[-1] = "\0"  # the instruction is over: what follows is the field's shown result

    def text(data):
        if not stack:
            return
        if stack[-1][0] in FORMULA_ELEMENTS:
            stack[-1][1] += data
        elif stack[-1][0] == "instrText" and fields and not fields[-1].startswith("\0"):
            fields[-1] += data

    def end(_tag):
        local, formula = stack.pop()
        if local in FORMULA_ELEMENTS and calls_out(formula):
            found.append(("formula", formula.strip()[:60]))

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.Parse(body, True)
    return found[0] if found else None
