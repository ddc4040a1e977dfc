"""Co-production: themes and author roles on every post, theme / role pages, feeds and "whose voices".

Templates can rely on exactly this (see README.md in this folder for the full story):

On every article and AGM summary (drafts too):
- ``item.themes``: ItemTheme objects, explicit ``Themes:`` first, then automatic ones by score, each with
  ``.slug .label .url .description .automatic .score .evidence``.
- ``item.author_profiles``: Profile objects with ``.name .slug .url .roles`` (Role: ``.label .slug .url``)
  ``.group`` (Group: ``.slug .label .url``) ``.bio .anonymous``. Names are public names only.
- ``item.related_posts``: up to 3 other published posts ranked by shared themes, newest first on a tie.

On the context of every template:
- ``coproduction_themes``: every Theme (vocabulary order) with ``.posts`` and ``.count``.
- ``coproduction_groups``: every Group (fixed order) with ``.posts .count .roles .authors``.
- ``coproduction_roles``: Roles with published posts, by label, with ``.posts .count .groups .authors``.
- ``coproduction_authors``: ``{author slug: Profile}`` for author pages: writers of listed posts, with the roles
  and group those posts give them.
Every list, count, page and link target is made from listed posts only (``inmind.published``).
- ``coproduction_voices``: the "whose voices" figures (``.years .groups .totals .posts .outside
  .share_percent .svg``).
"""

import blinker
from pelican import signals
from pelican.plugins import granular_signals

from inmind import pipeline

from . import annotate, collect, links, output_scan, state
from .checks import check as check_content  # noqa: F401 - invoke check asks for it (inmind/config.py)
from .checks import (
    check_files,  # noqa: F401 - invoke check asks for it (inmind/config.py)
    check_ids,  # noqa: F401 - CHECKS["severity"] may set real-name-close (inmind/config.py)
    withhold_names,  # noqa: F401 - every problem shown passes it (inmind/check.py)
)
from .facts import generated_paths, link_targets, metadata_fields, site_pages  # noqa: F401 - invoke check asks for these (inmind/config.py)
from .pages import CoproductionGenerator, share_templates


def get_generators(pelican):
    """Return the generator that writes the theme, role and voices pages and feeds."""
    return CoproductionGenerator


def register():
    """Connect the receivers."""
    # generator_init: the first generator exists before any file is read, so a bad setting, vocabulary
    # or registry stops the run at once, and the run's state can live on the shared context.
    signals.generator_init.connect(state.load)
    # content_object_init, stage "annotate" (inmind/pipeline.py): every article, AGM summary and page passes
    # here right after it is read and its videos are expanded, before Pelican groups posts by author; so
    # themes are found in transcripts too, real names are replaced (transcripts included) before author
    # pages, feeds, search or JSON-LD can see them, and every post carries its profiles and the text its
    # themes come from.
    pipeline.connect("content", "annotate", annotate.annotate_content)
    # all_generators_finalized, stage "collect": every generator (blog and AGM) has read its content and
    # nothing is written yet, so every post read is scored in one pass before anything reads its themes, and
    # theme and role lists, related posts and the voices figures cover all posts.
    pipeline.connect("gathered", "collect", collect.collect)
    # all_generators_finalized, stage "collect": every generator exists and nothing is written yet, so our
    # pages can render with the blog's Jinja environment, whose templates its own pages compile first.
    pipeline.connect("gathered", "collect", share_templates)
    # all_generators_finalized, stage "enrich": after "collect", every role page this build writes is known
    # (a guest's Author-role names one), and nothing is written yet; so each {theme}, {role} and {group} link, and
    # each link from the site's root, gets the address that works wherever the site is published.
    pipeline.connect("gathered", "enrich", links.resolve_links)
    # get_generators: our pages are a generator of their own, written after the context is complete.
    signals.get_generators.connect(get_generators)
    # deploy (pelican-granular-signals, sent after finalized, "optimize" and "compress"): every file is
    # written, the search index and compressed copies included; a last check that no real name got out.
    granular_signals.register()
    blinker.signal("deploy").connect(output_scan.check_output)
    # page_writer_finalized: Pelican's pages are written; searching them starts in a process of its own while
    # Pagefind indexes them and Pelican writes our pages. finalized: the rest written by then (the search
    # index, our pages, share cards) while the build waits for its helpers. Only saves work: deploy checks
    # every byte either way, so the two need no order between them or with other receivers.
    signals.page_writer_finalized.connect(output_scan.start_early_pages)
    signals.finalized.connect(output_scan.start_early)
