"""Annotating one post as it is read (content_object_init): real names protected, authors' profiles, themes."""

from __future__ import annotations

import dataclasses

from pelican.contents import Article

from inmind.errors import ContentError, line_of, metadata_line

from . import model, rules
from .phrases import html_to_text
from .protect import protect_real_names
from .state import state_for


def annotate_content(content):
    """Protect anonymous authors' real names in every content object; tag posts (articles and AGMs)."""
    context = getattr(content, "_context", None)
    state = state_for(context, content.settings)
    if state.matcher:
        protect_real_names(content, state)
    if isinstance(content, Article):
        if context is None:
            annotate(content, state)  # no collect step will come for content read outside a run's generators
        else:
            annotate(content, state, later=True)


def annotate(item, state, *, later=False):
    """Attach ``author_profiles``, ``themes`` and an empty ``related_posts`` to one post.

    With ``later``, the post is checked and its text taken now, and scored by ``score_read_posts`` (collect.py).
    """
    item.author_profiles = _profiles(item, state)
    chosen, auto = explicit_themes(item, state)
    if later:
        # Scoring every post in one pass once all are read, rather than each between Markdown and the other
        # plugins' work, keeps the vocabulary's tables in the processor's caches: the same work took about two
        # thirds of the CPU time (0.21 s against 0.31 s at 1,000 posts). The text is taken now, as it was read.
        state.unscored.append((item, chosen, auto, texts_of(item)))
    else:
        item.themes = _themes(chosen, auto, state.tagger.scores(*texts_of(item)), state)
    item.related_posts = []
    item._coproduction_run = state.run_id


def score_read_posts(state):
    """Give every post annotated ``later`` its themes, in the order they were read."""
    unscored, state.unscored = state.unscored, []
    scores = state.tagger.scores
    for item, chosen, auto, texts in unscored:
        item.themes = _themes(chosen, auto, scores(*texts), state)


def values_of(item, key):
    """Return a metadata field's values as a list of text ([] when the post has none)."""
    value = item.metadata.get(key)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values]


def _raise_first(item, problems):
    """Raise the first of a rule's (field, Problem) pairs as a ContentError at that field's line in the post."""
    if not problems:
        return
    key, problem = problems[0]
    if key == "author":
        # The post may say Author: or Authors:.
        line = line_of(item.source_path, r"^\s*authors?\s*:", default=1)
    else:
        line = metadata_line(item.source_path, key)
    raise ContentError(problem.message, path=item.source_path, line=line, hint=problem.hint)


def _post_group(item, state):
    values = values_of(item, "role-group")
    if not values:
        return None
    slug, problems = rules.role_group(" ".join(values).strip())
    _raise_first(item, problems)
    return state.groups[slug]


def _profiles(item, state):
    """Resolve the post's authors against the registry; guests bring Author-role and Role-group."""
    post_roles = rules.roles(values_of(item, "author-role"))
    post_group = _post_group(item, state)
    profiles = []
    for author in getattr(item, "authors", None) or []:
        _raise_first(item, rules.author_problems(
            author.name, state.registry, slug=author.slug, roles=post_roles, group=post_group,
            group_written=post_group is not None, registry_name=state.authors_path.name,
        ))
        entry = state.registry.find(author.name)
        if entry is not None:
            # The registry's spelling and slug win; an anonymous author's real name becomes the public one.
            author.name = entry.name
            author.slug = entry.slug
            profile = state.profiles[entry.slug]
            if not profile.roles or profile.group is None:
                # Completed from the post's own Author-role / Role-group (the rules made sure there are some).
                roles = rules.writer_roles(profile.roles, [state.role(r) for r in post_roles])
                profile = dataclasses.replace(profile, roles=roles, group=profile.group or post_group, posts=[])
        else:
            profile = _guest(author, post_roles, post_group, state)
        profiles.append(profile)
    if hasattr(item, "author") and getattr(item, "authors", None):
        item.author = item.authors[0]
    return profiles


def _guest(author, post_roles, post_group, state):
    """Return the profile of a one-off guest who is not in the registry, as this post alone describes them.

    One profile per post: what a guest's other posts say (a draft's role among them) never shows on this one;
    collect.py joins the posts that are listed into the profile their author page shows.
    """
    return model.Profile(name=author.name, slug=author.slug, url=author.url,
                         roles=[state.role(label) for label in post_roles], group=post_group, guest=True)


def texts_of(item):
    """Return the plain text of a post's title, summary and body (AGM highlights count as body)."""
    title = html_to_text(getattr(item, "title", ""))
    summary = html_to_text(item.metadata.get("summary", ""))
    body = html_to_text(item._content)
    extra = values_of(item, "highlight")
    if extra:
        body = body + "\n" + "\n".join(extra)
    return title, summary, body


def scores_of(item, state):
    """Return the tagger's scores for a post's title, summary and body (AGM highlights count as body)."""
    return state.tagger.scores(*texts_of(item))


def explicit_themes(item, state):
    """Return the themes the post names in Themes:, and whether automatic ones may be added."""
    chosen, problems = state.theme_names.named(values_of(item, "themes"))
    _raise_first(item, problems)
    return chosen, auto_enabled(item)


def item_themes(item, state, explain=False):
    """Return the post's themes: those in Themes: first, then automatic ones; ``explain``: with the word model's view."""
    chosen, auto = explicit_themes(item, state)
    return _themes(chosen, auto, scores_of(item, state), state, explain)


def _themes(chosen, auto, found, state, explain=False):
    """Return ItemThemes: the ``chosen`` ones first, then, if ``auto``, automatic ones by score."""
    scores = {s.slug: s for s in found}
    # Only `invoke themes` shows what the word model made of a theme: naming the words that moved it took
    # longer than the rest of a post's tagging, so a build leaves it out.
    said = (lambda score: score.model_line()) if explain else (lambda score: "")
    result = [
        model.ItemTheme(
            theme,
            automatic=False,
            score=scores[theme.slug].score if theme.slug in scores else 0.0,
            evidence=scores[theme.slug].evidence if theme.slug in scores else (),
            model_line=said(scores[theme.slug]) if theme.slug in scores else "",
        )
        for theme in chosen
    ]
    if auto:
        explicit = {t.slug for t in chosen}
        for score in state.tagger.automatic(scores.values(), exclude=explicit):
            result.append(model.ItemTheme(state.themes[score.slug], automatic=True, score=score.score, evidence=score.evidence,
                                          model_line=said(score)))
    return result


def auto_enabled(item):
    """Return False when the post says Auto-themes: off."""
    values = values_of(item, "auto-themes")
    if not values:
        return True
    enabled, problems = rules.auto_themes(values[0])
    _raise_first(item, problems)
    return enabled
