"""The pre-publish checklist at the end of ``invoke check --publish``: what the publish build needs, and what is missing."""

from __future__ import annotations

import os

from inmind.errors import counted

# (label, what is needed, what blocks, the findings that count, whether they block publishing). A finding
# counts by its check id, or by the words of a check that has none yet (videos without a transcript).
ITEMS = (
    ("Consent", "on posts by writers outside staff and leadership",
     ("[consent-missing]", "[consent-invalid]", "[consent-duplicate]"), True),
    ("Content notes", "on posts about suicide, self-harm or overdose",
     ("[content-note-missing]",), True),
    ("Alt text", "on every picture", ("[image-alt-missing]", "[image-alt-filename]"), True),
    ("Transcripts", "for every video", ("has no transcript",), True),
    ("Review dates", "kept up to date (never blocks publishing)",
     ("[review-overdue]", "[review-date-invalid]"), False),
    ("Safe language", "flags above read by an editor (never blocks publishing)", ("[safe-language]", "[means-review]"), False),
)


# Where the publish build finds anonymous writers' real names (read by plugins/coproduction/private.py): the
# checks cannot see it is missing, yet the publish build stops without it, so the checklist says so.
PRIVATE_NAMES = "INMIND_PRIVATE_NAMES"


# Said after a check of some files only: the checklist counts every file, so it is left out rather than half true.
WHOLE_SITE = "(the checklist before publishing covers every file: run ./dev check --publish without --file to see it)"


def lines(problems, environ=None):
    """Return the checklist as lines of text: one per item, with how many files still need it."""
    out = ["", "Before publishing:"]
    for label, needed, markers, blocks in ITEMS:
        found = [p for p in problems if any(m in p.message for m in markers)]
        files = len({p.path for p in found})
        if not found:
            mark = "ok"
            state = "done"
        else:
            mark = "MISSING" if blocks else "check"
            state = f"{len(found)} to do in {counted(files, 'file')}"
        out.append(f"  [{mark}] {label} {needed}: {state}")
    out.append(_private_names(os.environ if environ is None else environ))
    return out


def _private_names(environ):
    if environ.get(PRIVATE_NAMES, "").strip():
        return f"  [ok] Real names of anonymous writers checked against the file {PRIVATE_NAMES} names: set"
    return (f"  [check] Real names of anonymous writers: {PRIVATE_NAMES} is not set, so a publish build stops if "
            f"authors.toml has an anonymous writer; {how_to_set()}, then run this check again "
            "(in CI it is the repository secret of that name; see README 'Anonymous writers')")


def how_to_set():
    """Return what to type so the builds find the private names file, in words a writer who does not program can follow."""
    return f'with the file in private/names.toml, type export {PRIVATE_NAMES}="$PWD/private/names.toml" in this terminal'
