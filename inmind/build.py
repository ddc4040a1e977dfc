"""Build the site safely: into a temporary folder, swapped in only when everything succeeded.

Run as ``python -m inmind.build [--settings FILE] [--output DIR] [--fatal-warnings]``.
Problems are printed as ``path:line: error: message`` with a hint; never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path

from inmind import check_sources, children
from inmind.check import checks_fault, preflight, withheld
from inmind.config import load_settings
from inmind.errors import ContentError, counted

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


class _Collector(logging.Handler):
    """Keep Pelican's warnings and errors, and any of our errors raised inside its readers."""

    def __init__(self, content_root=None):
        super().__init__(logging.WARNING)
        self.content_root = content_root
        self.warnings = []
        self.errors = []

    def _source(self, record):
        """Return the content file a Pelican "Could not process PATH" record names, or None."""
        args = record.args if isinstance(record.args, tuple) else ()
        if args and isinstance(args[0], str) and self.content_root:
            path = Path(self.content_root) / args[0]
            return str(path) if path.is_file() else None
        return None

    def emit(self, record):
        # Pelican logs reader failures without the exception text, so look at the
        # exception being handled right now: it may be one of our ContentErrors.
        exc = sys.exc_info()[1]
        if record.levelno >= logging.ERROR:
            if isinstance(exc, ContentError):
                self.errors.append(exc)
            elif isinstance(exc, (RecursionError, OSError)) and _known_failure(exc):
                error = _known_failure(exc)
                error.path = error.path or self._source(record)
                self.errors.append(error)
            else:
                text = record.getMessage()
                if exc is not None and str(exc) not in text:
                    text = f"{text}: {exc}"
                self.errors.append(ContentError(text))
        else:
            self.warnings.append(self._warning(record.getMessage()))

    def _warning(self, text):
        """Return a warning as a ContentError, taking ``path:line:`` out of the text when a plugin put it there."""
        located = LOCATED.match(text)
        if located:
            path = Path(located["path"])
            root = Path(self.content_root or ROOT)
            candidates = [path] if path.is_absolute() else [root / path, root.parent / path, ROOT / path]
            for candidate in candidates:
                if candidate.is_file():
                    return ContentError(located["message"], path=candidate, line=int(located["line"]),
                                        hint=located["hint"], severity="warning")
        return ContentError(text, severity="warning")


# A plugin's warning that names its place itself: "[plugin: ]path:line: [warning: ]message[\n  hint: ...]".
LOCATED = re.compile(r"^(?:[a-z_]+: )?(?P<path>[^\s:][^:\n]*):(?P<line>\d+): (?:warning: )?(?P<message>[^\n]*)"
                     r"(?:\n\s*hint: (?P<hint>.*))?$", re.DOTALL)


# The disk refused to write: say so, with the folder, rather than blaming the site's code.
UNWRITABLE = {errno.EROFS: "the disk is read-only", errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up"}


def _known_failure(exc, output=None):
    """Return a ContentError for a failure caused by the content or the machine, or None."""
    if isinstance(exc, RecursionError):
        return ContentError("the text is nested too deeply to build (lists, quotes or emphasis inside each other "
                            "hundreds of times)", hint="run ./dev check to find the line; use at most a few levels "
                            "of lists and quotes")
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        name = Path(str(exc.filename or "")).name
        shown = f" ({name[:60]}…)" if name else ""
        return ContentError(f"a web address made from a title or Slug: is too long for a file name{shown}",
                            hint="run ./dev check to find the file; keep titles and slugs to 150 characters")
    if isinstance(exc, OSError) and exc.errno in UNWRITABLE:
        where = output or (Path(str(exc.filename)) if exc.filename else None)
        return _unwritable(UNWRITABLE[exc.errno], where, f"build into a folder you can write to (--output), or free "
                           f"space or fix the permissions of {where or 'the output folder'}")
    return None


def _unwritable(reason, where, hint="build into a folder you can write to (--output)"):
    return ContentError(f"the output folder cannot be written: {reason}", path=where, hint=hint)


def _unexpected(exc):
    """Return the problem for a build that failed in the site's own code."""
    return ContentError(f"the build stopped unexpectedly: {exc.__class__.__name__}: {exc}",
                        hint="this is a fault in the site's code, not your content; tell the web team and include "
                        "this message")


def _swap_into_place(built: Path, final: Path):
    """Replace ``final`` with ``built`` using renames, so readers never see half a site."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    had_previous = final.exists()
    if had_previous:
        os.replace(final, old)
    try:
        os.replace(built, final)
    except BaseException:
        # Interrupted or refused between the two renames: put the previous site back.
        if had_previous and not final.exists():
            os.replace(old, final)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _tidy_leftovers(final: Path):
    """Remove temporary folders left by builds that were killed; restore a site lost mid-swap."""
    for leftover in sorted(final.parent.glob(f".{final.name}.*-*")):
        kind, _, pid = leftover.name.rpartition("-")
        if not pid.isdigit() or not kind.endswith((".building", ".old")) or _running(int(pid)):
            continue  # another build that is still running owns it
        if kind.endswith(".old") and not final.exists():
            os.replace(leftover, final)  # killed between the two renames: the previous site comes back
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _disconnect_plugins():
    """Forget receivers connected by an earlier build in this process.

    Blinker signals are global, so without this a plugin enabled for one build
    (say a publish build in a test) would still run in the next preview build.
    """
    import blinker

    for sig in list(blinker.base.default_namespace.values()):
        sig._clear_state()


# Below this many content files, forking a checker process costs more than it saves.
OVERLAP_MIN_FILES = 150


class _Preflight:
    """The editorial checks: their reading of every file (which Pelican renders) and their problems.

    On a large site they run in a forked process alongside Pelican. The checker reads and parses every file
    first and sends that over (``sources``), so Pelican's readers start on it at once and never open a file
    themselves; then it checks and sends the problems (``result``).
    """

    def __init__(self, settings, fatal_warnings):
        self.settings, self.fatal_warnings = settings, fatal_warnings
        self._problems = self._sources = None
        self._sources_asked = self._closed = self.started = False
        if "fork" not in multiprocessing.get_all_start_methods() or _count_files(settings) < OVERLAP_MIN_FILES:
            return
        ctx = multiprocessing.get_context("fork")
        self._reader, writer = ctx.Pipe(duplex=False)
        try:
            self._process = ctx.Process(target=_preflight_child,
                                        args=(writer, settings, fatal_warnings, self._reader, os.getpid()))
            self._process.start()
        except OSError:
            return
        finally:
            writer.close()
        self.started = True

    def _next(self):
        """Return the checker's next message, ``(kind, value)``, or None if none comes (it died or hangs).

        A loaded machine only slows the checker: the build waits as long as it is at work (children.Progress).
        """
        if self.started and not self._closed:
            progress = children.Progress(self._process.pid, CHECKER_WAIT)
            try:
                while progress.working():
                    if self._reader.poll(1):
                        return self._reader.recv()
            except (EOFError, OSError):
                pass
            self._closed = True
        return None

    def _here(self):
        """Run the checks in this process (a small site, or no checker process to be had)."""

        def keep(read):
            self._sources = read

        try:
            self._problems = preflight(self.settings, fatal_warnings=self.fatal_warnings, sources=keep)
        except Exception as exc:  # noqa: BLE001 - the checker never should raise; if it does, say so plainly
            self._problems = [checks_fault(exc)]

    def sources(self):
        """Return what the checks read (``inmind.check_sources.Sources``), waiting for the checker to have read it.

        None when the checks stopped before reading anything: the build then fails on their problems.
        """
        if not self._sources_asked:
            self._sources_asked = True
            message = self._next()
            if message and message[0] == "sources":
                self._sources = message[1]
            elif message:
                self._problems = message[1]  # the checks stopped before reading (a wrong CHECKS setting)
            elif self._problems is None:
                self._here()  # no checker: check here and now, before Pelican reads a file
        return self._sources

    def result(self):
        """Return the checks' problems, waiting for the checker process if there is one."""
        if self._problems is None and self.started:
            used = self.sources() is not None and not self._closed
            message = self._next() if self._problems is None else None
            if message and message[0] == "problems":
                self._problems = message[1]
            elif self._problems is None and used:
                # Pelican rendered what the checker read; checking the disk again here could vet other bytes.
                self._problems = [checks_fault(ChildProcessError("the checking process ended before it finished"))]
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
        if self._problems is None:
            self._here()
        return self._problems

    def stop(self):
        """End the checker process, if any (the build was interrupted)."""
        if self.started and self._process.is_alive():
            self._process.kill()


# How long a build waits for its checker process's next message while the checker uses no processor time (stuck on
# a lock held at the fork, say) before it stops counting on it; where that time cannot be read, in all.
CHECKER_WAIT = 300


def _preflight_child(writer, settings, fatal_warnings, reader=None, parent_pid=None):
    """Run the checks in the forked process and send back the problems."""
    try:
        children.die_with_parent(parent_pid or os.getppid())
        # Our copy of the reading end would keep the pipe open after the parent died, and a send of
        # many problems would then block for ever on a full pipe; with it closed the send fails instead.
        if reader is not None:
            reader.close()
        from inmind import check

        # Pelican has the other core; worker processes of our own would only compete with it.
        check.PARALLEL_MIN_FILES = float("inf")
        problems = preflight(settings, fatal_warnings=fatal_warnings, sources=lambda read: writer.send(("sources", read)))
        writer.send(("problems", problems))
    except BaseException:  # noqa: BLE001 - the parent runs the checks itself when nothing arrives
        pass
    finally:
        writer.close()
        os._exit(0)


def _count_files(settings):
    """Return how many content files there are, stopping early once it is enough to overlap."""
    count = 0
    for _ in Path(settings["PATH"]).rglob("*.md"):
        count += 1
        if count >= OVERLAP_MIN_FILES:
            break
    return count


def build(settings_file="pelicanconf.py", output=None, *, fatal_warnings=False, overrides=None, stream=None,
          report=None):
    """Build the site; return 0 on success, 1 on failure, leaving a previous output untouched on failure.

    ``report``, if a list, also receives every problem printed (the dev server shows them in the browser).
    """
    from pelican import Pelican

    stream = stream or sys.stderr
    overrides = dict(overrides or {})
    started = time.perf_counter()
    try:
        settings = load_settings(settings_file, overrides)
    except Exception as exc:  # noqa: BLE001 - a broken settings file is a message, not a traceback
        line = getattr(exc, "lineno", None)
        problem = ContentError(f"the settings file cannot be read: {exc.__class__.__name__}: {exc}",
                               path=settings_file, line=line, hint="fix the settings file; nothing was built")
        if report is not None:
            report.append(problem)
        print(problem.format(ROOT), file=stream)
        return 1
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    temp = final.with_name(f".{final.name}.building-{os.getpid()}")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        _tidy_leftovers(final)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
    except OSError as exc:
        error = _known_failure(exc, final.parent) or _unwritable(exc.strerror or exc, final.parent)
        print(error.format(ROOT), file=stream)
        return 1
    settings["OUTPUT_PATH"] = str(temp)
    settings["DELETE_OUTPUT_DIRECTORY"] = False

    collector = _Collector(settings.get("PATH"))
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    problems = []
    checks = None
    try:
        # The editorial checks gate every build. On a large site they run in a second process while
        # Pelican renders (Pelican uses one core); on a small one they run first, which costs nothing.
        checks = _Preflight(settings, fatal_warnings)
        if checks.started or not any(p.severity == "error" for p in checks.result()):
            # Pelican's readers take each file from the checks' reading (inmind.check_sources), never the disk.
            settings[check_sources.SETTING] = check_sources.Handover(checks.sources)
            _disconnect_plugins()
            Pelican(settings).run()
    except KeyboardInterrupt:
        root_logger.removeHandler(collector)
        if checks is not None:
            checks.stop()
        shutil.rmtree(temp, ignore_errors=True)
        print(f"build interrupted; {final.name}/ was left as it was.", file=stream)
        return 130
    except ContentError as exc:
        problems.append(exc)
    except (RecursionError, OSError) as exc:
        problems.append(_known_failure(exc, final) or _unexpected(exc))
    except Exception as exc:  # noqa: BLE001 - the edge: turn anything else into a plain message
        problems.append(_unexpected(exc))
    finally:
        root_logger.removeHandler(collector)

    if checks is not None:
        found = checks.result()
        if any(p.severity == "error" for p in found):
            # The checks name every content problem with its line; Pelican's own
            # messages about the same files would only repeat them less clearly.
            problems, collector.errors = [], []
        problems[:0] = found
    problems.extend(collector.errors)
    warnings = collector.warnings
    if fatal_warnings:
        for w in warnings:
            w.severity = "error"
        problems.extend(warnings)
        warnings = []
    # Pelican's and the plugins' messages quote values too: none may quote a real name (the checks' are done).
    warnings, problems = withheld(warnings, settings), withheld(problems, settings)
    for w in warnings:
        print(w.format(ROOT), file=stream)

    failed = [p for p in problems if p.severity == "error"]
    if report is not None:
        report.extend([*warnings, *problems])
    for p in problems:
        print(p.format(ROOT), file=stream)
    if failed:
        shutil.rmtree(temp, ignore_errors=True)
        print(
            f"build failed with {counted(len(failed), 'error')}; {final.name}/ was left as it was.",
            file=stream,
        )
        return 1
    try:
        _swap_into_place(temp, final)
    except KeyboardInterrupt:
        shutil.rmtree(temp, ignore_errors=True)
        print(f"build interrupted; {final.name}/ was left as it was.", file=stream)
        return 130
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        print(ContentError(f"the new site could not replace {final.name}/: {exc}", hint="check that nothing else "
                           f"(an open window, a server) holds {final}; it was left as it was").format(ROOT), file=stream)
        return 1
    print(f"built {final} in {time.perf_counter() - started:.1f}s", file=stream)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def as_command():
    """Set up a build process run from the command line: problems printed once, SIGTERM stops it cleanly."""
    logging.getLogger().setLevel(logging.WARNING)
    logging.lastResort = None  # our collector prints; avoid a second raw copy
    # CI cancelling a job (or the dev server a stale build) sends SIGTERM: stop like Ctrl+C, so the
    # temporary folder is removed and output/ stays as it was.
    signal.signal(signal.SIGTERM, _interrupt)


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    parser.add_argument("--fatal-warnings", action="store_true", help="treat warnings as errors (publish builds)")
    args = parser.parse_args(argv)
    as_command()
    return build(args.settings, args.output, fatal_warnings=args.fatal_warnings)


if __name__ == "__main__":
    sys.exit(main())
