"""The generator for theme, role-group, role and "whose voices" pages, and the Atom feeds per theme and group."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from pelican.generators import ArticlesGenerator, Generator
from pelican.paginator import Paginator
from pelican.utils import sanitised_join, set_date_tzinfo

from . import feeds
from .state import STATE_KEY

logger = logging.getLogger(__name__)


class CoproductionGenerator(Generator):
    """Write the co-production pages and feeds from what collect.py gathered on the context."""

    def generate_context(self):
        """Nothing to read: posts are tagged as they are read, and gathered at all_generators_finalized."""

    def reuse_templates(self, blog):
        """Render with the blog generator's Jinja environment, where base.html and the partials are compiled."""
        self.env, self._templates = blog.env, {}

    def generate_output(self, writer):
        """Write every page and feed."""
        state = self.context.get(STATE_KEY)
        if state is None or "coproduction_themes" not in self.context:
            return
        config = state.config
        self._write(writer, "themes", config.themes_save_as, config.themes_url, themes=self.context["coproduction_themes"])
        for theme in state.themes.values():
            self._write_paginated(writer, "theme", theme, theme=theme)
        self._write(writer, "voices", config.voices_save_as, config.voices_url, voices=self.context["coproduction_voices"])
        for group in state.groups.values():
            self._write_paginated(writer, "role_group", group, group=group)
        for role in self.context["coproduction_roles"]:  # only roles that listed posts name (collect.py)
            self._write_paginated(writer, "role", role, role=role)
        if config.feeds:
            site = self.settings.get("SITENAME", "")
            # An empty feed's date: the site's newest post, found once for every feed.
            newest = max((p.date for p in self.context.get("articles") or []), default=None)
            quiet = set_date_tzinfo(newest, self.settings.get("TIMEZONE")) if newest else datetime(2000, 1, 1, tzinfo=UTC)
            for theme in state.themes.values():
                self._write_feed(theme.feed_url, f"{site} – theme: {theme.label}", theme.description, theme.url, theme.posts,
                                 quiet)
            for group in state.groups.values():
                self._write_feed(group.feed_url, f"{site} – voices: {group.label}",
                                 f"Posts by {group.label.lower()} authors", group.url, group.posts, quiet)

    def _write(self, writer, template, save_as, url, **kwargs):
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={},
            url=url,
            template_name=template,
            **kwargs,
        )

    def _write_paginated(self, writer, template, subject, **kwargs):
        """Write a listing in pages, with the site's PAGINATION_PATTERNS ("/page/2/" never meets another slug)."""
        state = self.context[STATE_KEY]
        per_page = state.config.per_page or self.settings.get("DEFAULT_PAGINATION") or None
        paginator = Paginator(subject.save_as, subject.url, subject.posts, self.settings, per_page)
        pages = [paginator.page(n) for n in range(1, paginator.num_pages + 1)]
        for index, page in enumerate(pages):
            writer.write_file(
                page.save_as,
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={},
                url=page.url,
                template_name=template,
                articles=subject.posts,
                articles_paginator=paginator,
                articles_page=page,
                articles_previous_page=pages[index - 1] if index else None,
                articles_next_page=pages[index + 1] if index + 1 < len(pages) else None,
                **kwargs,
            )

    def _write_feed(self, path, title, description, page_url, posts, quiet_date):
        """Write one Atom feed (feeds.py)."""
        state = self.context[STATE_KEY]
        target = Path(sanitised_join(self.output_path, path))
        feeds.write_feed(target, path, self.settings.get("SITEURL"), self.settings, title=title, description=description,
                         page_url=page_url, posts=posts, quiet_date=quiet_date,
                         limit=state.config.feed_max_items or self.settings.get("FEED_MAX_ITEMS"))
        logger.debug("coproduction: wrote %s", target)


# --- all_generators_finalized ---


def share_templates(generators):
    """Give our generator the blog generator's Jinja environment, so the theme's templates compile once per build."""
    # Every generator's environment is built alike from the settings, and every generator_init receiver gives
    # each the same filters and globals, so a page renders to the same bytes in either. Handed over here, not
    # kept on the shared context: Pelican's content cache pickles that context, and an environment's globals
    # hold functions pickle refuses.
    blog = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if blog is None:
        return
    for generator in generators:
        if isinstance(generator, CoproductionGenerator):
            generator.reuse_templates(blog)
