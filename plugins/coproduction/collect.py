"""Across every post once all are read (all_generators_finalized): lists, related posts, voices, author pages.

Everything here is made from the listed posts alone (``inmind.published``): a draft, a scheduled post or a hidden
one is annotated so that its own page can show its themes and byline, but no theme, group or role count, role
page, author profile, related-posts list or voices figure is made from it.
"""

from __future__ import annotations

import dataclasses

from pelican.generators import ArticlesGenerator

from inmind.published import listed_posts

from . import annotate, chart, model
from .state import state_for


def collect(generators):
    """Fill theme, group and role pages, related posts and the "whose voices" figures; publish them on the context."""
    articles_generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_generator is None:
        return
    context = articles_generator.context
    state = state_for(context, articles_generator.settings)
    # Every post read in this run (blog and AGM) gets its themes now, scored in one pass.
    annotate.score_read_posts(state)
    g = articles_generator
    for item in (*g.articles, *g.translations, *g.drafts, *g.drafts_translations, *g.hidden_articles, *g.hidden_translations):
        if getattr(item, "_coproduction_run", None) != state.run_id:
            # Read from Pelican's content cache (CACHE_CONTENT), so content_object_init never saw it in this run.
            annotate.annotate(item, state)
    posts = [p for p in listed_posts(generators) if hasattr(p, "themes")]

    for bucket in (*state.themes.values(), *state.groups.values()):
        bucket.posts = []
    for group in state.groups.values():
        group.roles, group.authors = [], []
    for post in posts:
        for item_theme in post.themes:
            item_theme.theme.posts.append(post)
        for group in dict.fromkeys(p.group for p in post.author_profiles if p.group):
            group.posts.append(post)

    profiles = published_profiles(posts)
    roles = published_roles(posts, profiles, state)
    for profile in profiles.values():
        if profile.group:
            profile.group.authors.append(profile)
    for role in roles:
        for group in role.groups:
            group.roles.append(role)
    for group in state.groups.values():
        group.roles.sort(key=lambda r: r.label.casefold())
        group.authors.sort(key=lambda p: p.name.casefold())

    related = model.related(posts, lambda p: [t.slug for t in p.themes], state.config.related_posts)
    for post in posts:
        post.related_posts = related[id(post)]

    groups = list(state.groups.values())
    blog = {id(a) for a in articles_generator.articles}
    articles = [p for p in posts if id(p) in blog]
    voices = model.voices(articles, lambda p: [pr.group.slug for pr in p.author_profiles if pr.group], groups)
    voices = dataclasses.replace(voices, svg=chart.voices_svg(voices, context.get("SITENAME") or "the blog"))
    _add_agms_to_author_pages(articles_generator, [p for p in posts if id(p) not in blog])

    context["coproduction_themes"] = list(state.themes.values())
    context["coproduction_groups"] = groups
    context["coproduction_roles"] = roles
    context["coproduction_authors"] = profiles
    context["coproduction_voices"] = voices


def published_profiles(posts):
    """Return ``{slug: Profile}`` of every writer of ``posts``: roles and group joined from those posts only."""
    found = {}
    for post in posts:
        for profile in post.author_profiles:
            joined = found.get(profile.slug)
            if joined is None:
                joined = found[profile.slug] = dataclasses.replace(profile, roles=[], posts=[])
            for role in profile.roles:
                if role.slug not in {r.slug for r in joined.roles}:
                    joined.roles.append(role)
            joined.group = joined.group or profile.group
            if not joined.posts or joined.posts[-1] is not post:
                joined.posts.append(post)
    return found


def published_roles(posts, profiles, state):
    """Return the Roles that ``posts`` name, by label, each with its posts, groups and authors: one page each."""
    roles = {}
    for post in reversed(posts):
        for profile in post.author_profiles:
            for written in profile.roles:
                # A fresh Role per build, spelt as the oldest listed post that names it spells it.
                role = roles.get(written.slug)
                if role is None:
                    role = roles[written.slug] = state.role(written.label)
                if not role.posts or role.posts[-1] is not post:
                    role.posts.append(post)
                joined = profiles[profile.slug]
                if joined not in role.authors:
                    role.authors.append(joined)
                if joined.group and joined.group not in role.groups:
                    role.groups.append(joined.group)
    for role in roles.values():
        role.posts.reverse()  # newest first, as every listing
        role.authors.sort(key=lambda p: p.name.casefold())
    return sorted(roles.values(), key=lambda r: r.label.casefold())


def _add_agms_to_author_pages(generator, agms):
    """List AGM summaries on their authors' pages too, so every author badge links to a page that exists."""
    if not agms:
        return
    entries = {author.slug: posts for author, posts in generator.authors}
    for agm in agms:
        for author in getattr(agm, "authors", None) or []:
            if author.slug not in entries:
                entries[author.slug] = []
                generator.authors.append((author, entries[author.slug]))
            if agm not in entries[author.slug]:
                entries[author.slug].append(agm)
    for _, posts in generator.authors:
        posts.sort(key=lambda p: p.date, reverse=True)
    generator.authors.sort()
