"""Editorial checks: unknown themes, authors and role groups, with their line and a did-you-mean."""

from __future__ import annotations

import fnmatch
import functools
import os
from pathlib import Path

from pelican.urlwrappers import Author

from inmind import check_settings
from inmind.errors import ContentError, Problem
from inmind.source import parse_shared

from . import privacy, private, rules, settings, vocabulary
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
    return rules.ThemeNames(themes, Path(themes_path).name), registry, matcher, found


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


def _paths(pelican_settings):
    config = settings.merged(pelican_settings)
    content = Path(pelican_settings.get("PATH") or "content")
    return str(content / config.vocabulary), str(content / config.authors)


def registries(pelican_settings):
    """Return (theme names, registry, matcher, problems in the registries), read again only when a file changed."""
    themes_path, authors_path = _paths(pelican_settings)
    slug_rules = tuple((key, tuple(tuple(rule) for rule in pelican_settings.get(key) or ()))
                       for key in private.SLUG_SETTINGS)
    return _load(themes_path, _stamp(themes_path), authors_path, _stamp(authors_path), private.stamp(), slug_rules)


def withhold_names(pelican_settings):
    """Return a function that takes any real name out of a problem's words, or None when there is none to take."""
    try:
        matcher = registries(pelican_settings)[2]
    except ContentError:
        return None  # a broken registry or private names file is reported by check() itself
    return functools.partial(private.withheld_problem, matcher) if matcher else None


def check(source_path, text, metadata, pelican_settings):
    """Return the problems the co-production plugin would stop the build for, each with its line."""
    content = Path(pelican_settings.get("PATH") or "content")
    try:
        authors_path = _paths(pelican_settings)[1]
        names, registry, matcher, found = registries(pelican_settings)
    except ContentError as exc:
        return [Problem(exc.path, exc.line, "error", exc.message, exc.hint)]

    source = parse_shared(text)
    problems = list(found)

    def at(line, pairs):
        problems.extend(problem.replace(path=source_path, line=line) for _field, problem in pairs)

    for value, line in source.values("themes"):
        at(line, names.named(value)[1])
    for value, line in source.values("auto-themes")[:1]:
        at(line, rules.auto_themes(value)[1])
    group = None
    for value, line in source.values("role-group")[:1]:
        group, bad_group = rules.role_group(value)
        at(line, bad_group)
    roles = rules.roles([value for value, _ in source.values("author-role")])
    within = _within(source_path, content)
    if not _is_page(within, pelican_settings):
        # Pages are not posts: the build gives them no author profiles, so their Author lines are not checked.
        for name, line in _author_fields(source):
            if matcher.find(name) is not None:
                continue  # a real name: reported (without quoting it) by the real-name check
            for field, problem in rules.author_problems(
                name, registry, slug=_author_slug(name, pelican_settings), roles=roles, group=group,
                group_written=bool(source.values("role-group")), registry_name=Path(authors_path).name,
            ):
                # At the Author line of this name, or at the post's own line of the field the problem names.
                problems.append(problem.replace(path=source_path, line=line if field == "author" else source.line(field, line)))
    problems.extend(_check_private_keys(source, source_path))
    rel = within.as_posix() if within is not None else Path(source_path).name
    problems.extend(private.scan_file(matcher, source_path, text, rel=rel))
    close = check_settings.severity(check_settings.merged(pelican_settings), private.CLOSE_ID, "warning")
    if close != "off":
        problems.extend(private.scan_close(matcher, source_path, text, close))
    return problems


def check_ids(pelican_settings):
    """Return the checks whose severity ``CHECKS["severity"]`` may set, with this plugin's defaults."""
    return {private.CLOSE_ID: "warning"}


def _within(source_path, content):
    """Return the file's path inside the content folder (links resolved), or None for a file outside it."""
    try:
        return Path(source_path).resolve().relative_to(content.resolve())
    except ValueError:
        return None


def _check_private_keys(source, source_path):
    """Report a Real-name: (or any private key) in a post's metadata: the file is in git."""
    return [
        Problem(source_path, field.line, "error", vocabulary.private_key_message(f"{field.name}:", "a content file"),
                vocabulary.PRIVATE_HINT)
        for field in source.fields
        if vocabulary.is_private_key(field.key)
    ]


def _is_page(within, pelican_settings):
    if within is None:
        return False  # a file outside the content folder (invoke themes, a draft elsewhere) is read as a post
    return bool(within.parts) and within.parts[0] in (pelican_settings.get("PAGE_PATHS") or [])


def _author_fields(source):
    """Yield (name, line) for each author named in Author: or Authors: (Pelican's splitting rules)."""
    for key in ("authors", "author"):
        for value, line in source.values(key)[:1]:
            for name in rules.author_names(key, value):
                yield name, line
            return


def _author_slug(name, pelican_settings):
    """Return the author's slug as the build makes it (the site's own slug rules)."""
    return Author(name, pelican_settings).slug


# Pictures whose details (EXIF, XMP, comments, text chunks) the published copy leaves out (file_vetting.strip).
PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
DETAILS_HINT = ("remove the picture's details (in Windows: Properties, Details, 'Remove Properties and Personal "
                "Information'; on a Mac, export it again from Preview or Photos) and put the new file in place of "
                "this one; the site leaves the details out of the copy it publishes, but ")

# Documents and drawings: the published copy leaves their properties out too (file_vetting.clean), not their text.
DOCUMENTS = (".pdf", ".docx", ".xlsx", ".odt", ".ods", ".avif", ".svg")
OTHER_FILE_HINT = "take the name out of the file, or delete the file if the site does not need it; "
DOCUMENT_HINT = ("take the name out of the file's text and properties (in Word: File, Info, Check for Issues, Inspect "
                 "Document; elsewhere: File, Properties), save it and put it in place of this one; the site leaves the "
                 "properties out of the copy it publishes, but ")


def check_files(pelican_settings):
    """Return an error for each file in the content folder holding a real name, published or not: git keeps them all.

    Pictures and documents in STATIC_PATHS are read by their own structure (the published copy leaves their details
    out); the Markdown files the checks read are checked line by line elsewhere; every other file (notes beside a post,
    an editor's backup copy, a hidden draft, a file in a folder the site never reads) by its name and its text.
    """
    try:
        matcher = registries(pelican_settings)[2]
    except ContentError:
        return []  # reported at each post by check()
    if not matcher:
        return []
    content = Path(pelican_settings.get("PATH") or "content")
    static = tuple(content / folder for folder in pelican_settings.get("STATIC_PATHS") or [])
    skipped = {Path(p) for p in _paths(pelican_settings)}
    problems = []
    for path in _every_file(content):
        in_static = any(path.is_relative_to(folder) for folder in static)
        if path.suffix.lower() in PICTURES + DOCUMENTS and in_static and not path.is_symlink():
            problems.extend(_static_problems(matcher, path))
        elif path not in skipped and not _read_by_checks(path, content, pelican_settings):
            problems.extend(_other_problems(matcher, path, content))
    return problems


def _every_file(content):
    """Return every file under ``content`` (links too, as links: a linked folder is not walked), sorted."""
    found = []
    for folder, dirs, files in os.walk(content):
        dirs[:] = [d for d in dirs if d != ".git"]
        found.extend(Path(folder, name) for name in files + [d for d in dirs if Path(folder, d).is_symlink()])
    return sorted(found)


def _read_by_checks(path, content, pelican_settings):
    """Return True for a Markdown file the per-file checks read (and so check for real names, line by line)."""
    from inmind.check_file import MARKDOWN_SUFFIXES

    parts = path.relative_to(content).parts
    ignored = pelican_settings.get("IGNORE_FILES") or []
    return (path.suffix.lower() in MARKDOWN_SUFFIXES and not path.is_symlink()
            and parts[0] in check_settings.merged(pelican_settings).folders
            and not any(fnmatch.fnmatch(part, pattern) for part in parts for pattern in ignored))


def _static_problems(matcher, path):
    data = private.read_bytes(path)
    suffix = path.suffix.lower()
    texts = privacy.picture_metadata_texts(data) if suffix in PICTURES else privacy.file_texts(path.name, data)
    found = next((f for t in texts if (f := matcher.find(t))), None)
    if found is None:
        return []
    what, hint = ("the picture's details hold", DETAILS_HINT) if suffix in PICTURES else ("the file holds", DOCUMENT_HINT)
    return [Problem(str(path), None, "error", f"{what} {private.real_name(found)}", hint + private.IN_GIT)]


# A file the site does not publish can be any size (a video dropped beside a post): at most this much of its start
# and of its end is read, where programs write a file's details (an MP4's are at its end).
READ_LIMIT = 32 * 1024 * 1024


def _head_and_tail(path):
    try:
        with open(path, "rb") as file:
            head = file.read(READ_LIMIT + 1)
            if len(head) <= READ_LIMIT:
                return head
            file.seek(-READ_LIMIT, os.SEEK_END)
            return head[:READ_LIMIT] + b"\n" + file.read(READ_LIMIT)
    except OSError:
        return b""


def _other_problems(matcher, path, content):
    """Return the problems of a file the site does not read as content: its name (and a link's target) and its text."""
    rel = path.relative_to(content).as_posix()
    if path.is_symlink():
        text = os.readlink(path)  # the link's target is written in git, as its text
    elif path.is_file():
        data = _head_and_tail(path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problems = private.scan_file(matcher, path, "", rel=rel)
            found = next((f for t in privacy.file_texts(path.name, data) if (f := matcher.find(t))), None)
            if found is not None:
                problems.append(Problem(str(path), None, "error", f"the file holds {private.real_name(found)}",
                                        OTHER_FILE_HINT + private.IN_GIT))
            return problems
    else:
        text = ""  # a pipe or a device: never read (it could wait for ever)
    return private.scan_file(matcher, path, text, rel=rel)
