"""Find the files Pelican would copy from STATIC_PATHS, the way its static generator walks them."""

from __future__ import annotations

import fnmatch
import os
import posixpath
from pathlib import Path

from inmind.errors import Problem

from . import settings as plugin_settings
from .vet import dots_only, loops, vet

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
                # Pelican matches IGNORE_FILES against a file's bare name (generators._include_path), so do the same.
                if any(fnmatch.fnmatch(name, i) for i in ignores):
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
    cache = plugin_settings.cache_folder(settings)
    return [problem for path in static_files(settings) for problem in vet(path, root, config, cache)]


def _folders(settings, key):
    return [posixpath.normpath(str(folder).replace(os.sep, "/")) for folder in settings.get(key) or []]


def in_static_folders(rel, settings):
    """Return whether ``rel`` (a path from the content folder, as written) lies in STATIC_PATHS and is not excluded."""
    return _static_place(rel, settings) == (True, None)


def _static_place(rel, settings):
    """Return (whether ``rel`` lies in STATIC_PATHS and is not excluded, its part IGNORE_FILES matches or None)."""
    rel = posixpath.normpath(str(rel).replace(os.sep, "/"))
    if rel == ".." or rel.startswith("../") or posixpath.isabs(rel):
        return False, None

    def under(folder):
        return folder == "." or rel == folder or rel.startswith(folder + "/")

    if not any(under(folder) for folder in _folders(settings, "STATIC_PATHS")):
        return False, None
    if any(under(folder) for folder in _folders(settings, "STATIC_EXCLUDES")):
        return False, None
    ignores = settings.get("IGNORE_FILES") or []
    ignored = next((part for part in rel.split("/") for pattern in ignores if fnmatch.fnmatch(part, pattern)), None)
    return True, ignored


def ignored_name(path, part):
    """Return the Problem of a file in the published folders that is never published for its name (``part``)."""
    if dots_only(part):
        return Problem(str(path), None, "error", *dots_only(part))
    if part.startswith("."):
        what = "it" if Path(path).name == part else "the folder"
        return Problem(str(path), None, "error", f'"{part}" starts with a dot, which makes it a hidden file: the '
                       "site never publishes hidden files (programs keep their own notes in them)",
                       f'rename {what} to "{part.lstrip(".")}" and change the link to match')
    return Problem(str(path), None, "error", f'"{part}" matches IGNORE_FILES in the settings, so the site never '
                   "publishes it", "rename it, and change the link to match")


def outside_static_folders(path, settings):
    """Return the Problem of a file Pelican would copy only because a {static} or {attach} link names it."""
    folders = [f"content/{folder}/" for folder in _folders(settings, "STATIC_PATHS") if folder != "."]
    listed = " or ".join(folders) or "the folders in STATIC_PATHS"
    example = (folders[-1] if folders else "content/documents/").removeprefix("content/")
    # The one place these words are written: the build (for the file) and invoke check (at the link) say them.
    return Problem(str(path), None, "error", f"this file is outside the folders the site publishes files from "
                   f"({listed})", f"move it into {listed} and change the link to match, such as "
                   f"{{static}}/{example}{Path(path).name}")


def publish_problems(path, content_root, settings, config=None):
    """Return why a file Pelican would copy as it is may not be published (none: it may): vetting, then its folder."""
    problems = vet(path, content_root, config, plugin_settings.cache_folder(settings))
    if problems:
        return problems
    inside, ignored = _static_place(_content_relative(path, content_root), settings)
    if inside and ignored is not None:
        return [ignored_name(path, ignored)]
    return [] if inside else [outside_static_folders(path, settings)]


def _content_relative(path, content_root):
    # The content folder as written or as its links resolve (a project reached through a link: the checks name
    # files under the resolved folder); the path itself is never resolved, so a link inside content/ is judged
    # where it sits.
    path, root = Path(path).absolute(), Path(content_root).absolute()
    real = root.resolve()
    if not path.is_relative_to(root) and path.is_relative_to(real):
        root = real
    return os.path.relpath(path, root)


def check_static_link(path, settings):
    """Return the problems of a content file linked with {static} or {attach} (none for a file vet_site reads)."""
    root = Path(settings.get("PATH") or "content")
    if in_static_folders(_content_relative(path, root), settings):
        return []  # vet_site names it at its own path, once
    return publish_problems(path, root, settings, plugin_settings.merged(settings))
