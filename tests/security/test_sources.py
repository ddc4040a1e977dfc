"""What Pelican renders is what the checks read: no file reaches a page without being checked under its own folder's rules."""

from __future__ import annotations

import io
import os

import pytest
from conftest import ROOT, copy_registries, write_files

# A page (pages/ has no Consent: rule) by a writer whose posts need a consent reference.
PAGE = """Title: Sneaky page
Date: 2019-06-01 10:00
Author: A carer
Summary: A page.

SNEAKY-7Q text.
"""
POST = """Title: A post
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A summary.

Some text.
"""


def _check(content, settings_file):
    from inmind.check import check_site
    from inmind.config import load_settings

    settings = load_settings(ROOT / settings_file, {"PATH": str(content), "CACHE_PATH": str(content.parent / "cache")})
    return [p for p in check_site(settings, fatal_warnings=True) if p.severity == "error"]


@pytest.mark.parametrize("target", ["pages", "extra"])
def test_a_link_to_a_folder_inside_a_checked_folder_is_refused_by_check_and_build_alike(tmp_path, target):
    from inmind.build import build

    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    write_files(content, {"blog/2019/a.md": POST, f"{target}/p.md": PAGE})
    os.symlink(f"../../{target}", content / "blog/2019/sub")
    output = tmp_path / "output"
    write_files(output, {"index.html": "the last good build"})
    stream = io.StringIO()
    overrides = {"PATH": str(content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")],
                 "CACHE_PATH": str(tmp_path / "cache")}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        status = build(ROOT / "publishconf.py", output, fatal_warnings=True, overrides=overrides, stream=stream)
    finally:
        os.chdir(cwd)
    linked = content / "blog/2019/sub/p.md"
    assert status == 1, stream.getvalue()
    assert f"{linked}:1: error: the content checks did not read this file" in stream.getvalue()
    assert sorted(output.rglob("*")) == [output / "index.html"]
    found = [p.format().splitlines()[0] for p in _check(content, "publishconf.py")]
    assert [line for line in found if line.startswith(f"{linked}:")] == [
        line for line in stream.getvalue().splitlines() if line.startswith(f"{linked}:")]


VIDEO_POST = """Title: A video post
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A summary.
Transcript: {target}
Captions: checked

Watch this:

https://youtu.be/dQw4w9WgXcQ
"""
HIDDEN = """Title: Not for the site
Date: 2019-04-01 09:00
Author: Communications Team
Summary: Not ready.
Status: {status}

HIDDEN-7Q words that must not be published.
"""


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_a_transcript_line_cannot_publish_another_posts_text(build_site, status):
    site = build_site({"blog/2019/v.md": VIDEO_POST.format(target="blog/2019/hidden.md"),
                       "blog/2019/hidden.md": HIDDEN.format(status=status)},
                      settings_file="publishconf.py", fatal_warnings=True)
    expected = 'v.md:5: error: the transcript file "blog/2019/hidden.md" is not in the transcripts/ folder'
    assert site.status == 1 and expected in site.messages
    assert not [p for p in site.output.rglob("*") if p.is_file() and b"HIDDEN-7Q" in p.read_bytes()]
    assert expected in "\n".join(p.format() for p in _check(site.content, "publishconf.py"))


LINKED = """Title: A post with a link
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A summary.

See [the other text]({link}).
"""


@pytest.mark.parametrize("link", ["{filename}/private/p.md", "{static}/blog/2019/hidden.md", "{static}/private/p.md",
                                  "{attach}../../private/p.md", "{attach}/blog/2019/hidden.md"])
def test_a_link_to_a_text_the_site_does_not_publish_as_it_is_is_refused_by_check_and_build(build_site, link):
    site = build_site({"blog/2019/a.md": LINKED.format(link=link), "private/p.md": HIDDEN.format(status="published"),
                       "blog/2019/hidden.md": HIDDEN.format(status="draft")},
                      settings_file="publishconf.py", fatal_warnings=True)
    assert site.status == 1, site.messages
    assert not [p for p in site.output.rglob("*") if p.is_file() and b"HIDDEN-7Q" in p.read_bytes()]
    assert any(p.format().startswith(f"{site.content / 'blog/2019/a.md'}:6: error: ")
               for p in _check(site.content, "publishconf.py")), "the check lets through what the build refuses"


@pytest.mark.timeout(120)
def test_on_a_large_site_pelican_never_renders_what_the_checks_refuse_as_too_slow_to_read(build_site, monkeypatch):
    import markdown

    from inmind import build

    converted = []
    original = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: converted.append(text) or original(md, text))
    files = {f"blog/2019/p{n}.md": POST.replace("A post", f"Post number {n}") for n in range(build.OVERLAP_MIN_FILES)}
    files["blog/2019/slow.md"] = POST.replace("Some text.", "x " + "[" * 400 + " y")
    site = build_site(files)
    assert site.status == 1 and "slow.md:6: error: this paragraph has more than 300 [" in site.messages
    assert not [text for text in converted if "[" * 400 in text], "the Markdown reader was given the refused text"
