"""Errors written for the people who edit content, not for developers."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from pathlib import Path


class ContentError(Exception):
    """A problem a person can fix, with where it is and how to fix it."""

    def __init__(self, message, *, path=None, line=None, hint=None, severity="error"):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path else None
        self.line = line
        self.hint = hint
        self.severity = severity

    def location(self, root=None):
        """Return ``path:line`` (or just ``path``), relative to ``root`` when possible."""
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
        return f"{path}:{self.line}" if self.line else path

    def format(self, root=None):
        """Return the one- or two-line message shown to people."""
        text = f"{self.location(root)}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __str__(self):
        return self.format()


class SettingsError(ContentError):
    """A plugin setting in pelicanconf.py or publishconf.py is wrong."""


@dataclass(frozen=True)
class Problem:
    """One finding of a check; several are gathered and shown together."""

    path: str
    line: int | None
    severity: str
    message: str
    hint: str | None = None

    def format(self, root=None):
        """Return the finding as ``path:line: severity: message`` plus a hint line."""
        return ContentError(
            self.message, path=self.path, line=self.line, hint=self.hint, severity=self.severity
        ).format(root)


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
    for number, line in enumerate(text.splitlines(), start=1):
        if regex.search(line):
            return number
    return default


def metadata_line(path, key):
    """Return the line of a ``Key:`` metadata field in a Markdown file."""
    return line_of(path, rf"^\s*{re.escape(key)}\s*:", default=1)


def merge_setting(settings, name, defaults, example):
    """Return the dict setting ``name`` merged over ``defaults``; a wrong type or unknown key is a SettingsError."""
    user = settings.get(name) or {}
    if not isinstance(user, dict):
        raise SettingsError(f"{name} must be a dictionary", hint=f"write {name} = {example} in the settings file")
    for key in sorted(user, key=str):
        if key not in defaults:
            raise SettingsError(
                f"{name} has an unknown key {key!r}.{did_you_mean(key, defaults)}",
                hint=f"valid keys are: {', '.join(sorted(defaults))}",
            )
    return {**defaults, **user}
