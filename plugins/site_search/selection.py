"""Pure rules: which written pages go into the index, at which URL, and with which type label."""

from fnmatch import fnmatchcase
from pathlib import PurePath

from inmind.published import is_listed

# The theme puts this attribute on the element that holds a page's main content.
BODY_MARKER = "data-pagefind-body"
# Context keys under which Pelican's writers (and our plugins) pass the content object being written.
CONTENT_KEYS = ("article", "page", "agm")
# Generator attributes that hold the content objects each generator writes (Pelican's and plugins/agm's).
COLLECTIONS = (
    "articles", "translations", "hidden_articles", "hidden_translations",
    "pages", "hidden_pages", "agms", "hidden_agms",
)


def relative_output_path(path, output_path):
    """Return ``path`` relative to the output folder, with forward slashes, or None if outside it."""
    try:
        return PurePath(path).relative_to(output_path).as_posix()
    except ValueError:
        return None


def path_selected(rel_path, include, exclude):
    """Return True when ``rel_path`` matches an ``include`` glob and no ``exclude`` glob."""
    if not any(fnmatchcase(rel_path, pattern) for pattern in include):
        return False
    return not any(fnmatchcase(rel_path, pattern) for pattern in exclude)


def is_marked(html):
    """Return True when the page marks its main content for indexing."""
    return BODY_MARKER in html


def is_unlisted(context):
    """Return True when the page being written is content the site lists nowhere (inmind.published).

    A draft (preview builds write drafts too), or a hidden post or page: search results are a list, and their
    filters count what they list.
    """
    return any(key in context and not is_listed(getattr(context[key], "status", None)) for key in CONTENT_KEYS)


def page_url(rel_path):
    """Return the site-root URL of an output file: ``blog/2017/x/index.html`` -> ``/blog/2017/x/``."""
    if rel_path == "index.html":
        return "/"
    if rel_path.endswith("/index.html"):
        return "/" + rel_path[: -len("index.html")]
    return "/" + rel_path


def source_of(context):
    """Return the source file of the content being written, for error messages, or None."""
    for key in CONTENT_KEYS:
        item = context.get(key)
        if item is not None and getattr(item, "source_path", None):
            return item.source_path
    return None


def type_label(item, types):
    """Return the "type" filter label for a content object, from its template or class name."""
    for name in (getattr(item, "template", None), type(item).__name__.lower()):
        if name and name in types:
            return types[name]
    return None


def expected_pages(generators, types, include, exclude):
    """Return the output paths of the published content the theme marks for indexing (articles, pages, AGMs)."""
    paths = set()
    for generator in generators:
        for name in COLLECTIONS:
            for item in getattr(generator, name, None) or ():
                if not is_listed(getattr(item, "status", None)) or type_label(item, types) is None:
                    continue
                save_as = getattr(item, "save_as", "")
                if save_as and path_selected(save_as, include, exclude):
                    paths.add(save_as)
    return paths
