"""The generator for theme, role-group, role and "whose voices" pages, and the Atom feeds per theme and group."""

from __future__ import annotations

import logging
import posixpath
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from feedgenerator import Atom1Feed
from markupsafe import Markup
from pelican.generators import ArticlesGenerator, Generator
from pelican.paginator import Paginator
from pelican.utils import sanitised_join, set_date_tzinfo

from .state import STATE_KEY

logger = logging.getLogger(__name__)


class _AtomFeed(Atom1Feed):
    """An Atom feed whose <updated> never depends on the clock, so two builds give the same bytes."""

    def __init__(self, *args, quiet_date, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiet_date = quiet_date

    def latest_post_date(self):
        """Return the newest entry's date, or for an empty feed the site's newest post date."""
        return super().latest_post_date() if self.items else self.quiet_date


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
        """Write one Atom feed: absolute links when SITEURL is absolute, else links relative to the feed."""
        site_url = (self.settings.get("SITEURL") or "").rstrip("/")
        absolute = site_url.startswith(("http://", "https://"))
        host = urlsplit(site_url).hostname if absolute else "localhost"
        folder = posixpath.dirname(path)

        def link(url):
            if absolute:
                return f"{site_url}/{url}"
            relative = posixpath.relpath(url or ".", folder or ".")
            return relative + "/" if (not url or url.endswith("/")) and not relative.endswith("/") else relative

        base = site_url if absolute else posixpath.relpath(".", folder or ".")
        feed = _AtomFeed(
            quiet_date=quiet_date,
            title=title,
            link=link(page_url),
            description=description,
            language=self.settings.get("DEFAULT_LANG"),
            feed_url=link(path),
            feed_guid=link(path) if absolute else f"tag:{host},2000-01-01:/{path}",
            author_name=self.settings.get("TRUST_NAME") or self.settings.get("SITENAME"),
            subtitle=description,
        )
        state = self.context[STATE_KEY]
        limit = state.config.feed_max_items or self.settings.get("FEED_MAX_ITEMS")
        timezone = self.settings.get("TIMEZONE")
        for post in posts[:limit]:
            names = [p.name for p in getattr(post, "author_profiles", [])] or [str(a) for a in getattr(post, "authors", [])]
            summary = post.metadata.get("summary")
            feed.add_item(
                title=Markup(post.title).striptags(),
                link=link(post.url),
                description=summary or None,
                content=post.get_content(base),
                unique_id=f"tag:{host},{post.date:%Y-%m-%d}:/{post.url}",
                author_name=", ".join(names) or None,
                pubdate=set_date_tzinfo(post.date, timezone),
                updateddate=set_date_tzinfo(post.modified, timezone) if hasattr(post, "modified") else None,
                categories=[t.label for t in getattr(post, "themes", [])],
            )
        target = Path(sanitised_join(self.output_path, path))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")
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
