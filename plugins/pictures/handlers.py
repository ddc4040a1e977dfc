"""Signal receivers: size the pictures of each post as it is read, and write the resized copies."""

from __future__ import annotations

import io
import logging
import os
import shutil
from pathlib import Path

from file_vetting import settings as vetting_settings
from file_vetting.vet import vetted_bytes
from pelican.contents import Article, Page

from inmind.media_cache import forget_unused
from inmind.sitelinks import site_url_of

from . import markup, resize, settings

logger = logging.getLogger(__name__)
CACHE_FOLDER = "pictures"


def validate_settings(pelican):
    """Stop the build at once if PICTURES is wrong."""
    settings.merged(pelican.settings)


def describe(content_root, rel, config, vetting, cache_dir):
    """Return what the markup needs for one picture (sizes, copies), or None when it is not ours to size."""
    path = Path(content_root) / rel
    suffix = path.suffix.lower()
    if not path.is_file():
        return None  # a missing file is the link check's to report
    # The copies are made from the very bytes vetted, read once: never from the file read again later.
    problems, data = vetted_bytes(path, content_root, vetting)
    if problems:
        return None  # a refused file is the file vetting's to report
    if suffix == ".svg":
        size = resize.svg_size(data)
        return {"width": size[0], "height": size[1]} if size else None
    if suffix in resize.AS_THEY_ARE:
        size = resize.size_of(io.BytesIO(data))
        return {"width": size[0], "height": size[1]} if size else None
    if suffix not in resize.RESIZED:
        return None
    fallback, webp = resize.copies(io.BytesIO(data), rel, data, config, cache_dir)
    if fallback is None:
        return None
    return {"resized": True, "src": fallback.site_path, "width": fallback.width, "height": fallback.height,
            "srcset": [(c.site_path, c.width) for c in webp], "files": [fallback, *webp]}


def size_pictures(instance):
    """Give each {static} picture in a post or page its srcset, sizes, width, height and lazy loading."""
    if not isinstance(instance, Article | Page) or not instance._content or "<img" not in instance._content.lower():
        return
    config = settings.merged(instance.settings)
    vetting = vetting_settings.merged(instance.settings)
    root = Path(instance.settings["PATH"])
    cache_dir = Path(instance.settings.get("CACHE_PATH") or "cache") / CACHE_FOLDER
    item_dir = Path(os.path.relpath(Path(instance.source_path).parent, root)).as_posix()
    found = instance._context.setdefault("picture_files", {})
    users = instance._context.setdefault("picture_users", {})
    known = instance._context.setdefault("picture_sizes", {})

    def lookup(src):
        rel = markup.target(src, "" if item_dir == "." else item_dir)
        if rel is None:
            return None
        if rel not in known:
            known[rel] = describe(root, rel, config, vetting, cache_dir)
        picture = known[rel]
        for copy in (picture or {}).get("files", []):
            found[copy.site_path] = copy.cached
            users.setdefault(copy.site_path, []).append(instance)
        return picture

    # The body was sanitised inside the reader, before this object existed, so this step works on clean HTML
    # and adds only attributes made here from the picture files themselves.
    instance._content = markup.rewrite(instance._content, lookup, site_url_of(instance), config.sizes)


def write_copies(generators):
    """Copy each resized picture from the cache into the site being built."""
    if not generators:
        return
    context = generators[0].context
    output = Path(generators[0].output_path)
    # A publish build writes no drafts, and holds scheduled posts back as drafts: a copy only they show is left
    # out with them (safeguarding leaves out the picture itself), so no draft's photo is on the live site.
    drafts_written = bool(generators[0].settings.get("DRAFT_SAVE_AS"))
    users = context.get("picture_users", {})
    kept = set()
    for site_path, cached in sorted(context.get("picture_files", {}).items()):
        used_by = users.get(site_path, ())
        if not drafts_written and used_by and all(item.status == "draft" for item in used_by):
            kept.add(cached)  # a draft's or a scheduled post's: in git already, and wanted again when it goes live
            continue
        target = output / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        kept.add(cached)
    if not drafts_written:
        # A publish build: the cache keeps only the copies of pictures a post of this build shows (inmind.media_cache).
        forget_unused(Path(generators[0].settings.get("CACHE_PATH") or "cache") / CACHE_FOLDER, kept)
