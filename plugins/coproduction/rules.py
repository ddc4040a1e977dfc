"""Pure: the rules for a post's co-production lines (Themes, Auto-themes, Author, Author-role, Role-group).

Each rule is written once, here. It returns ``(field, Problem)`` pairs whose Problem has no place yet: the
caller knows the file and puts each at the line of ``field``. The build (annotate.py) raises the first;
``invoke check`` (checks.py) reports them all.
"""

from __future__ import annotations

import re
from html.entities import html5

from inmind.errors import Problem, did_you_mean

from . import vocabulary

OFF = frozenset({"off", "no", "false", "0", "none"})
ON = frozenset({"on", "yes", "true", "1"})


def split(values, separators=","):
    """Return the non-empty, stripped parts of a value (or list of values), split at any of ``separators``."""
    parts = []
    for value in [values] if isinstance(values, str) else values:
        text = value
        for sep in separators[1:]:
            text = text.replace(sep, separators[0])
        parts.extend(part.strip() for part in text.split(separators[0]))
    return [part for part in parts if part]


# Metadata is text: a typed "&lt;" or "&#59;" is shown as typed, never decoded, so its ";" is part of the role.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|([A-Za-z][A-Za-z0-9]*));")
# Every character that NFKC makes ";" (Greek question mark, small, vertical and full-width semicolons): one separator,
# however a keyboard or a pasted document spells it (tests check this is all of them).
ROLE_SEPARATORS = frozenset(";\u037e\ufe14\ufe54\uff1b")


def roles(values):
    """Return the roles an Author-role value (or list) names: its parts between separators outside typed references."""
    parts = []
    for value in [values] if isinstance(values, str) else values:
        start = index = 0
        while index < len(value):
            reference = _REFERENCE.match(value, index) if value[index] == "&" else None
            if reference and (reference.group(1) is None or reference.group(1) + ";" in html5):
                index = reference.end()
                continue
            if value[index] in ROLE_SEPARATORS:
                parts.append(value[start:index])
                start = index + 1
            index += 1
        parts.append(value[start:])
    return [part.strip() for part in parts if part.strip()]


def author_names(key, value):
    """Return the names an ``Author:`` (one name) or ``Authors:`` value gives, by Pelican's splitting rules."""
    if key == "author":
        return [value.strip()] if value.strip() else []
    return split(value, ";" if ";" in value else ",")


def writer_roles(registered, written):
    """Return a writer's roles on a post: the registry's when it has some, else the post's own Author-role."""
    return list(registered) or list(written)


def _problem(field, message, hint=None):
    return field, Problem(None, None, "error", message, hint)


class ThemeNames:
    """The themes a Themes: line may name, by slug or by label."""

    def __init__(self, themes, vocabulary_name):
        self.slugs = [theme.slug for theme in themes]
        self.vocabulary_name = vocabulary_name
        self._by_name = {}
        for theme in themes:
            self._by_name.setdefault(theme.slug, theme)
            self._by_name.setdefault(vocabulary.name_key(theme.label), theme)

    def named(self, value):
        """Return (the themes one Themes: value names, in order, and a problem for each unknown name)."""
        themes, problems = [], []
        for name in split(value, ",;"):
            theme = self._by_name.get(name.lower()) or self._by_name.get(vocabulary.name_key(name))
            if theme is None:
                problems.append(_problem(
                    "themes",
                    f'unknown theme "{name}" in Themes.{did_you_mean(name, self.slugs)}',
                    f"valid themes are: {', '.join(self.slugs)} (see {self.vocabulary_name})",
                ))
            elif theme not in themes:
                themes.append(theme)
        return themes, problems


def auto_themes(value):
    """Return (False for an Auto-themes: value that switches them off, else True; a problem if it is neither)."""
    word = value.strip().lower()
    if word in OFF:
        return False, []
    if word in ON:
        return True, []
    return True, [_problem("auto-themes", f'Auto-themes must be "on" or "off", not "{value}"')]


def role_group(value):
    """Return (the group slug a Role-group: value names, or None; a problem when it names none)."""
    slug = vocabulary.parse_group(value)
    if slug is not None:
        return slug, []
    return None, [_problem(
        "role-group",
        f'unknown role group "{value}" in Role-group.{did_you_mean(value, vocabulary.ROLE_GROUPS)}',
        f"choose one of: {vocabulary.group_choices()}",
    )]


# How people join two names in a sentence ("Maureen Costigan and A carer"); the site splits writers on commas only.
_JOINS = re.compile(r"\s+(?:and|&)\s+|\s*[;&/+]\s*", re.IGNORECASE)


def joined_writers(name, registry):
    """Return the registry's names when ``name`` is several registered writers joined by "and", "&" or ";", else []."""
    parts = [part for part in _JOINS.split(name) if part.strip()]
    entries = [registry.find(part.strip()) for part in parts]
    return [entry.name for entry in entries] if len(parts) > 1 and all(entries) else []


def joined_message(name, joined):
    """Return what is wrong with writers joined as one name (the hint, with the names, depends on where it is written)."""
    return f'"{name}" names {len(joined)} writers as one: the site reads only commas between writers'


def author_problems(name, registry, *, slug, roles, group, group_written, registry_name):
    """Return what is wrong with one author of a post: a registry entry lacking a role or group, or a guest's gaps.

    ``slug`` is the author's web-address slug as the site makes it; ``roles`` and ``group`` are the post's
    Author-role and Role-group (``group_written`` is True when a Role-group line is there at all, even a bad
    one: that line has its own problem).
    """
    entry = registry.find(name)
    problems = [_problem("author-role", *found) for found in map(vocabulary.role_problem, roles) if found]
    if entry is not None:
        if not entry.roles and not roles:
            problems.append(_problem(
                "author",
                f'author "{entry.name}" has no role in {registry_name} or in this post',
                f'add roles = ["..."] to their entry in {registry_name}, or an Author-role: line here',
            ))
        if entry.role_group is None and group is None and not group_written:
            problems.append(_problem(
                "author",
                f'author "{entry.name}" has no role group in {registry_name} or in this post',
                f"add role_group to their entry, or a Role-group: line here ({vocabulary.group_choices()})",
            ))
        return problems
    joined = joined_writers(name, registry)
    if joined:
        problems.append(_problem("author", joined_message(name, joined),
                                 f"write them separated by commas: Authors: {', '.join(joined)}"))
        return problems
    if not roles:
        problems.append(_problem(
            "author",
            f'author "{name}" is not in {registry_name} and this post gives no Author-role.'
            f"{did_you_mean(name, registry.public_names())}",
            f"add them to {registry_name}, or give a guest's role with an Author-role: line and their "
            f"group with a Role-group: line ({vocabulary.group_choices()})",
        ))
    elif group is None and not group_written:
        problems.append(_problem(
            "author-role",
            f'guest author "{name}" has an Author-role but no Role-group',
            f"add a Role-group: line; choose one of: {vocabulary.group_choices()}",
        ))
    taken = next((author for author in registry.authors if author.slug == slug), None)
    if taken is not None:
        problems.append(_problem(
            "author",
            f'guest author "{name}" would share the address of "{taken.name}" in {registry_name}.'
            f"{did_you_mean(name, [taken.name])}",
            "use the registry's spelling of the name, or spell the guest's name in full",
        ))
    return problems
