"""invoke check --format github / json: every problem as a GitHub annotation on its line, or as JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import ROOT

ANNOTATION = re.compile(r"^::(error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),title=(?P<title>[^:]*)::(?P<text>.*)$")


def run_check(tmp_path, fmt, files):
    content = tmp_path / "content"
    for rel, text in files.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    return subprocess.run(
        [sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--path", str(content),
         "--format", fmt], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


BAD = {
    "blog/2024/a,b: 100%.md": "Title: A post\nDate: 2024-02-30 09:00\nSummary:\n\n![](x.png)\n",
}


def test_github_format_puts_each_problem_on_its_file_and_line(tmp_path):
    done = run_check(tmp_path, "github", BAD)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(ANNOTATION.match(line) for line in lines), lines
    found = {(m["file"], int(m["line"]), m.group(1)) for m in map(ANNOTATION.match, lines)}
    # Commas, colons and % in the path are escaped, so GitHub reads the whole path as one property.
    path = "content/blog/2024/a%2Cb%3A 100%25.md"
    assert (path, 2, "error") in found  # 30 February
    assert (path, 3, "error") in found  # the empty summary
    assert (path, 5, "error") in found  # the image without alt text
    summary = next(line for line in lines if "line=3," in line)
    assert "Summary: is empty" in summary and "%0Ahint: " in summary and "\n" not in summary


def test_json_format_lists_the_same_problems(tmp_path):
    text = run_check(tmp_path, "text", BAD).stdout
    done = run_check(tmp_path, "json", BAD)
    problems = json.loads(done.stdout)
    assert {(p["line"], p["severity"]) for p in problems} >= {(2, "error"), (3, "error"), (5, "error")}
    for p in problems:
        assert f":{p['line']}: {p['severity']}: {p['message']}" in text


def test_a_clean_site_has_no_annotations(tmp_path):
    done = run_check(tmp_path, "github", {"pages/about.md": "Title: About\nSummary: What this site is.\n\nText.\n"})
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout


def test_one_files_problems_for_the_editor_never_reach_outside_content(tmp_path):
    from inmind.build import load_settings
    from inmind.check import file_problems
    from inmind.serve import check_file

    content = tmp_path / "content"
    (content / "blog/2024").mkdir(parents=True)
    (content / "blog/2024/x.md").write_text("Title: X\nDate: 2024-01-02 09:00\nSummary:\n\nText.\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("Title: secret\n\n", encoding="utf-8")
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})
    (problem,) = [p for p in file_problems(settings, "blog/2024/x.md") if "summary" in p["message"].lower()]
    assert problem["path"] == "content/blog/2024/x.md" and problem["line"] == 3 and problem["severity"] == "error"
    for rel in ("../secret.md", "/etc/passwd", "blog/2024/missing.md", "authors.toml", "", "blog/../../secret.md"):
        assert file_problems(settings, rel) == [], rel
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    assert check_file(ROOT / "pelicanconf.py", overrides, "blog/2024/x.md")[0]["path"] == "content/blog/2024/x.md"
    (broken,) = check_file(tmp_path / "no-such-settings.py", overrides, "blog/2024/x.md")
    assert broken["severity"] == "error" and "stopped unexpectedly" in broken["message"] and broken["hint"]


def test_a_fault_in_the_checks_never_quotes_a_real_name_to_the_editor_or_the_terminal(tmp_path, monkeypatch):
    # An exception's words may quote the content it stopped on ("invalid literal for int(): 'Philippa ...'").
    from conftest import SAMPLE_REAL_NAME

    import inmind.check
    from inmind.build import load_settings
    from inmind.check import checks_fault
    from inmind.serve import check_file

    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    (content / "blog/x.md").write_text("Title: X\nDate: 2024-01-02 09:00\n\nText.\n", encoding="utf-8")
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    variants = [SAMPLE_REAL_NAME, SAMPLE_REAL_NAME.upper(), SAMPLE_REAL_NAME.replace("pp", "p")]

    for variant in variants:
        def choke(settings, rel, _v=variant):
            raise ValueError(f"invalid literal for int() with base 10: '{_v}'")

        monkeypatch.setattr(inmind.check, "file_problems", choke)
        (shown,) = check_file(ROOT / "pelicanconf.py", overrides, "blog/x.md")
        assert "stopped unexpectedly: ValueError" in shown["message"] and shown["hint"], shown
        assert variant not in shown["message"] and "Marchbanks" not in shown["message"].title(), shown

    settings = load_settings(ROOT / "pelicanconf.py", overrides)
    told = checks_fault(KeyError(SAMPLE_REAL_NAME), settings)
    assert "KeyError" in told.message and "Marchbanks" not in told.message
    # Without settings (they could not be read) the words are the exception's own: nothing of the content was read.
    assert "disk full" in checks_fault(OSError("disk full")).message
