"""Errors written for the people who edit content, not for developers."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from pathlib import Path


def counted(number, one, many=None):
    """Return "1 error", "3 errors", "1 line has": a count in plain words, never "error(s)"."""
    return f"{number} {one if number == 1 else many or one + 's'}"


class Problem(Exception):
    """A problem a person can fix: where it is, how serious, what is wrong and how to fix it.

    The one problem type: the checks gather Problems and show them together; the build raises one
    (usually as ContentError, which only reads its arguments the other way round) to stop.
    """

    FIELDS = ("path", "line", "severity", "message", "hint", "column")

    def __init__(self, path, line, severity, message, hint=None, column=None):
        super().__init__(message)
        self.path = str(path) if path else None
        self.line = line
        self.severity = severity
        self.message = message
        self.hint = hint
        # Where on the line (1-based): for a finding whose words cannot be quoted, such as a misspelt real name.
        self.column = column

    def fields(self):
        """Return (path, line, severity, message, hint, column)."""
        return tuple(getattr(self, name) for name in self.FIELDS)

    def as_dict(self):
        """Return the fields as a dict, in the order of FIELDS."""
        return dict(zip(self.FIELDS, self.fields(), strict=True))

    def replace(self, **changes):
        """Return a copy (a plain Problem) with some fields changed."""
        return Problem(**{**self.as_dict(), **changes})

    def __reduce__(self):
        # Sent between processes (the checker beside the build): rebuilt from its fields, as its own type.
        return _rebuild, (type(self), *self.fields())

    def __eq__(self, other):
        return isinstance(other, Problem) and self.fields() == other.fields()

    def __hash__(self):
        return hash(self.fields())

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.as_dict().items())})"

    def location(self, root=None):
        """Return ``path:line:column``, ``path:line`` or just ``path``, relative to ``root`` when possible."""
        if not self.path:
            return "site"
        path = self.path
        if root:
            try:
                relative = os.path.relpath(path, root)
            except ValueError:
                relative = path
            # A file outside the project is clearer by its full path than by a climb of ../../
            if not relative.startswith(".." + os.sep) and relative != "..":
                path = relative
        if not self.line:
            return one_line(path)
        return f"{one_line(path)}:{self.line}" + (f":{self.column}" if self.column else "")

    def format(self, root=None):
        """Return the one- or two-line message shown to people: ``path:line: severity: message`` and a hint."""
        text = f"{self.location(root)}: {self.severity}: {one_line(self.message)}"
        if self.hint:
            text += f"\n  hint: {one_line(self.hint)}"
        return text

    def __str__(self):
        return self.format()


# Shown as escapes (\\n, \\x1b, \\u202e) when a problem is printed: a line end in a file's name or in a value a message
# quotes started a line of its own in the log, which CI reads as a command ("::error ...", "::add-mask::..."),
# and a control or direction mark can rewrite or reorder what a terminal shows.
_ESCAPED = frozenset(("Cc", "Cf", "Zl", "Zp"))


def one_line(text):
    """Return ``text`` with line ends, controls and invisible format characters written as escapes."""
    text = str(text)
    if text.isascii() and text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _ESCAPED else c
                   for c in text)


def _rebuild(kind, path, line, severity, message, hint, column=None):
    problem = Problem.__new__(kind)
    Problem.__init__(problem, path, line, severity, message, hint, column)
    return problem


class ContentError(Problem):
    """A Problem raised to stop the build, written message first: ``ContentError(message, path=, line=, hint=)``."""

    def __init__(self, message, *, path=None, line=None, hint=None, severity="error"):
        super().__init__(path, line, severity, message, hint)


class SettingsError(ContentError):
    """A plugin setting in pelicanconf.py or publishconf.py is wrong."""


def did_you_mean(value, choices):
    """Return ' Did you mean "x"?' for the closest choice other than ``value`` itself, or an empty string."""
    # Suggesting what was written is no help: leave out choices that read the same as the value.
    written = str(value).strip()
    choices = [c for c in choices if str(c).strip() != written]
    close = difflib.get_close_matches(written.lower(), [str(c).lower() for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    original = {str(c).lower(): c for c in choices}[close[0]]
    if str(original).strip() == written:
        return ""
    return f' Did you mean "{original}"?'


def line_of(path, pattern, *, default=None):
    """Return the 1-based line of the first line matching ``pattern`` (regex, case-insensitive)."""
    if not path:
        return default
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return default
    regex = re.compile(pattern, re.IGNORECASE)
    # Only real line ends, as Markdown counts them: str.splitlines() also splits at U+2028, U+0085 and others.
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if regex.search(line):
            return number
    return default


def metadata_line(path, key):
    """Return the line of a ``Key:`` field in a Markdown file's header, read by inmind.source.parse, or 1."""
    from inmind.source import parse

    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except (OSError, TypeError):
        return 1
    return parse(text).line(key, 1)

