"""Where the private names file is, what to do without it, and finding its names in files with path:line.

The file's path comes from the ``INMIND_PRIVATE_NAMES`` environment variable (in CI: a repository secret
written to a temporary file), never from a tracked file. Without it, builds work and say the real-name
check was skipped; that is a warning, so a publish build (warnings are errors) refuses to go on.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from inmind.checklist import how_to_set
from inmind.errors import ContentError, Problem, counted, did_you_mean
from inmind.text import printable

from .privacy import HiddenName, Matcher, name_forms, normalise, views

ENV = "INMIND_PRIVATE_NAMES"
# Said at the first anonymous writer's line in authors.toml, so it reads "path:line: what is wrong" with a hint.
SKIPPED = (
    "{path}:{line}: the real-name check was skipped: {count} in {registry}, and {env} is not set, "
    "so a publish build stops here\n  hint: {how}, then build again (in CI it is the repository secret of that name; "
    "see README 'Anonymous writers')"
)
_ANONYMOUS_LINE = re.compile(r"^[ \t]*anonymous[ \t]*=[ \t]*true\b", re.MULTILINE)
# Said once for every file that holds a real name: git keeps what a cleaned or published copy leaves out.
IN_GIT = ("this file is in git, where a name stays in the history; if it was ever committed, see README "
          "'Anonymous writers' to purge it")
FOUND_HINT = "remove it: the real name is never published, and " + IN_GIT
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


PRIVATE_NAME_KEYS = ("real_name", "also")


def load_private_names(path, authors, slugify=lambda text: ()):
    """Read the private names file; return (slug, public name, real name, HiddenName) per writer, or raise.

    ``slugify`` returns the web-address forms of a name with the site's own rules. Messages never quote a
    real name: they end up in CI logs.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(
            f"the private names file cannot be read: {getattr(exc, 'strerror', None) or exc.__class__.__name__}",
            path=path,
            hint="check INMIND_PRIVATE_NAMES names the file (see README 'Anonymous writers')",
        ) from None
    lines = text.splitlines()

    def line_of_table(slug, key=None):
        header = re.compile(rf"^\s*\[\s*[\"']?{re.escape(slug)}[\"']?\s*\]")
        start = next((n for n, line in enumerate(lines, start=1) if header.match(line)), None)
        if start is None or key is None:
            return start
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start + 1, len(lines) + 1):
            if lines[number - 1].lstrip().startswith("["):
                break
            if key_re.match(lines[number - 1]):
                return number
        return start

    def fail(message, slug=None, key=None, hint=None):
        return ContentError(message, path=path, line=line_of_table(slug, key) if slug else None, hint=hint)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        raise ContentError(
            "the private names file is not valid TOML",
            path=path,
            line=int(found.group(1)) if found else None,
            hint='each writer is a [slug] line then real_name = "..." (see README \'Anonymous writers\')',
        ) from None
    by_slug = {a.slug: a for a in authors}

    writers = []
    for slug, entry in data.items():
        if not isinstance(entry, dict):
            # Written as a key (a-carer = 1): its line is the one that starts with it.
            written = re.compile(rf"^\s*[\"']?{re.escape(slug)}[\"']?\s*=")
            raise ContentError(
                f"{slug} is not a [table]",
                path=path,
                line=next((n for n, line in enumerate(lines, start=1) if written.match(line)), None),
                hint="each writer starts with a line holding their public slug in brackets, such as [a-carer]",
            )
        for key in entry:
            if key not in PRIVATE_NAME_KEYS:
                raise fail(f"unknown key {key!r}.{did_you_mean(key, PRIVATE_NAME_KEYS)}", slug, key,
                           hint="valid keys are: " + ", ".join(PRIVATE_NAME_KEYS))
        real = entry.get("real_name")
        if not isinstance(real, str) or not normalise(real):
            raise fail("real_name must be a name in double quotes", slug, "real_name" if real else None)
        also = entry.get("also", [])
        if isinstance(also, str):
            also = [also]
        if not isinstance(also, list) or not all(isinstance(a, str) and normalise(a) for a in also):
            raise fail('also must be a list of names, such as also = ["Surname"]', slug, "also")
        author = by_slug.get(slug)
        if author is not None and not author.anonymous:
            raise fail(f"{slug} is not an anonymous author in authors.toml", slug,
                       hint="set anonymous = true for them in authors.toml, or remove them from this file")
        public = author.name if author else "an anonymous writer"
        forms = name_forms(real, also=also, slugs=slugify(real))
        if author is not None and normalise(author.name) in forms:
            raise fail("an anonymous author's public name must differ from their real name", slug, "real_name",
                       hint='use a general public name in authors.toml, such as "A carer"')
        writers.append((slug, public, real, HiddenName(slug=slug, public_name=public, forms=forms)))
    return writers


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
    return load_private_names(path, authors, slug_forms(settings))


def skipped_message(authors, registry_path, environ=None):
    """Return the one-line "check skipped" warning, or None when the check runs or there is nobody to protect."""
    anonymous = [a for a in authors if a.anonymous]
    if not anonymous or configured_path(environ) is not None:
        return None
    text = read_text(registry_path)
    found = _ANONYMOUS_LINE.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    count = counted(len(anonymous), "anonymous writer is", "anonymous writers are")
    return SKIPPED.format(path=registry_path, line=line, count=count, registry=Path(registry_path).name,
                          env=ENV, how=how_to_set())


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


# A quoted value in a problem's words: the part of a message that repeats what the file says.
QUOTED = (re.compile(r'"[^"\n]*"'), re.compile(r"[\u2018\u201c'][^\u2019\u201d'\n]*[\u2019\u201d']"))


def close_to_real_name(found):
    """Return the words for a spelling close to a real name (a ``near.Near``), naming only the public name."""
    return f"a spelling close to {real_name(found.name)}"


def _quoting(matcher, text):
    """Return the words for the real name, or a spelling close to one, that ``text`` holds, or None."""
    found = matcher.find(text)
    if found is not None:
        return real_name(found)
    close = matcher.close(text)
    return None if close is None else close_to_real_name(close)


def withheld(matcher, text):
    """Return a problem's words (message or hint) with no real name: a quoted value holding one is replaced.

    Problems are printed in terminals, CI logs and pull-request annotations: a check that quotes the value it
    refuses would quote a real name written there, or a misspelling of one ('Philipa'), which names the writer
    as well. When no quoted part explains the find, the words go whole.
    """
    if not matcher or not text or _quoting(matcher, text) is None:
        return text
    for quoted in QUOTED:
        def swap(match):
            words = _quoting(matcher, match.group(0))
            return match.group(0) if words is None else f"[{words}]"

        text = quoted.sub(swap, text)
        words = _quoting(matcher, text)
        if words is None:
            return text
    return f"a problem on this line is not shown, as its words would quote {words}; remove it"


def withheld_problem(matcher, problem):
    """Return ``problem`` with no real name in its words (as it was when there is none).

    Its path is kept: a file whose name holds the name must be named to be renamed.
    """
    message, hint = withheld(matcher, problem.message), withheld(matcher, problem.hint)
    if (message, hint) == (problem.message, problem.hint):
        return problem
    return problem.replace(message=message, hint=hint)


def contains_real_name(what, found):
    """Return the message for a real name found in ``what`` ("the title", "the file name", ...)."""
    return f"{what} contains {real_name(found)}"


def scan_file(matcher, path, text, *, rel=None):
    """Return a Problem for the file name and for each line where a real name is written."""
    problems = []
    # Read as the site will print it: without the characters no page carries, so "Phil<ESC>ippa" is "Philippa".
    text = printable(text)
    found = find_in_path(matcher, rel if rel is not None else Path(path).name)
    if found is not None:
        problems.append(Problem(str(path), 1, "error", contains_real_name("the file name", found),
                                "rename the file; " + FOUND_HINT))
    for number, found in find_in_text(matcher, text):
        problems.append(Problem(str(path), number, "error", f"{real_name(found)} is written here", FOUND_HINT))
    return problems


CLOSE_ID = "real-name-close"
# Said to a writer who does not program: the settings change is the web team's, named so they can find it.
CLOSE_HINT = ("if it names the writer, remove it: a misspelt name still tells readers who they are; if it is "
              "someone else, reword it, or ask the web team to turn this check off for the site "
              f"(CHECKS['severity']['{CLOSE_ID}'] = 'off' in pelicanconf.py)")


def scan_close(matcher, path, text, severity="warning"):
    """Return a Problem, at its line and column, for each line holding a spelling close to a real name.

    Lines where the name itself is written are left to ``scan_file``, which names them as errors.
    """
    if not matcher or not text or matcher.close(text) is None:
        return []  # most files: one look at the whole text
    problems = []
    for number, line in enumerate(printable(text).splitlines(), start=1):
        close = matcher.close(line)
        if close is not None and close.edits and matcher.find(line) is None:
            problems.append(Problem(str(path), number, severity, f"{close_to_real_name(close)} is written here "
                                    f"[{CLOSE_ID}]", CLOSE_HINT, column=close.column))
    return problems


def first_error(problems):
    """Return the first problem as a ContentError, or None."""
    if not problems:
        return None
    p = problems[0]
    return ContentError(p.message, path=p.path, line=p.line, hint=p.hint)


__all__ = ["ENV", "Matcher", "configured_path", "find_in_text", "load", "scan_file", "skipped_message", "views"]
