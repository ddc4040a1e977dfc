"""Signal receivers: load the vocabulary once per run, annotate every post, publish results on the context."""

from __future__ import annotations

import dataclasses
import logging
import os
import uuid
from pathlib import Path

from markupsafe import Markup, escape
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import Author

from inmind.errors import ContentError, line_of, metadata_line

from . import chart, model, privacy, private, rules, settings, vocabulary
from .tagger import Tagger, html_to_text

logger = logging.getLogger(__name__)
# Pelican's loggers drop a message they have logged before in the same process; the "check skipped"
# warning must be said by every build (a publish build after a preview one in the dev server or a test).
privacy_logger = logging.getLogger(f"{__name__}.privacy")
if hasattr(privacy_logger, "disable_filter"):
    privacy_logger.disable_filter()

# The run's state lives on the generators' shared context (one dict per Pelican run), never in a global,
# so autoreload and test builds in one process never see a previous run's vocabulary.
STATE_KEY = "_coproduction_state"
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".js", ".mjs", ".css", ".svg", ".md", ".csv", ".webmanifest", ".atom", ".rss"}


class State:
    """Everything one run needs: the setting, the vocabulary, the registry and the pages' objects."""

    def __init__(self, pelican_settings):
        self.settings = pelican_settings
        self.config = config = settings.merged(pelican_settings)
        content = Path(pelican_settings.get("PATH") or ".")
        self.vocabulary_path = content / config["vocabulary"]
        self.authors_path = content / config["authors"]
        entries = vocabulary.load_themes(self.vocabulary_path)
        authors = vocabulary.load_authors(self.authors_path)
        self.registry = vocabulary.Registry(authors, private.load(authors, pelican_settings))
        self.matcher = privacy.Matcher(self.registry.hidden())
        self.skipped = private.skipped_message(authors, self.authors_path)
        for registry_file in (self.authors_path, self.vocabulary_path):
            # The registries are published in part (labels, bios), and they are in git.
            found = private.first_error(private.scan_file(self.matcher, registry_file, _read(registry_file)))
            if found is not None:
                raise found
        self.tagger = Tagger(
            entries,
            weights=config["weights"],
            threshold=config["threshold"],
            max_auto_themes=config["max_auto_themes"],
            body_words=config["body_words"],
            top_share=config["top_share"],
        )
        feeds = config["feeds"]
        self.themes = {
            e.slug: model.Theme(
                slug=e.slug,
                label=e.label,
                description=e.description,
                url=config["theme_url"].format(slug=e.slug),
                save_as=config["theme_save_as"].format(slug=e.slug),
                feed_url=config["theme_feed"].format(slug=e.slug) if feeds else "",
            )
            for e in entries
        }
        self.theme_names = rules.ThemeNames(list(self.themes.values()), self.vocabulary_path.name)
        self.groups = {
            slug: model.Group(
                slug=slug,
                label=label,
                url=config["group_url"].format(slug=slug),
                save_as=config["group_save_as"].format(slug=slug),
                feed_url=config["group_feed"].format(slug=slug) if feeds else "",
            )
            for slug, label in vocabulary.ROLE_GROUPS.items()
        }
        self.roles = {}
        self.profiles = {}
        # Marks the posts annotated in this run; posts from Pelican's content cache carry an older mark.
        self.run_id = uuid.uuid4().hex
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
        """Return the Role for a role's text, creating it the first time it is seen."""
        slug = model.slugify(label)
        if slug not in self.roles:
            self.roles[slug] = model.Role(
                slug=slug,
                label=label,
                url=self.config["role_url"].format(slug=slug),
                save_as=self.config["role_save_as"].format(slug=slug),
            )
        return self.roles[slug]


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


# --- content_object_init ---


def annotate_content(content):
    """Protect anonymous authors' real names in every content object; tag posts (articles and AGMs)."""
    state = state_for(getattr(content, "_context", None), content.settings)
    if state.matcher:
        _protect_real_names(content, state)
    if isinstance(content, Article):
        annotate(content, state)


def annotate(item, state):
    """Attach ``author_profiles``, ``themes`` and an empty ``related_posts`` to one post."""
    item.author_profiles = _profiles(item, state)
    item.themes = item_themes(item, state)
    item.related_posts = []
    item._coproduction_run = state.run_id


def _raw(item, key):
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
    values = _raw(item, "role-group")
    if not values:
        return None
    slug, problems = rules.role_group(" ".join(values).strip())
    _raise_first(item, problems)
    return state.groups[slug]


def _profiles(item, state):
    """Resolve the post's authors against the registry; guests bring Author-role and Role-group."""
    post_roles = rules.split(_raw(item, "author-role"), ";")
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
                profile = dataclasses.replace(profile, roles=profile.roles or [state.role(r) for r in post_roles],
                                              group=profile.group or post_group, posts=[])
        else:
            profile = _guest(author, post_roles, post_group, state)
        profiles.append(profile)
    if hasattr(item, "author") and getattr(item, "authors", None):
        item.author = item.authors[0]
    return profiles


def _guest(author, post_roles, post_group, state):
    """Return the profile of a one-off guest who is not in the registry."""
    profile = state.profiles.get(author.slug)
    if profile is None:
        profile = state.profiles[author.slug] = model.Profile(
            name=author.name, slug=author.slug, url=author.url, roles=[], group=post_group, guest=True
        )
    for label in post_roles:
        role = state.role(label)
        if role not in profile.roles:
            profile.roles.append(role)
    return profile


def scores_of(item, state):
    """Return the tagger's scores for a post's title, summary and body (AGM highlights count as body)."""
    title = html_to_text(getattr(item, "title", ""))
    summary = html_to_text(item.metadata.get("summary", ""))
    body = html_to_text(item._content)
    extra = _raw(item, "highlight")
    if extra:
        body = body + "\n" + "\n".join(extra)
    return state.tagger.scores(title, summary, body)


def item_themes(item, state):
    """Return the post's themes: those in Themes: first, then automatic ones by score."""
    chosen, problems = state.theme_names.named(_raw(item, "themes"))
    _raise_first(item, problems)
    auto = auto_enabled(item)
    scores = {s.slug: s for s in scores_of(item, state)}
    result = [
        model.ItemTheme(
            theme,
            automatic=False,
            score=scores[theme.slug].score if theme.slug in scores else 0.0,
            evidence=scores[theme.slug].evidence if theme.slug in scores else (),
        )
        for theme in chosen
    ]
    if auto:
        explicit = {t.slug for t in chosen}
        for score in state.tagger.automatic(scores.values(), exclude=explicit):
            result.append(model.ItemTheme(state.themes[score.slug], automatic=True, score=score.score, evidence=score.evidence))
    return result


def auto_enabled(item):
    """Return False when the post says Auto-themes: off."""
    values = _raw(item, "auto-themes")
    if not values:
        return True
    enabled, problems = rules.auto_themes(values[0])
    _raise_first(item, problems)
    return enabled


def _read(path):
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _refuse(content, found, what, key=None):
    source = getattr(content, "source_path", None)
    line = metadata_line(source, key) if key else next(private.find_in_text(privacy.Matcher([found]), _read(source)), (1,))[0]
    return ContentError(
        private.contains_real_name(what, found),
        path=source,
        line=line,
        hint=private.FOUND_HINT,
    )


def _protect_real_names(content, state):
    """Refuse a real name in any address; replace one written out plainly in text; refuse any other form."""
    matcher = state.matcher
    for key in ("slug", "url", "save_as"):
        value = getattr(content, key, None)
        found = matcher.find(value) if isinstance(value, str) else None
        if found is not None:
            raise _refuse(content, found, f"the web address ({key})", key.capitalize() if key == "slug" else key)
    for author in getattr(content, "authors", None) or []:
        found = matcher.find(author.name)
        if found is not None and state.registry.find(author.name) is None:
            raise _refuse(content, found, "the Author field", "Author")
    replaced = None
    for key, value in list(content.metadata.items()):
        if isinstance(value, str):
            # A summary is kept as its escaped text (Markup): replace in the text, then escape it again.
            text = value.unescape() if isinstance(value, Markup) else value
            new = _replace(text, state)
            if new != text:
                new = Markup(escape(new)) if isinstance(value, Markup) else new
                replaced = key
                content.metadata[key] = new
                if key == "summary":
                    content._summary = new
                elif not isinstance(getattr(type(content), key, None), property):
                    setattr(content, key, new)
        elif isinstance(value, list) and any(isinstance(v, str) for v in value):
            new = [_replace(v, state) if isinstance(v, str) else v for v in value]
            if new != value:
                replaced = key
                content.metadata[key] = new
                setattr(content, key, new)
    for attribute in ("title", "_content", "_summary"):
        value = getattr(content, attribute, None)
        if isinstance(value, str):
            new = _replace(value, state)
            if new != value:
                replaced = attribute
                setattr(content, attribute, new)
    # Whatever a plain replacement could not reach (a name split by markup, in a link, spelt another way)
    # stops the build: text cannot be rewritten safely around it.
    for key, value in content.metadata.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            found = matcher.find(item) if isinstance(item, str) else None
            if found is not None:
                raise _refuse(content, found, f"the {key} field", key.capitalize())
    # The body is left to the source check before the build and the output check after it: reading every
    # body through all the views a third time would cost more than it adds.
    for attribute in ("title", "_summary"):
        value = getattr(content, attribute, None)
        found = matcher.find(value) if isinstance(value, str) else None
        if found is not None:
            raise _refuse(content, found, "this file")
    if replaced:
        source = getattr(content, "source_path", None)
        logger.warning(
            "%s: the real name of an anonymous author is written in this file; it was replaced with their public "
            "name. Remove it from the file: it must never be published.",
            source,
        )


def _replace(text, state):
    for pattern, public in state.replacements:
        text = pattern.sub(public, text)
    return text


# --- all_generators_finalized ---


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

    related = model.related(posts, lambda p: [t.slug for t in p.themes], state.config["related_posts"])
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


# --- deploy (after finalized, search index and compression) ---

SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".toml", ".txt", ".html", ".htm", ".rst", ".csv", ".svg"}


def check_output(pelican):
    """Stop the build if an anonymous author's real name reached any output byte or path, whatever put it there."""
    config = settings.merged(pelican.settings)
    content = Path(pelican.settings.get("PATH") or ".")
    try:
        authors = vocabulary.load_authors(content / config["authors"])
        matcher = privacy.Matcher(vocabulary.Registry(authors, private.load(authors, pelican.settings)).hidden())
    except ContentError:
        return  # already reported while reading content
    if not matcher:
        return
    output = Path(pelican.output_path)
    seen = set()  # texts already searched: a page's .gz and .br copies hold the same text
    for folder, dirs, files in os.walk(output):
        dirs.sort()
        for name in sorted(files) + dirs:
            path = Path(folder) / name
            rel = path.relative_to(output).as_posix()
            found = private.find_in_path(matcher, rel)
            if found is None and name in files:
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                found = next((f for text in privacy.file_texts(name, data) if (f := matcher.find(text, seen))), None)
            if found is not None:
                raise _leak(found, rel, content, matcher)


def _bytes(path):
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _leak(found, rel, content, matcher):
    """Return the error for a name found in output file ``rel``: at the source line that wrote it, when there is one."""
    message = f"{private.real_name(found)} reached the output file {rel}"
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            text = _read(path) if path.suffix.lower() in SOURCE_SUFFIXES else ""
            problems = private.scan_file(matcher, path, text, rel=path.relative_to(content).as_posix())
            if problems:
                return ContentError(message, path=path, line=problems[0].line, hint=private.FOUND_HINT)
            if not text and any(matcher.find(t) for t in privacy.file_texts(name, _bytes(path))):
                return ContentError(message, path=path, hint="remove the name from the file's properties (File, "
                                    "Info or Properties in the program that made it) and its text, or leave the file "
                                    "out; " + private.FOUND_HINT)
    return ContentError(message, hint="it is not written in content/: look in the theme's templates and the settings; "
                        "the real name must never be published")
