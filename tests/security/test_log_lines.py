"""What a problem prints is one line (and its hint): a line end or a direction mark in a file's name, or in a value
a message quotes, is shown as an escape. A file named "a\n::error ...::x.md" printed a line of its own in the CI log,
which GitHub Actions reads as a command (a false annotation, a mask over what follows, ...)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from inmind.errors import Problem

POST = "Title: A post\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary:\n\nWords.\n"
NAMES = ["a\n::warning::INJECTED.md", "a\r::warning::INJECTED.md", "a\u2028::warning::INJECTED.md",
         "a\x85::warning::INJECTED.md", "a\u202e::warning::INJECTED.md", "a\x1b[2K::warning::INJECTED.md"]


def _assert_one_line_each(text):
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), text
    assert not any(c in text for c in "\r\x1b\x85\u2028\u202e"), repr(text)


@pytest.mark.parametrize("name", NAMES, ids=["lf", "cr", "ls", "nel", "rlo", "esc"])
def test_a_file_name_with_a_line_end_prints_no_line_of_its_own(build_site, name):
    site = build_site({f"blog/{name}": POST})
    assert site.status == 1
    assert "Summary: is empty" in site.messages
    _assert_one_line_each(site.messages)
    done = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--path",
                           str(site.content)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])})
    assert done.returncode == 1 and "Summary: is empty" in done.stderr + done.stdout
    _assert_one_line_each(done.stdout + done.stderr)


@given(st.text(), st.text(), st.one_of(st.none(), st.text()))
def test_a_problem_prints_its_message_and_hint_on_one_line_each(path, message, hint):
    shown = Problem(path or None, 3, "error", message, hint).format()
    assert len(shown.split("\n")) == (2 if hint else 1)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in shown.replace("\n", "")), repr(shown)


def test_ordinary_words_are_printed_as_they_are():
    problem = Problem("content/blog/café.md", 2, "error", 'the theme "Bien-être" — is unknown', "write it “so”")
    assert problem.format() == ('content/blog/café.md:2: error: the theme "Bien-être" — is unknown\n'
                                "  hint: write it “so”")


def test_the_list_of_posts_left_out_of_publishing_prints_each_on_one_line(tmp_path):
    from scheduling.waiting import describe

    lines = describe([(tmp_path / "blog" / "a\n::warning::INJECTED.md", "draft", None)], {}, tmp_path)
    _assert_one_line_each("\n".join(lines))
    assert "a\\n::warning::INJECTED.md: draft" in lines[1]
