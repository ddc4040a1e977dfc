"""A link to a document in a post's text names its type and the size readers download: "Annual report (PDF, 2.1 MB)"."""

from __future__ import annotations

import io

import pikepdf
import pytest
from file_samples import office, pdf
from file_vetting import links
from file_vetting.clean import cleaned
from hypothesis import given
from hypothesis import strategies as st

PDF_LINK = '<p><a href="{static}/documents/report.pdf">Annual report</a></p>'


def sizes(**known):
    """Return size_of for links.label: the given sizes by address, recording every address asked."""
    asked = []

    def size_of(address):
        asked.append(address)
        return known.get(address)

    size_of.asked = asked
    return size_of


@pytest.mark.parametrize(("size", "shown"), [
    (0, "1 KB"), (300, "1 KB"), (48 * 1024, "48 KB"), (1023 * 1024, "1023 KB"), (1024 * 1024 - 1, "1.0 MB"),
    (int(2.1 * 1024 * 1024), "2.1 MB"), (10 * 1024 * 1024, "10.0 MB"),
])
def test_sizes_are_written_as_readers_see_them(size, shown):
    assert links.human_size(size) == shown


@pytest.mark.parametrize(("address", "label"), [
    ("{static}/documents/report.pdf", "PDF"), ("{static}/documents/Minutes.DOCX", "Word document"),
    ("{attach}/documents/budget.xlsx", "Excel spreadsheet"), ("https://example.org/talk.pptx?x=1#p2", "PowerPoint presentation"),
    ("{static}/documents/a.odt", "OpenDocument text"), ("{static}/documents/a.ods", "OpenDocument spreadsheet"),
    ("https://example.org/a.odp", "OpenDocument presentation"), ("{static}/documents/annual%20report.pdf", "PDF"),
])
def test_each_kind_of_document_has_its_name(address, label):
    assert links.document_type(address)[0] == label


@pytest.mark.parametrize("address", ["{static}/images/garden.jpg", "{static}/documents/notes.txt", "/themes/carers/",
                                     "https://example.org/pdf", "mailto:a@b.pdf", "#report.pdf", ""])
def test_other_addresses_are_not_documents(address):
    assert links.document_type(address) is None or address.startswith("mailto:")


@pytest.mark.parametrize(("address", "folder", "path"), [
    ("{static}/documents/report.pdf", "blog/2019", "documents/report.pdf"),
    ("|static|/documents/report.pdf", "blog/2019", "documents/report.pdf"),
    ("{static}../../documents/a%20b.pdf?x#y", "blog/2019", "documents/a b.pdf"),
    ("/documents/report.pdf", "blog/2019", "documents/report.pdf"),
    ("{static}/../../etc/passwd.pdf", "blog/2019", None),
    ("//other.site/x.pdf", "", None), ("https://example.org/x.pdf", "", None), ("documents/x.pdf", "", None),
])
def test_a_link_names_its_file_in_the_content_folder(address, folder, path):
    assert links.linked_file(address, folder) == path


def test_a_plain_link_gets_the_type_and_the_size():
    size_of = sizes(**{"{static}/documents/report.pdf": int(2.1 * 1024 * 1024)})
    assert links.label(PDF_LINK, size_of) == \
        '<p><a href="{static}/documents/report.pdf">Annual report (PDF, 2.1 MB)</a></p>'


@pytest.mark.parametrize("text", ["Annual report (PDF)", "the PDF of the report", "report.pdf", "Minutes (pdf, 2 MB)"])
def test_a_link_that_already_names_its_type_is_left_as_written(text):
    body = f'<a href="{{static}}/documents/report.pdf">{text}</a>'
    assert links.label(body, sizes(**{"{static}/documents/report.pdf": 5000})) == body


@pytest.mark.parametrize(("after", "kept"), [(" (PDF, 2 MB)", True), ("\n(pdf)", True), (" (2 MB)", False),
                                             (" (Word document) and (PDF, 1 MB)", False), (" PDF", False)])
def test_a_link_followed_by_its_type_in_brackets_is_left_as_written(after, kept):
    body = f'<p><a href="{{static}}/documents/report.pdf">Annual report</a>{after}</p>'
    labelled = body.replace("Annual report<", "Annual report (PDF, 5 KB)<")
    assert links.label(body, sizes(**{"{static}/documents/report.pdf": 5000})) == (body if kept else labelled)


def test_word_alone_in_a_title_is_not_taken_for_the_type():
    # "A word from the chair" does not say the file is a Word document.
    body = '<a href="{static}/documents/chair.docx">A word from the chair</a>'
    assert links.label(body, sizes(**{"{static}/documents/chair.docx": 40 * 1024})) == \
        '<a href="{static}/documents/chair.docx">A word from the chair (Word document, 40 KB)</a>'


def test_markup_in_the_link_text_is_kept_and_the_note_goes_at_its_end():
    body = ('<a href="{static}/documents/report.pdf" rel="noopener"><strong>Annual</strong> &amp; '
            '<em>report &lt;2019&gt;</em></a>')
    assert links.label(body, sizes(**{"{static}/documents/report.pdf": 3 * 1024})) == (
        '<a href="{static}/documents/report.pdf" rel="noopener"><strong>Annual</strong> &amp; '
        '<em>report &lt;2019&gt;</em> (PDF, 3 KB)</a>')


def test_a_link_to_another_sites_document_gets_its_type_only():
    body = '<a href="https://example.org/report.pdf?a=1&amp;b=2" rel="noopener">Their report</a>'
    size_of = sizes()
    assert links.label(body, size_of) == body.replace("Their report", "Their report (PDF)")
    assert size_of.asked == []  # never fetched: no size is guessed for a file elsewhere


def test_a_link_to_a_file_the_site_does_not_publish_is_left_alone():
    # Missing or refused: the link check or the vetting stops the build and says why.
    assert links.label(PDF_LINK, sizes()) == PDF_LINK


TEXT = st.text(alphabet=st.sampled_from(list("aPDFdfWordExcl ()<>&;.,x\u00e9\u202e")), max_size=30)


@given(TEXT, st.sampled_from([".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".jpg"]),
       st.sampled_from(["{static}/documents/f", "https://example.org/f"]))
def test_labelling_twice_changes_nothing_and_adds_only_the_note(text, ending, base):
    import html

    body = f'<p><a href="{base}{ending}">{html.escape(text)}</a></p>'
    once = links.label(body, lambda address: 2048)
    assert links.label(once, lambda address: 2048) == once
    added = once[len(body) - len("</a></p>"):-len("</a></p>")]
    assert once.startswith(body[:-len("</a></p>")]) and added in ("", *(
        f" ({name}{'' if base.startswith('https') else ', 2 KB'})" for name, _ in links.DOCUMENTS.values()))


# --- In a real build: the size is the vetted, published copy's, not the file as it was written ---------------


def _bulky_pdf():
    """A real PDF whose author details are most of its bytes; the published copy leaves them out."""
    with pikepdf.open(io.BytesIO(pdf())) as document:
        document.docinfo["/Keywords"] = "notes " * 60000
        document.docinfo["/Title"] = "Annual report"
        out = io.BytesIO()
        document.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


POST = "Title: Papers\nDate: 2019-05-01 09:00\nAuthor: Communications Team\nSummary: Our papers.\n\n{body}\n"


def test_a_post_names_each_documents_type_and_published_size(build_site):
    bulky, minutes = _bulky_pdf(), office("docx")
    body = "\n\n".join([
        "Read the [annual report]({static}/documents/annual-report.pdf).",
        "The [annual report as a PDF]({static}/documents/annual-report.pdf) is the same file.",
        "Read [the **board's** <em>minutes</em>]({static}/documents/minutes.docx).",
        "Their [national report](https://example.org/national.pdf) says the same.",
    ])
    site = build_site({"blog/2019/a.md": POST.format(body=body), "documents/annual-report.pdf": bulky,
                       "documents/minutes.docx": minutes})
    assert site.status == 0, site.messages
    prose = site.soup("blog/2019/papers/index.html").select_one(".app-prose")
    found = [(" ".join(a.get_text().split()), a["href"]) for a in prose.select("a")]
    published = links.human_size(len(cleaned("pdf", bulky)))
    assert published != links.human_size(len(bulky))  # the file as written is far bigger: the test can tell
    assert found == [
        (f"annual report (PDF, {published})", "../../../documents/annual-report.pdf"),
        ("annual report as a PDF", "../../../documents/annual-report.pdf"),
        (f"the board's minutes (Word document, {links.human_size(len(cleaned('docx', minutes)))})",
         "../../../documents/minutes.docx"),
        ("national report (PDF)", "https://example.org/national.pdf"),
    ]
    minutes_link = prose.select("a")[2]
    assert minutes_link.find("strong").get_text() == "board's" and minutes_link.find("em").get_text() == "minutes"
    assert (site.output / "documents" / "annual-report.pdf").stat().st_size == len(cleaned("pdf", bulky))


def test_a_link_to_a_missing_document_stops_the_build_at_its_line(build_site):
    body = "Read the [annual report]({static}/documents/annual-reprot.pdf)."
    site = build_site({"blog/2019/a.md": POST.format(body=body), "documents/annual-report.pdf": pdf()})
    assert site.status != 0
    assert ('a.md:6: error: the link "{static}/documents/annual-reprot.pdf" points to a file that does not exist. '
            'Did you mean "{static}/documents/annual-report.pdf"?') in site.messages, site.messages
    assert "Traceback" not in site.messages
