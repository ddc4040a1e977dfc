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
