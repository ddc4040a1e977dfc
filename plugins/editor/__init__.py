"""The browser editor at /admin/: Decap CMS, bundled, with a content model generated from the site's own files."""

from pelican import signals

from .handlers import check_settings, write_editor


def register():
    """Connect the receivers."""
    # initialized: a wrong EDITOR setting stops the build before any content is read.
    signals.initialized.connect(check_settings)
    # finalized: every page is written, so the stylesheet the pages link is known for the preview pane.
    signals.finalized.connect(write_editor)
