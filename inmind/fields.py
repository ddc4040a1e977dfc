"""The metadata fields the site reads: Pelican's own, and those each enabled plugin says it reads.

A plugin names its fields with ``metadata_fields(settings)`` (inmind/config.py), and a field it lays out for the
browser editor (``editor_fields``) is one it reads too. The checker takes the list from here, so a field a plugin
reads is never called unknown, and a field nothing reads never passes as if it did something.
"""

from __future__ import annotations

from inmind.config import provided

# Read by Pelican itself, in every folder.
PELICAN_FIELDS = (
    "title", "date", "modified", "author", "authors", "slug", "summary", "status", "category", "tags", "lang",
    "template", "save_as", "url",
)
# Pelican's own fields the site does not use: it has no translations, and "Translation: true" only hid a post or made
# Pelican warn without a line. Unknown to the checks (so they name the line), and never handed to Pelican.
UNUSED = ("translation",)
# The fields a file may give on several lines, one value each (one Highlight: per highlight, one Transcript: and one
# Captions: per video); any other field given twice is a mistake, and only its first line is read.
REPEATED = ("highlight", "transcript", "captions")
# Read by Pelican's series plugin, in the posts' folders only.
SERIES_FIELDS = ("series", "series_index")
# Pelican's own fields that writers never need: left out of the fields a writer is told about (and the editor
# keeps them in a file exactly as written, without showing them).
INTERNAL = ("modified", "category", "tags", "lang", "template", "save_as", "url")


def folder_nouns(settings):
    """Return ``{content folder: (one file of it, several)}``: Pelican's posts and pages, and each plugin's content."""
    nouns = dict.fromkeys(settings.get("ARTICLE_PATHS") or (), ("a blog post", "blog posts"))
    nouns.update(dict.fromkeys(settings.get("PAGE_PATHS") or (), ("a page", "pages")))
    for _name, declare in provided(settings, "content_types"):
        if not isinstance(declare, Exception):
            nouns.update({folder: spec["nouns"] for folder, spec in declare(settings).items() if "nouns" in spec})
    return nouns


def known_fields(settings, hooks=("metadata_fields", "editor_fields")):
    """Return ``{key: folders it is read in, or None for every folder}`` for every field the site reads."""
    known = dict.fromkeys(PELICAN_FIELDS)
    known.update(dict.fromkeys(SERIES_FIELDS, tuple(settings.get("ARTICLE_PATHS") or ())))
    for hook in hooks:
        for _name, declare in provided(settings, hook):
            if isinstance(declare, Exception):
                continue  # a plugin that cannot load is reported by the build and the checks themselves
            declared = declare(settings)
            pairs = declared.items() if isinstance(declared, dict) else ((d["key"], d["folders"]) for d in declared)
            for key, folders in pairs:
                if key in known and known[key] is None:
                    continue  # read everywhere already
                known[key] = tuple(sorted({*(known.get(key) or ()), *folders}))
    return known


def read_only_in(settings):
    """Return the keys whose folders say where they are read, not just laid out: ``metadata_fields``' and the series'.

    The editor lays a field out where writers need it (Reviewed: in pages), which is not always everywhere it is
    read (a blog post shows its Reviewed: date too); so ``editor_fields`` alone never makes a field wrong in a folder.
    """
    return {key for key, folders in known_fields(settings, ("metadata_fields",)).items() if folders is not None}


def label(key):
    """Return a metadata key as a person writes it at the top of a file: 'Content-note', 'Series_index'."""
    return key[:1].upper() + key[1:]


def fields_in(known, folder):
    """Return the labels of the fields a writer can use in ``folder`` ("Title", "Summary", …), in the site's order."""
    return [label(key) for key, folders in known.items()
            if key not in INTERNAL and (folders is None or folder in folders)]


def unread_field(name):
    """Return the words for a field line nothing in the site reads: '"Byline:" is not a field ...'."""
    return f'"{name}:" is not a field the site reads, so it does nothing'


def unread_field_hint(known, folder):
    """Return what a writer can do about a field nothing reads: delete it, or use one of the folder's fields."""
    return f"delete the line, or use one of the fields the site reads in {folder}/: {', '.join(fields_in(known, folder))}"


def misplaced_field(name, folders, folder, nouns):
    """Return (message, hint) for a field read only in other folders: what it is for, and where the file could go."""
    def kind(each):
        return f"{nouns[each][1]} (content/{each}/)" if each in nouns else f"files in content/{each}/"

    def move(each):
        return f"to content/{each}/ if it is {nouns[each][0]}" if each in nouns else f"to content/{each}/"

    this = f"this file is {nouns[folder][0]}" if folder in nouns else f"this file is in content/{folder}/"
    return (f"{name}: is only for {' and '.join(kind(each) for each in folders)}; {this}, so the line does nothing",
            f"remove the line, or move the file {', or '.join(move(each) for each in folders)}")
