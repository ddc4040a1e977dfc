"""Readers: Markdown and HTML are read through the sanitiser; every other format is refused with path:1 and a hint."""

from __future__ import annotations

import pytest
from conftest import ROOT
from content_safety.readers import (
    RefusingReader,
    SafeHTMLReader,
    SafeMarkdownReader,
    refused_format,
    safe_reader_class,
)
from pelican.readers import BaseReader, HTMLReader, MarkdownReader, RstReader

from inmind.build import load_settings
from inmind.errors import ContentError


class PluginMarkdownReader(MarkdownReader):
    """A reader another plugin might register."""


class PluginAsciiDocReader(RstReader):
    """A reader of another format another plugin might register (not a direct BaseReader subclass, so Pelican
    does not pick it up by itself in the other tests of this process)."""

    file_extensions = ["adoc"]


@pytest.mark.parametrize(("cls", "expected"), [
    (MarkdownReader, SafeMarkdownReader),
    (HTMLReader, SafeHTMLReader),
    (RstReader, RefusingReader),
    (PluginAsciiDocReader, RefusingReader),
    (BaseReader, BaseReader),  # Pelican's static-file reader: it reads nothing
    (None, None),
])
def test_each_reader_is_made_safe_or_refused(cls, expected):
    assert safe_reader_class(cls) is expected


def test_another_plugins_markdown_reader_keeps_its_behaviour_and_gains_the_sanitiser():
    from content_safety.readers import SanitisingReader

    safe = safe_reader_class(PluginMarkdownReader)
    assert issubclass(safe, SanitisingReader) and issubclass(safe, PluginMarkdownReader)


@pytest.mark.parametrize("name", ["post.rst", "post.RST", "post.adoc", "post.txt", "post.ipynb", "README"])
def test_other_formats_are_refused_at_line_1_with_a_hint(tmp_path, name):
    error = refused_format(tmp_path / name)
    assert error.line == 1 and error.path == str(tmp_path / name) and error.severity == "error"
    assert error.hint == "rename it to .md and write it in Markdown"
    with pytest.raises(ContentError) as caught:
        RefusingReader({}).read(str(tmp_path / name))
    assert caught.value.format().startswith(f"{tmp_path / name}:1: error:")


@pytest.mark.parametrize("name", ["post.md", "post.markdown", "post.mkd", "post.mdown", "page.html", "page.htm"])
def test_markdown_and_html_are_read(tmp_path, name):
    assert refused_format(tmp_path / name) is None


@pytest.mark.parametrize(("directive", "words"), [
    (".. raw:: html\n\n   <script>alert('raw')</script>\n", '"raw" directive disabled'),
    (".. raw:: html\n   :file: {secret}\n", '"raw" directive disabled'),
    (".. include:: {secret}\n", '"include" directive disabled'),
    (".. csv-table:: x\n   :file: {secret}\n", "File and URL access deactivated"),
])
def test_docutils_can_neither_pass_raw_html_nor_insert_files(tmp_path, directive, words):
    from docutils.utils import SystemMessage


    # Defence in depth: even if reStructuredText were ever read, the project's settings keep it inert.
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-FROM-DISK\n")
    source = tmp_path / "post.rst"
    source.write_text("Title\n#####\n\n" + directive.format(secret=secret), encoding="utf-8")
    settings = load_settings(ROOT / "pelicanconf.py")
    assert settings["DOCUTILS_SETTINGS"] == {"raw_enabled": False, "file_insertion_enabled": False}
    with pytest.raises(SystemMessage, match=words):
        RstReader(settings).read(str(source))


def test_a_post_read_by_a_reader_added_after_ours_is_still_refused(tmp_path):
    from content_safety.handlers import refuse_other_formats
    from pelican.contents import Page, Static
    from pelican.settings import DEFAULT_CONFIG

    from inmind.build import _disconnect_plugins

    _disconnect_plugins()  # plugins connected by earlier builds in this process would act on these objects
    settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path)}
    page = Page("<p>Hi</p>", metadata={"title": "Hi"}, settings=settings, source_path=str(tmp_path / "hi.md"))
    assert refuse_other_formats(page) is None
    page.source_path = str(tmp_path / "hi.adoc")
    with pytest.raises(ContentError, match=r"\.adoc files are not read"):
        refuse_other_formats(page)
    static = Static("", metadata={"title": "x"}, settings=settings, source_path=str(tmp_path / "images" / "a.png"))
    assert refuse_other_formats(static) is None
