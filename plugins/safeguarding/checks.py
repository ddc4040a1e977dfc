"""Editorial checks: consent, content notes, safe language and review dates, each with its line."""

from __future__ import annotations

import datetime
from pathlib import Path

from inmind import check_settings
from inmind.errors import ContentError, Problem
from inmind.source import PLACEHOLDER, parse_shared

from . import language, rules, settings

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")


def _authors_registry(pelican_settings):
    """Return the co-production authors registry, the one place role groups are defined, or None."""
    try:
        from coproduction import settings as coproduction_settings
        from coproduction import vocabulary
    except ImportError:
        return None, None
    try:
        config = coproduction_settings.merged(pelican_settings)
        path = Path(pelican_settings.get("PATH") or "content") / config.authors
        return _registry(str(path), vocabulary), vocabulary
    except ContentError:
        return None, None  # the co-production plugin reports a broken registry itself


# The last registry read, with the exact text it was read from: every post asks, and the file seldom changes.
_LAST = {}


def _registry(path, vocabulary):
    """Return the authors registry of the file at ``path``, parsed again only when its text has changed."""
    text = _text(path)
    kept = _LAST.get(path)
    if kept is not None and text is not None and kept[0] == text:
        return kept[1]
    registry = vocabulary.Registry(vocabulary.load_authors(path))
    if text is not None and _text(path) == text:  # unchanged while it was read: the registry is that text's
        _LAST.clear()
        _LAST[path] = (text, registry)
    return registry


def _text(path):
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def writer_groups(source, pelican_settings):
    """Return the role groups of the file's writers, or None when any writer's group is unknown."""
    registry, vocabulary = _authors_registry(pelican_settings)
    if registry is None:
        return None
    names = [n.strip() for value, _ in source.values("author") + source.values("authors") for n in value.split(",")]
    names = [n for n in names if n]
    post_group = vocabulary.parse_group(source.value("role-group") or "")
    groups = set()
    for name in names:
        entry = registry.find(name)
        group = (entry.role_group if entry else None) or post_group
        if group is None:
            return None
        groups.add(group)
    return groups or None


def consent_placeholder(text, pelican_settings):
    """Return the Consent: value a new post by ``text``'s writers starts with (a placeholder), or None if it needs none.

    ``./dev new`` asks this, so the post it writes names what the consent check will ask for.
    """
    checks = check_settings.merged(pelican_settings)
    config = settings.merged(pelican_settings)
    if check_settings.severity(checks, "consent-missing", rules.severities(config)["consent-missing"]) == "off":
        return None
    groups = writer_groups(parse_shared(text), pelican_settings)
    if groups and groups <= config.consent_exempt_groups:
        return None
    return (f"{PLACEHOLDER} with the reference on the writer's signed consent form, such as "
            f"{rules.example(config.consent_pattern)}")


def _kind(source_path, pelican_settings):
    """Return "post", "page" or "agm" by the folder the file is in, or None for other files."""
    root = Path(pelican_settings.get("PATH") or "content").resolve()
    try:
        first = Path(source_path).resolve().relative_to(root).parts[0]
    except (ValueError, IndexError):
        return None
    if first in (pelican_settings.get("ARTICLE_PATHS") or []):
        return "post"
    if first in (pelican_settings.get("PAGE_PATHS") or []):
        return "page"
    return "agm" if first == "agm" else None


def check_ids(pelican_settings):
    """Return the checks whose severity ``CHECKS["severity"]`` may set, with this plugin's defaults."""
    return rules.severities(settings.merged(pelican_settings))


def problems_for(source_path, source, pelican_settings, today=None):
    """Return every safeguarding problem in one parsed file; the build and ``invoke check`` share this."""
    config = settings.merged(pelican_settings)
    kind = _kind(source_path, pelican_settings)
    if kind is None or rules.is_withdrawn(source):
        return []
    words = language.load_language(config.language)
    # CHECKS["severity"] rules these as it rules every other check; "off" drops them.
    checks, defaults = check_settings.merged(pelican_settings), rules.severities(config)

    def severity(check_id):
        return check_settings.severity(checks, check_id, defaults[check_id])

    found = []
    if kind == "post":
        found += rules.consent(source_path, source, writer_groups(source, pelican_settings), config, severity)
    found += rules.content_note(source_path, source, words, config, severity)
    found += rules.safe_language(source_path, source, words)
    found += rules.review_dates(source_path, source, today or datetime.date.today())
    return [problem for problem in found if problem.severity != "off"]


def reports_field(key, value):
    """Say whether this plugin's check names the field line itself: a second Consent: is its consent-duplicate."""
    return key == "consent"


def check(source_path, text, metadata, pelican_settings):
    """Return the safeguarding problems in one Markdown file."""
    if not str(source_path).lower().endswith(MARKDOWN_SUFFIXES):
        return []
    try:
        return sorted(problems_for(source_path, parse_shared(text), pelican_settings), key=lambda p: p.line or 0)
    except ContentError as exc:
        return [Problem(exc.path or source_path, exc.line, "error", exc.message, exc.hint)]
