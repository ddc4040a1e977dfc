"""The pre-publish checklist names the private names file the publish build needs (INMIND_PRIVATE_NAMES)."""

import subprocess
import sys

from conftest import ROOT

from inmind.checklist import lines


def test_the_checklist_says_when_the_private_names_file_is_not_set():
    last = lines([], environ={})[-1]
    assert last.startswith("  [check] Real names of anonymous writers") and "INMIND_PRIVATE_NAMES is not set" in last
    assert "repository secret" in last and "README 'Anonymous writers'" in last
    assert lines([], environ={"INMIND_PRIVATE_NAMES": "  "})[-1] == last  # blank is not set


def test_the_checklist_says_when_it_is_set_without_showing_where():
    last = lines([], environ={"INMIND_PRIVATE_NAMES": "/home/editor/private/names.toml"})[-1]
    assert last.startswith("  [ok] Real names of anonymous writers") and "names.toml" not in last


def test_the_checklist_gives_the_line_to_type_when_it_is_not_set():
    # A writer who does not program is told what to type, as the README writes it, not "export it with its path".
    last = lines([], environ={})[-1]
    assert 'type export INMIND_PRIVATE_NAMES="$PWD/private/names.toml" in this terminal' in last
    assert "private names file's path" not in last


def test_a_publish_check_of_one_file_says_where_the_checklist_is(tmp_path):
    # "./dev check --publish --file x.md" printed "no problems found" and no checklist, with no word of why.
    post = ROOT / "content" / "blog" / "2017" / "asked-not-told.md"
    done = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", "publishconf.py", "--fatal-warnings",
                           str(post)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert "Before publishing:" not in done.stdout, done.stdout
    assert done.stdout.rstrip().endswith("run ./dev check --publish without --file to see it)"), done.stdout
