"""Pure: the word model, a second opinion on each theme from all of a post's words (wordmodel.json).

The phrases of themes.toml find what a post names; many posts about a theme tell it in their own words
("I got my flat back, then my job"). The word model reads every word of the post at once: it weighs each
word (by its stem, so "recovering" is "recover") by how much the labelled texts about a theme used it
compared with the others, and gives each theme a probability that the post is about it. It is a logistic
regression over the post's word counts, learned offline by ``python -m bench.tagging.wordmodel --write``;
the build only reads the written table, so one post's themes never depend on any other post. The table is JSON,
which Python reads in a tenth of the time the same table took as TOML (0.01 s against 0.15 s a build).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy

from inmind.errors import ContentError

from .phrases import _STEM

TABLE = Path(__file__).resolve().parent / "wordmodel.json"

# No idf is near this (it is 1 + ln of a ratio of numbers of texts); far larger ones overflow features(): a word's
# value becomes infinite, or its square does, and the post's probabilities NaN, or its words are silently ignored.
MAX_IDF = 100.0
# No learned weight or intercept is near this (they are tens at most); far larger ones overflow the sums of a post's
# log-odds: two sums of many words, one infinite and one minus infinite, make its probabilities NaN.
MAX_WEIGHT = 1e6
TITLE_REPEATS = 2  # a title's words count twice: it says what the post is about in a few words
_STEMS_KEPT = 200_000  # a bound on the memory the stems of a long build's odd words can take
_stems = {}


def stem(word):
    """Return the stem of a lower-case word, or "" for a token that is not a word (a number, a mark)."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) > _STEMS_KEPT:
            _stems.clear()
        found = _stems[word] = _STEM(word) if word.isalpha() and len(word) > 1 else ""
    return found


def counts(title_words, summary_words, body_words):
    """Return ``{stem: mentions}`` of the words of a post's places (lists of words, as phrases.words gives)."""
    # Each distinct word is stemmed once: counting the words first runs in C, and a post repeats most of them.
    seen = Counter(body_words)
    seen.update(summary_words)
    for word in title_words:
        seen[word] += TITLE_REPEATS
    found = {}
    known = _stems.get
    for word, n in seen.items():
        key = known(word)
        if key is None:
            key = stem(word)
        if key:
            found[key] = found.get(key, 0) + n
    return found


def features(found, idf):
    """Return ``{stem: value}``: each known stem's (1 + ln mentions) × idf, the whole scaled to length 1."""
    values = {s: (1.0 + math.log(n)) * idf[s] for s, n in found.items() if s in idf}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return {s: v / norm for s, v in values.items()} if norm else {}


@dataclass(frozen=True)
class WordModel:
    """The learned table: every stem's idf, and each theme's intercept and word weights."""

    idf: dict  # stem -> inverse document frequency
    intercept: dict  # slug -> the log-odds of a post with no known word
    weights: dict  # stem -> ((slug, weight), ...)
    sure: float  # a theme is given when the model is at least this sure
    doubt: float  # a theme the phrases give is dropped when the model is less sure than this
    min_words: int = 80  # a shorter body is left to the phrases: the model learned from texts of this length or more
    overrule: float = 4.0  # a theme whose phrases score this many times the bar is kept whatever the model says
    # A theme the model alone gives needs this share of its sureness of the post's surest theme as well (0: no such
    # rule): a story the model is all but sure is about one theme reads a little like several others.
    alone_share: float = 0.0
    # A theme is also given when its phrases' score, as a share of what is needed, and the model's sureness add up to
    # joint, the model at least joint_sure sure (joint 0: no such rule): phrases nearly enough and a model fairly
    # sure are two half-proofs of one subject.
    joint: float = 0.0
    joint_sure: float = 0.0

    def log_odds(self, values):
        """Return ``{slug: log-odds}`` for the features of one post."""
        result = dict(self.intercept)
        weights = self.weights
        for s, v in values.items():
            for slug, w in weights.get(s, ()):
                result[slug] += w * v
        return result

    def probabilities(self, found):
        """Return ``{slug: probability that the post is about it}`` from its stem counts (counts()).

        The same sums as log_odds(features(...)), done by numpy over the table as arrays: word by word in Python
        they took four times as long as all the rest of the tagging.
        """
        column = self._arrays[1]
        rows, mentions = [], []
        for s, n in found.items():
            row = column.get(s)
            if row is not None:
                rows.append(row)
                mentions.append(n)
        # In the rows' order, as probabilities_of() sums them: the same sums to the last bit.
        order = numpy.argsort(numpy.array(rows, dtype=numpy.intp))
        return self._probabilities(numpy.array(rows, dtype=numpy.intp)[order], numpy.array(mentions, dtype=float)[order])

    def probabilities_of(self, title_words, summary_words, body_words):
        """Return what probabilities(counts(...)) does, for the words of a post's places, in under half the time.

        Every word is looked up in a table of the words seen before, which holds its stem's row of the model (or
        -1): the look-ups and the counting run in C (map, numpy), and only a word never seen before is stemmed.
        """
        row_of = self._row_of
        if len(row_of) > _STEMS_KEPT:
            row_of.clear()
        words = [*title_words] * TITLE_REPEATS
        words += summary_words
        words += body_words
        rows = numpy.fromiter(map(row_of.__getitem__, words), dtype=numpy.intp, count=len(words))
        mentions = numpy.bincount(rows[rows >= 0], minlength=len(self._arrays[2]))
        present = numpy.flatnonzero(mentions)
        return self._probabilities(present, mentions[present])

    @functools.cached_property
    def _row_of(self):
        """Return the table of words already seen and their stems' rows (-1: not a word of the model)."""
        return _Rows(self._arrays[1])

    def _probabilities(self, rows, mentions):
        """Return ``{slug: probability}`` for the model's rows ``rows`` of a post and each one's mentions."""
        slugs, _, idf, matrix, intercept = self._arrays
        odds = intercept
        if len(rows):
            values = (1.0 + numpy.log(numpy.asarray(mentions, dtype=float))) * idf[rows]
            norm = math.sqrt(float(values @ values))
            if norm:
                odds = intercept + (values / norm) @ matrix[rows]
        # The logistic function, written with tanh so that no log-odds, however large, overflows.
        return dict(zip(slugs, (0.5 + 0.5 * numpy.tanh(0.5 * odds)).tolist(), strict=True))

    @functools.cached_property
    def _arrays(self):
        """Return the table as arrays: the slugs, each stem's row, the idf, the weights (stem × theme), the intercepts."""
        slugs = tuple(self.intercept)
        column = {s: n for n, s in enumerate(self.idf)}
        where = {slug: n for n, slug in enumerate(slugs)}
        matrix = numpy.zeros((len(column), len(slugs)))
        for s, pairs in self.weights.items():
            row = column.get(s)
            if row is None:
                continue  # a word with no idf has no value in features() either
            for slug, w in pairs:
                if slug in where:
                    matrix[row, where[slug]] = w
        idf = numpy.array(list(self.idf.values()), dtype=float)
        return slugs, column, idf, matrix, numpy.array([self.intercept[s] for s in slugs], dtype=float)

    def reasons(self, found, slugs, written=(), n=6):
        """Return ``{slug: ((word, effect on the log-odds), ...)}``: the ``n`` words that moved each theme most.

        A word is named as the post first wrote it (``written``: its words), not by its stem ("recoveri").
        """
        values = features(found, self.idf)
        moved = {slug: [] for slug in slugs}
        weights = self.weights
        for s, v in values.items():
            for slug, w in weights.get(s, ()):
                if slug in moved:
                    moved[slug].append((w * v, s))
        named = set()
        for pieces in moved.values():
            pieces.sort(key=lambda item: (-abs(item[0]), item[1]))
            del pieces[n:]
            named.update(s for _, s in pieces)
        spelling = {}
        for word in written:
            key = stem(word)
            if key in named and key not in spelling:
                spelling[key] = word
        return {slug: tuple((spelling.get(s, s), round(x, 2)) for x, s in pieces) for slug, pieces in moved.items()}


class _Rows(dict):
    """Words seen so far and their stems' rows of the model (-1: not a word of it); a new word is stemmed once."""

    def __init__(self, column):
        super().__init__()
        self.column = column

    def __missing__(self, word):
        key = stem(word)
        row = self[word] = self.column.get(key, -1) if key else -1
        return row


_SHAPE = '"sure" and "doubt" (numbers from 0 to 1), "min_words" (whole), "overrule" (1 or more), "alone_share" (from 0 to 1), "joint" (from 0 to 10), "joint_sure" (from 0 to 1), an "idf" object of words and numbers, and a "theme" object with, for each SLUG, an "intercept" and an object of "words"'
_RELEARN = f"relearn it with python -m bench.tagging.wordmodel --write; it needs {_SHAPE}"


def _number(value, where, path, low=-math.inf, high=math.inf):
    """Return ``value`` as a float, or raise ContentError naming ``where`` when it is not a number in range."""
    number = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float: JSON allows any number of digits
            number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise ContentError(f"{where} must be a number{f' from {low:g} to {high:g}' if high < math.inf else ''}, not {value!r}",
                           path=path, hint=_RELEARN)
    return number


def _numbers(table, where, path, low=-math.inf, high=math.inf):
    """Return ``{key: float}`` for a JSON object of numbers, or raise as _number() for the first that is not one."""
    values = list(table.values())
    # The usual case checked at once in C: tens of thousands of numbers one by one were a fifth of the load.
    if all(type(v) is float or type(v) is int for v in values):
        try:
            array = numpy.array(values, dtype=float)
        except OverflowError:
            array = None
        if array is not None and numpy.isfinite(array).all() and (array >= low).all() and (array <= high).all():
            return dict(zip(table, array.tolist(), strict=True))
    return {key: _number(value, f"{where} {key!r}", path, low, high) for key, value in table.items()}


def _no_repeats(pairs):
    """Return a JSON object's pairs as a dict; a key written twice is an error (json would keep the last quietly)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"{twice!r} is written twice in one object")
    return result


def load(path, slugs):
    """Read wordmodel.json, keeping only the themes ``slugs``. Raise ContentError when it is missing or malformed."""
    path = Path(path)
    hint = "restore it from git, or set COPRODUCTION's 'word_model' to False to decide by the phrases' scores only"
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_no_repeats)
    except FileNotFoundError:
        raise ContentError("the word model file is missing", path=path, hint=hint) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ContentError(f"cannot read the word model file: {exc}", path=path, hint=hint) from None
    idf, themes = (data.get("idf"), data.get("theme")) if isinstance(data, dict) else (None, None)
    if not isinstance(idf, dict) or not isinstance(themes, dict):
        raise ContentError('the word model file needs an "idf" object and a "theme" object', path=path, hint=f"it needs {_SHAPE}")
    idf = _numbers(idf, "idf: word", path, 0.0, MAX_IDF)
    known = set(slugs)
    weights, intercept = {}, {}
    for slug, table in themes.items():
        if not isinstance(table, dict) or not isinstance(table.get("words", {}), dict):
            raise ContentError(f"theme {slug!r} must be an object with an intercept and words", path=path, hint=f"it needs {_SHAPE}")
        b = _number(table.get("intercept"), f"theme {slug!r}: intercept", path, -MAX_WEIGHT, MAX_WEIGHT)
        words = _numbers(table.get("words", {}), f"theme {slug!r}: word", path, -MAX_WEIGHT, MAX_WEIGHT)
        # A learned table gives every word it weighs an idf: without one, the word would silently count for nothing.
        unweighed = next((s for s in words if s not in idf), None)
        if unweighed is not None:
            raise ContentError(f"theme {slug!r}: word {unweighed!r} has no idf", path=path, hint=_RELEARN)
        if slug not in known:
            continue  # a theme removed from themes.toml since the model was learned
        intercept[slug] = b
        for s, w in words.items():
            weights.setdefault(s, []).append((slug, w))
    sure = _number(data.get("sure"), "sure", path, 0.0, 1.0)
    doubt = _number(data.get("doubt"), "doubt", path, 0.0, 1.0)
    if doubt > sure:
        # A theme the model is sure of could then be dropped as doubtful: the two rules would contradict.
        raise ContentError(f"doubt ({doubt:g}) must not be above sure ({sure:g})", path=path,
                           hint=_RELEARN)
    min_words = _number(data.get("min_words"), "min_words", path, 0.0, 1e9)
    if min_words != int(min_words):
        raise ContentError(f"min_words must be a whole number of words, not {min_words:g}", path=path,
                           hint=_RELEARN)
    overrule = _number(data.get("overrule"), "overrule", path, 1.0, 1e9)
    alone_share = _number(data.get("alone_share"), "alone_share", path, 0.0, 1.0)
    joint = _number(data.get("joint"), "joint", path, 0.0, 10.0)
    joint_sure = _number(data.get("joint_sure"), "joint_sure", path, 0.0, 1.0)
    return WordModel(
        idf=idf,
        intercept=intercept,
        weights={s: tuple(pairs) for s, pairs in weights.items()},
        sure=sure,
        doubt=doubt,
        min_words=int(min_words),
        overrule=overrule,
        alone_share=alone_share,
        joint=joint,
        joint_sure=joint_sure,
    )
