"""Editorial checks: unknown themes, authors and role groups, with their line and a did-you-mean."""

from __future__ import annotations

import functools
from pathlib import Path

from inmind.errors import ContentError, Problem, did_you_mean
from inmind.source import parse

from . import private, settings, vocabulary
from .handlers import OFF, ON
from .model import slugify
from .privacy import Matcher


@functools.lru_cache(maxsize=8)
def _load(themes_path, themes_stamp, authors_path, authors_stamp, private_stamp, slug_rules):
    # Keyed by each file's modification time and size, so an edited registry or private file is read again.
    themes = vocabulary.load_themes(themes_path)
    authors = vocabulary.load_authors(authors_path)
    settings = {key: [list(rule) for rule in rules] for key, rules in slug_rules}
    registry = vocabulary.Registry(authors, private.load(authors, settings))
    matcher = Matcher(registry.hidden())
    # The registries are in git and published in part: a real name in them is reported at its line.
    found = [p for path in (authors_path, themes_path) for p in private.scan_file(matcher, path, _text(path))]
    return themes, registry, matcher, found


def _text(path):
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def fingerprint(pelican_settings):
    """Return what this plugin's results depend on besides the content and registries: the private names file."""
    return private.stamp()


def _stamp(path):
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _split(value, separators):
    for sep in separators[1:]:
        value = value.replace(sep, separators[0])
    return [part.strip() for part in value.split(separators[0]) if part.strip()]


def check(source_path, text, metadata, pelican_settings):
    """Return the problems the co-production plugin would stop the build for, each with its line."""
    try:
        config = settings.merged(pelican_settings)
    except ContentError as exc:
        return [Problem(exc.path, exc.line, "error", exc.message, exc.hint)]
    content = Path(pelican_settings.get("PATH") or "content")
    themes_path, authors_path = str(content / config["vocabulary"]), str(content / config["authors"])
    slug_rules = tuple((key, tuple(tuple(rule) for rule in pelican_settings.get(key) or ()))
                       for key in private.SLUG_SETTINGS)
    try:
        themes, registry, matcher, found = _load(themes_path, _stamp(themes_path), authors_path, _stamp(authors_path),
                                                 private.stamp(), slug_rules)
    except ContentError as exc:
        return [Problem(exc.path, exc.line, "error", exc.message, exc.hint)]

    source = parse(text)
    problems = list(found)

    def problem(line, message, hint=None, severity="error"):
        problems.append(Problem(source_path, line, severity, message, hint))

    slugs = [t.slug for t in themes]
    labels = {vocabulary.name_key(t.label) for t in themes}
    for value, line in source.values("themes"):
        for name in _split(value, ",;"):
            if name.lower() not in slugs and vocabulary.name_key(name) not in labels:
                problem(
                    line,
                    f'unknown theme "{name}" in Themes.{did_you_mean(name, slugs)}',
                    f"valid themes are: {', '.join(slugs)} (see {Path(themes_path).name})",
                )
    for value, line in source.values("auto-themes")[:1]:
        if value.strip().lower() not in OFF | ON:
            problem(line, f'Auto-themes must be "on" or "off", not "{value}"')

    group = None
    for value, line in source.values("role-group")[:1]:
        group = vocabulary.parse_group(value)
        if group is None:
            problem(
                line,
                f'unknown role group "{value}" in Role-group.{did_you_mean(value, vocabulary.ROLE_GROUPS)}',
                f"choose one of: {vocabulary.group_choices()}",
            )
    roles = [r for value, _ in source.values("author-role") for r in _split(value, ";")]
    if not _is_page(source_path, content, pelican_settings):
        # Pages are not posts: the build gives them no author profiles, so their Author lines are not checked.
        problems.extend(_check_authors(source, source_path, registry, roles, group, pelican_settings, authors_path,
                                       matcher))
    problems.extend(_check_private_keys(source, source_path))
    problems.extend(private.scan_file(matcher, source_path, text, rel=_relative(source_path, content)))
    return problems


def _relative(source_path, content):
    try:
        return Path(source_path).resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return Path(source_path).name


def _check_private_keys(source, source_path):
    """Report a Real-name: (or any private key) in a post's metadata: the file is in git."""
    return [
        Problem(source_path, field.line, "error", f"{field.name}: must not be in a content file: this file is in git, "
                "and a real name in git is public", vocabulary.PRIVATE_HINT)
        for field in source.fields
        if vocabulary.is_private_key(field.key)
    ]


def _is_page(source_path, content, pelican_settings):
    try:
        relative = Path(source_path).resolve().relative_to(content.resolve())
    except ValueError:
        return False  # a file outside the content folder (invoke themes, a draft elsewhere) is read as a post
    return bool(relative.parts) and relative.parts[0] in (pelican_settings.get("PAGE_PATHS") or [])


def _author_fields(source):
    """Yield (name, line) for each author named in Author: or Authors: (Pelican's splitting rules)."""
    for key in ("authors", "author"):
        for value, line in source.values(key)[:1]:
            separator = ";" if ";" in value or key == "author" else ","
            names = [value.strip()] if key == "author" else _split(value, separator)
            for name in names:
                if name:
                    yield name, line
            return


def _check_authors(source, source_path, registry, roles, group, pelican_settings, authors_path, matcher):
    problems = []
    registry_name = Path(authors_path).name
    for name, line in _author_fields(source):
        if matcher.find(name) is not None:
            continue  # a real name: reported (without quoting it) by the real-name check
        entry = registry.find(name)
        if entry is not None:
            if not entry.roles and not roles:
                problems.append(
                    Problem(
                        source_path,
                        line,
                        "error",
                        f'author "{entry.name}" has no role in {registry_name} or in this post',
                        f'add roles = ["..."] to their entry in {registry_name}, or an Author-role: line here',
                    )
                )
            if entry.role_group is None and group is None and not source.values("role-group"):
                problems.append(
                    Problem(
                        source_path,
                        line,
                        "error",
                        f'author "{entry.name}" has no role group in {registry_name} or in this post',
                        f"add role_group to their entry, or a Role-group: line here ({vocabulary.group_choices()})",
                    )
                )
            continue
        suggestion = did_you_mean(name, registry.public_names())
        if not roles:
            problems.append(
                Problem(
                    source_path,
                    line,
                    "error",
                    f'author "{name}" is not in {registry_name} and this post gives no Author-role.{suggestion}',
                    f"add them to {registry_name}, or give a guest's role with an Author-role: line and their "
                    f"group with a Role-group: line ({vocabulary.group_choices()})",
                )
            )
        elif group is None and not source.values("role-group"):
            problems.append(
                Problem(
                    source_path,
                    source.line("author-role", line),
                    "error",
                    f'guest author "{name}" has an Author-role but no Role-group',
                    f"add a Role-group: line; choose one of: {vocabulary.group_choices()}",
                )
            )
        taken = next((a for a in registry.authors if a.slug == slugify(name)), None)
        if taken is not None:
            problems.append(
                Problem(
                    source_path,
                    line,
                    "error",
                    f'guest author "{name}" would share the address of "{taken.name}" in {registry_name}.'
                    f"{did_you_mean(name, [taken.name])}",
                    "use the registry's spelling of the name, or spell the guest's name in full",
                )
            )
    return problems
