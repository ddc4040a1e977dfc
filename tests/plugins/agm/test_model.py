"""Pure AGM logic: metadata checks with lines, documents and the schema.org Event."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from agm import model

from inmind.source import parse

GOOD = """Title: Annual General Meeting 2019
Date: 2019-09-25 14:00
Venue: Bootle Town Hall, Oriel Road, Bootle L20 7AE
Annual-report: https://www.example.nhs.uk/report.pdf
Annual-report-title: Annual report 2018/19
Minutes: {static}/documents/minutes-2019.pdf
Highlight: One
Highlight: Two

Body.
"""


def check(text, content_root):
    return model.check("agm/2019.md", parse(text), content_root)


def test_a_good_summary_has_no_problems(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    assert check(GOOD, tmp_path) == []


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("Venue: Bootle Town Hall, Oriel Road, Bootle L20 7AE\n", ""), 1, "no Venue"),
        (("Date: 2019-09-25 14:00\n", ""), 1, "no Date"),
        (("2019-09-25 14:00", "the 25th"), 2, "is not a date"),
        (("https://www.example.nhs.uk/report.pdf", "www.example.nhs.uk/report.pdf"), 4, "annual report link"),
        # Copied from the address bar without https://: the message gives the address to write.
        (("https://www.example.nhs.uk/report.pdf", "www.example.nhs.uk/report.pdf"), 4,
         '"www.example.nhs.uk/report.pdf" is not a full web address: write https://www.example.nhs.uk/report.pdf'),
        (("https://www.example.nhs.uk/report.pdf", "https://www.example nhs.uk/report.pdf"), 4, "space"),
        (("{static}/documents/minutes-2019.pdf", "{static}/documents/missing.pdf"), 6, "not in the content folder"),
        (("Highlight: One", "Higlight: One"), 7, 'Did you mean "highlight"'),
        (("Venue:", "Attendance: hybrid\nVenue:"), 3, "Attendance"),
        # The words officers use for a meeting in a room and online too: the check names the one to write.
        (("Venue:", "Attendance: Hybrid\nVenue:"), 3, 'not "hybrid". Did you mean "mixed"?'),
        (("Venue:", "Attendance: virtual\nVenue:"), 3, 'not "virtual". Did you mean "online"?'),
        (("Venue:", "Attendance: Face-to-face\nVenue:"), 3, 'not "face-to-face". Did you mean "in person"?'),
        (("Venue:", "Attendance: in  person\nVenue:"), 3, 'not "in  person". Did you mean "in person"?'),
        (("https://www.example.nhs.uk/report.pdf", "mailto:agm@example.nhs.uk"), 4, "not a full web address"),
        (("https://www.example.nhs.uk/report.pdf", "https://intranet/report.pdf"), 4, "not a full web address"),
        (("https://www.example.nhs.uk/report.pdf", "javascript:alert(1)"), 4, '"javascript:" addresses'),
        (("{static}/documents/minutes-2019.pdf", "{static}/"), 6, "names no file"),
        # Only real line ends count: a line separator or NEL inside a value moves no line number.
        (("Bootle Town Hall", "Bootle\u2028Town\x85Hall"), 7, 'Did you mean "highlight"'),
        # Pelican's header rules: "Key : value" is not a field, so the header (and the venue) ends above it.
        (("Venue:", "Venue :"), 1, "no Venue"),
    ],
)
def test_problems_name_their_line(tmp_path, change, line, words):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    text = GOOD.replace(*change)
    if "\u2028" in text:
        text = text.replace("Highlight: One", "Higlight: One")
    problems = check(text, tmp_path)
    assert len(problems) == 1, problems
    assert (problems[0].line, problems[0].severity) == (line, "error")
    assert words in problems[0].message


def test_line_numbers_follow_crlf_line_ends_and_a_byte_order_mark(tmp_path):
    text = "\ufeff" + GOOD.replace("Highlight: One", "Higlight: One").replace("\n", "\r\n")
    (problem,) = check(text, None)
    assert problem.line == 7


def test_documents_with_default_titles():
    docs = model.documents({"annual-report": "https://x.example/r.pdf", "minutes": "{static}/documents/m.pdf"}, 2018)
    assert [(d.kind, d.title, d.local) for d in docs] == [
        ("annual-report", "Annual report 2018", False),
        ("minutes", "Minutes of the 2018 Annual General Meeting", True),
    ]
    assert docs[0].href("../..") == "https://x.example/r.pdf"
    assert docs[1].href("../..") == "../../documents/m.pdf"


def test_event_json_ld_is_a_schema_org_event_and_script_safe():
    text = model.event_json_ld(
        name="AGM </script><script>alert(1)</script>",
        start=datetime(2019, 9, 25, 14, tzinfo=ZoneInfo("Europe/London")),
        venue="Bootle Town Hall, Oriel Road, Bootle L20 7AE",
        organizer="Mersey Care NHS Foundation Trust",
        description="A & B",
        url="https://inmind.example.nhs.uk/agm/2019/",
    )
    assert "</script>" not in text and "&" not in text
    data = json.loads(text)
    assert data["@type"] == "Event"
    assert data["name"].startswith("AGM </script>")
    assert data["startDate"] == "2019-09-25T14:00:00+01:00"
    assert data["location"] == {"@type": "Place", "name": "Bootle Town Hall", "address": "Oriel Road, Bootle L20 7AE"}
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["organizer"]["name"] == "Mersey Care NHS Foundation Trust"


def test_a_document_whose_file_name_has_spaces_is_told_the_name_to_rename_it_to(tmp_path):
    # A report saved from Word as "Annual Report 2026 FINAL v3.docx": the writer is given the new name to use.
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "Annual Report 2026 FINAL v3.docx").write_bytes(b"PK")
    (tmp_path / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    text = GOOD.replace("https://www.example.nhs.uk/report.pdf", "{static}/documents/Annual Report 2026 FINAL v3.docx")
    (problem,) = check(text, tmp_path)
    assert problem.line == 4
    assert 'the file name "Annual Report 2026 FINAL v3.docx" has spaces' in problem.message
    assert "content/documents/annual-report-2026-final-v3.docx" in problem.message
    assert "{static}/documents/annual-report-2026-final-v3.docx" in problem.message
    assert "web address is one unbroken" not in problem.message


@pytest.mark.parametrize(("name", "new"), [("年 报.pdf", "document.pdf"), ("Minutes  (draft) .PDF", "minutes-draft.pdf")])
def test_the_name_offered_is_always_a_plain_one(tmp_path, name, new):
    assert f"content/documents/{new} and" in model.url_problem("{static}/documents/" + name)


def test_a_space_in_a_full_web_address_is_still_refused_as_before(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    (problem,) = check(GOOD.replace("www.example.nhs.uk/report.pdf", "www.example.nhs.uk/annual report.pdf"), tmp_path)
    assert "the address has a space in it" in problem.message


@pytest.mark.parametrize("written", ["documents//minutes-2019.pdf", "documents/./minutes-2019.pdf", "/documents/minutes-2019.pdf",
                                     "images/../documents/minutes-2019.pdf", "documents/minutes%2D2019.pdf",
                                     "documents/minutes-2019.pdf/", "./documents/minutes-2019.pdf"])
def test_a_document_path_in_a_form_the_page_would_link_to_as_it_is_is_given_the_plain_one(tmp_path, written):
    # The file is found ("documents//minutes-2019.pdf" is the same file on disk), but the page links to the path as
    # written, which some hosts answer and others do not: the writer is given the one path to write.
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    (tmp_path / "images").mkdir()
    (problem,) = check(GOOD.replace("{static}/documents/minutes-2019.pdf", "{static}/" + written), tmp_path)
    assert problem.line == 6
    assert problem.message.endswith("write {static}/documents/minutes-2019.pdf"), problem.message


@pytest.mark.parametrize("written", ["../secret.pdf", "documents/../../secret.pdf", "%2E%2E/secret.pdf", "..", "//../secret.pdf"])
def test_a_document_path_leading_out_of_the_content_folder_is_refused(tmp_path, written):
    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    (problem,) = check(GOOD.replace("{static}/documents/minutes-2019.pdf", "{static}/" + written), content)
    assert "is not a file in the content folder" in problem.message


def test_a_plain_document_path_and_a_spaced_one_in_codes_are_read_as_before(tmp_path):
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "minutes-2019.pdf").write_bytes(b"%PDF")
    assert check(GOOD, tmp_path) == []
    (problem,) = check(GOOD.replace("minutes-2019.pdf", "minutes%202019.pdf"), tmp_path)
    assert 'the file name "minutes 2019.pdf" has spaces' in problem.message
