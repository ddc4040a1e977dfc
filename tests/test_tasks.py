"""Tasks build shell commands with every part quoted, so they work from a folder whose path has spaces."""

import os
import shlex
import subprocess
import sys

import pytest
from conftest import ROOT

import tasks


@pytest.mark.parametrize("python", ["/home/sam/My Site/.venv/bin/python", "/srv/it's here/python", "/tmp/$(rm -rf ~)/py"])
def test_every_part_of_a_command_is_one_word(monkeypatch, python):
    monkeypatch.setattr(tasks, "PY", python)
    built = tasks.command("inmind.check", "--settings", "pelicanconf.py", "/a b/c;d.md")
    assert shlex.split(built) == [python, "-m", "inmind.check", "--settings", "pelicanconf.py", "/a b/c;d.md"]


def test_no_task_puts_the_interpreter_in_a_command_unquoted():
    source = (ROOT / "tasks.py").read_text(encoding="utf-8")
    assert "{PY}" not in source and "f\"{PY" not in source


def test_a_task_runs_from_a_folder_with_a_space(tmp_path):
    """The project reached through a folder named "my site": the Python in its .venv has a space in its path."""
    project = tmp_path / "my site"
    project.mkdir()
    for entry in ROOT.iterdir():
        if entry.name in ("tasks.py", "content", "inmind", "plugins", "theme", "pelicanconf.py", "publishconf.py", ".venv"):
            os.symlink(entry, project / entry.name)
    python = project / ".venv" / "bin" / "python"
    if not python.exists():
        python = project / "python"
        os.symlink(sys.executable, python)
    done = subprocess.run([str(python), "-m", "invoke", "check", "--file",
                           "content/blog/2019/growing-a-ward-garden-together.md"],
                          cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems found" in done.stdout


@pytest.mark.parametrize(("task", "said"), [
    (["new", "--title", "Our ward garden"], 'error: the post needs an author\n  hint: give one, such as --author'),
    (["new", "--author", "Danny Whitfield"], "error: the post needs a title\n  hint: give one, such as --title"),
    (["new-agm"], "error: the AGM summary needs the year of the meeting\n  hint: give it as four digits"),
])
def test_a_new_post_or_summary_without_a_required_option_is_told_what_to_add(tmp_path, task, said):
    # Invoke's own words ("did not receive required positional arguments") mean nothing to a writer.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    done = subprocess.run([sys.executable, "-m", "invoke", *task], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 1 and said in done.stderr, done.stdout + done.stderr
    assert "positional" not in done.stderr and "Traceback" not in done.stderr
    assert "created" not in done.stdout
