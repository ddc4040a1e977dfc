"""The ``SITE_SEARCH`` setting, as a typed object checked once per build."""

import re
from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import (
    Invalid,
    custom,
    flag,
    is_filled_text,
    load,
    mapping,
    relative_path,
    shown,
    strings,
    text,
)

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_INSIDE = 'write it like "pagefind"'


def _language(code):
    if code is not None and not (isinstance(code, str) and _LANGUAGE.match(code)):
        raise Invalid(f"must be a two-letter language code such as \"en\", or None, not {shown(code)}")
    return code


@dataclass(frozen=True)
class SiteSearch:
    """SITE_SEARCH: what Pagefind indexes, where the index and the search page go, and the search filters."""

    NAME: ClassVar[str] = "SITE_SEARCH"
    EXAMPLE: ClassVar[str] = '{"enabled": True}'

    # Build the Pagefind index and the search page. Off: neither is written.
    enabled: bool = flag(True)
    # Folder inside the output that receives Pagefind's index and its pagefind.js.
    output_dir: str = relative_path("pagefind", hint=_INSIDE)
    # Where the search page is written, and its theme template (without ".html"); "" writes no page.
    page_save_as: str = relative_path("search/index.html", empty=True, hint=_INSIDE)
    page_template: str = text("search", must="must name a theme template")
    # Output files (globs, relative to the output folder) that may be indexed. Of these, only pages
    # whose HTML marks its main content with data-pagefind-body are indexed: articles, pages, AGMs.
    include: tuple = strings(["*.html"], filled=True)
    # Never indexed, even when marked: drafts (preview builds write them) and the not-found page.
    exclude: tuple = strings(["drafts/*", "404.html"], filled=True)
    # One index for the whole site, in English: the site is English-only and one language keeps
    # the first query small (one word list and one WebAssembly file).
    force_language: str | None = custom("en", _language)
    # CSS selectors inside the marked content that Pagefind leaves out of the index. Screen-reader-only
    # helper text (", role:") helps people move around a page, not find it, and clutters excerpts.
    exclude_selectors: tuple = strings([".app-visually-hidden"], filled=True)
    # Content template -> the label readers see in the "type" filter.
    types: dict = mapping({"article": "Guest blog", "agm": "AGM", "page": "Page"}, values=is_filled_text,
                          must='must map a template name to a label, such as {"article": "Guest blog"}')
    # Order of the filter groups on the search page (the keys the theme's search_meta.html emits).
    filters: tuple = strings(["theme", "role group", "type", "year"], filled=True)


def merged(settings):
    """Return the checked SITE_SEARCH setting (checked once per settings object), or raise SettingsError."""
    return load(settings, SiteSearch)
