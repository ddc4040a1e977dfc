"""A file name the system itself refuses, written anywhere a post names a file, is the writer's mistake at its line.

Too long for a file name (over 255 bytes), a path too long (over 4,096 bytes) or a NUL written as %00: the system
raises rather than answering "no such file", and each of these stopped a check or the build with "this is a fault
in the site's code" (OSError: File name too long; ValueError: embedded null byte).
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from test_sources import _check

from inmind import files

NAMES = {"long": "a" * 300, "deep": "a/" * 2100 + "x", "nul": "a%00b", "long-percent": "%61" * 300}
HEAD = "Title: Post {name}\nDate: 2026-01-01\nAuthor: Joe Rafferty\nSummary: A post.\nConsent: CF-2026-001\n"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def posts(bad, raw):
    """Return ``{path: (text, line of the name)}``: the name in each place a post or AGM page names a file."""
    bodies = {
        "static": f"![A picture]({{static}}/images/{bad}.png)",
        "attach": f"[a document]({{attach}}/documents/{bad}.pdf)",
        "filename": f"[a post]({{filename}}/blog/{bad}.md)",
        "relative-picture": f"![A picture](../images/{bad}.jpg)",
        "site-picture": f"![A picture](/images/{bad}.jpg)",
        "raw-picture": f'<img src="/images/{bad}.png" alt="A picture">',
    }
    made = {f"blog/{name}.md": (HEAD.format(name=name) + f"\nWords here. {body}\n", 7) for name, body in bodies.items()}
    made["blog/share.md"] = (HEAD.format(name="share") + f"Share-image: {{static}}/images/{bad}.png\n"
                             "Share-image-alt: A picture\n\nWords.\n", 6)
    made["blog/video.md"] = (HEAD.format(name="video") + f"Transcript: transcripts/{raw}.md\n\n{VIDEO}\n\nWords.\n", 6)
    made["agm/2030.md"] = ("Title: Annual General Meeting 2030\nDate: 2026-09-27 14:00\nAuthor: Communications Team\n"
                           "Slug: agm-2030\nSummary: Our AGM.\nVenue: The hall\n"
                           f"Annual-report: {{static}}/documents/{bad}.pdf\nAnnual-report-title: Annual report\n"
                           "Highlight: A thing.\n\nWords.\n", 7)
    return made


@pytest.mark.parametrize("kind", list(NAMES))
def test_a_name_the_system_refuses_is_an_error_at_its_line_in_check_and_build(build_site, kind):
    bad = NAMES[kind]
    raw = bad.replace("%00", "\x00").replace("%61", "a")
    made = posts(bad, raw)
    if "\x00" in raw:
        made.pop("blog/video.md")  # a NUL in the file itself makes it "not a text file", refused before anything
    site = build_site({rel: text for rel, (text, _) in made.items()})
    assert site.status != 0
    for said in (site.messages, "\n".join(p.format() for p in _check(site.content, "pelicanconf.py"))):
        assert "fault in the site's code" not in said and "stopped" not in said and "Traceback" not in said, said
        for rel, (_, line) in made.items():
            assert f"{rel}:{line}: error: " in said, (rel, said[-3000:])


@pytest.mark.parametrize("name", ["a" * 300, "a/" * 2100, "a\x00b", "", ".", "a" * 255])
def test_asking_about_a_name_the_system_refuses_is_a_plain_no(tmp_path, name):
    path = tmp_path / name
    assert files.is_file(path) is False
    assert (files.resolved(path) is None) is ("\x00" in name)


def test_a_real_file_and_folder_are_still_found(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert files.is_file(tmp_path / "a.md") and not files.is_file(tmp_path)
    assert files.resolved(tmp_path / "b" / ".." / "a.md") == (tmp_path / "a.md").resolve()
    assert ROOT.is_dir()


@pytest.mark.parametrize("value", ["transcripts/a\x00b.md", "transcripts/" + "a" * 300 + ".md", "transcripts/" + "a/" * 2100 + "x.md",
                                   "../" + "b" * 300])
def test_a_transcript_line_the_system_refuses_says_so_in_words(tmp_path, value):
    from video_embeds import transcripts

    (tmp_path / "transcripts").mkdir()
    (problem,) = transcripts.problems("post.md", 6, [value], 1, tmp_path, "transcripts")
    assert problem.line == 6 and "cannot be read" in problem.message and transcripts.UNUSABLE in problem.message
    assert "\x00" not in problem.message and len(problem.message) < 250  # shown escaped, and cut short
    assert "letters, numbers and hyphens" in problem.hint
    assert transcripts.target(value, tmp_path) is None


def _loop(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(path.name)  # a link to itself
    return path


@pytest.mark.parametrize("registry", ["themes.toml", "authors.toml"])
def test_a_registry_that_is_a_link_to_itself_is_named_at_its_file(build_site, tmp_path, registry):
    content = tmp_path / "content"
    _loop(content / registry)
    other = "authors.toml" if registry == "themes.toml" else "themes.toml"
    shutil.copy(ROOT / "content" / other, content / other)
    site = build_site({"blog/p.md": HEAD.format(name="p") + "\nWords.\n"}, registries=False)
    assert site.status != 0
    assert f"{registry}:1: error: this {registry.split('s.')[0]} file is a link that leads back to itself" in site.messages
    assert "Traceback" not in site.messages and "fault in the site's code" not in site.messages


def test_a_transcript_that_is_a_link_to_itself_is_the_writers_mistake(build_site, tmp_path):
    _loop(tmp_path / "content" / "transcripts" / "t.md")
    site = build_site({"blog/p.md": HEAD.format(name="p") + f"Transcript: transcripts/t.md\n\n{VIDEO}\n\nWords.\n"})
    assert site.status != 0
    assert 'blog/p.md:6: error: the transcript file "transcripts/t.md" cannot be read: it is a link' in site.messages
    # The file itself, read by the checks: the link's problem, not the system's words and a hint about permissions.
    assert "transcripts/t.md: error: this file cannot be read: it is a link to something missing, or a link that " \
           "loops" in site.messages
    assert "Too many levels" not in site.messages and "permissions" not in site.messages
    assert "fault in the site's code" not in site.messages and "stopped" not in site.messages


def test_the_command_line_names_a_file_that_is_a_link_to_itself(tmp_path, capsys):
    from inmind import check

    loop = _loop(tmp_path / "loop.md")
    status = check.main(["--settings", str(ROOT / "pelicanconf.py"), str(loop)])
    said = capsys.readouterr()
    assert status != 0
    assert f"{loop}: error: this file cannot be read: it is a link to something missing" in said.out + said.err
    assert "stopped unexpectedly" not in said.out + said.err


def test_a_link_to_itself_is_no_file_and_has_no_end(tmp_path):
    loop = _loop(tmp_path / "loop.md")
    assert files.resolved(loop) is None and not files.is_file(loop)
    message, hint = files.unreadable(OSError(40, "Too many levels of symbolic links"))
    assert (message, hint) == files.unreadable()
    assert files.unreadable(PermissionError(13, "Permission denied")) == (
        "this file cannot be read: Permission denied", "check its permissions")
