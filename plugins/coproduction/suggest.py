"""Pure: suggest phrases for a theme from the posts editors tagged with it by hand (``Themes:``).

A suggestion is a run of one to three words that is common in the posts given the theme explicitly, rare
in every other post, and not already found by the theme's vocabulary. Editors read the list and copy the
phrases that really mean the theme into content/themes.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .phrases import words

# A phrase never runs across punctuation; a hyphenated word stays one word ("co-production").
_BREAK = re.compile(r"[^\w\s'\u2019-]+|\s-+\s")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")

# Runs that start or end with one of these say nothing about a subject ("of the", "and we", "really felt").
STOPWORDS = frozenset(
    """a about after again against ago all almost also always am among an and another any anyone anything are
    around as ask asked at away back be because been before being best better between both but by came can
    cannot could day days did do does doing done down during each early else even ever every everyone
    everything few find first for found from full gave get gets getting give given go going gone good got great
    had has have having he her here herself him himself his how however i if in into is it its itself just keep
    kept know known last later least less let like little long look lot lots made make makes making many may me
    might more most much must my myself need needed never new next no nobody none nor not nothing now of off
    often old on once one only or other others our ours out over own part past people perhaps place please put
    quite rather really right said same saw say says see seen set several shall she should show since so some
    someone something sometimes soon still such sure take taken tell than that the their theirs them themselves
    then there these they thing things think this those though thought three through time times to today
    together told too took two under until up upon us use used very want wanted was way ways we week weeks well
    went were what whatever when where whether which while who whole whom whose why will with within without
    would year years yet you your yours yourself felt feel feels feeling""".split()
)
# A single word is suggested only when it is at least this long: short words are rarely a theme's own.
MIN_WORD = 5


@dataclass(frozen=True)
class Suggestion:
    """One phrase worth considering for a theme, with how often it appears where."""

    phrase: str
    with_theme: int  # posts given the theme in Themes: that use the phrase
    others: int  # other posts that use it


def ngrams(text, longest=3):
    """Return the set of runs of 1 to ``longest`` words of ``text``, within punctuation, without edge stopwords."""
    found = set()
    for piece in _BREAK.split(text.lower()):
        tokens = [re.sub(r"['\u2019]s$", "", w) for w in _WORD.findall(piece)]
        for size in range(1, longest + 1):
            for start in range(len(tokens) - size + 1):
                run = tokens[start : start + size]
                if run[0] in STOPWORDS or run[-1] in STOPWORDS or min(map(len, run)) < 2:
                    continue
                if size == 1 and len(run[0]) < MIN_WORD:
                    continue
                found.add(" ".join(run))
    return found


def suggest(posts, tagger, *, min_share=0.3, max_other_share=0.1, limit=10):
    """Return ``{theme slug: [Suggestion, ...]}`` from ``posts``: (explicit theme slugs, plain text) pairs.

    A phrase is suggested for a theme when at least ``min_share`` of the posts with the theme (and at least
    two of them) use it, at most ``max_other_share`` of the other posts do, and the tagger does not already
    count it for the theme. Best first: the widest gap between the two shares.
    """
    grams = [(set(slugs), ngrams(text)) for slugs, text in posts]
    result = {}
    for slug in sorted({s for slugs, _ in grams for s in slugs}):
        tagged = [g for slugs, g in grams if slug in slugs]
        others = [g for slugs, g in grams if slug not in slugs]
        counts = {}
        for g in tagged:
            for phrase in g:
                counts[phrase] = counts.get(phrase, 0) + 1
        candidates = []
        for phrase, n in counts.items():
            if n < 2 or n / len(tagged) < min_share:
                continue
            elsewhere = sum(1 for g in others if phrase in g)
            if others and elsewhere / len(others) > max_other_share:
                continue
            if any(key[0] == slug for key in tagger.count(words(phrase))):
                continue  # the vocabulary already finds it
            candidates.append(Suggestion(phrase, n, elsewhere))
        share = len(others) or 1
        candidates.sort(key=lambda s: (-(s.with_theme / len(tagged) - s.others / share), -len(s.phrase.split()), s.phrase))
        # A longer phrase says more than the words inside it: drop a word or pair already inside a kept phrase.
        kept = []
        for candidate in candidates:
            if not any(f" {candidate.phrase} " in f" {k.phrase} " for k in kept):
                kept.append(candidate)
        result[slug] = kept[:limit]
    return result
