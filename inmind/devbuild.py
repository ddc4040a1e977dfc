"""Rebuilds for the dev server: the edited page first, in this process, then the full build in another.

When only Markdown content changed, its own pages are checked and rendered on their own (a fraction of a
second, with Pelican already imported) and served from memory, so the browser shows the edit at once.
The full build (``inmind.build``: checks, every page, the search index, the atomic swap) then runs in a
child process, so the server stays responsive and a newer edit can stop it. Only the full build ever
writes ``output/``; when it fails, the fresh pages are dropped and the last good site stays.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jinja2 import BytecodeCache

from inmind import check_sources
from inmind.build import ROOT
from inmind.errors import ContentError
from inmind.livereload import problem_dict, shown_path

logger = logging.getLogger(__name__)
# More changed files than this at once (a checkout, a search-and-replace) go straight to the full build.
QUICK_MAX_FILES = 3
# Left out of the quick render: the search index follows with the full build.
QUICK_SKIPS_PLUGINS = {"site_search"}


class _Errors(logging.Handler):
    """Collect Pelican's error messages (and our ContentErrors raised inside its readers)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.found = []

    def emit(self, record):
        exc = sys.exc_info()[1]
        self.found.append(exc if isinstance(exc, ContentError) else ContentError(record.getMessage()))


class _CompiledTemplates(BytecodeCache):
    """Keep compiled templates in memory between quick renders (Jinja checks each one's source is unchanged)."""

    def __init__(self):
        self._store = {}

    def load_bytecode(self, bucket):
        """Fill ``bucket`` from memory, if this template was compiled before."""
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        """Remember a freshly compiled template."""
        self._store[bucket.key] = bucket.bytecode_to_string()


# One store per set of Jinja options: compiled code depends on them (autoescaping, extensions).
_COMPILED: dict[str, _CompiledTemplates] = {}


def _only_pages_of(sources):
    """Return a Pelican writer class that writes only the pages of the files ``sources``."""
    from pelican.writers import Writer

    class PagesOf(Writer):
        def write_file(self, name, template, context, *args, **kwargs):
            for key in ("article", "page", "agm"):
                source = getattr(kwargs.get(key), "source_path", None)
                if source and str(Path(source).resolve()) in sources:
                    return super().write_file(name, template, context, *args, **kwargs)
            return None

        def write_feed(self, *args, **kwargs):
            return None

    return PagesOf


def _settings(settings_file, overrides):
    from inmind.config import load_settings

    return load_settings(ROOT / settings_file, overrides)


def _under(rel, folders):
    return any(folder and (rel == folder or rel.startswith(folder.rstrip("/") + "/")) for folder in folders)


def _only_these(settings, rels, temp):
    """Change ``settings`` so that Pelican reads only ``rels`` and writes into ``temp``, without search."""
    settings.update(
        OUTPUT_PATH=str(temp / "output"),
        CACHE_PATH=str(temp / "cache"),
        DELETE_OUTPUT_DIRECTORY=False,
        ARTICLE_PATHS=[r for r in rels if _under(r, settings["ARTICLE_PATHS"])],
        PAGE_PATHS=[r for r in rels if _under(r, settings["PAGE_PATHS"])],
        PLUGINS=[p for p in settings["PLUGINS"] if str(p) not in QUICK_SKIPS_PLUGINS],
        STATIC_CREATE_LINKS=True,
    )
    jinja = settings["JINJA_ENVIRONMENT"]
    compiled = _COMPILED.setdefault(repr(sorted(jinja.items(), key=lambda kv: kv[0])), _CompiledTemplates())
    settings["JINJA_ENVIRONMENT"] = {**jinja, "bytecode_cache": compiled}


def quick_render(settings_file, overrides, changed):
    """Check and render only the content files ``changed``; return ({site path: bytes}, problems).

    Listings, neighbours and the search index are left to the full build that follows.
    """
    from pelican import Pelican, signals
    from pelican.log import console

    from inmind.build import _disconnect_plugins
    from inmind.check import check_site, withheld

    settings = _settings(settings_file, overrides)
    content = Path(settings["PATH"]).resolve()
    sources = {str(Path(p).resolve()) for p in changed}
    started = time.perf_counter()
    read = []
    problems = [p for p in check_site(settings, only=sorted(sources), sources=read.append) if p.severity == "error"]
    logger.info("quick: checked in %.2f s", time.perf_counter() - started)
    if problems:
        return {}, problems
    # Pelican renders what the checks read, never the file as it is on disk a moment later.
    settings[check_sources.SETTING] = check_sources.Handover(read[0]) if read else None
    rels = [os.path.relpath(p, content) for p in sorted(sources)]
    temp = Path(tempfile.mkdtemp(prefix="inmind-quick-"))
    written = {}

    def _keep(path, context=None):
        # content_written names the page's own object for articles, pages and AGM summaries.
        for key in ("article", "page", "agm"):
            item = (context or {}).get(key)
            source = getattr(item, "source_path", None)
            if source and str(Path(source).resolve()) in sources:
                written[os.path.relpath(path, temp / "output").replace(os.sep, "/")] = Path(path).read_bytes()
                return

    _only_these(settings, rels, temp)

    def _writer(pelican_object):
        return _only_pages_of(sources)

    errors = _Errors()
    root_logger = logging.getLogger()
    root_logger.addHandler(errors)
    # Pelican's "Done: Processed 1 article" would read as if the site had one post.
    quiet, console.quiet = console.quiet, True
    try:
        _disconnect_plugins()
        pelican = Pelican(settings)
        signals.content_written.connect(_keep)
        signals.get_writer.connect(_writer)
        pelican.run()
        logger.info("quick: rendered in %.2f s", time.perf_counter() - started)
    finally:
        console.quiet = quiet
        root_logger.removeHandler(errors)
        _disconnect_plugins()
        shutil.rmtree(temp, ignore_errors=True)
    return written, withheld(errors.found, settings)


def _quick_candidates(changes, content):
    """Return the changed Markdown files if the quick path can show them, else None.

    Files that came and went (an editor's or sed's temporary copies) are ignored; a deleted post, or
    a change outside the content folder (theme, plugins, code, settings), needs the full build alone.
    """
    files = set()
    for _, path in changes:
        path = Path(path)
        markdown = path.suffix.lower() == ".md"
        try:
            path.resolve().relative_to(content)
        except ValueError:
            return None
        if markdown and not path.is_file():
            return None
        if markdown:
            files.add(path)
    return sorted(files) if 0 < len(files) <= QUICK_MAX_FILES else None


class Rebuilder:
    """Consume batches of file changes: quick render, then a full build that a newer change can stop."""

    def __init__(self, status, settings_file, output, overrides=None, stream=None):
        self.status = status
        self.settings_file = settings_file
        self.output = Path(output)
        self.overrides = dict(overrides or {})
        self.stream = stream or sys.stderr
        self.changes = queue.Queue()
        self._stop = threading.Event()
        self._process = None
        self._thread = None
        settings = _settings(settings_file, self.overrides)
        self.content = Path(settings["PATH"]).resolve()
        self._articles = [self.content / folder for folder in settings["ARTICLE_PATHS"]]

    def start(self):
        """Run the loop in a daemon thread; return self."""
        self._thread = threading.Thread(target=self._loop, name="inmind-rebuild", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop the loop and any full build under way, and wait for the loop to end."""
        self._stop.set()
        self.changes.put(None)
        self._cancel()
        # A quick render (the warm-up too) runs Pelican in this process and disconnects the plugins' signals when
        # it ends: left running, it would pull them from under the next build here (a test's, or a restart's).
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()

    def _drain(self, first):
        batch = set(first)
        while True:
            try:
                more = self.changes.get_nowait()
            except queue.Empty:
                return batch
            if more is None:
                self._stop.set()
                return batch
            batch |= set(more)

    def _warm_up(self):
        """Render one post quickly and throw it away, so the first real save finds Pelican, plugins and templates ready."""
        if not self.changes.empty():
            return
        sample = next((p for folder in self._articles for p in folder.rglob("*.md")), None)
        if sample is None:
            return
        try:
            quick_render(self.settings_file, self.overrides, [sample])
        except Exception:  # noqa: BLE001, S110 - only a head start; a real save reports its own problems
            pass

    def _loop(self):
        self._warm_up()
        while not self._stop.is_set():
            first = self.changes.get()
            if first is None:
                return
            batch = self._drain(first)
            while batch and not self._stop.is_set():
                batch = self._rebuild(batch)

    def _rebuild(self, batch):
        """Rebuild for ``batch``; return a newer batch if one arrived during the full build."""
        files = _quick_candidates(batch, self.content)
        if files:
            self._quick(files)
        return self._full()

    def _quick(self, files):
        started = time.perf_counter()
        try:
            pages, problems = quick_render(self.settings_file, self.overrides, files)
        except Exception as exc:  # noqa: BLE001 - the full build that follows will say what is wrong
            print(f"quick preview skipped ({exc.__class__.__name__}: {exc}); the full build follows",
                  file=self.stream)
            return
        if problems:
            self.status.failed([problem_dict(p, ROOT) for p in problems], keep_fresh=False)
            return
        if pages:
            urls = ["/" + rel.removesuffix("index.html") for rel in pages]
            fixed = {shown_path(f, ROOT) for f in files}
            self.status.quick(pages, urls, fixed)
            print(f"showing {', '.join(urls)} after {time.perf_counter() - started:.2f}s; the full build follows",
                  file=self.stream)

    def _full(self):
        """Run the full build in a child process; return a newer batch of changes if one stopped it."""
        report = Path(tempfile.mkstemp(prefix="inmind-report-", suffix=".json")[1])
        command = [sys.executable, "-m", "inmind.devbuild", "--settings", str(self.settings_file),
                   "--output", str(self.output), "--overrides", json.dumps(self.overrides), "--report", str(report)]
        self.status.set_building(True)
        try:
            output = _file_descriptor(self.stream)
            self._process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=output)
            while self._process.poll() is None:
                try:
                    newer = self.changes.get(timeout=0.1)
                except queue.Empty:
                    continue
                self._cancel()
                if newer is None:
                    self._stop.set()
                    return set()
                return self._drain(newer)
            self._finished(self._process.returncode, report)
            return set()
        finally:
            self.status.set_building(False)
            report.unlink(missing_ok=True)

    def _finished(self, code, report):
        try:
            problems = json.loads(report.read_text(encoding="utf-8") or "[]")
        except (OSError, ValueError):
            problems = []
        if code == 0:
            self.status.built()
        elif not self._stop.is_set():
            if not any(p["severity"] == "error" for p in problems):
                problems.append(problem_dict(ContentError(
                    f"the build stopped with exit status {code}",
                    hint="read the messages in the terminal that runs ./dev serve; the last good site is shown",
                )))
            self.status.failed(problems)

    def _cancel(self):
        """Stop a full build under way; it removes its temporary folder and leaves output/ as it was."""
        process = self._process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _file_descriptor(stream):
    """Return ``stream``'s file descriptor for a child's output, or None (inherit) if it has none."""
    try:
        return stream.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def main(argv=None):
    """Child-process entry point: one full build, its problems written as JSON to ``--report``."""
    from inmind.build import as_command, build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", required=True)
    parser.add_argument("--overrides", default="{}")
    parser.add_argument("--report", required=True)
    args = parser.parse_args(argv)
    as_command()
    with contextlib.suppress(OSError):
        # Second in line for the processor: the server and the browser showing the quick page come first.
        os.nice(5)
    found = []
    try:
        code = build(args.settings, args.output, overrides=json.loads(args.overrides), report=found)
    except KeyboardInterrupt:
        return 130
    Path(args.report).write_text(json.dumps([problem_dict(p, ROOT) for p in found]), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
