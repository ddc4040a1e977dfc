"""Editorial check: a post's Share-image and Share-image-alt, at the Share-image line (the build's own rule)."""

from __future__ import annotations

from pathlib import Path

from file_vetting import settings as vetting_settings

from inmind.errors import Problem
from inmind.source import parse_shared

from .handlers import problem


def check(source_path, text, metadata, pelican_settings):
    """Return the problem with one Markdown file's Share-image, if any."""
    source = parse_shared(text)
    value = (source.value("share-image") or "").strip()
    if not value:
        return []
    alt = " ".join((source.value("share-image-alt") or "").split())
    root = Path(pelican_settings.get("PATH") or "content")
    found = problem(value, alt, root, vetting_settings.merged(pelican_settings), pelican_settings)
    if not found:
        return []
    return [Problem(str(source_path), source.line("share-image", 1), "error", f"{found[0]} [share-image]", found[1])]
