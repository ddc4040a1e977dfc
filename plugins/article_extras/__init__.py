"""Article extras: reading time, previous/next posts, series place, share metadata, JSON-LD, safe external links."""

from pelican import signals

from .handlers import add_template_filters, check_settings, enrich, mark_external_links


def register():
    """Connect the receivers."""
    # initialized: a wrong setting stops the build before any content is read.
    signals.initialized.connect(check_settings)
    # content_object_init: change the body through _content before anything caches the rendered HTML.
    signals.content_object_init.connect(mark_external_links)
    # generator_init: filters must exist before the first template renders.
    signals.generator_init.connect(add_template_filters)
    # all_generators_finalized: every plugin has attached its data (themes, author profiles), nothing is written yet.
    signals.all_generators_finalized.connect(enrich)
