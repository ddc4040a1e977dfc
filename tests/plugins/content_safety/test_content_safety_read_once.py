"""The readers make each page from the checks' one reading and parse, exactly as Pelican's own readers would from disk."""

from __future__ import annotations

import pytest
from conftest import ROOT
from content_safety.readers import SafeHTMLReader, SafeMarkdownReader, SanitisingReader
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pelican.readers import HTMLReader, MarkdownReader

from inmind import check_sources
from inmind.build import load_settings
from inmind.errors import ContentError
from inmind.fields import REPEATED
from inmind.source import parse


class DiskMarkdownReader(SanitisingReader, MarkdownReader):
    """What the build used before: Pelican's Markdown reader (its own file reading and meta extension), sanitised."""

    def _read_checked(self, source_path):
        return MarkdownReader.read(self, source_path)


class DiskHTMLReader(SanitisingReader, HTMLReader):
    """Pelican's HTML reader, reading the file itself, sanitised."""

    def _read_checked(self, source_path):
        return HTMLReader.read(self, source_path)


def _settings(tmp_path, **extra):
    return load_settings(ROOT / "pelicanconf.py", {"PATH": str(tmp_path), "PLUGIN_PATHS": [str(ROOT / "plugins")],
                                                   **extra})


def _outcome(reader, path):
    try:
        content, metadata = reader.read(str(path))
    except Exception as exc:  # noqa: BLE001 - both readers must fail the same way, too
        return type(exc).__name__
    return content, {key: (str(value), type(value).__name__) for key, value in metadata.items()}


# Pieces of headers and bodies that have tripped metadata readers: keys in any case, continuation lines,
# YAML-style fences, lines of spaces, tabs, Markdown's own marker characters, duplicates, HTML, code.
LINES = st.sampled_from([
    "Title: A post", "title: another", "TITLE:", "Date: 2019-05-01 09:00", "date: 2019-05-02", "Summary: Short.",
    "Summary: one", "    continued on", "        deeper", "Tags: a, b", "Tags: c", "Author: Rachel Nwosu",
    "Authors: Rachel Nwosu; Danny Whitfield", "Status: draft", "Slug: a-post", "Themes: recovery",
    "Key_with-dash: v", "Not a key line", "key with space: v", "---", "...", "--- trailing", "", " ", "   ", "\t",
    "\tTitle: tabbed", "Title:\tx", "  Lang: en", "# A heading", "## Sub", "- item", "    code", "```", "~~~",
    "<div>raw</div>", "<!-- note -->", "*emphasis* and _more_", "[a link](https://example.org)", "x\x02y",
    "a\x03b", "Title: x\x02y", "Summary: a\x03b", "Summary: é “quotes”", "Save_as: x.html", "Template: x", "Url: x/",
])
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def files(draw):
    lines = draw(st.lists(LINES, max_size=14))
    newline = draw(NEWLINES)
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


def _read_once(data):
    """Return ``data`` without the second and later lines of each field given twice that takes one value."""
    seen, later = set(), set()
    for field in parse(data.decode("utf-8-sig", "replace")).fields:
        if field.key in seen and field.key not in REPEATED:
            later.add(field.line)
        seen.add(field.key)
    return b"".join(line for number, line in enumerate(data.splitlines(keepends=True), start=1) if number not in later)


@pytest.mark.parametrize("formatted", [[], ["summary"]])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=files())
def test_a_page_from_the_checks_reading_is_the_page_pelican_makes_from_the_file(tmp_path, formatted, data):
    # A continued field is one value for the site (tests/security/test_continued_fields.py), where Pelican's own
    # reader made it a list ("['A post', 'more']" on the page): those headers are no longer read as Pelican does.
    assume(not any(f.continued for f in parse(data.decode("utf-8-sig", "replace")).fields))
    path = tmp_path / "post.md"
    # A field given twice is read once (tests/security/test_fields_given_twice.py), where Pelican's reader made most
    # of them a list: Pelican reads the file without the later lines.
    path.write_bytes(_read_once(data))
    pelican_settings = _settings(tmp_path, FORMATTED_FIELDS=formatted)
    before = _outcome(DiskMarkdownReader(pelican_settings), path)
    path.write_bytes(data)
    read = check_sources.Sources(["."])
    read.add(path, data, markdown=True)
    pelican_settings[check_sources.SETTING] = read
    path.write_bytes(b"Title: Changed on disk\n\nNot what the checks read.\n")
    assert _outcome(SafeMarkdownReader(pelican_settings), path) == before


def test_the_reading_survives_being_sent_to_another_process(tmp_path):
    import pickle

    data = "\ufeffTitle: Sent\r\nSummary: one\r\n    two\r\n\r\n   \r\nBody *text*.\r\n".encode()
    read = check_sources.Sources(["blog"])
    read.add(tmp_path / "a.md", data, markdown=True)
    read.add(tmp_path / "b.html", b"<html><head><title>T</title></head><body>Hi</body></html>")
    sent = pickle.loads(pickle.dumps(read))
    assert sent.source(tmp_path / "a.md") == parse(data.decode("utf-8-sig"))
    assert sent.text(tmp_path / "b.html") == read.text(tmp_path / "b.html") and sent.folders == ["blog"]
    assert len(pickle.dumps(read)) < 2.5 * len(data) + 1000, "each file is sent once, not its body twice"


def test_html_from_the_checks_reading_is_the_page_pelican_makes_from_the_file(tmp_path):
    path = tmp_path / "page.html"
    data = (b"<html><head><title>A &amp; B</title><meta name='summary' content='S.'><meta name='tags' "
            b"content='a, b'></head><body>\r\n<p>Hello <b>there</b></p>\r\n</body></html>")
    path.write_bytes(data)
    pelican_settings = _settings(tmp_path)
    before = _outcome(DiskHTMLReader(pelican_settings), path)
    read = check_sources.Sources(["."])
    read.add(path, data)
    pelican_settings[check_sources.SETTING] = read
    path.write_bytes(b"<html><body>changed</body></html>")
    assert _outcome(SafeHTMLReader(pelican_settings), path) == before


@pytest.mark.parametrize("reader", [SafeMarkdownReader, SafeHTMLReader])
def test_a_file_the_checks_did_not_read_is_refused_by_name(tmp_path, reader):
    path = tmp_path / ("late.md" if reader is SafeMarkdownReader else "late.html")
    path.write_text("Title: Added later\nSummary: S.\n\nText.\n", encoding="utf-8")
    pelican_settings = _settings(tmp_path)
    pelican_settings[check_sources.SETTING] = check_sources.Sources(["blog", "pages"])
    with pytest.raises(ContentError) as caught:
        reader(pelican_settings).read(str(path))
    assert caught.value.format().startswith(f"{path}:1: error: the content checks did not read this file")
    assert "blog/, pages/" in caught.value.hint


# Each leaves per-document state in Markdown's extensions: footnotes, abbreviations, link references, headings.
RICH = [
    "Title: One\nSummary: S.\n\n# Same heading\n\nA note[^1] on HTML and [a ref][r].\n\n[^1]: The note.\n\n"
    "*[HTML]: Hypertext Markup Language\n\n[r]: https://example.org/one\n",
    "Title: Two\nSummary: S.\n\n# Same heading\n\nHTML again, [a ref][r] and a note[^1] with no text.\n",
    "Title: Three\nSummary: S.\n\n# Same heading\n\n## Same heading\n\nA second note[^2].\n\n[^2]: Two.\n",
]


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0, 0], [1, 0, 1]])
def test_one_reader_makes_each_page_as_a_fresh_reader_would(tmp_path, order):
    pelican_settings = _settings(tmp_path)
    read = check_sources.Sources(["."])
    for index, text in enumerate(RICH):
        (tmp_path / f"{index}.md").write_text(text, encoding="utf-8")
        read.add(tmp_path / f"{index}.md", text.encode(), markdown=True)
    pelican_settings[check_sources.SETTING] = read
    shared = SafeMarkdownReader(pelican_settings)
    for index in order:
        path = tmp_path / f"{index}.md"
        assert _outcome(shared, path) == _outcome(SafeMarkdownReader(pelican_settings), path), RICH[index]
