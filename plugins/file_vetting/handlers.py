"""Signal receivers: check the setting once, and drop every static file the vetting refuses."""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

from inmind.errors import ContentError, Problem
from inmind.urls import tidy_address

from . import settings
from .strip import strip
from .walk import publish_problems

logger = logging.getLogger(__name__)


def validate_settings(pelican):
    """Stop the build at once if FILE_VETTING is wrong."""
    settings.merged(pelican.settings)


def _leaves_output(save_as):
    normal = posixpath.normpath(str(save_as).replace(os.sep, "/"))
    return os.path.isabs(save_as) or normal == ".." or normal.startswith("../")


def refuse_unsafe_files(generator):
    """Remove refused files from what the static generator copies, and report each as an error."""
    config = settings.merged(generator.settings)
    kept, refused = [], []
    for static in generator.staticfiles:
        # The path Pelican itself opens to copy the file, so a link is judged by where it really leads.
        source = Path(os.path.join(generator.path, static.source_path))
        problems = publish_problems(source, generator.path, generator.settings, config)
        if not problems and _leaves_output(static.save_as):
            problems = [Problem(str(source), None, "error", f"this file would be written outside the site's "
                                f"folder ({static.save_as})", "give it an ordinary name inside content/")]
        if problems:
            refused.append((static, problems))
        else:
            kept.append(static)
            # Pelican writes a link to the file with its name as it is; "Annual report.pdf" needs its space encoded.
            address = tidy_address(static.url)
            if address != static.url:
                static.override_url = address
    if not refused:
        return
    # The context holds this same list; change it in place so nothing refused is ever copied.
    generator.staticfiles[:] = kept
    gone = {id(static) for static, _ in refused}
    static_content = generator.context.get("static_content", {})
    for key in [k for k, v in static_content.items() if id(v) in gone]:
        del static_content[key]
    for static, problems in refused:
        for problem in problems:
            try:
                raise ContentError(problem.message, path=problem.path, line=problem.line, hint=problem.hint)
            except ContentError:
                # The build's log collector takes the ContentError being handled, with its path and hint.
                logger.error("file_vetting: refused %s", static.source_path)


PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


def strip_published(pelican):
    """Rewrite every published picture without its metadata (EXIF, XMP, comments), the pixels untouched."""
    for folder, _dirs, files in os.walk(pelican.output_path):
        for name in files:
            if name.lower().endswith(PICTURES):
                strip_file(Path(folder) / name)


def strip_file(path):
    """Rewrite ``path`` without its picture's metadata, if it has any; a new file, so a linked original is untouched."""
    data = path.read_bytes()
    stripped = strip(data)
    if stripped == data:
        return
    temporary = path.with_name(f".{path.name}.stripped")
    temporary.write_bytes(stripped)
    os.replace(temporary, path)
