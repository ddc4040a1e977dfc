"""Pure: load and check the theme vocabulary (themes.toml) and the authors registry; the role groups."""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from inmind.errors import ContentError, did_you_mean
from inmind.files import resolved
from inmind.source import SLUG_MAX, too_long
from inmind.text import printable


@dataclass(frozen=True)
class RoleGroup:
    """One of the fixed role groups."""

    slug: str
    label: str  # what readers see
    inside: bool  # the Trust's own voices: the "whose voices" share counts posts with anyone else
    colour: str  # its bars in the voices chart: 3:1 or more on white (WCAG 1.4.11); rows are labelled in words too


# The role groups, defined here and nowhere else. Order is the order of charts and lists.
GROUPS = (
    RoleGroup("staff", "Staff", inside=True, colour="#005eb8"),
    RoleGroup("leadership", "Leadership", inside=True, colour="#003087"),
    RoleGroup("service-user", "Service user or patient", inside=False, colour="#007f3b"),
    RoleGroup("carer", "Carer", inside=False, colour="#7c2855"),
    RoleGroup("volunteer", "Volunteer", inside=False, colour="#8a5700"),
    RoleGroup("governor", "Governor", inside=False, colour="#330072"),
    RoleGroup("partner", "Partner or academic", inside=False, colour="#4c6272"),
)
ROLE_GROUPS = {group.slug: group.label for group in GROUPS}  # slug -> label
INSIDE_GROUPS = frozenset(group.slug for group in GROUPS if group.inside)
GROUP_COLOURS = {group.slug: group.colour for group in GROUPS}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
THEME_KEYS = ("slug", "label", "description", "phrases", "abbreviations", "ignore", "threshold", "second_threshold",
              "not_second_to")
# An abbreviation is matched as written, in capitals: it starts with a capital and ends with a capital or digit.
ABBREVIATION_RE = re.compile(r"^[A-Z][A-Za-z0-9]{0,8}[A-Z0-9]$")
AUTHOR_KEYS = ("name", "slug", "roles", "role_group", "bio", "anonymous")
# Keys that hold a real name. They belong only in the private names file, never in a file git tracks.
PRIVATE_KEYS = ("real_name", "real_names", "realname", "legal_name", "private_name")
PRIVATE_HINT = "move it to the private names file; see README 'Anonymous writers'"


@dataclass(frozen=True)
class ThemeEntry:
    """One theme as written in themes.toml."""

    slug: str
    label: str
    description: str
    phrases: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()  # wordings that look like the theme but are not about it ("cost recovery")
    threshold: float = 0.0  # a higher bar for this theme alone (0: COPRODUCTION's threshold only)
    second_threshold: float = 0.0  # ... and one for when another theme of the post scores higher (0: none)
    not_second_to: tuple[str, ...] = ()  # slugs of themes beside which, when they score higher, it is never given


@dataclass(frozen=True)
class AuthorEntry:
    """One person (or team) as written in authors.toml."""

    name: str
    slug: str
    roles: tuple[str, ...] = ()
    role_group: str | None = None
    bio: str = ""
    anonymous: bool = False


def slugify(text):
    """Return a web-address slug for free text such as a role ("Specialist Chaplain" -> "specialist-chaplain")."""
    # Accents are folded ("Ärztin" -> "arztin"), not dropped with their letter.
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.replace("'", "").replace("\u2019", "")).strip("-")


def role_problem(role):
    """Return ``(message, hint)`` when a role cannot make its page's address (roles/SLUG/), else None."""
    slug = slugify(role)
    if len(slug) > SLUG_MAX:
        # The disk refuses a folder name this long; the build would stop without naming the file or line.
        return (too_long("the role", len(role), SLUG_MAX),
                "shorten it to the job title, such as \"Peer support worker\": it becomes the address of its page")
    if slug:
        return None
    return (f'the role "{role}" has no letters or numbers for the address of its page',
            'write the role in words, such as "Peer support worker"')


def name_key(name):
    """Return the one form names are compared in: NFKC, invisible format characters dropped, case-folded, single spaces.

    A name typed on another computer can differ only where no reader sees it: "é" as "e" and a combining accent
    (NFD, as macOS writes), full-width letters, a zero-width joiner or soft hyphen. It is still the same writer.
    """
    return _name_key(str(name))


# Each post's writers are looked up two to four times as it is read, and most writers have many posts: the
# character-by-character work is done once per spelling. Keyed by the text, so a Pelican Author given instead
# of its name (equal to its slug, hashed as it) is remembered as the name it shows.
@functools.lru_cache(maxsize=4096)
def _name_key(text):
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", " ".join(text.split()).casefold())


def parse_group(value):
    """Return the group slug for a slug or label ("service-user", "Service user or patient"), or None."""
    key = name_key(value)
    for slug, label in ROLE_GROUPS.items():
        if key in (slug, label.casefold(), slug.replace("-", " ")):
            return slug
    return None


def group_choices():
    """Return the valid role groups as text for messages."""
    return ", ".join(ROLE_GROUPS)


# --- reading TOML with places ---


class _Source:
    """A TOML file's text, with the lines of its [[table]] blocks so errors can point at them."""

    def __init__(self, path, table):
        self.path = str(path)
        self.table = table
        real = resolved(path)
        instead = f"put the {table} file itself here in place of the link"
        if real is None:
            raise ContentError(f"this {table} file is a link that leads back to itself, so it cannot be read", path=path,
                               line=1, hint=instead)
        if not real.is_relative_to(Path(path).parent.resolve()):
            # A registry's names and bios are published: one linked in from elsewhere would publish that file.
            raise ContentError(f"this {table} file is a link to {real}, outside the content folder, so it is not read",
                               path=path, line=1, hint=instead)
        try:
            self.text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError(
                f"the {table} file {Path(path).name} is missing",
                path=path,
                hint=f"create it with one [[{table}]] block per entry (see the README)",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError(f"cannot read the {table} file: {exc}", path=path) from None
        self.lines = self.text.splitlines()
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table)}\s*\]\]")
        self.blocks = [n for n, line in enumerate(self.lines, start=1) if header.match(line)]

    def data(self):
        try:
            return tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            raise ContentError(
                f"this file is not valid TOML: {message}",
                path=self.path,
                line=int(found.group(1)) if found else None,
                hint='check quotes, commas and brackets; text values need "double quotes"',
            ) from None

    def line(self, index, key=None):
        """Return the line of entry ``index`` (0-based), or of its ``key = `` line."""
        if index >= len(self.blocks):
            return None
        start = self.blocks[index]
        if key is None:
            return start
        end = self.blocks[index + 1] if index + 1 < len(self.blocks) else len(self.lines) + 1
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, end):
            if key_re.match(self.lines[number - 1]):
                return number
        return start

    def key_line(self, key):
        """Return the line of a top-level ``key = `` (outside any [[table]] block), or None."""
        key_re = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        end = self.blocks[0] if self.blocks else len(self.lines) + 1
        return next((n for n in range(1, end) if key_re.match(self.lines[n - 1])), None)

    def error(self, message, index=None, key=None, hint=None):
        line = self.line(index, key) if index is not None else None
        return ContentError(message, path=self.path, line=line, hint=hint)


def _entries(source, data, key):
    """Return the list of [[table]] entries, or raise for a wrong file shape; ``key`` is the one every entry has."""
    unknown = [k for k in data if k != source.table]
    if unknown:
        raise source.error(
            f"unexpected top-level key {unknown[0]!r}.{did_you_mean(unknown[0], [source.table])}",
            hint=f"every entry starts with a [[{source.table}]] line",
        )
    entries = data.get(source.table)
    if entries is not None and not (isinstance(entries, list) and all(isinstance(e, dict) for e in entries)):
        # "author = ["Joe Rafferty"]", "author = [1]" or "author = "Joe"": names or numbers, where each entry has keys.
        table = source.table
        raise ContentError(f"each [[{table}]] entry must be a table of keys such as {key} = \"...\", each on its "
                           "own line", path=source.path, line=source.key_line(table),
                           hint=f"start each entry with a line [[{table}]] and write its keys on the lines below it, "
                           f'one a line: [[{table}]], then {key} = "...", then the next key (see the README)')
    if not isinstance(entries, list) or not entries:
        raise source.error(f"no [[{source.table}]] entries found", hint=f"add at least one [[{source.table}]] block")
    return entries


def is_private_key(key):
    """Return True for a key that would hold a real name (real_name, Real-Name, realname...)."""
    return "_".join(re.split(r"[\s_-]+", str(key).strip().casefold())) in PRIVATE_KEYS


def private_key_message(key, where):
    """Return the message for a key that would hold a real name (``key``) written in a file git tracks."""
    return f"{key} must not be in {where}: this file is in git, and a real name in git is public"


def _check_keys(source, index, entry, allowed):
    for key in entry:
        if is_private_key(key):
            # Never quote the value: messages end up in CI logs.
            raise source.error(
                private_key_message(key, Path(source.path).name),
                index,
                key,
                hint=PRIVATE_HINT,
            )
        if key not in allowed:
            raise source.error(
                f"unknown key {key!r}.{did_you_mean(key, allowed)}",
                index,
                key,
                hint=f"valid keys are: {', '.join(allowed)}",
            )


def _text(source, index, entry, key, *, required=True):
    value = entry.get(key)
    if value is None:
        if required:
            raise source.error(f"this entry has no {key}", index, hint=f'add a line such as {key} = "..."')
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise source.error(f"{key} must be non-empty text in double quotes, not {value!r}", index, key)
    return " ".join(printable(value).split())


def _slug(source, index, entry, seen):
    slug = _text(source, index, entry, "slug")
    if len(slug) > SLUG_MAX:
        raise source.error(too_long("the slug", len(slug), SLUG_MAX), index, "slug",
                           hint="shorten it: it is the last part of the address of this entry's page")
    if not SLUG_RE.match(slug):
        raise source.error(
            f"slug {slug!r} is not valid", index, "slug", hint="use lower-case letters, numbers and single hyphens only"
        )
    if slug in seen:
        raise source.error(f"slug {slug!r} is used twice", index, "slug", hint="each entry needs its own slug")
    seen.add(slug)
    return slug


def _text_list(source, index, entry, key):
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise source.error(f'{key} must be a list of text, such as {key} = ["one", "two"]', index, key)
    return tuple(" ".join(printable(v).split()) for v in value)


# --- themes.toml ---


def _threshold(source, index, entry, key="threshold"):
    """Return a theme's own bar (``threshold`` or ``second_threshold``): a number above 0, or 0.0 when it has none."""
    if key not in entry:
        return 0.0
    value = entry[key]
    # TOML's true and false are Python's bool, a kind of int: not a bar. TOML's inf and nan are floats.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < float("inf"):
        raise source.error(
            f"{key} must be a number above 0, such as 3.5, not {value!r}",
            index,
            key,
            hint="leave it out to use the site's threshold; a theme's own threshold can only raise the bar",
        )
    return float(value)


def load_themes(path):
    """Read themes.toml and return its themes in file order, or raise ContentError with the line."""
    source = _Source(path, "theme")
    entries = _entries(source, source.data(), THEME_KEYS[0])
    themes, slugs, labels = [], set(), set()
    for index, entry in enumerate(entries):
        _check_keys(source, index, entry, THEME_KEYS)
        slug = _slug(source, index, entry, slugs)
        label = _text(source, index, entry, "label")
        if label.casefold() in labels:
            raise source.error(f"label {label!r} is used twice", index, "label", hint="each theme needs its own label")
        labels.add(label.casefold())
        description = _text(source, index, entry, "description")
        phrases = _text_list(source, index, entry, "phrases")
        abbreviations = _text_list(source, index, entry, "abbreviations")
        for abbreviation in abbreviations:
            if not ABBREVIATION_RE.match(abbreviation):
                raise source.error(
                    f"abbreviation {abbreviation!r} is not written as an abbreviation",
                    index,
                    "abbreviations",
                    hint='write it as it appears in posts, in capitals and without dots or spaces, such as "CQC" or "DoLS"; '
                    "put longer or lower-case wording in phrases",
                )
        ignore = _text_list(source, index, entry, "ignore")
        themes.append(
            ThemeEntry(slug=slug, label=label, description=description, phrases=phrases, abbreviations=abbreviations,
                       ignore=ignore, threshold=_threshold(source, index, entry),
                       second_threshold=_threshold(source, index, entry, "second_threshold"),
                       not_second_to=_text_list(source, index, entry, "not_second_to"))
        )
    for index, theme in enumerate(themes):
        for other in theme.not_second_to:
            if other not in slugs or other == theme.slug:
                raise source.error(
                    f"not_second_to names {other!r}, which is not another theme's slug",
                    index,
                    "not_second_to",
                    hint=f"use the slugs of other themes of this file: {', '.join(sorted(slugs - {theme.slug}))}",
                )
    return themes


# --- authors.toml ---


def load_authors(path):
    """Read authors.toml and return its authors in file order, or raise ContentError with the line."""
    source = _Source(path, "author")
    entries = _entries(source, source.data(), AUTHOR_KEYS[0])
    authors, slugs, names = [], set(), {}
    for index, entry in enumerate(entries):
        _check_keys(source, index, entry, AUTHOR_KEYS)
        name = _text(source, index, entry, "name")
        slug = _slug(source, index, entry, slugs)
        roles = _text_list(source, index, entry, "roles")
        for role in roles:
            problem = role_problem(role)
            if problem:
                raise source.error(problem[0], index, "roles", hint=problem[1])
        group = entry.get("role_group")
        if group is not None:
            if not isinstance(group, str) or parse_group(group) is None:
                raise source.error(
                    f"unknown role_group {group!r}.{did_you_mean(group, ROLE_GROUPS)}",
                    index,
                    "role_group",
                    hint=f"choose one of: {group_choices()}",
                )
            group = parse_group(group)
        bio = _text(source, index, entry, "bio", required=False)
        anonymous = entry.get("anonymous", False)
        if not isinstance(anonymous, bool):
            raise source.error(f"anonymous must be true or false, not {anonymous!r}", index, "anonymous")
        key = name_key(name)
        if key in names:
            raise source.error(
                "this name is listed twice",
                index,
                "name",
                hint=f"it is also the name of the entry with slug {names[key]!r}",
            )
        names[key] = slug
        authors.append(
            AuthorEntry(
                name=name,
                slug=slug,
                roles=roles,
                role_group=group,
                bio=bio,
                anonymous=anonymous,
            )
        )
    return authors


def name_pattern(name):
    """Return a regex that finds ``name`` in text whatever its case and spacing."""
    words = str(name).split()
    if not words:
        return re.compile(r"(?!)")  # no name: nothing to find
    rest = r"[\s\u00a0]+".join(re.escape(w) for w in [words[0][1:], *words[1:]])
    # "Not after a letter" is checked just after the first letter, not before it (the same test, on the character
    # before that letter): a pattern that starts with a letter lets the regex engine skip quickly to where that
    # letter is, about three times as fast over a post's body.
    return re.compile(re.escape(words[0][0]) + r"(?<!\w[\s\S])" + rest + r"(?!\w)", re.IGNORECASE)


@dataclass
class Registry:
    """The authors registry with look-ups by public name, or by an anonymous writer's real name when known."""

    authors: list[AuthorEntry]
    private: list = field(default_factory=list, repr=False)  # from private.load_private_names

    def __post_init__(self):
        self._by_name = {name_key(a.name): a for a in self.authors}
        by_slug = {a.slug: a for a in self.authors}
        self._by_real = {}
        for slug, _public, real, _hidden in self.private:
            if slug in by_slug:
                self._by_real[name_key(real)] = by_slug[slug]

    def find(self, name):
        """Return the registry entry for a public name or an anonymous author's real name, or None."""
        return self._by_name.get(name_key(name)) or self._by_real.get(name_key(name))

    def public_names(self):
        """Return every public name, for suggestions."""
        return [a.name for a in self.authors]

    def hidden(self):
        """Return the HiddenName of every writer in the private names file."""
        return [hidden for *_, hidden in self.private]

    def real_names(self):
        """Return (real name, HiddenName) for replacing a real name written out in full."""
        return [(real, hidden) for _slug, _public, real, hidden in self.private]
