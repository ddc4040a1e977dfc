"""Tasks for building, checking and testing the site. Run them as ``./dev TASK`` or ``invoke TASK``."""

import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings": "pelicanconf.py",
    "publish_settings": "publishconf.py",
    "output": "output",
    "host": "127.0.0.1",
    "port": 8000,
}
PY = sys.executable


@task
def build(c):
    """Build the preview site once into output/."""
    c.run(f"{PY} -m inmind.build --settings {CONFIG['settings']} --output {CONFIG['output']}", pty=False)


@task
def publish(c):
    """Build the production site into output/ with publishconf.py; warnings count as errors."""
    c.run(
        f"{PY} -m inmind.build --settings {CONFIG['publish_settings']} --output {CONFIG['output']} --fatal-warnings",
        pty=False,
    )


@task
def serve(c, port=CONFIG["port"]):
    """Build, serve on http://127.0.0.1:8000 and rebuild on every change."""
    c.run(f"{PY} -m inmind.serve --settings {CONFIG['settings']} --output {CONFIG['output']} --host {CONFIG['host']} --port {port}", pty=False)


@task
def livereload(c, port=CONFIG["port"]):
    """Same as serve: build, serve and rebuild on change."""
    serve(c, port=port)


@task
def test(c, k="", x=False):
    """Run the whole test suite (browser tests included)."""
    options = (f"-k {k!r} " if k else "") + ("-x " if x else "")
    c.run(f"{PY} -m pytest {options}", pty=False)


@task
def lint(c):
    """Check the Python code with Ruff."""
    c.run(f"{PY} -m ruff check .", pty=False)


@task(help={"path": "a Markdown file, anywhere (a full path always works)", "all": "also list themes below the threshold"})
def themes(c, path, all=False):
    """Print the themes one Markdown file would get, with the evidence, without building the site."""
    import os
    import shlex

    from invoke.exceptions import Exit

    target = shlex.quote(str(Path(path).expanduser().resolve()))
    result = c.run(
        f"{PY} -m coproduction.cli --settings {CONFIG['settings']} {'--all ' if all else ''}{target}",
        env={"PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])},
        pty=False,
        warn=True,
    )
    if result.exited:
        raise Exit(code=result.exited)


@task
def clean(c):
    """Remove output/ and caches."""
    for name in (CONFIG["output"], "cache", ".pytest_cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)
