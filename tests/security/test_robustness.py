"""Every hostile or careless input gets ``path:line`` and a hint from the real command line; nothing crashes.

Each row of CASES is a tiny site. The checker (``python -m inmind.check``) and the build
(``python -m inmind.build``) run on it as subprocesses, as a contributor would run them, and the test
asserts the exit status, that the problem names the right file and line, that no Python traceback is
shown, and that a failed build leaves the previous ``output/`` exactly as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import copy_registries, write_files

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}


def post(*, title="A post", date="2019-05-01 09:00", extra="", body="Some words about the garden.\n"):
    """Return a valid post with one field or the body replaced."""
    return f"Title: {title}\nDate: {date}\nAuthor: Rachel Nwosu\nSummary: A short summary.\n{extra}\n{body}"


GOOD = post(title="A good post")


@dataclass
class Case:
    """One row: the files of a site, and where the checker and the build must point."""

    files: dict
    status: int = 1
    # (file, line, words in the message) for each problem that must be reported, in any order.
    expect: list = field(default_factory=list)


def _nested_list(levels):
    return "".join("    " * i + "- item\n" for i in range(levels))


CASES = {
    # --- dates: one bad field never hides the rest (b.md's unknown theme is still reported)
    "timezone +99:00": Case({"blog/2019/a.md": post(date="2019-05-01T09:00:00+99:00"),
                             "blog/2019/b.md": post(extra="Themes: gardning\n")},
                            expect=[("blog/2019/a.md", 2, "time zone"), ("blog/2019/b.md", 5, "gardning")]),
    "timezone +24:00": Case({"blog/2019/a.md": post(date="2019-05-01T09:00:00+24:00")},
                            expect=[("blog/2019/a.md", 2, "time zone")]),
    "year 0": Case({"blog/2019/a.md": post(date="0000-01-01 09:00")}, expect=[("blog/2019/a.md", 2, "date")]),
    "year 99999": Case({"blog/2019/a.md": post(date="99999-01-01")}, expect=[("blog/2019/a.md", 2, "date")]),
    "NaN date": Case({"blog/2019/a.md": post(date="NaN")}, expect=[("blog/2019/a.md", 2, "date")]),
    "1e309 date": Case({"blog/2019/a.md": post(date="1e309")}, expect=[("blog/2019/a.md", 2, "date")]),
    "30 February": Case({"blog/2019/a.md": post(date="2019-02-30 09:00")},
                        expect=[("blog/2019/a.md", 2, "30 February")]),
    "12,000-character date": Case({"blog/2019/a.md": post(date="2019" * 3000)},
                                  expect=[("blog/2019/a.md", 2, "12000 characters")]),
    "bad Modified": Case({"blog/2019/a.md": post(extra="Modified: 2019-05-01T09:00:00-30:00\n")},
                         expect=[("blog/2019/a.md", 5, "time zone")]),
    # --- check and build agree
    "10,000-character title": Case({"blog/2019/a.md": post(title="A" * 10000)},
                                   expect=[("blog/2019/a.md", 1, "the limit is 150")]),
    "300-character slug": Case({"blog/2019/a.md": post(extra=f"Slug: {'a-' * 150}b\n")},
                               expect=[("blog/2019/a.md", 5, "slug")]),
    "500-level list": Case({"blog/2019/a.md": post(body=_nested_list(500))},
                           expect=[("blog/2019/a.md", 6 + 21, "nested")]),
    "5,000 list markers on a line": Case({"blog/2019/a.md": post(body="* " * 5000 + "x\n")},
                                         expect=[("blog/2019/a.md", 6, "nested")]),
    "2,500 nested emphasis markers": Case({"blog/2019/a.md": post(body="*" * 2500 + "a" + "*" * 2500 + "\n")},
                                          expect=[("blog/2019/a.md", 6, "in a row")]),
    "1,000 nested quotes": Case({"blog/2019/a.md": post(body=">" * 1000 + " deep\n")},
                                expect=[("blog/2019/a.md", 6, "nested")]),
    # Each block marked markdown="1" is read by the Markdown reader inside the one around it: 400 exhaust Python's
    # recursion, which the checks reported as a fault of their own at line 1.
    "600 nested markdown blocks": Case({"blog/2019/a.md": post(body='<div markdown="1">\n' * 600 + "x\n" + "</div>\n" * 600)},
                                       expect=[("blog/2019/a.md", 6 + 20, "nested")]),
    # Each inline mark (an entity, a tag, a code span, emphasis) costs the Markdown reader time that grows with the
    # length of its paragraph: 80,000 "&amp;" in one 400 KB paragraph took 40 s to build, a post.
    "80,000 entities in a paragraph": Case({"blog/2019/a.md": post(body="&amp;" * 80000 + "\n")},
                                           expect=[("blog/2019/a.md", 6, "more than 5,000")]),
    "40,000 code spans in a paragraph": Case({"blog/2019/a.md": post(body="`a` " * 1000 + "\n" + "`a` " * 20000 + "\n")},
                                             expect=[("blog/2019/a.md", 7, "more than 5,000")]),
    "20,000 entities in paragraphs of 100": Case({"blog/2019/a.md": post(body=("Tom &amp; Jerry. " * 100 + "\n\n") * 200)},
                                                 status=0),
    "markdown blocks side by side": Case({"blog/2019/a.md": post(body='<div markdown="1">\nx\n</div>\n\n' * 60)},
                                         status=0),
    "100 spaced quotes": Case({"blog/2019/a.md": post(body="text\n\n" + "> " * 100 + "deep\n")},
                              expect=[("blog/2019/a.md", 8, "nested")]),
    "20,000 [ in a paragraph": Case({"blog/2019/a.md": post(body="[" * 20000 + "x\n")},
                                    expect=[("blog/2019/a.md", 6, "more than 300 [")]),
    "400 links in one paragraph": Case({"blog/2019/a.md": post(body=("[a garden](https://example.org/) " * 20 + "\n") * 20)},
                                       expect=[("blog/2019/a.md", 21, "more than 300 [")]),
    "transcript outside content/": Case(
        {"blog/2019/a.md": post(extra="Transcript: ../../outside.md\n",
                                body="[video: Our garden | 2:10](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n")},
        expect=[("blog/2019/a.md", 5, "outside the content folder")]),
    # --- bytes
    "UTF-16 with BOM": Case({"blog/2019/a.md": GOOD.encode("utf-16")}, expect=[("blog/2019/a.md", 1, "UTF-16")]),
    "UTF-16 without BOM": Case({"blog/2019/a.md": GOOD.encode("utf-16-be")},
                               expect=[("blog/2019/a.md", 1, "UTF-16")]),
    "Windows-1252 byte on line 6": Case({"blog/2019/a.md": post(body="Caf\xe9 au lait.\n").encode("cp1252")},
                                        expect=[("blog/2019/a.md", 6, "UTF-8")]),
    "NUL byte": Case({"blog/2019/a.md": post(body="Some\x00words.\n")}, expect=[("blog/2019/a.md", 1, "not a text file")]),
    "empty file": Case({"blog/2019/a.md": ""}, expect=[("blog/2019/a.md", 1, "empty")]),
    "600 KB on one line": Case({"blog/2019/a.md": post(body="word " * 120_000 + "\n")},
                               expect=[("blog/2019/a.md", 1, "the limit is")]),
    "BOM and CRLF build": Case({"blog/2019/a.md": ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")}, status=0),
    "odd Unicode builds": Case({"blog/2019/a.md": post(title="Caf\u00e9 \u202eevil\u202c \U0001f331",
                                                       body="Zero\u200bwidth and \u00adsoft.\n")}, status=0),
    # --- metadata
    "empty Author": Case({"blog/2019/a.md": GOOD.replace("Author: Rachel Nwosu", "Author:")},
                         expect=[("blog/2019/a.md", 3, "Author")]),
    "duplicate Title": Case({"blog/2019/a.md": post(extra="Title: Another title\n")},
                            expect=[("blog/2019/a.md", 5, "twice")]),
    # --- line numbers: each problem on its own line
    "two scripts links": Case({"blog/2019/a.md": post(body="[one](javascript:a())\n\ntext\n\n[two](javascript:b())\n")},
                              expect=[("blog/2019/a.md", 6, "javascript"), ("blog/2019/a.md", 10, "javascript")]),
    "two images without alt": Case({"blog/2019/a.md": post(body="![](a.png)\n\ntext\n\n![](b.png)\n")},
                                   expect=[("blog/2019/a.md", 6, "alt"), ("blog/2019/a.md", 10, "alt")]),
}


def _write(content, files):
    copy_registries(content)
    write_files(content, files, dedent=False)  # byte for byte: the cases count lines


def _settings(tmp_path, content):
    """A settings file for the tiny site: the project's own settings with this content folder."""
    path = tmp_path / "site_settings.py"
    path.write_text(
        "from pelicanconf import *  # noqa: F403\n"
        f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8",
    )
    return path


def run(module, *args, timeout=300):
    """Run ``python -m module args`` from the project folder; return (status, stdout + stderr)."""
    done = subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _assert_located(output, content, expect):
    for rel, line, words in expect:
        located = [text for text in output.splitlines() if re.search(rf"(^|/){re.escape(rel)}:{line}: error: ", text)]
        assert located, f"no '{rel}:{line}: error:' in:\n{output[:3000]}"
        assert any(words.lower() in text.lower() for text in located), f"{words!r} not in {located}"


@pytest.mark.parametrize("name", list(CASES))
def test_every_input_gets_path_and_line_and_nothing_crashes(name, tmp_path):
    case = CASES[name]
    content = tmp_path / "content"
    content.mkdir()
    _write(content, case.files)
    settings = _settings(tmp_path, content)

    status, output = run("inmind.check", "--settings", settings)
    assert "Traceback" not in output, output
    assert status == case.status, output[:3000]
    _assert_located(output, content, case.expect)
    assert "fault in the site's code" not in output, output[:3000]

    previous = tmp_path / "output"
    previous.mkdir()
    (previous / "index.html").write_text("the previous good site", encoding="utf-8")
    status, output = run("inmind.build", "--settings", settings, "--output", previous)
    assert "Traceback" not in output, output
    assert status == case.status, output[:3000]
    assert "fault in the site's code" not in output, output[:3000]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")], "a temporary folder was left"
    if case.status:
        _assert_located(output, content, case.expect)
        assert _snapshot(previous) == {"index.html": b"the previous good site"}
    else:
        assert (previous / "blog").is_dir()


@pytest.mark.parametrize("kind", ["pipe", "link that loops", "folder"])
def test_a_content_file_that_is_not_a_file_is_named_and_never_waited_on(kind, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    _write(content, {"blog/2019/good.md": GOOD})
    odd = content / "blog" / "2019" / "odd.md"
    {"pipe": lambda: os.mkfifo(odd), "link that loops": lambda: odd.symlink_to("odd.md"), "folder": odd.mkdir}[kind]()
    settings = _settings(tmp_path, content)
    for module, *args in (("inmind.check",), ("inmind.build", "--output", tmp_path / "output")):
        status, output = run(module, "--settings", settings, *args)
        assert "Traceback" not in output and "site's code" not in output, output
        if kind != "folder":
            assert status == 1 and "odd.md" in output and "error:" in output, output


@pytest.mark.parametrize("slug", ["../../x", "404.html", "Our Garden!", "--"])
def test_a_bad_slug_gets_a_suggestion_that_would_pass(slug, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    _write(content, {"blog/2019/a.md": post(extra=f"Slug: {slug}\n")})
    status, output = run("inmind.check", "--settings", _settings(tmp_path, content))
    suggested = re.search(r'hint: use lower-case letters, numbers and hyphens only, such as "([^"]*)"', output)
    assert status == 1 and suggested, output
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", suggested.group(1)), suggested.group(1)


def test_the_table_is_long_enough():
    assert len(CASES) >= 25


# --- the command line itself --------------------------------------------------------------------------------


def test_a_missing_file_is_an_error_with_the_nearest_path(tmp_path):
    status, output = run("inmind.check", "content/blog/2019/growing-a-ward-garden-togeter.md")
    assert status == 1
    assert "content/blog/2019/growing-a-ward-garden-togeter.md: error: there is no such file" in output
    assert 'Did you mean "content/blog/2019/growing-a-ward-garden-together.md"?' in output
    assert "no problems found" not in output and "Traceback" not in output


def test_a_missing_file_far_from_any_other_gets_no_suggestion():
    status, output = run("inmind.check", "content/blog/2019/typo.md")
    assert status == 1 and "there is no such file" in output and "Did you mean" not in output, output


def test_a_file_outside_content_is_an_error_not_an_all_clear():
    status, output = run("inmind.check", "README.md")
    assert status == 1 and "not a content file" in output and "no problems found" not in output, output


def test_an_existing_file_still_checks():
    status, output = run("inmind.check", "content/blog/2019/growing-a-ward-garden-together.md")
    assert status == 0 and "no problems found" in output, output


def test_an_unwritable_output_folder_is_named(tmp_path):
    """Root ignores permissions, so use a path whose parent is a file: the disk refuses it as it refuses a read-only one."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    status, output = run("inmind.build", "--output", blocker / "output")
    assert status == 1 and "Traceback" not in output
    assert "the output folder cannot be written" in output and "site's code" not in output, output
    assert str(blocker) in output or "a-file" in output


@pytest.mark.parametrize("value, choices", [
    ("/blog/2019/x/", ["/blog/2019/x/", "/blog/2019/y/"]),
    ("Staff", ["Staff", "staff "]),
    ("recovery", ["recovery"]),
])
def test_a_suggestion_never_repeats_what_was_written(value, choices):
    from inmind.errors import did_you_mean

    suggestion = did_you_mean(value, choices)
    assert f'"{value}"' not in suggestion and f'"{value.strip()}"' not in suggestion


def test_a_suggestion_still_offers_a_different_spelling():
    from inmind.errors import did_you_mean

    assert did_you_mean("recovry", ["recovery", "research"]) == ' Did you mean "recovery"?'


# Lines that made a heading pattern backtrack cubically: 2,000 spaces took 6 s, 20,000 would take hours.
SLOW_LINES = ["## Transcript x" + " " * 50_000 + "a", "## x" + " " * 50_000 + "a", "# Transcript" + " #" * 50_000 + "a"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("line", SLOW_LINES, ids=["transcript-heading", "heading", "hashes"])
def test_a_long_heading_line_is_read_in_linear_time(line):
    from video_embeds import source

    from inmind.source import parse

    text = f"Title: T\n\nHello.\n\n{line}\n\nhttps://youtu.be/dQw4w9WgXcQ\n"
    assert source.transcript_headings(parse(text)) == ([(5, 2, "x" + " " * 50_000 + "a")] if "Transcript x" in line
                                                       else [(5, 1, "# " * 49_999 + "#a")] if "#a" in line else [])
    assert source.heading_before(parse(text), 7) is not None


def test_a_transcript_heading_keeps_its_text_without_closing_hashes():
    from video_embeds import source

    from inmind.source import parse

    found = source.transcript_headings(parse("Title: T\n\n## Transcript: Our talk ##  \n\n## transcript\n"))
    assert found == [(3, 2, "Our talk"), (5, 2, "")]
    assert source.heading_before(parse("Title: T\n\n### The garden ###\n\nx\n"), 5) == "The garden"


# Runs of backticks made the code-span pattern backtrack (1,000 took 6 s, 2,000 took 91 s).
BACKTICK_LINES = ["x " + "`" * 20_000, "x `" + "`" * 20_000 + " y" * 10_000, "".join("`" * n + " a " for n in range(1, 200))]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("line", BACKTICK_LINES, ids=["one-run", "run-and-text", "every-length"])
def test_a_line_of_backticks_is_checked_in_linear_time(tmp_path, line):
    from inmind.check import check_site
    from inmind.config import load_settings

    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    write_files(content, {"blog/2019/a.md": post(body=f"Hello.\n\n{line}\n\n![]({{static}}/images/x.png)\n")})
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})
    found = [p.format() for p in check_site(settings)]
    assert any(":10: error: the image" in p and "has no alt text" in p for p in found), found


def test_code_spans_are_found_as_markdown_finds_them():
    from inmind.source import blank_code_spans

    assert blank_code_spans("a `b` c ``d ` e`` f") == "a " + " " * 3 + " c " + " " * 9 + " f"
    assert blank_code_spans("a ``b` c") == "a ``b` c"  # no closing run of two: not code
    assert blank_code_spans("`a` `b`") == "       "
    assert blank_code_spans("no code") == "no code"


# Lines that made the checks' patterns try every start in a long run (quadratic: 20,000 took 4 s, 500 KB an hour).
RUN_LINES = ["*" * 100_000 + "!", "x <img " + "-" * 100_000 + "> y", "x <a " + "-" * 100_000 + ">x</a> y"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("line", RUN_LINES, ids=["emphasis", "image-attributes", "link-attributes"])
def test_a_long_run_of_one_character_is_checked_in_linear_time(tmp_path, line):
    test_a_line_of_backticks_is_checked_in_linear_time(tmp_path, line)


@pytest.mark.parametrize(("line", "refused"), [("x*******", True), ("*******x", True), ("_*******", True),
                                               ("*******_", True), ("*******", False), ("x******", False),
                                               ("* ******* *", False), ("a **bold** b", False)])
def test_an_emphasis_run_beside_a_word_is_found_as_before(line, refused):
    from inmind.check_file import emphasis_run_beside_word

    assert emphasis_run_beside_word(line) is refused


def test_a_raw_tags_attributes_are_still_read():
    from inmind.check_file import raw_attributes

    assert raw_attributes(' src="a.png" alt=\'A b\' data-x=1 -- width = "3"') == {
        "src": "a.png", "alt": "A b", "data-x": "1", "width": "3"}
