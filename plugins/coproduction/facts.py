"""What this plugin tells the rest of the site about itself: the pages it writes and the paths it owns."""

from pathlib import Path

from inmind.errors import ContentError

from . import checks, rules, settings, vocabulary


def metadata_fields(pelican_settings):
    """Return {field: folders} for the fields this plugin reads: a post's or AGM summary's themes and writer's role."""
    return dict.fromkeys(("themes", "auto-themes", "author-role", "role-group"), ("blog", "agm"))


def site_pages(pelican_settings, content_root):
    """Return {save_as: what the page is, or None} for every page this plugin (or its registry) makes."""
    config = settings.merged(pelican_settings)
    root = Path(content_root)
    pages = {}
    author_save_as = pelican_settings.get("AUTHOR_SAVE_AS") or ""
    for author in _loaded(vocabulary.load_authors, root / "authors.toml"):
        if author_save_as:
            pages[author_save_as.format(slug=author.slug)] = f"the author page of {author.name}"
    pages[config.themes_save_as] = "the site's themes page"
    for theme in _loaded(vocabulary.load_themes, root / "themes.toml"):
        pages.setdefault(config.theme_save_as.format(slug=theme.slug), None)
    pages[config.voices_save_as] = "the site's voices page"
    for group in vocabulary.ROLE_GROUPS:
        pages.setdefault(config.group_save_as.format(slug=group), None)
    return pages


def generated_paths(pelican_settings):
    """Return the path prefixes under which this plugin writes pages no content file names (one per role)."""
    config = settings.merged(pelican_settings)
    return [config.role_url.split("{", 1)[0]] if "{" in config.role_url else [config.role_url]


def _loaded(load, path):
    try:
        return load(path)
    except ContentError:
        return []  # the plugin's own checks report a broken registry


def link_targets(pelican_settings, content_root, metadatas=()):
    """Return {form: {slug: path}} for the {theme}, {role} and {group} links a post may use.

    ``metadatas`` are the listed posts' metadata (``inmind.published``): a role has a page only when a listed post
    names it, through its writer's entry in the registry or the post's own Author-role, as collect.py finds them.
    """
    config = settings.merged(pelican_settings)
    root = Path(content_root)
    try:
        registry = checks.registries(pelican_settings)[1]
    except ContentError:
        registry = None  # reported at each post by the plugin's own checks
    labels = []
    for metadata in metadatas:
        written = rules.roles(_values(metadata, "author-role"))
        for key in ("authors", "author"):
            values = _values(metadata, key)
            if values:
                for name in rules.author_names(key, values[0]):
                    entry = registry.find(name) if registry is not None else None
                    labels += rules.writer_roles(entry.roles if entry else (), written)
                break
    return {
        "theme": {t.slug: config.theme_url.format(slug=t.slug)
                  for t in _loaded(vocabulary.load_themes, root / config.vocabulary)},
        "role": {slug: config.role_url.format(slug=slug) for slug in map(vocabulary.slugify, labels) if slug},
        "group": {slug: config.group_url.format(slug=slug) for slug in vocabulary.ROLE_GROUPS},
    }


def _values(metadata, key):
    value = metadata.get(key)
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
