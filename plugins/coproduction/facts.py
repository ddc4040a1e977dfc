"""What this plugin tells the rest of the site about itself: the pages it writes and the paths it owns."""

from pathlib import Path

from inmind.errors import ContentError

from . import settings, vocabulary


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
