"""File-system questions about paths a writer typed: a name the system cannot look up is no file, never a crash.

The system refuses some names outright: a NUL character (``%00`` in a link), or a name or path too long for the
file system; and a symbolic link that leads back to itself has no end. ``Path.is_file()`` and ``Path.resolve()``
raise for those (OSError, ValueError, RuntimeError) rather than answering "no".
"""

from __future__ import annotations

import errno
from pathlib import Path

# What the system raises for such a name: RuntimeError is resolve()'s "Symlink loop".
_REFUSED = (OSError, ValueError, RuntimeError)


def is_file(path) -> bool:
    """Return whether ``path`` is a file; False for a name the system refuses to look up."""
    try:
        return Path(path).is_file()
    except _REFUSED:
        return False


def resolved(path) -> Path | None:
    """Return ``path`` with its links resolved (it may not exist), or None for a name the system refuses or a loop."""
    try:
        return Path(path).resolve()
    except _REFUSED:
        return None


def unreadable(exc=None):
    """Return (message, hint) for a file that cannot be read: a link to nothing or a loop (``exc`` None), or ``exc``."""
    # A link that loops or leads nowhere fails to open with ELOOP or ENOENT: the system's words for it ("Too many
    # levels of symbolic links") and a hint about permissions would send a writer the wrong way.
    if exc is None or getattr(exc, "errno", None) in (errno.ELOOP, errno.ENOENT):
        return ("this file cannot be read: it is a link to something missing, or a link that loops",
                "replace the link with the file itself, or delete it")
    return f"this file cannot be read: {exc.strerror}", "check its permissions"
