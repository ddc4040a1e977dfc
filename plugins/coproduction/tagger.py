"""Pure: find a post's themes in its title, summary and body, with the evidence for each.

The vocabulary is compiled once into a trie over words (every spelling of every word of every phrase), so
a post's text is split into words once and each word costs one dictionary look-up.
Matching rules, for every word of a phrase:
- case does not matter;
- words may be separated by spaces or hyphens ("lived experience", "lived-experience"), and a hyphenated
  word may also be written apart or closed up ("co-production", "co production", "coproduction");
- simple plurals ("carer" finds "carers", "recovery" finds "recoveries") and possessives ("carer's",
  "carers'") match;
- a phrase is made of whole words, so it never matches inside another word ("faith" misses "faithful"),
  and never runs across punctuation other than a hyphen ("…with people. Not…" is two pieces).
The longest phrase starting at a word wins, and its words are not counted again.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass

_TAG = re.compile(r"<[^>]*>")
# Punctuation (except hyphens and apostrophes) becomes a word of its own, "." which no phrase contains.
# Plain str.replace per mark is several times faster than one regular expression over the whole text.
_PUNCTUATION = tuple(".,;:!?()[]{}<>\"/\\|*+=&%$#@~^`") + ("\u201c", "\u201d", "\u2013", "\u2014", "\u2026")
_HYPHENS = ("-", "\u2010", "\u2011")
# Apostrophes are dropped, so a possessive reads like a plural: "carer's" and "carers'" are "carers".
_APOSTROPHES = ("'", "\u2019", "\u2018")
_END = None  # trie key for "a phrase ends here"; never a word


def words(text):
    """Return the lower-case words of plain text, with punctuation as "." words."""
    if not text:
        return []
    text = text.lower()
    for mark in _PUNCTUATION:
        if mark in text:
            text = text.replace(mark, " . ")
    for mark in _HYPHENS:
        if mark in text:
            text = text.replace(mark, " ")
    for mark in _APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "")
    return text.split()


def forms(word):
    """Return the spellings one phrase word matches: itself, its plurals and its possessives."""
    found = {word, word + "s", word + "es"}
    if len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou":
        found.add(word[:-1] + "ies")
    return sorted(found)


def phrase_variants(phrase):
    """Return each way of writing a phrase as a tuple of words; a hyphenated pair may also be closed up."""
    pieces = []
    for chunk in phrase.lower().replace("\u2019", "'").replace("\u2018", "'").split():
        if chunk.endswith("'s"):
            chunk = chunk[:-2]
        parts = [p for p in chunk.replace("'", "").replace("\u2010", "-").replace("\u2011", "-").split("-") if p]
        if parts:
            pieces.append(parts)
    variants = set()
    for piece_forms in itertools.product(*(_closings(parts) for parts in pieces)):
        variants.add(tuple(word for part in piece_forms for word in part))
    return sorted(variants, key=len, reverse=True)


def _closings(parts):
    """Return the ways to write hyphenated parts: apart ("co production") or closed up ("coproduction")."""
    if len(parts) == 1:
        return [tuple(parts)]
    return [tuple(parts), ("".join(parts),)]


def compile_phrases(phrases):
    """Build a trie over words from ``[(theme, phrase), ...]``; a phrase's last node lists (theme, phrase)."""
    root = {}
    for theme, phrase in phrases:
        key = (theme, phrase)
        for variant in phrase_variants(phrase):
            nodes = [root]
            for word in variant:
                following = []
                for node in nodes:
                    for form in forms(word):
                        following.append(node.setdefault(form, {}))
                nodes = following
            for node in nodes:
                keys = node.setdefault(_END, [])
                # Two phrases of one theme that read the same ("lack capacity", "lacks capacity") count once.
                if all(k[0] != theme for k in keys):
                    keys.append(key)
    return root


def html_to_text(markup):
    """Return the words of an HTML fragment, without tags."""
    if not markup:
        return ""
    return html.unescape(_TAG.sub(" ", str(markup)))


@dataclass(frozen=True)
class Evidence:
    """How often one phrase was found, by place."""

    phrase: str
    title: int = 0
    summary: int = 0
    body: int = 0

    @property
    def count(self):
        """Return the number of matches in all places."""
        return self.title + self.summary + self.body

    def __str__(self):
        places = ", ".join(
            f"{place} {n}" for place, n in (("title", self.title), ("summary", self.summary), ("body", self.body)) if n
        )
        return f'"{self.phrase}" ×{self.count} ({places})'


@dataclass(frozen=True)
class Score:
    """A theme's score for one post and the phrases behind it."""

    slug: str
    score: float
    evidence: tuple[Evidence, ...] = ()

    def describe(self):
        """Return the score and evidence as one line of text."""
        return f"score {self.score:.2f}: " + "; ".join(str(e) for e in self.evidence)


class Tagger:
    """Scores posts against a vocabulary; build it once, then use it for every post."""

    def __init__(self, themes, *, weights, threshold, max_auto_themes, body_words=400):
        self.rank = {t.slug: n for n, t in enumerate(themes)}
        self.weights = (weights["title"], weights["summary"], weights["body"])
        self.threshold = threshold
        self.max_auto_themes = max_auto_themes
        self.body_words = body_words
        self.index = compile_phrases([(t.slug, phrase) for t in themes for phrase in t.phrases])

    def count(self, tokens):
        """Return ``{(theme slug, phrase): matches}`` for a list of words."""
        found = {}
        root = self.index
        end = len(tokens)
        skip_to = 0
        # Most words start no phrase: find the few that do in one pass that stays in C (no Python per word).
        starts = itertools.compress(range(end), map(root.__contains__, tokens))
        for i in starts:
            if i < skip_to:
                continue
            node = root[tokens[i]]
            # Follow the trie as far as the words allow; the longest complete phrase wins.
            keys, stop = node.get(_END), i + 1
            j = i + 1
            while j < end:
                node = node.get(tokens[j])
                if node is None:
                    break
                j += 1
                if _END in node:
                    keys, stop = node[_END], j
            if keys:
                for key in keys:
                    found[key] = found.get(key, 0) + 1
                skip_to = stop
        return found

    def scores(self, title="", summary="", body=""):
        """Return a Score for every theme found anywhere in the post, highest first."""
        body_tokens = words(body)
        counts = (self.count(words(title)), self.count(words(summary)), self.count(body_tokens))
        # Long posts mention things more often: body matches count less beyond body_words words.
        size = len(body_tokens)
        body_factor = min(1.0, self.body_words / size) if size else 1.0
        factors = (self.weights[0], self.weights[1], self.weights[2] * body_factor)
        per_theme = {}
        for place, found in enumerate(counts):
            for (slug, phrase), n in found.items():
                per_phrase = per_theme.setdefault(slug, {})
                per_phrase.setdefault(phrase, [0, 0, 0])[place] += n
        result = []
        for slug, per_phrase in per_theme.items():
            score = sum(factors[place] * n for places in per_phrase.values() for place, n in enumerate(places))
            evidence = sorted((Evidence(phrase, *places) for phrase, places in per_phrase.items()), key=_evidence_order)
            result.append(Score(slug, round(score, 3), tuple(evidence)))
        result.sort(key=lambda s: (-s.score, self.rank[s.slug]))
        return result

    def automatic(self, scores, exclude=()):
        """Return the scores that reach the threshold, at most max_auto_themes of them, skipping ``exclude``."""
        kept = [s for s in scores if s.score > 0 and s.score >= self.threshold and s.slug not in exclude]
        return kept[: self.max_auto_themes]


def _evidence_order(evidence):
    return (-evidence.count, evidence.phrase.casefold())
