"""File-system questions about paths a writer typed: a name the system cannot look up is no file, never a crash.

The system refuses some names outright: a NUL character (``%00`` in a link), or a name or path too long for the
file system. ``Path.is_file()`` raises for those rather than answering "no".
"""

from __future__ import annotations

from pathlib import Path


def is_file(path) -> bool:
    """Return whether ``path`` is a file; False for a name the system refuses to look up."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def is_dir(path) -> bool:
    """Return whether ``path`` is a folder; False for a name the system refuses to look up."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def resolved(path) -> Path | None:
    """Return ``path`` with its links resolved (it may not exist), or None for a name the system refuses."""
    try:
        return Path(path).resolve()
    except (OSError, ValueError):
        return None
