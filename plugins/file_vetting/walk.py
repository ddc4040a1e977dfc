"""Find the files Pelican would copy from STATIC_PATHS, the way its static generator walks them."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from . import settings as plugin_settings
from .vet import loops, vet

# Files read as posts or pages are never copied as they are (Pelican's STATIC_EXCLUDE_SOURCES).
_SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".html", ".htm")


def static_files(settings):
    """Yield every path under the content folder's STATIC_PATHS that Pelican would publish as it is."""
    root = Path(settings.get("PATH") or "content").absolute()
    ignores = settings.get("IGNORE_FILES") or []
    excludes = {os.path.normpath(root / e) for e in settings.get("STATIC_EXCLUDES") or []}
    content_paths = [root / p for p in (settings.get("ARTICLE_PATHS") or []) + (settings.get("PAGE_PATHS") or [])]
    for static_path in settings.get("STATIC_PATHS") or []:
        base = root / static_path if static_path else root
        if not base.is_dir():
            if base.exists() or base.is_symlink():
                yield base
            continue
        for dirpath, dirs, files in os.walk(base, followlinks=True):
            folder = Path(dirpath)
            kept = []
            for name in sorted(dirs):
                child = folder / name
                if os.path.normpath(child) in excludes or any(fnmatch.fnmatch(name, i) for i in ignores):
                    continue
                if child.is_symlink() and loops(child, root):
                    yield child  # a folder link that loops: vet() names it, and it is not walked
                    continue
                kept.append(name)
            dirs[:] = kept
            for name in sorted(files):
                path = folder / name
                rel = os.path.relpath(path, root)
                if any(fnmatch.fnmatch(rel, i) for i in ignores):
                    continue
                if path.suffix.lower() in _SOURCE_SUFFIXES and any(path.is_relative_to(p) for p in content_paths):
                    continue
                yield path


def walks(settings, path):
    """Return whether ``vet_site`` looks at ``path`` (so it names the file itself when the file is refused)."""
    target = os.path.normpath(Path(path).absolute())
    return any(os.path.normpath(found) == target for found in static_files(settings))


def vet_site(settings):
    """Return the problems of every static file of the site (``invoke check`` runs this)."""
    config = plugin_settings.merged(settings)
    root = Path(settings.get("PATH") or "content")
    return [problem for path in static_files(settings) for problem in vet(path, root, config)]
