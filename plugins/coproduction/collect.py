"""Across every post once all are read (all_generators_finalized): lists, related posts, voices, author pages."""

from __future__ import annotations

import dataclasses

from pelican.generators import ArticlesGenerator

from . import chart, model
from .annotate import annotate
from .state import state_for


def collect(generators):
    """Fill theme, group and role pages, related posts and the "whose voices" figures; publish them on the context."""
    articles_generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_generator is None:
        return
    context = articles_generator.context
    state = state_for(context, articles_generator.settings)
    g = articles_generator
    for item in (*g.articles, *g.translations, *g.drafts, *g.drafts_translations, *g.hidden_articles, *g.hidden_translations):
        if getattr(item, "_coproduction_run", None) != state.run_id:
            # Read from Pelican's content cache (CACHE_CONTENT), so content_object_init never saw it in this run.
            annotate(item, state)
    articles = [a for a in articles_generator.articles if hasattr(a, "themes")]
    agms = [a for a in context.get("agms", []) if getattr(a, "status", "published") == "published" and hasattr(a, "themes")]
    posts = sorted(articles + agms, key=lambda p: p.date, reverse=True)

    for bucket in (*state.themes.values(), *state.groups.values(), *state.roles.values()):
        bucket.posts = []
        if hasattr(bucket, "authors"):
            bucket.authors = []
    for role in state.roles.values():
        role.groups = []
    for group in state.groups.values():
        group.roles = []
    for profile in state.profiles.values():
        profile.posts = []

    for post in posts:
        for item_theme in post.themes:
            item_theme.theme.posts.append(post)
        seen_groups, seen_roles, seen_authors = set(), set(), set()
        for profile in post.author_profiles:
            registered = state.profiles.get(profile.slug)
            if registered is not None and profile.slug not in seen_authors:
                seen_authors.add(profile.slug)
                registered.posts.append(post)
            if profile.group and profile.group.slug not in seen_groups:
                seen_groups.add(profile.group.slug)
                profile.group.posts.append(post)
            for role in profile.roles:
                if role.slug not in seen_roles:
                    seen_roles.add(role.slug)
                    role.posts.append(post)

    for profile in state.profiles.values():
        if not profile.posts:
            continue
        if profile.group:
            if profile not in profile.group.authors:
                profile.group.authors.append(profile)
        for role in profile.roles:
            if profile not in role.authors:
                role.authors.append(profile)
            if profile.group and profile.group not in role.groups:
                role.groups.append(profile.group)
            if profile.group and role not in profile.group.roles:
                profile.group.roles.append(role)
    for group in state.groups.values():
        group.roles.sort(key=lambda r: r.label.casefold())
        group.authors.sort(key=lambda p: p.name.casefold())
    for role in state.roles.values():
        role.authors.sort(key=lambda p: p.name.casefold())

    related = model.related(posts, lambda p: [t.slug for t in p.themes], state.config.related_posts)
    for post in posts:
        post.related_posts = related[id(post)]

    groups = list(state.groups.values())
    voices = model.voices(articles, lambda p: [pr.group.slug for pr in p.author_profiles if pr.group], groups)
    voices = dataclasses.replace(voices, svg=chart.voices_svg(voices, context.get("SITENAME") or "the blog"))
    _add_agms_to_author_pages(articles_generator, agms)

    context["coproduction_themes"] = list(state.themes.values())
    context["coproduction_groups"] = groups
    context["coproduction_roles"] = sorted((r for r in state.roles.values() if r.posts), key=lambda r: r.label.casefold())
    context["coproduction_authors"] = dict(state.profiles)
    context["coproduction_voices"] = voices


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
