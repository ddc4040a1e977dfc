"""Pure: the word model, a second opinion on each theme from all of a post's words (wordmodel.toml).

The phrases of themes.toml find what a post names; many posts about a theme tell it in their own words
("I got my flat back, then my job"). The word model reads every word of the post at once: it weighs each
word (by its stem, so "recovering" is "recover") by how much the labelled texts about a theme used it
compared with the others, and gives each theme a probability that the post is about it. It is a logistic
regression over the post's word counts, learned offline by ``python -m bench.tagging.wordmodel --write``;
the build only reads the written table, so one post's themes never depend on any other post.
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy

from inmind.errors import ContentError

from .phrases import _STEM

TABLE = Path(__file__).resolve().parent / "wordmodel.toml"

# No idf is near this (it is 1 + ln of a ratio of numbers of texts); far larger ones overflow features(): a word's
# value becomes infinite, or its square does, and the post's probabilities NaN, or its words are silently ignored.
MAX_IDF = 100.0
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
        return self._probabilities(rows, mentions)

    def probabilities_of(self, title_words, summary_words, body_words):
        """Return what probabilities(counts(...)) does, for the words of a post's places, in half the time.

        Each distinct word is looked up once in a table of the words seen before, which holds its stem's row
        of the model (or -1): the stems of words the model does not know are never counted.
        """
        seen = Counter(body_words)
        seen.update(summary_words)
        for word in title_words:
            seen[word] += TITLE_REPEATS
        row_of = self._row_of
        if len(row_of) > _STEMS_KEPT:
            row_of.clear()
        column = self._arrays[1]
        by_row = {}
        for word, n in seen.items():
            row = row_of.get(word)
            if row is None:
                key = stem(word)
                row = row_of[word] = column.get(key, -1) if key else -1
            if row >= 0:
                by_row[row] = by_row.get(row, 0) + n
        return self._probabilities(list(by_row), list(by_row.values()))

    @functools.cached_property
    def _row_of(self):
        """Return the table of words already seen and their stems' rows (-1: not a word of the model)."""
        return {}

    def _probabilities(self, rows, mentions):
        """Return ``{slug: probability}`` for the model's rows ``rows`` of a post and each one's mentions."""
        slugs, _, idf, matrix, intercept = self._arrays
        odds = intercept
        if rows:
            values = (1.0 + numpy.log(numpy.array(mentions, dtype=float))) * idf[rows]
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


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


_SHAPE = "'sure' and 'doubt' (numbers from 0 to 1), 'min_words' (whole), 'overrule' (1 or more), an [idf] table of words and numbers, and [theme.SLUG] tables with an 'intercept' and a table of 'words'"
_RELEARN = f"relearn it with python -m bench.tagging.wordmodel --write; it needs {_SHAPE}"


def _number(value, where, path, low=-math.inf, high=math.inf):
    """Return ``value`` as a float, or raise ContentError naming ``where`` when it is not a number in range."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not low <= value <= high:
        raise ContentError(f"{where} must be a number{f' from {low:g} to {high:g}' if high < math.inf else ''}, not {value!r}",
                           path=path, hint=_RELEARN)
    return float(value)


def load(path, slugs):
    """Read wordmodel.toml, keeping only the themes ``slugs``. Raise ContentError when it is missing or malformed."""
    path = Path(path)
    hint = "restore it from git, or set COPRODUCTION's 'word_model' to False to decide by the phrases' scores only"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError("the word model file is missing", path=path, hint=hint) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"cannot read the word model file: {exc}", path=path, hint=hint) from None
    idf, themes = data.get("idf"), data.get("theme")
    if not isinstance(idf, dict) or not isinstance(themes, dict):
        raise ContentError("the word model file needs an [idf] table and [theme.SLUG] tables", path=path, hint=f"it needs {_SHAPE}")
    known = set(slugs)
    weights, intercept = {}, {}
    for slug, table in themes.items():
        if not isinstance(table, dict) or not isinstance(table.get("words", {}), dict):
            raise ContentError(f"[theme.{slug}] must be a table with an intercept and words", path=path, hint=f"it needs {_SHAPE}")
        b = _number(table.get("intercept"), f"[theme.{slug}] intercept", path)
        words = {s: _number(w, f"[theme.{slug}.words] {s!r}", path) for s, w in table.get("words", {}).items()}
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
    return WordModel(
        idf={s: _number(v, f"[idf] {s!r}", path, 0.0, MAX_IDF) for s, v in idf.items()},
        intercept=intercept,
        weights={s: tuple(pairs) for s, pairs in weights.items()},
        sure=sure,
        doubt=doubt,
        min_words=int(min_words),
        overrule=overrule,
    )
