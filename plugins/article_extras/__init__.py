"""Article extras: reading time, previous/next posts, series place, share metadata and JSON-LD."""

from pelican import signals

from .handlers import add_template_filters, check_settings, enrich


def register():
    """Connect the receivers."""
    # initialized: a wrong setting stops the build before any content is read.
    signals.initialized.connect(check_settings)
    # generator_init: filters must exist before the first template renders.
    signals.generator_init.connect(add_template_filters)
    # all_generators_finalized: every plugin has attached its data (themes, author profiles), nothing is written yet.
    signals.all_generators_finalized.connect(enrich)
