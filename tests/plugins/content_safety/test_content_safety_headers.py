"""A table cell's headers= keeps only the ids of <th> cells in its own table, after the body's ids are made unique."""

import re

import pytest
from bs4 import BeautifulSoup
from content_safety.checks import check
from content_safety.ids import unique_ids, unknown_headers
from content_safety.sanitiser import sanitise
from hypothesis import given, settings
from hypothesis import strategies as st

SETTINGS = {"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
                         "output_format": "html5"}, "FORMATTED_FIELDS": ["summary"]}

TABLE = """<table>
<tr><th id="day">Day</th><th id="time">Time</th><th id="place">Place</th></tr>
<tr><td headers="day">Monday</td><td headers="day time">9am</td><td headers="day  plce">Ward 3</td></tr>
<tr><td headers="nowhere">Tuesday</td><td headers="tme nowhere">10am</td><td headers="">Cafe</td></tr>
</table>
"""


def cells(html):
    """Return each <td>'s text and its headers= (None without one), in order."""
    return [(td.get_text(), td.get("headers")) for td in BeautifulSoup(html, "html.parser", multi_valued_attributes=None).find_all("td")]


def label(html):
    return unique_ids(sanitise(html))


def test_valid_names_stay_partly_valid_lose_the_unknown_and_wholly_invalid_lose_the_attribute():
    assert cells(label(TABLE)) == [
        ("Monday", "day"), ("9am", "day time"), ("Ward 3", "day"),
        ("Tuesday", None), ("10am", None), ("Cafe", None),
    ]
    assert unknown_headers(sanitise(TABLE)) == [
        ("plce", ["day", "place", "time"]), ("nowhere", ["day", "place", "time"]),
        ("tme", ["day", "place", "time"]), ("nowhere", ["day", "place", "time"]),
    ]


def test_names_follow_the_ids_the_body_renames():
    # "need-help" is the theme's id (renamed text-need-help); the second table's "day" is the page's second (day-2).
    html = ('<h2 id="day">Days</h2><table><tr><th id="need-help">Help</th><th id="day">Day</th></tr>'
            '<tr><td headers="need-help day">x</td></tr></table>'
            '<table><tr><th id="day">Day</th></tr><tr><td headers="day">y</td></tr></table>')
    out = label(html)
    assert cells(out) == [("x", "text-need-help day-2"), ("y", "day-3")]
    ids = {tag["id"] for tag in BeautifulSoup(out, "html.parser", multi_valued_attributes=None).find_all("th")}
    assert {name for _, h in cells(out) for name in h.split()} <= ids
    assert unique_ids(out) == out and unknown_headers(out) == []


def test_a_name_from_another_table_or_a_non_header_cell_is_not_found():
    html = ('<table><tr><th id="outer">O</th><td id="plain">p</td></tr><tr><td>'
            '<table><tr><th id="inner">I</th></tr><tr><td headers="outer inner plain">n</td></tr></table>'
            '</td><td headers="inner outer">m</td></tr></table>'
            '<p id="para">x</p><table><tr><td headers="para">q</td></tr></table>')
    out = label(html)
    assert cells(out)[-3:] == [("n", "inner"), ("m", "outer"), ("q", None)]
    assert [name for name, _ in unknown_headers(sanitise(html))] == ["outer", "plain", "inner", "para"]


def test_names_written_with_entities_and_odd_spaces_are_read_as_html_reads_them():
    html = ('<table><tr><th id="a b">A</th><th id="&lt;x&gt;">X</th><th id="c">C</th></tr>'
            '<tr><td headers="a&#xa0;b &lt;x&gt;\tc\u00a0">1</td><td headers="&quot;c&quot;">2</td></tr></table>')
    out = label(html)
    # A name is spelt as the ids are (other spaces become hyphens, none at the ends), so "c" + no-break space is "c".
    assert cells(out) == [("1", "a-b <x> c"), ("2", None)]
    assert [name for name, _ in unknown_headers(sanitise(html))] == ['"c"']


_NAME = st.sampled_from(["a", "b", "need-help", "app-x", "a b", "x&y", "é", "a-2", "", " "])


@st.composite
def tables(draw):
    """A few tables, some nested, of header cells with ids and data cells naming some of them (or not)."""
    def table(depth):
        rows = []
        for _ in range(draw(st.integers(1, 3))):
            row = []
            for _ in range(draw(st.integers(1, 3))):
                kind = draw(st.sampled_from(["th", "td", "nested"] if depth < 2 else ["th", "td"]))
                if kind == "th":
                    row.append(f'<th id="{draw(_NAME)}">h</th>')
                elif kind == "td":
                    names = " ".join(draw(st.lists(_NAME, max_size=3)))
                    row.append(f'<td headers="{names}">d</td>')
                else:
                    row.append(f"<td>{table(depth + 1)}</td>")
            rows.append("<tr>" + "".join(row) + "</tr>")
        return "<table>" + "".join(rows) + "</table>"

    before = draw(st.sampled_from(["", '<h2 id="a">A</h2>', '<p id="need-help">n</p>']))
    return before + "".join(table(0) for _ in range(draw(st.integers(1, 2))))


def _own_table_header_ids(cell):
    table = cell.find_parent("table")
    return {th["id"] for th in table.find_all("th") if th.has_attr("id") and th.find_parent("table") is table}


@settings(max_examples=150, deadline=None)
@given(tables())
def test_every_kept_name_is_the_id_of_a_header_in_the_same_table(html):
    out = label(html)
    page = BeautifulSoup(out, "html.parser", multi_valued_attributes=None)
    for cell in page.find_all(["td", "th"]):
        if cell.has_attr("headers"):
            names = cell["headers"].split(" ")
            assert names and all(names) and len(names) == len(set(names)), cell
            assert set(names) <= _own_table_header_ids(cell), (cell, out)
    assert unique_ids(out) == out and unknown_headers(out) == []


def problems(text):
    return [(p.line, p.message, p.hint) for p in check("post.md", text, {}, SETTINGS)]


def test_the_check_names_each_unknown_header_on_its_line_with_the_nearest_id():
    found = problems("Title: A\nSummary: Fine.\n\nThe week:\n\n" + TABLE)
    assert [(line, re.search(r'names "([^"]+)"', message).group(1)) for line, message, _ in found] == [
        (8, "plce"), (9, "nowhere"), (9, "tme"),
    ]
    line, message, hint = found[0]
    assert message == ('headers= on a table cell names "plce", but no header cell (<th>) in the same table has '
                       'id="plce", so the name will be removed [html-removed]')
    assert hint.endswith('Did you mean "place"?') and "<th>" in hint
    assert found[1][2].endswith("correct the spelling.")


def test_a_table_written_without_tbody_is_not_reported_as_badly_formed():
    # The parser adds <tbody> and <colgroup> itself; that removes nothing the writer wrote.
    text = "Title: A\nSummary: Fine.\n\n<table>\n<col>\n<tr><th id=\"a\">A</th></tr>\n<tr><td headers=\"a\">1</td></tr>\n</table>\n"
    assert problems(text) == []


@pytest.mark.slow
def test_the_built_table_and_a_sanitised_invalid_one_pass_the_nu_checker(build_site, tmp_path):
    from test_html_validity import vnu_errors

    valid = TABLE.replace("plce", "place").replace("nowhere", "day").replace("tme", "time").replace('""', '"day"')
    site = build_site({"blog/t.md": "Title: Our week\nDate: 2020-01-02 09:00\nAuthor: Communications Team\n"
                                    "Summary: A table.\n\n" + valid})
    assert site.status == 0, site.messages
    page = site.path("blog/2020/our-week/index.html")
    assert cells(page.read_text(encoding="utf-8"))[1] == ("9am", "day time")
    # The build stops at the check for an unknown name; the sanitiser's own result is valid too.
    broken = build_site({"blog/t.md": "Title: Our week\nDate: 2020-01-02 09:00\nAuthor: Communications Team\n"
                                      "Summary: A table.\n\n" + TABLE})
    assert broken.status != 0 and 't.md:8: error: headers= on a table cell names "plce"' in broken.messages
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "table.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Table</title></head><body><main>'
        + label(TABLE) + "</main></body></html>", encoding="utf-8")
    assert vnu_errors(alone) == []
    assert vnu_errors(page.parent) == []
