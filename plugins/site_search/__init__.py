"""Site search: a Pagefind index of articles, pages and AGM summaries, built while Pelican renders."""

from pelican import signals

from inmind import pipeline

from . import handlers
from .facts import generated_paths, site_pages  # noqa: F401 - invoke check asks for these (inmind/config.py)


def register():
    """Connect the receivers."""
    # initialized: read SITE_SEARCH once and stop anything a failed earlier run left running.
    signals.initialized.connect(handlers.reset)
    # generator_init: the run has really started (Pelican is generating, not just configured), so
    # start Pagefind now; it is warm by the time the first page is written.
    signals.generator_init.connect(handlers.start_indexer)
    # all_generators_finalized: every item is read, so the pages to be indexed are known.
    pipeline.connect("gathered", "enrich", handlers.expect_pages)
    # content_object_init: each article, page and AGM learns its "type" label before templates run.
    pipeline.connect("content", "label", handlers.add_search_type)
    # get_generators: the search page is written by this plugin, so it exists exactly when the index does.
    signals.get_generators.connect(handlers.get_generators)
    # content_written: each page goes to Pagefind the moment it is written, so the binary indexes
    # on the second core while Pelican renders the next page.
    signals.content_written.connect(handlers.index_page)
    # finalized: every page has been written; wait for Pagefind and write the index. Then forget the run.
    signals.finalized.connect(handlers.finalize)
