"""Scheduling: day-first dates, posts held until their time by one clock, and a banner on scheduled posts."""

from pelican import signals

from .fields import editor_fields  # noqa: F401 - the browser editor asks the plugin for it
from .handlers import hold_until_due, mark_scheduled, read_dates_day_first, validate_settings


def register():
    """Connect the receivers."""
    # initialized: before any file is read, so every Date: (posts, pages, AGM summaries) is read day first.
    signals.initialized.connect(validate_settings)
    signals.initialized.connect(read_dates_day_first)
    # article_generator_pretaxonomy: the articles are sorted into published and drafts, and no listing, series or
    # theme has been built from them yet, so moving a post between the two is seen by every later step.
    signals.article_generator_pretaxonomy.connect(hold_until_due)
    # article_generator_finalized: the preview's scheduled posts get their banner text before any template runs.
    signals.article_generator_finalized.connect(mark_scheduled)
