"""Signal receivers: connect Pelican's run to the background Pagefind indexer."""

from __future__ import annotations

import atexit
import logging
import time
from pathlib import Path

from inmind.errors import ContentError

from . import canonical, selection, settings
from .indexer import BackgroundIndexer, IndexerError
from .page import SearchPageGenerator

logger = logging.getLogger(__name__)

# Pagefind writes these alongside the index for sites that use its ready-made interfaces, and a web
# worker. Our search page has its own interface and searches without the worker (search.js), so they
# would only be dead weight to deploy.
UNUSED_BUNDLE_FILES = (
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)

# One Pelican run at a time: content_written carries no reference to the run, so the run's
# settings and indexer live here, set at initialized and cleared at finalized.
_state = {}


def _stop_indexer():
    indexer = _state.pop("indexer", None)
    if indexer is not None:
        indexer.close()


# A build that stops with an error never reaches finalized; stop its Pagefind process on exit.
atexit.register(_stop_indexer)


def reset(pelican):
    """Start each run clean: stop any indexer a failed run left behind and read the setting once."""
    _stop_indexer()
    _state.clear()
    config = settings.merged(pelican.settings)
    _state["config"] = config
    _state["output_path"] = Path(pelican.output_path).resolve()
    _state["pages"] = 0


def start_indexer(generator):
    """Start Pagefind when the run starts generating, so it is ready when the first page is written."""
    config = _state.get("config")
    if not config or not config.enabled or "indexer" in _state:
        return
    pagefind_config = {"exclude_selectors": list(config.exclude_selectors)}
    if config.force_language:
        pagefind_config["force_language"] = config.force_language
    _state["indexer"] = BackgroundIndexer(pagefind_config)
    _state["started"] = time.perf_counter()


def expect_pages(generators):
    """Note which pages will be indexed, so the index can be written as soon as the last one is in."""
    config = _state.get("config")
    if config and "indexer" in _state:
        _state["expected"] = selection.expected_pages(generators, config.types, config.include, config.exclude)


def add_search_type(content):
    """Give each content object ``search_type``, the label of the search page's "type" filter."""
    config = _state.get("config") or settings.merged(content.settings)
    content.search_type = selection.type_label(content, config.types)


def index_page(path, context):
    """Send a page Pelican has just written to Pagefind, if it is one readers should find."""
    indexer = _state.get("indexer")
    if indexer is None:
        return
    config = _state["config"]
    resolved = Path(path).resolve()
    rel_path = selection.relative_output_path(resolved, _state["output_path"])
    if rel_path is None or not selection.path_selected(rel_path, config.include, config.exclude):
        return
    if selection.is_unlisted(context):
        return
    if not selection.is_marked(Path(path).read_text(encoding="utf-8")):
        return
    indexer.add_file(resolved, selection.page_url(rel_path), page=selection.source_of(context) or path,
                     site=_state["output_path"])
    _state["pages"] += 1
    expected = _state.get("expected")
    if expected and rel_path in expected:
        expected.discard(rel_path)
        if not expected:
            # Every article, page and AGM is in: Pagefind builds and writes the index on the second
            # core while Pelican writes the listings, theme pages, feeds and static files.
            indexer.write_soon(_state["output_path"] / config.output_dir)


def finalize(pelican):
    """Write the index, then forget this run: one receiver, so the order of the two steps is this one."""
    try:
        write_index(pelican)
    finally:
        finish(pelican)


def write_index(pelican):
    """Wait for Pagefind, write the index into the output folder, and fail the build on any error."""
    indexer = _state.pop("indexer", None)
    config = _state.get("config")
    if indexer is None or not config:
        return
    target = Path(pelican.output_path).resolve() / config.output_dir
    try:
        count = indexer.finish(target)
    except IndexerError as exc:
        raise ContentError(
            f"the search index could not be built: {exc.message}",
            path=exc.page,
            hint="Pagefind (the search indexer) stopped with the message above; if it names your page, "
            "check its HTML, otherwise tell the web team and include this message",
        ) from None
    for name in UNUSED_BUNDLE_FILES:
        (target / name).unlink(missing_ok=True)
    try:
        canonical.canonicalise(target)
    except (canonical.FormatError, OSError, ValueError, KeyError) as exc:
        raise ContentError(
            f"the search index could not be put in a fixed order: {exc}",
            hint="Pagefind wrote files this site does not recognise (was Pagefind upgraded?); tell the web team",
        ) from None
    logger.info("site_search: indexed %d pages in %.1fs", count, time.perf_counter() - _state.get("started", 0))


def finish(pelican):
    """Forget this run, so the next one (autoreload, tests) starts clean."""
    _stop_indexer()
    _state.clear()


def get_generators(pelican):
    """Add the generator that writes the search page."""
    return SearchPageGenerator
