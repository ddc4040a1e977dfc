"""The run's state: the setting, vocabulary, registry and the pages' objects, loaded once per Pelican run."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from pelican.urlwrappers import Author

from . import model, privacy, private, rules, settings, vocabulary, wordmodel
from .learned import LEARNED, load_learned
from .tagger import Tagger

# Pelican's loggers drop a message they have logged before in the same process; the "check skipped"
# warning must be said by every build (a publish build after a preview one in the dev server or a test).
privacy_logger = logging.getLogger(f"{__name__}.privacy")
if hasattr(privacy_logger, "disable_filter"):
    privacy_logger.disable_filter()

# The run's state lives on the generators' shared context (one dict per Pelican run), never in a global,
# so autoreload and test builds in one process never see a previous run's vocabulary.
STATE_KEY = "_coproduction_state"


class State:
    """Everything one run needs: the setting, the vocabulary, the registry and the pages' objects."""

    def __init__(self, pelican_settings):
        self.settings = pelican_settings
        self.config = config = settings.merged(pelican_settings)
        content = Path(pelican_settings.get("PATH") or ".")
        self.vocabulary_path = content / config.vocabulary
        self.authors_path = content / config.authors
        entries = vocabulary.load_themes(self.vocabulary_path)
        authors = vocabulary.load_authors(self.authors_path)
        self.registry = vocabulary.Registry(authors, private.load(authors, pelican_settings))
        self.matcher = privacy.Matcher(self.registry.hidden())
        self.skipped = private.skipped_message(authors, self.authors_path)
        for registry_file in (self.authors_path, self.vocabulary_path):
            # The registries are published in part (labels, bios), and they are in git.
            found = private.first_error(private.scan_file(self.matcher, registry_file, private.read_text(registry_file)))
            if found is not None:
                raise found
        self.tagger = Tagger(
            entries,
            weights=config.weights,
            threshold=config.threshold,
            max_auto_themes=config.max_auto_themes,
            body_words=config.body_words,
            top_share=config.top_share,
            short_body_words=config.short_body_words,
            short_top_share=config.short_top_share,
            learned=load_learned(LEARNED, {e.slug for e in entries}) if config.learned_words else None,
            model=wordmodel.load(wordmodel.TABLE, {e.slug for e in entries}) if config.word_model else None,
        )
        feeds = config.feeds
        self.themes = {
            e.slug: model.Theme(
                slug=e.slug,
                label=e.label,
                description=e.description,
                url=config.theme_url.format(slug=e.slug),
                save_as=config.theme_save_as.format(slug=e.slug),
                feed_url=config.theme_feed.format(slug=e.slug) if feeds else "",
            )
            for e in entries
        }
        self.theme_names = rules.ThemeNames(list(self.themes.values()), self.vocabulary_path.name)
        self.groups = {
            slug: model.Group(
                slug=slug,
                label=label,
                url=config.group_url.format(slug=slug),
                save_as=config.group_save_as.format(slug=slug),
                feed_url=config.group_feed.format(slug=slug) if feeds else "",
            )
            for slug, label in vocabulary.ROLE_GROUPS.items()
        }
        self.profiles = {}
        # Marks the posts annotated in this run; posts from Pelican's content cache carry an older mark.
        self.run_id = uuid.uuid4().hex
        # Posts read but not scored yet, with their text as read: (post, themes named, automatic on, texts).
        self.unscored = []
        for entry in self.registry.authors:
            self.profiles[entry.slug] = model.Profile(
                name=entry.name,
                slug=entry.slug,
                url=self.author_url(entry.name, entry.slug),
                roles=[self.role(label) for label in entry.roles],
                group=self.groups[entry.role_group] if entry.role_group else None,
                bio=entry.bio,
                anonymous=entry.anonymous,
            )
        # (full pattern, public name) to replace a real name written out plainly in body text
        self.replacements = [(vocabulary.name_pattern(real), hidden.public_name) for real, hidden in self.registry.real_names()]

    def author_url(self, name, slug):
        """Return an author page's URL exactly as Pelican will write it."""
        author = Author(name, self.settings)
        author.slug = slug
        return author.url

    def role(self, label):
        """Return a Role for a role's text; its posts, and whether it has a page, are for collect.py to say."""
        slug = model.slugify(label)
        return model.Role(
            slug=slug,
            label=label,
            url=self.config.role_url.format(slug=slug),
            save_as=self.config.role_save_as.format(slug=slug),
        )


def state_for(context, pelican_settings):
    """Return this run's State, loading it the first time."""
    if context is None:
        # Content made without the shared context (rare: a plugin reading files on its own) still
        # gets annotated, from a State of its own.
        return State(pelican_settings)
    if STATE_KEY not in context:
        context[STATE_KEY] = State(pelican_settings)
    return context[STATE_KEY]


# --- generator_init ---


def load(generator):
    """Read the setting, vocabulary and registry before any content is read, so mistakes stop the run early."""
    fresh = generator.context is not None and STATE_KEY not in generator.context
    state = state_for(generator.context, generator.settings)
    if fresh and state.skipped:
        # A warning, so a publish build (warnings are errors) never goes out unchecked.
        privacy_logger.warning(state.skipped)
