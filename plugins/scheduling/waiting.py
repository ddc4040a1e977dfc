"""What a publish build leaves out, and when each will go live: ``python -m scheduling.waiting`` (end of invoke publish)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from inmind.errors import one_line
from inmind.source import parse, read_date

from . import settings as scheduling_settings
from .schedule import aware, clock, goes_live, is_due, when_text


def left_out(settings):
    """Return ``[(path, "draft" | "scheduled", goes live or None)]`` for each post the publish build leaves out."""
    config = scheduling_settings.merged(settings)
    now = clock(config)
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    root = Path(settings.get("PATH") or "content")
    found = []
    for folder in settings.get("ARTICLE_PATHS") or []:
        for path in sorted((root / folder).rglob("*.md")):
            try:
                source = parse(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue  # the checks report unreadable files
            if (source.value("status") or "").strip().lower() == "draft":
                found.append((path, "draft", None))
                continue
            try:
                date = aware(read_date(source.value("date") or ""), zone)
            except Exception:  # noqa: BLE001 - a bad date is the checks' to report, with its line
                continue
            if not is_due(date, now):
                found.append((path, "scheduled", goes_live(date, config.run_minute)))
    return found


def describe(found, settings, cwd):
    """Return the lines printed at the end of invoke publish."""
    if not found:
        return ["Nothing was left out: every post is published."]
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    lines = ["Left out of this publish build:"]
    for path, kind, run in found:
        try:
            shown = path.resolve().relative_to(cwd).as_posix()
        except ValueError:
            shown = str(path)
        shown = one_line(shown)  # a line end in a file's name would start a line of its own in the CI log
        if kind == "draft":
            lines.append(f"  {shown}: draft; it goes live once you delete its 'Status: draft' line")
        else:
            lines.append(f"  {shown}: scheduled; it goes live with the publish run at {when_text(run, zone)}"
                         " (GitHub may start that run late)")
    return lines


def main(argv=None):
    """Print what the publish build leaves out."""
    from inmind.build import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="publishconf.py")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings, {})
    print("\n".join(describe(left_out(settings), settings, Path.cwd().resolve())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
