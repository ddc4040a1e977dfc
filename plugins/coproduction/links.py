"""Signal receiver: write each {theme}, {role} and {group} link, and each link from the site's root, as its address."""

from __future__ import annotations

import re

from inmind import sitelinks
from inmind.errors import ContentError, line_of
from inmind.published import is_listed

from .state import STATE_KEY

# Every content object the generators hold, drafts included (Pelican's, and plugins/agm's).
COLLECTIONS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations",
    "pages", "hidden_pages", "draft_pages", "draft_translations", "hidden_translations",
    "agms", "hidden_agms", "draft_agms",
)


def targets(state, roles):
    """Return {form: {slug: path}} for the pages this build writes: every theme and group, and ``roles``."""
    return {
        "theme": {slug: theme.url for slug, theme in state.themes.items()},
        "role": {role.slug: role.url for role in roles},
        "group": {slug: group.url for slug, group in state.groups.items()},
    }


def _items(generators):
    seen = set()
    for generator in generators:
        for name in COLLECTIONS:
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item


def resolve_links(generators):
    """Give every post, page and AGM summary the addresses of the theme, role and group pages it links to."""
    context = generators[0].context if generators else {}
    state = context.get(STATE_KEY)
    if state is None:
        return
    # The roles collect.py found in listed posts: a role only a draft names has no page to link to.
    found = targets(state, context.get("coproduction_roles") or [])
    unlisted = {role.slug for item in _items(generators) if not is_listed(getattr(item, "status", None))
                for profile in getattr(item, "author_profiles", None) or [] for role in profile.roles}
    for item in _items(generators):
        body = getattr(item, "_content", None)
        if not body or "href" not in body:
            continue
        body, unknown = sitelinks.rewrite(body, sitelinks.site_url_of(item), found)
        if unknown:
            # The checks report this first, at the same line; this is for a build run without them.
            form, slug, _rest = sitelinks.split(unknown[0], found)
            message, hint = sitelinks.unknown_slug(unknown[0], form, slug, found[form],
                                                   unlisted if form == "role" else ())
            pattern = rf"[{{|]{form}[}}|]{re.escape(slug)}"
            raise ContentError(message, path=item.source_path, line=line_of(item.source_path, pattern), hint=hint)
        item._content = body
