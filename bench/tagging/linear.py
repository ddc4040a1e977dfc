"""Learn every theme's word worths together: a regularised logistic regression over the build's own score.

The build adds a learned word's worth to a theme's score for each mention (at most ``cap``, a body mention
scaled by the body's length), on top of the phrases' score, and keeps the theme when the score reaches the
threshold. This module chooses the worths so that that rule fits the labelled texts: for each theme, the
log-odds that a text is about it are taken to be (phrase score + sum of worth × mentions - threshold) /
temperature, and the worths are fitted by penalised maximum likelihood (L1 and L2 pulls towards 0, so most
words get exactly 0 and the rest stay small). The phrase score enters with a fixed coefficient of 1: the
phrases of themes.toml keep their meaning, and the words only move texts near the bar. A word of the
texts wrongly near a theme may get a negative worth. Offline only: the build reads the written table.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass

# Number words say how many, never what about.
NUMBERS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand
    thousands million first second third fourth fifth sixth seventh eighth ninth tenth once twice half""".split()
)
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?:\n#\"\u201c(\-*>]\s*$")


def names(records):
    """Return the lower-case words written with a capital in every use that does not start a sentence.

    Those are names of people, places, teams and organisations: what they say about a theme is who wrote
    the texts, not how people write about it, so they are never learned.
    """
    capital, lower = set(), set()
    for record in records:
        for place in record.places:
            for match in _WORD.finditer(place):
                word = match.group().replace("\u2019", "'").split("'")[0]
                if word[0].isupper():
                    before = place[max(0, match.start() - 3) : match.start()]
                    if match.start() and not _SENTENCE_END.search(before):
                        capital.add(word.lower())
                else:
                    lower.add(word.lower())
    return frozenset(capital - lower)


@dataclass(frozen=True)
class Row:
    """One labelled text as the build sees it: each theme's phrase score and each word's mentions counted."""

    file: str
    split: str
    gold: frozenset
    score: dict  # slug -> the score before these words: the phrases' (when stacked, the ratio words' too)
    words: dict  # word as listed -> mentions counted (at most cap; a body mention scaled by the body's length)


def listing(records, candidate, known, pool):
    """Return ``{word as listed}``: the candidate words of the texts, one spelling per stem (the most used)."""
    from coproduction.phrases import _STEM

    seen = {}
    for record in records:
        for word in record.words:
            if not candidate(word):
                continue
            stem = _STEM(word)
            if pool != "any" and stem not in known.pool and (pool == "vocabulary" or stem not in known.stories):
                continue
            seen.setdefault(stem, {}).setdefault(word, 0)
            seen[stem][word] += 1
    return sorted(max(spellings, key=lambda w: (spellings[w], -len(w), w)) for spellings in seen.values())


def rows(records, base, listed, cap):
    """Return a Row per Record, counted by the phrase tagger ``base`` exactly as the build counts."""
    from coproduction.learned import compile_learned

    counter = copy.copy(base)
    counter.learned = compile_learned({"": dict.fromkeys(listed, 1.0)}, cap)
    phrases_only = copy.copy(base)
    phrases_only.learned = None
    result = []
    for record in records:
        score = {s.slug: s.score for s in phrases_only.scores(*record.places)}
        tokens, spans, _, _, factors, *_ = counter.places(*record.places)
        found = counter._learned(tokens, spans, factors).get("", ())
        result.append(Row(record.file, record.split, record.gold, score, {word: n for word, _, _, n in found if n > 0}))
    return result


def fit(train, slug, params, iterations=300):
    """Return ``{word: worth}`` for one theme, fitted on the Rows ``train``."""
    positives = [r for r in train if slug in r.gold]
    if not positives:
        return {}
    # Words of at least min_texts texts about the theme, or (for lowering) of texts not about it that its
    # phrases already score at half the bar or more.
    near = [r for r in train if slug not in r.gold and r.score.get(slug, 0.0) >= params.threshold / 2]
    features = set()
    for group in (positives, near) if params.negative else (positives,):
        counts = {}
        for r in group:
            for word in r.words:
                counts[word] = counts.get(word, 0) + 1
        features |= {w for w, n in counts.items() if n >= params.min_texts}
    everywhere = {}
    for r in train:
        for word in r.words:
            everywhere[word] = everywhere.get(word, 0) + 1
    features = {w for w in features if everywhere[w] <= params.max_share * len(train)}
    if not features:
        return {}
    index = {w: j for j, w in enumerate(sorted(features))}
    data = []  # (label ±1, offset, [(feature, value)]) of the texts that hold a feature: the others add a constant
    for r in train:
        x = [(index[w], v) for w, v in r.words.items() if w in index]
        if x:
            data.append((1.0 if slug in r.gold else -1.0, (r.score.get(slug, 0.0) - params.threshold), x))
    n, tau = len(train), params.temperature
    lipschitz = max(1.0, params.positive_weight) * sum(v * v for _, _, x in data for _, v in x) / (4 * tau * tau * n) + params.l2
    step = 1.0 / lipschitz
    size = len(index)
    w = [0.0] * size
    v, t = w[:], 1.0
    for _ in range(iterations):
        grad = [params.l2 * value for value in v]
        for y, offset, x in data:
            z = (offset + sum(v[j] * value for j, value in x)) / tau
            g = -y / (1.0 + math.exp(min(50.0, y * z))) / (tau * n) * (params.positive_weight if y > 0 else 1.0)
            for j, value in x:
                grad[j] += g * value
        shrink = step * params.l1
        new = []
        for j in range(size):
            u = v[j] - step * grad[j]
            u = math.copysign(max(0.0, abs(u) - shrink), u)
            new.append(u if params.negative else max(0.0, u))
        t_next = (1 + math.sqrt(1 + 4 * t * t)) / 2
        v = [a + (t - 1) / t_next * (a - b) for a, b in zip(new, w, strict=True)]
        w, t = new, t_next
    worths = {word: round(w[j], 2) for word, j in index.items() if round(w[j], 2) != 0 and abs(w[j]) >= params.min_worth}
    kept = sorted(worths.items(), key=lambda item: (-abs(item[1]), item[0]))[: params.corrections]
    return dict(kept)


def learn(train, slugs, params):
    """Return ``{slug: {word: worth}}`` fitted on the Rows ``train``."""
    return {slug: worths for slug in slugs if (worths := fit(train, slug, params))}


def combine(*tables):
    """Return one table whose worth for a theme's word is the sum of its worths in ``tables``; zeros left out."""
    result = {}
    for table in tables:
        for slug, worths in table.items():
            into = result.setdefault(slug, {})
            for word, worth in worths.items():
                into[word] = into.get(word, 0.0) + worth
    return {slug: {w: round(v, 2) for w, v in worths.items() if round(v, 2)} for slug, worths in result.items()}
