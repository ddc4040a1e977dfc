"""Tasks for building, checking and testing the site. Run them as ``./dev TASK`` or ``invoke TASK``."""

import re
import shlex
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


def command(module, *args):
    """Return the shell command that runs ``python -m module args``, every part quoted.

    The project folder (and so the Python in its .venv) may have spaces or quotes in its path.
    """
    return shlex.join([PY, "-m", module, *(str(a) for a in args)])


@task
def build(c):
    """Build the preview site once into output/."""
    c.run(command("inmind.build", "--settings", CONFIG["settings"], "--output", CONFIG["output"]), pty=False)


@task
def publish(c):
    """Build the production site into output/ with publishconf.py; warnings count as errors."""
    c.run(
        command("inmind.build", "--settings", CONFIG["publish_settings"], "--output", CONFIG["output"], "--fatal-warnings"),
        pty=False,
    )
    # End with what was left out (drafts, scheduled posts) and when each goes live, so nothing waits unnoticed.
    c.run(command("plugins.scheduling.waiting", "--settings", CONFIG["publish_settings"]), pty=False)


@task
def serve(c, port=CONFIG["port"]):
    """Build, serve on http://127.0.0.1:8000, rebuild on every change and reload open pages by themselves."""
    c.run(command("inmind.serve", "--settings", CONFIG["settings"], "--output", CONFIG["output"], "--host", CONFIG["host"],
                  "--port", port), pty=False)


@task(help={"port": "the site's port (default 8000)"})
def edit(c, port=CONFIG["port"]):
    """Open the browser editor on this working copy: what you save is written into content/, and the site rebuilds."""
    import os
    import subprocess
    from urllib.parse import urlsplit

    from invoke.exceptions import Exit

    import pelicanconf

    backend = urlsplit(pelicanconf.EDITOR["local_backend"])
    # Decap's file server behind our rules: this computer only, and files inside content/ only.
    server = ROOT / "plugins" / "editor" / "files_server.js"
    if not (ROOT / "node_modules" / "decap-server" / "dist" / "middlewares.js").is_file():
        print("error: the editor's file server is not installed\n  hint: run ./dev edit (it installs the pinned npm "
              "packages first)", file=sys.stderr)
        raise Exit(code=1)
    # decap-server has no sign-in: it listens on this computer only, and reads and writes only inside content/.
    env = {**os.environ, "PORT": str(backend.port), "BIND_HOST": backend.hostname, "GIT_REPO_DIRECTORY": str(ROOT),
           "MODE": "fs", "LOG_LEVEL": "warn", "INMIND_EDITOR_FOLDER": pelicanconf.PATH, "INMIND_EDITOR_PAGE_PORT": str(port)}
    files = subprocess.Popen(["node", str(server)], env=env, cwd=ROOT)
    print(f"editor: open http://{CONFIG['host']}:{port}/admin/ and press Login; what you save goes into content/",
          file=sys.stderr)
    try:
        serve(c, port=port)
    finally:
        files.terminate()
        files.wait(timeout=10)


@task
def livereload(c, port=CONFIG["port"]):
    """Build, serve, rebuild on change and reload open pages (the same as serve)."""
    serve(c, port=port)


@task
def test(c, k="", x=False):
    """Run the whole test suite (browser tests included)."""
    options = (["-k", k] if k else []) + (["-x"] if x else [])
    c.run(command("pytest", *options), pty=False)


@task
def screenshots(c):
    """Save every page type at 375 and 1280 px wide into screenshots/ (in Chromium) for review."""
    c.run(command("pytest", "tests/browser/test_accessibility.py", "-k", "test_screenshots", "-q"), pty=False)


@task
def editor_screenshots(c):
    """Take the pictures of docs/editing.md from the real editor (in Chromium), into docs/images/editing/."""
    import os

    c.run(command("pytest", "tests/browser/test_editor.py", "-k", "test_guide_screenshots", "-q"), pty=False,
          env={**os.environ, "INMIND_GUIDE_SCREENSHOTS": str(ROOT / "docs" / "images" / "editing")})


@task
def lint(c):
    """Check the Python code with Ruff."""
    c.run(command("ruff", "check", "."), pty=False)


def _themes_cli(c, *arguments):
    from invoke.exceptions import Exit

    result = c.run(
        command("coproduction.cli", "--settings", CONFIG["settings"], *arguments),
        pty=False,
        warn=True,
    )
    if result.exited:
        raise Exit(code=result.exited)


@task(help={"path": "a Markdown file, anywhere (a full path always works)", "all": "also list every theme found below the threshold"})
def themes(c, path, all=False):
    """Print the themes one Markdown file would get, with the evidence and near misses, without building."""
    # absolute(), not resolve(): a link that loops has no end, and the command says what is wrong with it.
    _themes_cli(c, *(["--all"] if all else []), Path(path).expanduser().absolute())


# A task of its own: invoke cannot make the file of `invoke themes PATH.md` optional, so `themes --suggest` is not possible.
@task
def themes_suggest(c):
    """Suggest phrases for each theme: common in the posts given it in Themes:, rare elsewhere, not yet in themes.toml."""
    _themes_cli(c, "--suggest")


@task(
    help={
        "file": "check only this file (repeat for more); links are still checked across the site",
        "publish": "check as the publish build does: warnings count as errors",
        "format": "text (default), github (::error annotations for pull requests) or json",
    },
    iterable=["file"],
)
def check(c, file=None, publish=False, format="text"):
    """Check every content file and list each problem as path:line, without building the site."""
    from invoke.exceptions import Exit

    files = [str(Path(f).expanduser().absolute()) for f in file or []]
    settings = CONFIG["publish_settings"] if publish else CONFIG["settings"]
    result = c.run(command("inmind.check", "--settings", settings, *(["--fatal-warnings"] if publish else []),
                           "--format", format, *files),
                   pty=False, warn=True)
    if result.exited:
        raise Exit(code=result.exited)


def _scaffold(make, next_step, **options):
    from invoke.exceptions import Exit

    from inmind.errors import ContentError

    try:
        path = make(ROOT / "content", **options)
    except ContentError as exc:
        hint = f"\n  hint: {exc.hint}" if exc.hint else ""
        print(exc.format(ROOT) if exc.path else f"error: {exc.message}{hint}", file=sys.stderr)
        raise Exit(code=1) from None
    print(f"created {path.relative_to(ROOT)}")
    print(next_step(path) if callable(next_step) else next_step)


@task(
    help={
        "title": "the post's title, in quotes",
        "author": "the author's name as in content/authors.toml (several: separate with commas)",
        "themes": "theme slugs from content/themes.toml, separated by commas",
        "slug": "the last part of the web address (made from the title if not given)",
        "role": "for a guest not in content/authors.toml: their role, such as 'Carer'",
        "role-group": "for a guest: their role group (a wrong one is refused with the list to choose from)",
        "series": "add the post to this series with the next part number, such as 'In Mind' ('none': no series)",
    },
    # invoke would give --themes the short flag -h, so "./dev new -h", the usual way to ask for help, asked for a theme.
    auto_shortflags=False,
)
# title, author and year default to "" so that a missing one is named in plain words by inmind.scaffold
# (invoke itself says "did not receive required positional arguments").
def new(c, title="", author="", themes="", slug="", role="", role_group="", series=""):
    """Start a new draft blog post in content/blog/<year>/ with the lines at its top filled in."""
    from inmind.scaffold import new_post

    _scaffold(
        new_post,
        lambda path: "next: replace the 'Replace this' text and run `./dev check`;\n"
        f"{_preview_step(path)}\n"
        "it stays a draft (never published) until you delete its Status: draft line.",
        title=title, author=author, themes=themes, slug=slug or None, role=role or None, role_group=role_group or None,
        series=lambda: _ask_series(series),
    )


def _preview_step(path):
    """Return where a new draft shows in ./dev serve: its Slug: line names the address (agm-2026 for 2026.md)."""
    found = re.search(r"^Slug:[ \t]*(\S+)[ \t]*$", path.read_text(encoding="utf-8"), re.MULTILINE)
    slug = found.group(1) if found else path.stem
    return f"to see it, run `./dev serve` and open http://{CONFIG['host']}:{CONFIG['port']}/drafts/{slug}/"


def _ask_series(series):
    """Return the series a new post joins: --series, else the answer to a question (none when nobody can answer)."""
    from inmind.scaffold import series_names

    if series:
        return None if series.strip().lower() == "none" else series
    if not sys.stdin.isatty():
        print("not in a series: to add it to one, start it with --series \"In Mind\" (or add Series: lines later)")
        return None
    names = series_names(ROOT / "content")
    print("Is this post part of a series? " + ", ".join(f"{n}: {name}" for n, name in enumerate(names, 1)))
    answer = input("Type its number, or press Enter for no series: ").strip()
    if answer.isdigit() and 1 <= int(answer) <= len(names):
        return names[int(answer) - 1]
    if answer:
        print(f"'{answer}' is not one of the numbers; the post is in no series (add --series to choose one)")
    return None


@task(help={"year": "the year of the meeting, such as 2024",
            "date": "the day of the meeting, such as 2024-09-25 or 25/09/2024 (default: today, or 25 September)"})
def new_agm(c, year="", date=""):
    """Start a new draft AGM summary content/agm/<year>.md with the lines at its top filled in."""
    from inmind.scaffold import new_agm as make
    from inmind.scaffold import next_meeting_note

    _scaffold(
        make,
        lambda path: "next: fill in the venue, summary and highlights, add the video link and annual report, and run "
        f"`./dev check`;\n{_preview_step(path)}\nit stays a draft (never published) until you delete its Status: draft line."
        + (f"\n{note}" if (note := next_meeting_note(ROOT / "content", path.stem)) else ""),
        year=year,
        date=date,
    )


@task(
    help={
        "sizes": "corpus sizes in posts, comma separated (default 1000,10000)",
        "runs": "runs of each build at the first size; the median is reported (default 3)",
        "quick": "a smoke run: 200 posts, one run, no Lighthouse",
        "lighthouse": "run Lighthouse on the published sample site (default on)",
        "record": "write the tables into docs/benchmarks.md",
    }
)
def bench(c, sizes="1000,10000", runs=3, quick=False, lighthouse=True, record=False):
    """Measure build time and memory against plain Pelican, page weight and Lighthouse scores."""
    options = ["--sizes", sizes, "--runs", int(runs)] + (["--quick"] if quick else [])
    options += ([] if lighthouse else ["--no-lighthouse"]) + (["--record"] if record else [])
    c.run(command("bench.performance", *options), pty=False)


@task(
    help={
        "sizes": "corpus sizes in posts, comma separated (default 1000,10000)",
        "runs": "builds with and without search at the first size (default 5)",
        "large_runs": "builds with and without search at the larger sizes (default 2)",
        "record": "write the results into docs/benchmarks.md",
    }
)
def bench_search(c, sizes="1000,10000", runs=5, large_runs=2, record=False):
    """Measure what site search costs the publish build, on disk and for a first query in Chromium."""
    options = ["--sizes", sizes, "--runs", int(runs), "--large-runs", int(large_runs)] + (["--record"] if record else [])
    c.run(command("bench.search", *options), pty=False)


@task(
    help={
        "misses": "whose misses to print: tuned (the parts used for tuning, default), none, all, or part names",
        "splits": "comma-separated parts to tag, such as tune,held-out (default: every part)",
        "record": "write the figures into docs/benchmarks.md",
    }
)
def bench_tagging(c, misses="tuned", splits="", record=False):
    """Measure automatic themes against the labelled texts in bench/tagging/, beside a naive baseline."""
    c.run(command("bench.tagging.evaluate", "--misses", misses, *(["--splits", splits] if splits else []),
                  *(["--record"] if record else [])), pty=False)


@task
def clean(c):
    """Remove output/ and caches."""
    for name in (CONFIG["output"], "cache", ".pytest_cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)
