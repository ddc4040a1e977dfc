"""The dev server's shared state: what the browser is told after each rebuild, and which file changes count.

Only ``invoke serve`` uses this. Nothing here is ever written into ``output/``: the reload script is served
from ``inmind/static/`` at ``/__inmind/`` addresses, and fresh pages rendered ahead of the full build are
kept in memory.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from watchfiles import DefaultFilter

STATIC = Path(__file__).resolve().parent / "static"
PREFIX = "/__inmind/"
# How often an idle event stream sends a comment, so a closed tab frees its server thread.
KEEPALIVE_SECONDS = 15


def shown_path(path, root=None):
    """Return ``path`` relative to ``root`` when it lies inside it, else as it is."""
    if not path or not root:
        return path
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def problem_dict(problem, root=None):
    """Return a ContentError or Problem as plain JSON-ready data with a ``path:line`` location."""
    shown = shown_path(getattr(problem, "path", None), root)
    line = getattr(problem, "line", None)
    location = f"{shown}:{line}" if shown and line else (shown or "site")
    return {
        "location": location,
        "path": shown,
        "line": line,
        "severity": getattr(problem, "severity", "error"),
        "message": str(getattr(problem, "message", problem)),
        "hint": getattr(problem, "hint", None),
    }


class Status:
    """What the browser should show: a generation number that grows with each rebuild, and any problems.

    Pages rendered ahead of the full build (``fresh``) are kept here, keyed by their path in the site,
    until the full build that follows replaces ``output/`` or fails.
    """

    def __init__(self):
        self._changed = threading.Condition()
        self.generation = 0
        self.kind = "full"
        self.paths: list[str] = []
        self.problems: list[dict] = []
        self.building = False
        self.fresh: dict[str, bytes] = {}
        self.closed = False

    def snapshot(self):
        """Return the state as JSON-ready data."""
        with self._changed:
            return {"generation": self.generation, "kind": self.kind, "paths": list(self.paths),
                    "building": self.building, "problems": list(self.problems)}

    def page(self, rel):
        """Return the fresh bytes for a site path such as ``blog/2019/x/index.html``, or None."""
        with self._changed:
            return self.fresh.get(rel)

    def _publish(self, **changes):
        with self._changed:
            for key, value in changes.items():
                setattr(self, key, value)
            self.generation += 1
            self._changed.notify_all()

    def set_building(self, building):
        """Note that a full build started or ended (no reload, but waiters see it)."""
        with self._changed:
            self.building = building
            self._changed.notify_all()

    def quick(self, pages, urls, fixed_paths):
        """Pages rendered ahead of the full build: serve them now and reload the tabs that show them."""
        with self._changed:
            problems = [p for p in self.problems if p["path"] not in fixed_paths]
            fresh = {**self.fresh, **pages}
        self._publish(kind="quick", paths=urls, fresh=fresh, problems=problems)

    def failed(self, problems, *, keep_fresh=False):
        """Show a failed rebuild's ``problems`` over the last good page."""
        with self._changed:
            fresh = self.fresh if keep_fresh else {}
        # Errors first: the panel is titled by them, and a notice on another file must not push them out of view.
        rank = {"error": 0, "warning": 1}
        self._publish(kind="problems", paths=[], problems=sorted(problems, key=lambda p: rank.get(p["severity"], 2)),
                      fresh=fresh)

    def built(self):
        """Forget fresh pages and problems (a full build replaced ``output/``) and reload every tab."""
        self._publish(kind="full", paths=[], problems=[], fresh={})

    def wait(self, seen, timeout):
        """Block until the generation differs from ``seen`` (or ``timeout``); return the snapshot."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
        return self.snapshot()

    def wait_until(self, predicate, timeout):
        """Block until ``predicate(snapshot)`` is true (or ``timeout``); return its value, or None."""
        found = None

        def holds():
            nonlocal found
            found = predicate(self.snapshot())  # the condition's lock is re-entrant
            return found

        with self._changed:
            self._changed.wait_for(holds, timeout)
        return found or None

    def close(self):
        """Wake every waiting event stream so its thread can end."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def event(snapshot):
    """Return one Server-Sent Event carrying ``snapshot`` as JSON."""
    return f"event: change\nid: {snapshot['generation']}\ndata: {json.dumps(snapshot)}\n\n".encode()


class ChangeFilter(DefaultFilter):
    """Ignore what editors and tools write beside real files: swap, backup, lock and temporary files."""

    ignore_entity_patterns = (
        *DefaultFilter.ignore_entity_patterns,
        r"^\.#",  # Emacs lock files
        r"^#.*#$",  # Emacs auto-save files
        r"^\.",  # hidden files: editors' swap and temporary files (.post.md.swp, .goutputstream-*)
        r"\.(tmp|temp|bak|orig|part|crdownload)$",
        r"^4913$",  # Vim's test of whether a folder is writable
    )
