"""Production extras: robots.txt, a _headers file for static hosts, compressed copies and a reproducible sitemap."""

import blinker
from pelican import signals
from pelican.plugins import granular_signals

from inmind import pipeline

from .handlers import check_settings, compress_soon, date_index_pages, write_compressed, write_extras


def register():
    """Connect the receivers."""
    # initialized: a wrong setting or a missing SITE_URL stops the build before any work is done.
    signals.initialized.connect(check_settings)
    # all_generators_finalized: every item is known, and the sitemap has not been written yet.
    pipeline.connect("gathered", "enrich", date_index_pages)
    # Pelican runs `finalized` receivers in no fixed order (blinker keeps them in a set), so use
    # pelican-granular-signals, which sends "optimize" and then "compress" after all of them: the
    # search index, asset bundles and sitemap are written by then, and compression comes last.
    granular_signals.register()
    blinker.signal("optimize").connect(write_extras)
    blinker.signal("compress").connect(write_compressed)
    # content_written and feed_written: each page and feed is compressed on a worker thread as soon as it is
    # written, overlapping the rendering; "compress" then keeps each copy whose file is unchanged and
    # compresses the rest.
    signals.content_written.connect(compress_soon)
    signals.feed_written.connect(compress_soon)
