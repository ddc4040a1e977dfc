"""Editorial checks for AGM summaries and the next meeting's file: required fields and links, each with its line."""

from __future__ import annotations

from pathlib import Path

from inmind.source import parse_shared

from . import model, settings, upcoming


def check(source_path, text, metadata, pelican_settings):
    """Return the problems in one file if it is an AGM summary (content/agm/*.md), else nothing."""
    config = settings.merged(pelican_settings)
    root = Path(pelican_settings.get("PATH") or "content").resolve()
    try:
        relative = Path(source_path).resolve().relative_to(root / config.path)
    except ValueError:
        return []
    if relative.suffix.lower() not in (".md", ".markdown"):
        return []
    if relative.as_posix() == config.next_file:
        return upcoming.check(source_path, parse_shared(text), pelican_settings.get("TIMEZONE") or "UTC")
    # The site-wide checks already name a misspelt field or an unreadable date in this file: say it once.
    return model.check(source_path, parse_shared(text), root, pelican_settings, field_checks=False)
