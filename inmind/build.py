"""Build the site safely: into a temporary folder, swapped in only when everything succeeded.

Run as ``python -m inmind.build [--settings FILE] [--output DIR] [--fatal-warnings]``.
Problems are printed as ``path:line: error: message`` with a hint; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from inmind.check import preflight
from inmind.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


class _Collector(logging.Handler):
    """Keep Pelican's warnings and errors, and any of our errors raised inside its readers."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.warnings = []
        self.errors = []

    def emit(self, record):
        # Pelican logs reader failures without the exception text, so look at the
        # exception being handled right now: it may be one of our ContentErrors.
        exc = sys.exc_info()[1]
        if record.levelno >= logging.ERROR:
            if isinstance(exc, ContentError):
                self.errors.append(exc)
            else:
                text = record.getMessage()
                if exc is not None and str(exc) not in text:
                    text = f"{text}: {exc}"
                self.errors.append(ContentError(text))
        else:
            self.warnings.append(ContentError(record.getMessage(), severity="warning"))


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


def load_settings(settings_file, overrides=None):
    """Read a Pelican settings file with our overrides applied."""
    from pelican.settings import read_settings

    return read_settings(str(settings_file), override=overrides or {})


def build(settings_file="pelicanconf.py", output=None, *, fatal_warnings=False, overrides=None, stream=None):
    """Build the site; return 0 on success, 1 on failure, leaving a previous output untouched on failure."""
    from pelican import Pelican

    stream = stream or sys.stderr
    overrides = dict(overrides or {})
    started = time.perf_counter()
    try:
        settings = load_settings(settings_file, overrides)
    except Exception as exc:  # noqa: BLE001 - a broken settings file is a message, not a traceback
        line = getattr(exc, "lineno", None)
        print(ContentError(f"the settings file cannot be read: {exc.__class__.__name__}: {exc}", path=settings_file,
                           line=line, hint="fix the settings file; nothing was built").format(ROOT), file=stream)
        return 1
    final = Path(output or settings["OUTPUT_PATH"]).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    _tidy_leftovers(final)
    temp = final.with_name(f".{final.name}.building-{os.getpid()}")
    shutil.rmtree(temp, ignore_errors=True)
    settings["OUTPUT_PATH"] = str(temp)
    settings["DELETE_OUTPUT_DIRECTORY"] = False

    collector = _Collector()
    root_logger = logging.getLogger()
    root_logger.addHandler(collector)
    problems = []
    try:
        # The editorial checks first: every content problem, with its line, before Pelican reads anything.
        problems.extend(preflight(settings, fatal_warnings=fatal_warnings))
        if not any(p.severity == "error" for p in problems):
            _disconnect_plugins()
            Pelican(settings).run()
    except KeyboardInterrupt:
        root_logger.removeHandler(collector)
        shutil.rmtree(temp, ignore_errors=True)
        print(f"build interrupted; {final.name}/ was left as it was.", file=stream)
        return 130
    except ContentError as exc:
        problems.append(exc)
    except Exception as exc:  # noqa: BLE001 - the edge: turn anything else into a plain message
        problems.append(
            ContentError(
                f"the build stopped unexpectedly: {exc.__class__.__name__}: {exc}",
                hint="this is a fault in the site's code, not your content; tell the web team and include this message",
            )
        )
    finally:
        root_logger.removeHandler(collector)

    problems.extend(collector.errors)
    warnings = collector.warnings
    if fatal_warnings:
        for w in warnings:
            w.severity = "error"
        problems.extend(warnings)
        warnings = []
    for w in warnings:
        print(w.format(ROOT), file=stream)

    failed = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(p.format(ROOT), file=stream)
    if failed:
        shutil.rmtree(temp, ignore_errors=True)
        print(
            f"build failed with {len(failed)} error(s); {final.name}/ was left as it was.",
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


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None)
    parser.add_argument("--fatal-warnings", action="store_true", help="treat warnings as errors (publish builds)")
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.WARNING)
    logging.lastResort = None  # our collector prints; avoid a second raw copy
    # CI cancelling a job sends SIGTERM: stop like Ctrl+C, so the temporary folder is removed.
    signal.signal(signal.SIGTERM, _interrupt)
    return build(args.settings, args.output, fatal_warnings=args.fatal_warnings)


if __name__ == "__main__":
    sys.exit(main())
