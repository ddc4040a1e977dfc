"""Article extras: reading time, previous/next posts, series place, share metadata and JSON-LD."""

from pelican import signals

from inmind import pipeline

from .handlers import add_template_filters, check_settings, enrich


def register():
    """Connect the receivers."""
    # initialized: a wrong setting stops the build before any content is read.
    signals.initialized.connect(check_settings)
    # generator_init: filters must exist before the first template renders.
    signals.generator_init.connect(add_template_filters)
    # all_generators_finalized, stage "enrich" (inmind/pipeline.py): after coproduction's "collect", so every
    # post has its themes and author profiles; nothing is written yet.
    pipeline.connect("gathered", "enrich", enrich)
