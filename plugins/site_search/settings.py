"""The ``SITE_SEARCH`` setting: defaults, merge and validation."""

import re
from pathlib import PurePosixPath

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # Build the Pagefind index and the search page. Off: neither is written.
    "enabled": True,
    # Folder inside the output that receives Pagefind's index and its pagefind.js.
    "output_dir": "pagefind",
    # Where the search page is written, and its theme template (without ".html"); "" writes no page.
    "page_save_as": "search/index.html",
    "page_template": "search",
    # Output files (globs, relative to the output folder) that may be indexed. Of these, only pages
    # whose HTML marks its main content with data-pagefind-body are indexed: articles, pages, AGMs.
    "include": ["*.html"],
    # Never indexed, even when marked: drafts (preview builds write them) and the not-found page.
    "exclude": ["drafts/*", "404.html"],
    # One index for the whole site, in English: the site is English-only and one language keeps
    # the first query small (one word list and one WebAssembly file).
    "force_language": "en",
    # CSS selectors inside the marked content that Pagefind leaves out of the index. Screen-reader-only
    # helper text (", role:") helps people move around a page, not find it, and clutters excerpts.
    "exclude_selectors": [".app-visually-hidden"],
    # Content template -> the label readers see in the "type" filter.
    "types": {"article": "Guest blog", "agm": "AGM", "page": "Page"},
    # Order of the filter groups on the search page (the keys the theme's search_meta.html emits).
    "filters": ["theme", "role group", "type", "year"],
}

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


def _fail(key, message, hint=None):
    raise SettingsError(f"SITE_SEARCH[{key!r}] {message}", hint=hint)


def _check_list_of_text(config, key):
    value = config[key]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        _fail(key, f"must be a list of non-empty strings, not {value!r}")


def _check_relative_path(config, key, *, allow_empty=False):
    value = config[key]
    if not isinstance(value, str) or (not value and not allow_empty):
        _fail(key, f"must be a folder or file path inside the output, not {value!r}")
    if value and (value.startswith("/") or ".." in PurePosixPath(value).parts):
        _fail(key, f"must be a path inside the output folder, not {value!r}", hint="write it like \"pagefind\"")


def merged(settings):
    """Return SITE_SEARCH merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "SITE_SEARCH", DEFAULTS, '{"enabled": True}')
    if not isinstance(config["enabled"], bool):
        _fail("enabled", f"must be True or False, not {config['enabled']!r}")
    _check_relative_path(config, "output_dir")
    _check_relative_path(config, "page_save_as", allow_empty=True)
    if not isinstance(config["page_template"], str) or not config["page_template"]:
        _fail("page_template", f"must name a theme template, not {config['page_template']!r}")
    for key in ("include", "exclude", "exclude_selectors", "filters"):
        _check_list_of_text(config, key)
    language = config["force_language"]
    if language is not None and not (isinstance(language, str) and _LANGUAGE.match(language)):
        _fail("force_language", f"must be a two-letter language code such as \"en\", or None, not {language!r}")
    types = config["types"]
    if not isinstance(types, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in types.items()
    ):
        _fail("types", f"must map a template name to a label, such as {{\"article\": \"Guest blog\"}}, not {types!r}")
    return config
