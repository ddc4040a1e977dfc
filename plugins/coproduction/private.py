"""Where the private names file is, what to do without it, and finding its names in files with path:line.

The file's path comes from the ``INMIND_PRIVATE_NAMES`` environment variable (in CI: a repository secret
written to a temporary file), never from a tracked file. Without it, builds work and say the real-name
check was skipped; that is a warning, so a publish build (warnings are errors) refuses to go on.
"""

from __future__ import annotations

import os
from pathlib import Path

from inmind.errors import ContentError, Problem

from . import vocabulary
from .privacy import Matcher, normalise, views

ENV = "INMIND_PRIVATE_NAMES"
SKIPPED = (
    "the real-name check was skipped: {count} anonymous author(s) in {registry}, and {env} is not set; "
    "set it to the private names file (see README 'Anonymous writers'); a publish build stops here"
)
FOUND_HINT = (
    "remove it: the real name is never published, and this file is in git, where a name stays in the history; "
    "if it was ever committed, see README 'Anonymous writers' to purge it"
)
# Site settings whose substitutions Pelican applies when it turns a name or title into a web address.
SLUG_SETTINGS = ("SLUG_REGEX_SUBSTITUTIONS", "AUTHOR_REGEX_SUBSTITUTIONS", "CATEGORY_REGEX_SUBSTITUTIONS",
                 "TAG_REGEX_SUBSTITUTIONS")


def configured_path(environ=None):
    """Return the private names file named by the environment, or None when the variable is unset or empty."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    return Path(value).expanduser() if value else None


def stamp(environ=None):
    """Return what the private names depend on (path, modification time, size), for caches."""
    path = configured_path(environ)
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def slug_forms(settings):
    """Return a function giving a name's web-address forms with the site's own slug rules."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    rules = []
    for key in SLUG_SETTINGS:
        subs = (settings or {}).get(key, DEFAULT_CONFIG.get(key))
        if subs is not None and subs not in rules:
            rules.append(subs)

    def forms(name):
        return tuple(dict.fromkeys(slugify(name, regex_subs=subs) for subs in rules))

    return forms


def load(authors, settings, environ=None):
    """Return the private names for ``authors`` ([] without the file configured); raise ContentError if unreadable."""
    path = configured_path(environ)
    if path is None:
        return []
    if not path.is_file():
        raise ContentError(
            f"{ENV} is set, but the private names file it names does not exist",
            path=path,
            hint="check the path (absolute, or relative to the project folder); in CI, check the repository secret",
        )
    return vocabulary.load_private_names(path, authors, slug_forms(settings))


def skipped_message(authors, registry_path, environ=None):
    """Return the one-line "check skipped" warning, or None when the check runs or there is nobody to protect."""
    anonymous = [a for a in authors if a.anonymous]
    if not anonymous or configured_path(environ) is not None:
        return None
    return SKIPPED.format(count=len(anonymous), registry=Path(registry_path).name, env=ENV)


def read_text(path):
    """Return a file's text, or "" when it cannot be read as UTF-8 (the checks that read it report that)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def read_bytes(path):
    """Return a file's bytes, or b"" when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return b""


def find_in_text(matcher, text):
    """Yield (line, HiddenName) for each line where a name appears, in any view (a name may wrap onto the next line)."""
    if not matcher or not text:
        return
    whole = matcher.find(text)
    if whole is None:
        return  # most files: one pass over the whole text, no line-by-line search
    lines = text.splitlines()
    reported = False
    for number, line in enumerate(lines, start=1):
        found = matcher.find(line)
        if found is None and number < len(lines):
            joined = matcher.find(line + " " + lines[number])
            if joined is not None and matcher.find(lines[number]) is None:
                found = joined
        if found is not None:
            reported = True
            yield number, found
    if not reported:
        yield 1, whole  # split over more than two lines (a long tag, say): the file as a whole


def find_in_path(matcher, path):
    """Return the HiddenName in a file or folder name, or None."""
    return matcher.find_normalised(normalise(str(path))) if matcher else None


def real_name(found):
    """Return the words for a real name that was found, naming only the writer's public name."""
    return f'the real name of the anonymous author "{found.public_name}"'


def contains_real_name(what, found):
    """Return the message for a real name found in ``what`` ("the title", "the file name", ...)."""
    return f"{what} contains {real_name(found)}"


def scan_file(matcher, path, text, *, rel=None):
    """Return a Problem for the file name and for each line where a real name is written."""
    problems = []
    found = find_in_path(matcher, rel if rel is not None else Path(path).name)
    if found is not None:
        problems.append(Problem(str(path), 1, "error", contains_real_name("the file name", found),
                                "rename the file; " + FOUND_HINT))
    for number, found in find_in_text(matcher, text):
        problems.append(Problem(str(path), number, "error", f"{real_name(found)} is written here", FOUND_HINT))
    return problems


def first_error(problems):
    """Return the first problem as a ContentError, or None."""
    if not problems:
        return None
    p = problems[0]
    return ContentError(p.message, path=p.path, line=p.line, hint=p.hint)


__all__ = ["ENV", "Matcher", "configured_path", "find_in_text", "load", "scan_file", "skipped_message", "views"]
