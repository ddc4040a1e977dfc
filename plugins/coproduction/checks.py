"""Editorial checks: unknown themes, authors and role groups, with their line and a did-you-mean."""

from __future__ import annotations

import functools
from pathlib import Path

from inmind.errors import ContentError, Problem, did_you_mean
from inmind.source import parse

from . import settings, vocabulary
from .handlers import OFF, ON
from .model import slugify


@functools.lru_cache(maxsize=8)
def _load(themes_path, themes_stamp, authors_path, authors_stamp):
    # Keyed by each file's modification time and size, so an edited registry is read again.
    themes = vocabulary.load_themes(themes_path)
    registry = vocabulary.Registry(vocabulary.load_authors(authors_path))
    hidden = [(vocabulary.name_pattern(real), entry) for real, entry in registry.hidden_names()]
    return themes, registry, hidden


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
    try:
        themes, registry, hidden = _load(themes_path, _stamp(themes_path), authors_path, _stamp(authors_path))
    except ContentError as exc:
        return [Problem(exc.path, exc.line, "error", exc.message, exc.hint)]

    source = parse(text)
    problems = []

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
        problems.extend(_check_authors(source, source_path, registry, roles, group, pelican_settings, authors_path))
    problems.extend(_check_real_names(text, source, source_path, hidden))
    return problems


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


def _check_authors(source, source_path, registry, roles, group, pelican_settings, authors_path):
    problems = []
    registry_name = Path(authors_path).name
    for name, line in _author_fields(source):
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


def _check_real_names(text, source, source_path, hidden):
    """Warn where an anonymous author's real name is written anywhere but the Author lines."""
    problems = []
    author_lines = {line for key in ("author", "authors") for _, line in source.values(key)}
    normalised = "\n".join(source.lines)
    for pattern, entry in hidden:
        if not pattern.search(text):
            continue
        for match in pattern.finditer(normalised):
            number = normalised.count("\n", 0, match.start()) + 1
            if number in author_lines:
                continue
            problems.append(
                Problem(
                    source_path,
                    number,
                    "warning",
                    f'the real name of the anonymous author "{entry.name}" is written here; the build replaces '
                    "it with their public name",
                    "remove it: the real name is for the Trust's records only and must never be published",
                )
            )
    return problems
