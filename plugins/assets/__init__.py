"""Theme asset bundles: concatenated, optionally minified and content-hashed CSS and JS."""

from pelican import signals

from .handlers import add_template_globals, finalize, reset


def register():
    """Connect the receivers."""
    # initialized: start every run clean, even after a failed one in the same process.
    signals.initialized.connect(reset)
    # generator_init: every generator has its Jinja environment before any template renders.
    signals.generator_init.connect(add_template_globals)
    # finalized: the output folder exists and every page that names an asset has been written.
    signals.finalized.connect(finalize)
