"""Signal receivers: check the setting once, and drop every static file the vetting refuses."""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

from pelican.generators import StaticGenerator

from inmind.errors import ContentError, Problem
from inmind.urls import tidy_address

from . import settings
from .clean import cleaned
from .kinds import EXTENSIONS
from .links import label, linked_file
from .svg import Refused
from .vet import published_copy, vet
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


def publish_vetted(generators):
    """Write each static file as the clean copy of the bytes vetted now, read once; Pelican then copies none.

    Pelican would open each file again to copy it, after the checks: a file changed or swapped for a link in
    between (a save while ./dev serve rebuilds, or on purpose) would be published unchecked.
    """
    for generator in generators:
        if not isinstance(generator, StaticGenerator):
            continue
        config = settings.merged(generator.settings)
        cache = settings.cache_folder(generator.settings)
        output = Path(generator.output_path)
        for static in generator.context.get("staticfiles") or []:
            source = Path(os.path.join(generator.path, static.source_path))
            problems, data = published_copy(source, generator.path, config, cache)
            if problems:
                problem = problems[0]
                raise ContentError(f"{problem.message} (it changed after it was checked, and was not published)",
                                   path=problem.path, hint=problem.hint)
            _write(output / static.save_as, data)
        # The same list is what Pelican copies from (StaticGenerator.generate_output): every file is written.
        generator.context["staticfiles"] = []


def _write(target, data):
    """Write ``data`` as a new file at ``target`` (replacing a file or a link there, never writing through it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.vetted")
    temporary.write_bytes(data)
    os.replace(temporary, target)


def strip_published(pelican):
    """Rewrite every published picture and document as its copy without metadata (see clean.py)."""
    output = Path(pelican.output_path)
    cache = settings.cache_folder(pelican.settings)
    for folder, _dirs, files in os.walk(output):
        for name in files:
            kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
            if kind:
                strip_file(Path(folder) / name, kind, output, cache)


def strip_file(path, kind, output, cache_dir=None):
    """Rewrite ``path`` as its published copy, if that differs; a new file, so a linked original is untouched."""
    data = path.read_bytes()
    try:
        stripped = cleaned(kind, data, cache_dir)
    except Refused as exc:
        # Vetting refused every such file from content/; this one was written by something else.
        raise ContentError(f"the published copy of this file cannot be made: {exc}", path=str(path.relative_to(output)),
                           hint=exc.hint or "remove the file, or replace it with one the site can check") from None
    if stripped == data:
        return
    temporary = path.with_name(f".{path.name}.stripped")
    temporary.write_bytes(stripped)
    os.replace(temporary, path)


def _published_size(root, rel, config, cache):
    """Return the size of the copy readers download (rebuilt without its details), or None if it is not published."""
    path = Path(root) / rel
    kind = EXTENSIONS.get(path.suffix.lower())
    # A missing file is the link check's to report, a refused one the vetting's (at static_generator_finalized).
    if not kind or not path.is_file() or vet(path, root, config, cache):
        return None
    try:
        return len(cleaned(kind, path.read_bytes(), cache))  # made by vet just now: answered from memory
    except (OSError, Refused):
        return None


def document_sizes(item_dir, pelican_settings, context):
    """Return size_of(address) for links from a file in ``item_dir``: the size of the copy readers download, or None."""
    config = settings.merged(pelican_settings)
    cache = settings.cache_folder(pelican_settings)
    root = pelican_settings["PATH"]
    known = context.setdefault("document_sizes", {})

    def size_of(address):
        rel = linked_file(address, item_dir)
        if rel is None:
            return None
        if rel not in known:
            known[rel] = _published_size(root, rel, config, cache)
        return known[rel]

    return size_of


def label_document_links(instance):
    """Add each linked document's type and size to its link text, from the vetted file."""
    body = getattr(instance, "_content", None)
    if not body or "<a" not in body.lower():
        return
    root = instance.settings["PATH"]
    item_dir = Path(os.path.relpath(Path(instance.source_path).parent, root)).as_posix()
    instance._content = label(body, document_sizes("" if item_dir == "." else item_dir, instance.settings,
                                                    instance._context))
