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

from .privacy import MIDDLE, HiddenName, _fold_run, folded

# Forms with fewer letters than this are left to the exact check.
MIN_LETTERS = 8
LETTER = re.compile(r"[^\W\d_]")
NON_LETTERS = re.compile(r"[\W\d_]+")
NOT_A_TO_Z = bytes(b for b in range(256) if not 0x61 <= b <= 0x7A)


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
    pieces: tuple


def _pieces(letters, edits):
    """Return ``letters`` cut into ``2 * edits + 1`` pieces: a spelling within ``edits`` edits holds one whole.

    An edit spoils at most two pieces (a swap across the cut between them), so one is left untouched.
    """
    count = 2 * edits + 1
    size = len(letters) // count
    return tuple(letters[i * size:(i + 1) * size if i < count - 1 else len(letters)] for i in range(count))


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


ASCII_WORD = re.compile(r"[A-Za-z]+")
RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def words(text):
    """Return [(word, 0-based index in ``text`` where it starts)]: letters in the normalised form, joiners dropped."""
    found, word, start = [], [], None

    def close():
        nonlocal word, start
        if word:
            found.append(("".join(word), start))
        word, start = [], None

    for run in RUNS.finditer(str(text)):
        at, chunk = run.start(), run.group()
        if chunk.isascii():  # most text: runs of letters are words, found in C
            end = 0
            for match in ASCII_WORD.finditer(chunk):
                if match.start() != end or (end == 0 and match.start() != 0):
                    close()
                start = at + match.start() if start is None else start
                word.append(match.group().lower())
                end = match.end()
            if end != len(chunk):
                close()
            continue
        for index, char in enumerate(chunk, start=at):
            # The same folding as privacy.normalise, one character at a time, so each letter keeps its place.
            for letter in _fold_run(char):
                if LETTER.fullmatch(letter):
                    start = index if start is None else start
                    word.append(letter)
                else:
                    close()
    close()
    return found


class NearMatcher:
    """Finds spellings close to any form of any hidden name, as whole words."""

    def __init__(self, names):
        by_letters = {}
        for name in names:
            for form in name.forms:
                letters = form.replace(" ", "")
                if len(letters) < MIN_LETTERS or MIDDLE in form:  # a middle word of any kind is no spelling
                    continue
                count = form.count(" ") + 1
                sizes = {1} if count == 1 else {count - 1, count, count + 1}
                known = by_letters.get(letters)
                windows = sizes | (known.windows if known else frozenset())
                owner = known.name if known else name
                edits = allowed_edits(len(letters))
                by_letters[letters] = _Target(letters, frozenset(windows), owner, edits, _trigrams(letters),
                                              _pieces(letters, edits))
        self.targets = tuple(by_letters.values())
        self._ascii = all(target.letters.isascii() for target in self.targets)

    def __bool__(self):
        return bool(self.targets)

    def _compact(self, text):
        """Return ``text``'s letters run together, folded (only a to z when every form is written with those)."""
        if self._ascii:
            # Dropping the other letters is no less strict: each is an edit against a form of a to z anyway.
            return folded(text).encode("ascii", "ignore").translate(None, NOT_A_TO_Z).decode("ascii")
        return NON_LETTERS.sub("", folded(text))

    def _possible(self, text, targets=None):
        """Return the targets (of ``targets``, or all) that ``text`` could hold within their edits."""
        compact = self._compact(text)
        if len(compact) < MIN_LETTERS - 3:
            return []
        # One piece is there whole; then at most four trigrams per edit are missing (a swap of two letters
        # touches the four that hold either). Both are substring searches, in C.
        return [t for t in (self.targets if targets is None else targets)
                if any(piece in compact for piece in t.pieces)
                and sum(gram not in compact for gram in t.grams) <= 4 * t.edits]

    def find(self, text):
        """Return the first Near in ``text`` (the fewest edits, then the first line and column), or None.

        A spelling is looked for within a line, and its column counts from the start of that line.
        """
        targets = self._possible(text) if self.targets and text else []
        best = None
        for line in str(text).splitlines() if targets else ():
            near = self._search(line, self._possible(line, targets))
            if near is not None and (best is None or near.edits < best.edits):
                best = near
        return best

    def _search(self, line, targets):
        """Return the Near with the fewest edits in one line, for ``targets``, or None."""
        if not targets:
            return None
        found = words(line)
        ends = [0]
        for word, _ in found:
            ends.append(ends[-1] + len(word))
        best = None
        for target in targets:
            wanted = len(target.letters)
            for size in sorted(target.windows):
                for at in range(len(found) - size + 1):
                    if abs(ends[at + size] - ends[at] - wanted) > target.edits:
                        continue  # too long or too short to be within the edits: no need to compare
                    candidate = "".join(word for word, _ in found[at:at + size])
                    if not any(piece in candidate for piece in target.pieces):
                        continue  # every piece spoilt: more edits than allowed
                    edits = distance(candidate, target.letters, target.edits)
                    if edits <= target.edits:
                        near = Near(target.name, found[at][1] + 1, edits)
                        if best is None or (near.edits, near.column) < (best.edits, best.column):
                            best = near
        return best
