"""Safeguarding: consent and withdrawal, content notes and safe messaging, crisis help and review dates.

Templates can rely on:
- ``crisis_contacts`` (context): the Contacts from the one crisis contacts file, each with
  ``.before .link .after .kind .number .body .href``;
- ``crisis_search_words`` (context): the words that make the search page lead with the urgent-help box;
- on every article, page and AGM summary: ``.content_note`` (text or None), ``.reviewed`` and
  ``.review_due`` (dates or None), ``.updated`` (the Modified: date when later than the date, else None).
A withdrawn story (``Status: withdrawn``) is never made into content; its address gets ``withdrawn.html``.
"""

from pelican import signals

from inmind import pipeline

from . import handlers
from .checks import check as check_content  # noqa: F401 - invoke check asks the plugin for it
from .checks import (
    check_ids,  # noqa: F401 - CHECKS["severity"] may set these (inmind/config.py)
    consent_placeholder,  # noqa: F401 - ./dev new asks it whether a new post needs Consent:
    reports_field,  # noqa: F401 - the field lines its check names itself (inmind/config.py)
)
from .fields import editor_fields  # noqa: F401 - the browser editor asks the plugin for it


def get_generators(pelican):
    """Return the generator that writes the pages at withdrawn stories' addresses."""
    return handlers.WithdrawnGenerator


def register():
    """Connect the receivers."""
    # generator_init: before any file is read, so a bad setting or contacts file stops the run at once,
    # and the contacts are on the shared context for every template.
    signals.generator_init.connect(handlers.load)
    # article_ and page_generator_context: the first moment a file's metadata exists, before any content
    # object (and so any other plugin's receiver) does; a withdrawn story is turned into Pelican's "skip".
    signals.article_generator_context.connect(handlers.withdraw_article)
    signals.page_generator_context.connect(handlers.withdraw_page)
    # content "annotate" stage: after "expand", so numbers in inlined video transcripts become links too;
    # it reads only the item's own metadata and text outside links, so coproduction's step beside it is
    # independent of it.
    pipeline.connect("content", "annotate", handlers.annotate)
    # static_generator_finalized: every static file is known and none is copied yet. file_vetting filters
    # the same list in place for other reasons; either order keeps the same files.
    signals.static_generator_finalized.connect(handlers.drop_pictures)
    signals.get_generators.connect(get_generators)
