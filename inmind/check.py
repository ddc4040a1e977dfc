"""The editorial checker: every content file, every problem, in one run, as ``path:line`` messages.

Run as ``python -m inmind.check [--settings FILE] [--path CONTENT] [--fatal-warnings] [FILE ...]``
(``invoke check``). ``invoke build`` and ``invoke publish`` run the same checks first, through
``preflight()``. Each finding has a check id (shown in brackets) whose severity the ``CHECKS`` setting
can change; the plugins' own ``checks.check()`` functions report what would stop their part of the build.
The checker never raises: whatever is in a file, the result is a list of problems.

This module runs everything and prints; the checks live beside it: ``check_file`` (one file),
``check_readability``, ``check_site`` (across files, and the plugins' checks), ``check_cache``.
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import logging
import multiprocessing
import os
import sys
from pathlib import Path

from inmind import check_settings, check_sources, checklist
from inmind.check_cache import ResultCache
from inmind.check_file import (
    DOCUMENT_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    _check_body,
    _check_lists,
    _check_metadata,
    _check_nesting,
    _check_placeholders,
    _read,
    _slug,
)
from inmind.check_readability import _check_readability
from inmind.check_report import HINTS, Item, Report
from inmind.check_site import (
    _addresses,
    _check_duplicates,
    _check_internal_links,
    _run_plugins,
    plugin_checks,
    with_plugin_facts,
)
from inmind.check_sources import Sources
from inmind.config import load_settings, provided
from inmind.errors import ContentError, Problem, counted
from inmind.files import resolved, unreadable
from inmind.source import parse, share

ROOT = Path(__file__).resolve().parent.parent


# --- Running everything --------------------------------------------------------------------------------------


def _ignored(name, settings):
    # The build's own rule (Pelican matches IGNORE_FILES against bare names), so both skip the same files.
    return any(fnmatch.fnmatch(name, p) for p in settings.get("IGNORE_FILES") or [])


def discover(root, config, settings):
    """Return every file under the checked folders of the content folder, sorted."""
    files = []
    for folder in config["folders"]:
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not _ignored(d, settings))
            files.extend(Path(dirpath) / f for f in sorted(filenames) if not _ignored(f, settings))
    return files


def _report_linked_folders(root, config, settings, report):
    """Refuse each file Pelican would read through a link to a folder, as the build's readers do (check_sources)."""
    for folder in config["folders"]:
        seen = set()
        for dirpath, dirnames, filenames in os.walk(root / folder, followlinks=True):
            real = os.path.realpath(dirpath)
            dirnames[:] = [] if real in seen else sorted(d for d in dirnames if not _ignored(d, settings))
            seen.add(real)
            linked = None  # whether this folder is inside a link: the same answer for each of its files
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if not _ignored(name, settings) and path.suffix.lower() in (*MARKDOWN_SUFFIXES, *HTML_SUFFIXES):
                    linked = check_sources.in_linked_folder(path, root) if linked is None else linked
                    if linked:
                        error = check_sources.not_checked(path, config["folders"])
                        report.add_problem(None, Problem(error.path, error.line, "error", error.message, error.hint))


def check_site(settings, *, fatal_warnings=False, only=None, sources=None):
    """Check every content file; return the problems, sorted by file and line. Raises only SettingsError.

    ``sources``, if given, is called with what was read (``inmind.check_sources.Sources``: each file's bytes,
    each Markdown file parsed) as soon as every file is read, before the checks run: a build renders that.
    """
    root = Path(settings.get("PATH") or "content").resolve()
    config = with_plugin_facts(check_settings.merged(settings), settings, root)
    read = Sources(config["folders"]) if sources else None
    report = Report(config)
    if not root.is_dir():
        report.add("file-empty", root, None, "the content folder does not exist",
                   "run this from the project folder, or give --path")
        return withheld(_finish(report, fatal_warnings, only), settings)
    checks = plugin_checks(settings, report)
    cache = ResultCache(settings, config, root, checks) if config["cache"] else None
    items, links, jobs, done = [], [], [], []
    for path in discover(root, config, settings):
        rel = path.relative_to(root).as_posix()
        item = Item(path=path, rel=rel, folder=rel.split("/", 1)[0])
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            # Always an error, whatever CHECKS says: the checks cannot vouch for an HTML file's title, address or
            # text (a <meta name="slug" content="admin"> took the editor's page), and publish refuses it anyway.
            report.add_problem(item, Problem(str(path), 1, "error", "this HTML file is not published: pages are "
                                             "written in Markdown (.md) [file-format]",
                                             "copy its words into a .md file in the same folder, with Title: and "
                                             "Summary: lines at the top, then delete the HTML file"))
            continue
        if suffix in DOCUMENT_SUFFIXES:
            report.add("file-format", item, 1, f"this {suffix} file is not published: only Markdown (.md) files are",
                       "copy the text into a .md file (./dev new makes one for you)")
            continue
        if suffix not in MARKDOWN_SUFFIXES:
            _check_format(item, suffix, settings, report)
            continue
        try:
            if path.exists() and not path.is_file():  # reading a pipe would wait for ever
                raise OSError(0, "it is not an ordinary file (a pipe, a device or a folder)")
            data = path.read_bytes()
        except OSError as exc:
            report.add("file-encoding", item, None, *unreadable(exc))
            continue
        if read is not None:
            read.add(path, data, markdown=True)
        found = cache.get(item, data) if cache else None
        if found is None and read is not None:
            item.source = read.parsed(path)  # parsed once, for these checks and for the build's reader
        if found is None:
            jobs.append((item, data))
        else:
            done.append((item, found))
    _report_linked_folders(root, config, settings, report)
    if sources:
        sources(read)
    # The cache keeps each file's problems in the words they are shown in: never a real name, nor a misspelling.
    redact = withholder(settings) if cache else None
    for item, data, found in _run_jobs(jobs, config, settings, checks):
        if cache:
            result, entries = found
            found = result, [(owner, redact(problem)) for owner, problem in entries]
            cache.put(item, data, *found)
        done.append((item, found))
    for item, ((is_content, item_links), entries) in done:
        report.entries.extend(entries)
        if is_content:
            items.append(item)
            if item_links is not None:
                links.append((item, item_links))
    if cache:
        cache.save()
    _check_static_files(settings, report)
    _check_duplicates(items, settings, config, root, report)
    _check_internal_links(items, links, settings, config, root, report, read)
    return withheld(_finish(report, fatal_warnings, only), settings)


def _check_file_safely(item, data, report, config, settings, checks):
    """Run ``_check_file``; a fault on one file becomes a problem on that file, and the others are still checked."""
    try:
        return _check_file(item, data, report, config, settings, checks)
    except RecursionError:
        report.add_problem(item, Problem(str(item.path), None, "error", "the text is nested too deeply to read "
                                         "(lists, quotes or emphasis inside each other hundreds of times)",
                                         "simplify the nesting: no more than a few levels of lists or quotes"))
    except Exception as exc:  # noqa: BLE001 - one file's fault must not hide the rest
        report.add_problem(item, Problem(str(item.path), None, "error", f"the checks stopped on this file: "
                                         f"{exc.__class__.__name__}: {exc}", HINTS["fault"]))
    return False, None


def _check_format(item, suffix, settings, report):
    """Report a file another Pelican reader (reStructuredText...) would read: the build refuses it, saying the same."""
    from pelican.readers import BaseReader

    readers = {e for cls in BaseReader.__subclasses__() if cls.enabled for e in cls.file_extensions} - {"static"}
    readers |= {key for key, cls in (settings.get("READERS") or {}).items() if cls} | {"rst"}
    if suffix.lstrip(".") not in readers:
        return
    for _name, refused in provided(settings, "refused_format"):
        error = None if isinstance(refused, Exception) else refused(item.path)
        if error:
            report.add_problem(item, Problem(error.path, error.line, "error", error.message, error.hint))


def _check_static_files(settings, report):
    """Vet every file published as it is (pictures, documents) with the build's own file_vetting."""
    for _name, vet in provided(settings, "check_files"):
        try:
            if isinstance(vet, Exception):
                raise vet
            problems = vet(settings)
        except ContentError:
            raise
        except Exception as exc:  # noqa: BLE001 - unvetted files must not pass quietly: say so, with the cause
            report.add("plugin-fault", None, None, f"the files in {', '.join(settings.get('STATIC_PATHS') or [])} "
                       f"could not be vetted: {exc.__class__.__name__}: {exc}", HINTS["fault"])
            continue
        for problem in problems:
            report.add_problem(None, problem)


def _check_file(item, data, report, config, settings, checks):
    """Run every per-file check; return (is a content item, its links or None)."""
    read = _read(item, data, report, config)
    if read is None:
        return False, None
    item.text, full = read
    item.source = item.source or parse(item.text)
    share(item.text, item.source)  # the plugins' checks read this very text: they need not parse it again
    item.lang = item.source.value("lang")
    _check_metadata(item, report, config, settings)
    item.slug = _slug(item, report, settings)
    item.slug_line = item.source.line("slug") or item.source.line("title", 1)
    _addresses(item, settings, config)
    if not full:
        return True, None  # too big: the body checks would take long and say little
    _check_nesting(item, report)
    links = _check_body(item, report, config)
    _check_lists(item, report)
    _check_placeholders(item, report)
    _check_readability(item, report, config)
    _run_plugins(item, checks, report, settings)
    return True, links


# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 150
_SHARED = {}


def _run_jobs(jobs, config, settings, checks):
    """Yield (item, data, found) for each (item, data): on every processor core when there are many files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if len(jobs) >= PARALLEL_MIN_FILES and cores > 1 and "fork" in multiprocessing.get_all_start_methods() \
            and not multiprocessing.current_process().daemon:
        # Forked workers inherit the loaded plugins and settings, so they start at once; Pelican has not
        # started yet, so the build's own threads do not exist.
        _SHARED.update(config=config, settings=settings, checks=checks)
        try:
            with multiprocessing.get_context("fork").Pool(min(cores, 4)) as pool:
                pending = pool.map_async(_job, [(item.path, item.rel, item.folder, data) for item, data in jobs],
                                         chunksize=max(1, len(jobs) // (cores * 8)))
                # A worker stuck on a lock another thread held at the fork (the dev server has threads)
                # must not hang the build: give up on the workers and check here instead.
                results = pending.get(timeout=120 + len(jobs) * 0.05)
        except Exception:  # noqa: BLE001 - no processes to be had: check in this one instead
            results = None
        finally:
            _SHARED.clear()
        if results is not None:
            for (item, data), (fields, found, entries) in zip(jobs, results, strict=True):
                for key, value in fields.items():
                    setattr(item, key, value)
                yield item, data, (found, [(item if own else None, problem) for own, problem in entries])
            return
    for item, data in jobs:
        own = Report(config)
        found = _check_file_safely(item, data, own, config, settings, checks)
        yield item, data, (found, own.entries)


def _job(args):
    path, rel, folder, data = args
    item = Item(path=path, rel=rel, folder=folder)
    own = Report(_SHARED["config"])
    found = _check_file_safely(item, data, own, _SHARED["config"], _SHARED["settings"], _SHARED["checks"])
    fields = {key: getattr(item, key) for key in ("status", "date", "slug", "lang", "url", "save_as", "slug_line")}
    return fields, found, [(it is item, problem) for it, problem in own.entries]


def _finish(report, fatal_warnings, only):
    wanted = {str(resolved(p) or Path(p).absolute()) for p in only} if only else None
    problems, seen = [], set()
    for item, problem in report.entries:
        # A problem of the whole site (no path) concerns every file checked.
        if wanted is not None and problem.path is not None and \
                str(resolved(problem.path) or Path(problem.path).absolute()) not in wanted:
            continue
        if fatal_warnings and problem.severity == "warning" and not (item and item.unpublished):
            # The publish build treats warnings as errors, except in drafts and scheduled posts,
            # which it does not publish.
            problem = problem.replace(severity="error")
        key = (problem.path, problem.line, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    # A problem of the whole site has no path: it sorts first, never beside a str.
    return sorted(problems, key=lambda p: (p.path or "", p.line or 0, p.severity != "error", p.message))


def withholder(settings):
    """Return a function that takes every anonymous writer's real name out of one problem's words (the plugins')."""
    redactors = []
    for _name, withhold in provided(settings, "withhold_names"):
        redact = None if isinstance(withhold, Exception) else withhold(settings)
        if redact is not None:
            redactors.append(redact)

    def redact_all(problem):
        for redact in redactors:
            problem = redact(problem)
        return problem

    return redact_all


def withheld(problems, settings):
    """Return ``problems`` with no anonymous writer's real name in their words (they reach terminals and CI logs).

    The real-name check names such a line without quoting it; another check refusing the same value would
    quote it ('unknown theme "..."'), so every problem shown passes the plugins' ``withhold_names`` first.
    """
    redact = withholder(settings)
    return [redact(p) for p in problems]


def checks_fault(exc, settings=None):
    """Return the problem shown when the checker itself failed (a fault in the site's code, never a traceback).

    An exception's words may quote the content it choked on, so with the settings they pass ``withholder`` too.
    """
    stopped = f"the content checks stopped unexpectedly: {exc.__class__.__name__}"
    problem = Problem(None, None, "error", f"{stopped}: {exc}", HINTS["fault"])
    if settings is None:
        return problem
    try:
        return withholder(settings)(problem)
    except Exception:  # noqa: BLE001 - the names cannot be read: say only what kind of fault it was
        return problem.replace(message=stopped)


def preflight(settings, fatal_warnings=False, sources=None):
    """Run the checks before a build; return problems (a wrong CHECKS setting is one too). Never raises.

    ``sources`` is passed on to ``check_site``: it receives what the checks read, for the build to render.
    """
    try:
        return check_site(settings, fatal_warnings=fatal_warnings, sources=sources)
    except ContentError as exc:
        return [Problem(exc.path, exc.line, exc.severity, exc.message, exc.hint)]
    except Exception as exc:  # noqa: BLE001 - the edge: a fault in the checker must not look like a traceback
        return [checks_fault(exc)]


def _display(problem, cwd):
    if not problem.path:
        return problem
    path = Path(problem.path)
    try:
        shown = path.resolve().relative_to(cwd).as_posix()
    except (ValueError, OSError, RuntimeError):  # outside cwd, or a link that loops
        shown = str(path)
    return problem.replace(path=shown)


def _missing_files(files, settings, cwd):
    """Return a problem for each named file that does not exist or is not a content file the checks read."""
    if not files:
        return []
    config = check_settings.merged(settings).as_dict()
    root = Path(settings.get("PATH") or "content").resolve()
    # A link that loops has no resolved path: it is itself (the checks say what is wrong with it).
    known = [resolved(p) or p.absolute() for p in discover(root, config, settings) if p.suffix.lower() in MARKDOWN_SUFFIXES]

    def shown(path):
        try:
            return path.relative_to(cwd).as_posix()
        except ValueError:
            return str(path)

    problems = []
    for name in files:
        path = resolved(name) or Path(name).absolute()
        if path in known:
            continue
        if path.is_symlink() and not path.exists():
            message, hint = unreadable()
        elif not path.exists():
            choices = {shown(p): p for p in known if p != path}
            close = difflib.get_close_matches(shown(path), list(choices), n=1, cutoff=0.85)
            message = "there is no such file" + (f'. Did you mean "{close[0]}"?' if close else "")
            hint = "check the spelling of the path; it is relative to the folder you run the command in"
        else:
            message = "this is not a content file the checks read"
            hint = f"name a Markdown (.md) file in the content folder ({shown(root)}/)"
        problems.append(Problem(shown(path), None, "error", message, hint))
    return problems


def _escape_github(text, *, prop=False):
    # GitHub's workflow-command escapes: data may not hold % or line breaks; properties not : or , either.
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(problems, fmt, cwd):
    """Return problems as GitHub annotations (``::error file=…,line=…::message``) or as a JSON list."""
    shown = [_display(p, cwd) for p in problems]
    if fmt == "json":
        return json.dumps([p.as_dict() for p in shown], ensure_ascii=False, indent=1)
    lines = []
    for p in shown:
        props = [f"file={_escape_github(p.path, prop=True)}"] if p.path else []
        props += [f"line={p.line}"] if p.path and p.line else []
        props += [f"col={p.column}"] if p.path and p.line and p.column else []
        props.append(f"title={_escape_github('In Mind content check', prop=True)}")
        text = p.message + (f"\nhint: {p.hint}" if p.hint else "")
        lines.append(f"::{'error' if p.severity == 'error' else 'warning'} {','.join(props)}::{_escape_github(text)}")
    return "\n".join(lines)


def file_problems(settings, rel):
    """Return the problems of one content file (``rel``, inside the content folder) as JSON-ready dicts."""
    root = Path(settings["PATH"]).resolve()
    path = (root / str(rel)).resolve()
    if not path.is_relative_to(root) or path.suffix not in MARKDOWN_SUFFIXES or not path.is_file():
        return []
    problems = check_site(settings, only=[str(path)])
    return [_display(p, root.parent).as_dict() for p in problems]


def main(argv=None):
    """Command-line entry point: print every problem; exit 1 if any is an error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="check only these files (links are still checked site-wide)")
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--path", default=None, help="the content folder (default: PATH in the settings)")
    parser.add_argument("--fatal-warnings", action="store_true", help="treat warnings as errors (publish)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="github: one ::error/::warning annotation per problem, for pull requests; json: a list")
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.ERROR)
    cwd = Path.cwd().resolve()
    settings = None
    try:

        overrides = {"PATH": str(Path(args.path).resolve())} if args.path else {}
        settings = load_settings(args.settings, overrides)
        missing = _missing_files(args.files, settings, cwd)
        if missing:
            for problem in missing:
                print(problem.format(), file=sys.stderr)
            return 1
        problems = check_site(settings, fatal_warnings=args.fatal_warnings, only=args.files or None)
    except ContentError as exc:
        if args.format != "text":
            print(render([Problem(exc.path, exc.line, exc.severity, exc.message, exc.hint)], args.format, cwd))
        print(exc.format(cwd), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the edge: never a traceback
        print(checks_fault(exc, settings).format(), file=sys.stderr)
        return 1
    if args.format != "text":
        print(render(problems, args.format, cwd))
        return 1 if any(p.severity == "error" for p in problems) else 0
    for problem in problems:
        print(_display(problem, cwd).format())
    errors = sum(1 for p in problems if p.severity == "error")
    notices = sum(1 for p in problems if p.severity == "notice")  # listed, never blocking (safeguarding)
    warnings = len(problems) - errors - notices
    if not problems:
        print("no problems found")
    else:
        print(f"{counted(errors, 'error')}, {counted(warnings, 'warning')}" + (f", {counted(notices, 'notice')}" if notices else ""))
    if args.fatal_warnings and not args.files:
        print("\n".join(checklist.lines(problems)))
    elif args.fatal_warnings:
        print(checklist.WHOLE_SITE)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
