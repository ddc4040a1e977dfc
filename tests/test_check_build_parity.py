"""invoke check and invoke build report the same problems, with the same path:line and words, for the same site."""

import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
# "path:line: severity: message" and the hint line under it.
PROBLEM = re.compile(r"^(?P<where>\S[^\n]*?:\d+: (?:error|warning): [^\n]*)\n(?P<hint>  hint: [^\n]*)?", re.M)


def post(*, title="A post", date="2019-05-01 09:00", author="Rachel Nwosu", extra="", body="Some words.\n"):
    return f"Title: {title}\nDate: {date}\nAuthor: {author}\nSummary: A short summary.\n{extra}\n{body}"


SITES = {
    "many faults in two files": {
        "blog/2019/a.md": post(date="2019-02-30 09:00", extra="Themes: gardning\n",
                               body="![](garden.png)\n\n[click here](https://example.org)\n"),
        "blog/2019/b.md": post(title="Another post", author="Nobody Known", extra="Slug: a-post\n",
                               body="Some words.\n\n# A second title\n"),
    },
    "a title too long for a file name": {"blog/2019/a.md": post(title="Long " * 2000)},
    "lists nested 500 deep": {"blog/2019/a.md": post(body="".join("    " * i + "- item\n" for i in range(500)))},
    "a transcript outside content": {
        "blog/2019/a.md": post(extra="Transcript: ../../etc/passwd\n", body="https://youtu.be/dQw4w9WgXcQ\n"),
    },
    "a video link inside a paragraph": {
        "blog/2019/a.md": post(body="Some words\nhttps://youtu.be/dQw4w9WgXcQ\nmore words.\n\n## Transcript\n\nHello.\n"),
    },
    "a video without its transcript file": {
        "blog/2019/a.md": post(extra="Transcript: transcripts/missing.md\n", body="https://youtu.be/dQw4w9WgXcQ\n"),
    },
    "a guest whose name makes a registered writer's address": {
        "blog/2019/a.md": post(author="Rachel Nwosú", extra="Author-role: Volunteer\nRole-group: volunteer\n"),
    },
    "HTML pages the build alone would have judged": {
        "blog/2019/a.md": post(),
        "pages/admin.html": '<html><head><title>Admin</title><meta name="slug" content="admin"></head><body>x</body></html>',
        "pages/untitled.htm": "<html><head></head><body><p>No title.</p></body></html>",
        "pages/out.html": '<html><head><title>Out</title><meta name="slug" content="../x"></head><body>x</body></html>',
    },
}


def _site(tmp_path, files):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        shutil.copy(ROOT / "content" / name, content / name)
    for rel, text in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    settings = tmp_path / "settings.py"
    settings.write_text(f"from pelicanconf import *  # noqa: F403\nPATH = {str(content)!r}\n"
                        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n", encoding="utf-8")
    return settings


def _problems(*args):
    done = subprocess.run([sys.executable, "-m", *map(str, args)], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=300)
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    return done.returncode, sorted((m["where"], m["hint"]) for m in PROBLEM.finditer(output)), output


@pytest.mark.parametrize("name", list(SITES))
def test_check_and_build_report_the_same_problems(name, tmp_path):
    settings = _site(tmp_path, SITES[name])
    checked_status, checked, check_output = _problems("inmind.check", "--settings", settings)
    built_status, built, build_output = _problems("inmind.build", "--settings", settings, "--output", tmp_path / "out")
    assert checked, f"the check found nothing wrong:\n{check_output}"
    assert checked_status == built_status == 1, check_output + build_output
    assert built == checked, f"check said:\n{check_output}\nbuild said:\n{build_output}"
    assert not (tmp_path / "out").exists()
