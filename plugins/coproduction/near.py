"""Pure: find a spelling close to an anonymous writer's real name ("Philipa Marchbanks-Oduya"), and its column.

A misspelt real name still names the writer, and a check that quotes a misspelt value ('unknown theme
"Philipa Marchbank-Oduya"') would print it in terminals, CI logs and pull-request annotations. The exact
check (``privacy.Matcher``) finds every form of a name in one normalised form; this finds words a few
letters away from a form: a letter missing, added, changed or two swapped, per about seven letters. Words
are read in the same normalised form (accents, joiners, full-width and look-alike letters folded), so only
real misspellings count as edits.

Forms shorter than ``MIN_LETTERS`` letters are only found exactly: a short word a letter away from a
nickname is usually another word. A form is compared with whole words only, as many as it has (one more
or fewer, so a space added or lost counts as an edit-free difference), never with part of a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .privacy import HiddenName, _fold_run, folded

# Forms with fewer letters than this are left to the exact check.
MIN_LETTERS = 8
LETTER = re.compile(r"[^\W\d_]")
NON_LETTERS = re.compile(r"[\W\d_]+")


def allowed_edits(letters):
    """Return how many single-letter edits still make a spelling "close" to a form of ``letters`` letters."""
    return 1 if letters < 12 else 2 if letters < 18 else 3


@dataclass(frozen=True)
class Near:
    """A spelling close to (or the same as) a real name: whose, where it starts (1-based) and how many edits away."""

    name: HiddenName
    column: int
    edits: int


@dataclass(frozen=True)
class _Target:
    letters: str
    windows: frozenset
    name: HiddenName
    edits: int
    grams: frozenset


def _trigrams(letters):
    return frozenset(letters[i:i + 3] for i in range(len(letters) - 2))


def distance(a, b, limit):
    """Return the edit distance of ``a`` and ``b`` (a swap of two letters is one edit), or ``limit + 1`` if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, row = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


def words(text):
    """Return [(word, 0-based index in ``text`` where it starts)]: letters in the normalised form, joiners dropped."""
    found, word, start = [], [], None
    for index, char in enumerate(str(text)):
        # The same folding as privacy.normalise, one character at a time, so each letter keeps its place.
        for letter in char.lower() if char.isascii() else _fold_run(char):
            if LETTER.fullmatch(letter):
                start = index if start is None else start
                word.append(letter)
            elif word:
                found.append(("".join(word), start))
                word, start = [], None
    if word:
        found.append(("".join(word), start))
    return found


class NearMatcher:
    """Finds spellings close to any form of any hidden name, as whole words."""

    def __init__(self, names):
        by_letters = {}
        for name in names:
            for form in name.forms:
                letters = form.replace(" ", "")
                if len(letters) < MIN_LETTERS:
                    continue
                count = form.count(" ") + 1
                sizes = {1} if count == 1 else {count - 1, count, count + 1}
                known = by_letters.get(letters)
                windows = sizes | (known.windows if known else frozenset())
                owner = known.name if known else name
                by_letters[letters] = _Target(letters, frozenset(windows), owner, allowed_edits(len(letters)),
                                              _trigrams(letters))
        self.targets = tuple(by_letters.values())

    def __bool__(self):
        return bool(self.targets)

    def _possible(self, text):
        """Return the targets ``text`` could hold within their edits (each edit loses at most three trigrams)."""
        compact = NON_LETTERS.sub("", folded(text))
        if len(compact) < MIN_LETTERS - 3:
            return []
        grams = _trigrams(compact)
        return [t for t in self.targets if len(t.grams - grams) <= 3 * t.edits]

    def find(self, text):
        """Return the first Near in ``text`` (the fewest edits at the leftmost place), or None."""
        targets = self._possible(text) if self.targets and text else []
        if not targets:
            return None
        found = words(text)
        best = None
        for target in targets:
            for size in sorted(target.windows):
                for at in range(len(found) - size + 1):
                    candidate = "".join(word for word, _ in found[at:at + size])
                    edits = distance(candidate, target.letters, target.edits)
                    if edits <= target.edits:
                        near = Near(target.name, found[at][1] + 1, edits)
                        if best is None or (near.edits, near.column) < (best.edits, best.column):
                            best = near
        return best
