"""./dev new writes the Consent: line and the officer's note for a guest writer, and the consent check still stops it.

The command runs as people run it (invoke's ``new`` task, in a copy of the project), then the checker and the
build read what it wrote.
"""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, run_build

from inmind.source import parse


@pytest.fixture
def project(tmp_path):
    """A copy of the project's tasks, settings and content, so the real command writes into it."""
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


def dev_new(project, *options):
    done = subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(project), "new", *options],
                          cwd=project, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}"})
    assert done.returncode == 0, done.stdout + done.stderr
    created = next(line for line in done.stdout.splitlines() if line.startswith("created "))
    return project / created.removeprefix("created ")


def check(project, *args):
    done = subprocess.run([sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"),
                           "--path", str(project / "content"), *args], cwd=project, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'plugins'}"})
    return done.returncode, done.stdout + done.stderr


def test_a_guest_carers_post_asks_for_consent_and_stops_until_it_is_filled(project):
    path = dev_new(project, "--title", "Caring for my mum", "--author", "Sam Guest", "--role", "Carer",
                   "--role-group", "carer", "--themes", "carers")
    text = path.read_text(encoding="utf-8")
    source = parse(text)
    consent, line = source.values("consent")[0]
    assert consent.startswith("Replace this with the reference on the writer's signed consent form, such as CF-")
    assert "<!-- For the communications officer" in text and "anonymous = true" in text
    assert "private/names.toml" in text
    rel = path.relative_to(project).as_posix()

    # A draft: the preview still builds, with a warning at the Consent: line; the note is never published.
    code, output = check(project)
    assert code == 0, output
    assert f"{rel}:{line}: warning: Consent: still says \"Replace this ...\"" in output and "[consent-missing]" in output
    site = run_build(project / "content", project / "output")
    assert site.status == 0, site.messages
    page = (project / "output" / "drafts" / path.stem / "index.html").read_text(encoding="utf-8")
    assert "Caring for my mum" in page
    assert "For the communications officer" not in page and "anonymous = true" not in page

    # Ready to publish but the consent is not filled in: the publish check and the publish build stop.
    path.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")
    code, output = check(project, "--fatal-warnings")
    assert code == 1 and f"{rel}:{line}: error: Consent: still says" in output
    site = run_build(project / "content", project / "published", "publishconf.py", fatal_warnings=True)
    assert site.status == 1 and "[consent-missing]" in site.messages

    # Filled in: the consent check is satisfied.
    path.write_text(path.read_text(encoding="utf-8").replace(consent, "CF-2026-014"), encoding="utf-8")
    code, output = check(project, "--fatal-warnings")
    assert "consent-" not in output, output


@pytest.mark.parametrize(("author", "asks"), [("A carer", True), ("Communications Team", False)])
def test_a_registered_writer_outside_staff_gets_the_lines_and_staff_do_not(project, author, asks):
    text = dev_new(project, "--title", f"A post by {author.lower()}", "--author", author).read_text(encoding="utf-8")
    assert bool(parse(text).values("consent")) is asks
    assert ("For the communications officer" in text) is asks
