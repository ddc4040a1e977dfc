"""Share cards: each post shares as a large picture, its own (Share-image:) or a card drawn from its title."""

from pelican import signals

from inmind import pipeline

from .checks import check as check_content  # noqa: F401 - invoke check asks for it (inmind/config.py)
from .fields import editor_fields  # noqa: F401 - the browser editor asks the plugin for it
from .handlers import draw_cards, finish_cards, validate_settings


def register():
    """Connect the receivers."""
    # initialized: a wrong SHARE_CARDS or a missing font stops the build before anything is read.
    signals.initialized.connect(validate_settings)
    # all_generators_finalized, stage "enrich" (inmind/pipeline.py): every post is read and has its series
    # and final title; nothing is written yet, and no other step reads share_card.
    pipeline.connect("gathered", "enrich", draw_cards)
    # finalized: the pages are written; the cards drawn meanwhile must be in place before the steps that
    # pelican-granular-signals sends after every finalized receiver (_headers, compression, the output check).
    signals.finalized.connect(finish_cards)
