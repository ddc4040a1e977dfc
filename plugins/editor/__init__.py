"""The browser editor at /admin/: Decap CMS, bundled, with a content model generated from the site's own files."""

from pelican import signals

from inmind import verbatim

from .handlers import check_settings, package_copies, write_editor


def register():
    """Connect the receivers."""
    # initialized: a wrong EDITOR setting stops the build before any content is read.
    signals.initialized.connect(check_settings)
    # all_generators_finalized: the output folder is clean and every registry is read, and it comes before
    # `finalized`, where publish_extras reads the editor's CSP from /admin/index.html for the _headers file.
    signals.all_generators_finalized.connect(write_editor)
    # inmind.verbatim: Decap's files are copied unchanged from the pinned package, so the output's real-name
    # scan compares their bytes with the package's instead of reading 5 MB of script.
    verbatim.COPIES.connect(package_copies)
