"""Production extras: robots.txt, a _headers file for static hosts, and a reproducible sitemap."""

import blinker
from pelican import signals
from pelican.plugins import granular_signals

from .handlers import check_settings, date_index_pages, write_extras


def register():
    """Connect the receivers."""
    # initialized: a wrong setting or a missing SITE_URL stops the build before any work is done.
    signals.initialized.connect(check_settings)
    # all_generators_finalized: every item is known, and the sitemap has not been written yet.
    signals.all_generators_finalized.connect(date_index_pages)
    # Pelican runs `finalized` receivers in no fixed order (blinker keeps them in a set), so wait for
    # pelican-granular-signals' "optimize", sent after all of them (search index, asset bundles, sitemap)
    # and before "compress", when pelican-precompress writes the .gz and .br copies.
    granular_signals.register()
    blinker.signal("optimize").connect(write_extras)
