"""Pure: where a withdrawn story's address was, and which pictures only withdrawn stories use."""

from __future__ import annotations

import datetime
import posixpath
import re

from pelican.utils import slugify

from inmind.errors import ContentError

# Links and image references in Markdown or HTML: whatever follows ( or = or : up to a quote, space or bracket;
# and any {static} or {attach} address elsewhere, such as a metadata line (Share-image:, Annual-report:).
REFERENCE = re.compile(r"""(?:\]\(\s*<?|\bsrc\s*=\s*["']?|\bhref\s*=\s*["']?|\]:\s*<?)([^\s"'<>()]+)"""
                       r"""|((?:\{(?:static|attach)\}|\|(?:static|attach)\|)[^\s"'<>()]+)""", re.IGNORECASE)
LINK_PREFIX = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)")


def slug_of(metadata, settings):
    """Return the slug Pelican gives content with this metadata (its own Slug:, else from the title)."""
    if metadata.get("slug"):
        return str(metadata["slug"])
    return slugify(str(metadata.get("title", "")), regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def address(metadata, settings, kind):
    """Return (url, save_as) that content of ``kind`` ("ARTICLE" or "PAGE") with this metadata would have."""
    values = {key: value for key, value in metadata.items() if isinstance(key, str)}
    values.update(slug=slug_of(metadata, settings), lang=metadata.get("lang", settings.get("DEFAULT_LANG", "en")),
                  date=metadata.get("date") or datetime.datetime.now(), author="", category="")
    try:
        url = str(metadata.get("url") or settings[f"{kind}_URL"].format(**values))
        save_as = str(metadata.get("save_as") or settings[f"{kind}_SAVE_AS"].format(**values))
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ContentError(f"the address of a withdrawn story cannot be worked out ({exc})",
                           hint=f"check {kind}_URL and {kind}_SAVE_AS in the settings") from None
    return url, save_as


def references(text):
    """Return the content-relative paths a Markdown text links to or shows, in lower case, without prefixes."""
    found = set()
    for match in REFERENCE.finditer(text):
        target = LINK_PREFIX.sub("", match.group(1) or match.group(2)).split("#")[0].split("?")[0]
        if not target or re.match(r"^[a-z][\w+.-]*:", target, re.IGNORECASE):
            continue
        found.add(posixpath.normpath(target.lstrip("/")).lower())
    return found


def pictures_to_drop(static_paths, withdrawn_texts, other_texts):
    """Return the static files (content-relative paths) that withdrawn texts use and no other text mentions.

    A file counts as used by another text when that text names its file name anywhere, so a picture
    that any published page might show is always kept.
    """
    used = set().union(*(references(text) for text in withdrawn_texts)) if withdrawn_texts else set()
    others = "\n".join(other_texts).lower()
    drop = set()
    for path in static_paths:
        normal = posixpath.normpath(path).lower()
        name = posixpath.basename(normal)
        if any(ref == normal or ref.endswith("/" + normal) or posixpath.basename(ref) == name for ref in used) \
                and name not in others:
            drop.add(path)
    return drop
