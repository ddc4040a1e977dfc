"""Pure: find a post's themes in its title, summary and body, with the evidence for each.

The vocabulary is compiled once into a trie over words (every spelling of every word of every phrase), so
a post's text is split into words once and each word costs one dictionary look-up.
Matching rules, for every word of a phrase:
- case does not matter;
- words may be separated by spaces or hyphens ("lived experience", "lived-experience"), and a hyphenated
  word may also be written apart or closed up ("co-production", "co production", "coproduction");
- simple plurals ("carer" finds "carers", "recovery" finds "recoveries") and possessives ("carer's",
  "carers'") match;
- a word of four letters or more also matches its other endings with the same stem (Snowball's English
  stemmer decides): "involve" finds "involves", "involved", "involving" and "involvement", and
  "involvement" finds "involve"; but only endings of one list (_ENDINGS), so "continuity" never finds
  "continue" and "faith" never finds "faithful";
- British and American spellings match each other ("organise", "organize"; "behaviour", "behavior";
  "centre", "center"; "counselling", "counseling"; "paediatric", "pediatric");
- a phrase is made of whole words, so it never matches inside another word ("faith" misses "faithful"),
  and never runs across punctuation other than a hyphen ("…with people. Not…" is two pieces).
The longest phrase starting at a word wins, and its words are not counted again.
Abbreviations are matched as written, in capitals ("CQC", not "cqc"); a phrase followed by an abbreviation
in brackets, "Mental Capacity Act (MCA)", makes later uses of that abbreviation count as the phrase.
plugins/coproduction/README.md explains the scoring in words an editor can follow.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from dataclasses import dataclass

from . import wordmodel
from .phrases import (
    _ABBREVIATION,
    _END,
    _IGNORE,
    _IGNORED,
    GROUPS,
    IN_LIST,
    SPECIFIC,
    WORD,
    _abbreviates,
    _in_list,
    _split,
    compile_phrases,
    phrase_weight,
    words,
)


@dataclass(frozen=True)
class Evidence:
    """How often one phrase was found, by place, and what one match is worth."""

    phrase: str
    title: int = 0
    summary: int = 0
    body: int = 0
    weight: float = WORD
    listed: int = 0  # matches inside a list of groups of people, which count IN_LIST of the weight
    stands_for: str = ""  # for an abbreviation the post defined: the phrase it stands for
    learned: bool = False  # a learned word of the theme (learned.toml), not a phrase of themes.toml

    @property
    def count(self):
        """Return the number of matches in all places."""
        return self.title + self.summary + self.body

    def __str__(self):
        places = ", ".join(
            f"{place} {n}" for place, n in (("title", self.title), ("summary", self.summary), ("body", self.body)) if n
        )
        if self.listed:
            places += f"; {self.listed} in a list of groups"
        kind = "specific" if self.weight >= SPECIFIC else "one topic word" if self.weight > WORD else "single word"
        if self.weight == WORD and not self.stands_for and " " in self.phrase.strip():
            kind = "someone else's family: one word"
        if self.learned:
            kind = f"learned word, {self.weight:.2f} a mention"
            if self.weight < 0:  # a word of texts wrongly near the theme in the labelled set
                kind = f"learned word against it, {self.weight:.2f} a mention"
        named = f'"{self.phrase}" (for "{self.stands_for}")' if self.stands_for else f'"{self.phrase}"'
        return f"{named} ×{self.count} ({places}; {kind})"


class _MadeWhenRead:
    """A dataclass field (a descriptor) whose value scores() may leave to be made the first time it is read.

    scores() puts the arguments of ``make`` in the item's ``source`` field; the first read makes the value from them.
    Most of a post's themes are never kept, and nothing shows their evidence or the word model's reasons in a
    build: making the evidence for every theme was a fifth of the tagging time, the reasons longer than the rest.
    """

    def __init__(self, source, make):
        self.source, self.make = source, make

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, item, owner=None):
        if item is None:
            return ()  # the field's default
        fields = item.__dict__
        if self.name not in fields:
            made = fields.pop(self.source, None)
            if made is None:
                return ()
            fields[self.name] = self.make(*made)
        return fields[self.name]

    def __set__(self, item, value):
        item.__dict__[self.name] = value


def _model_words(model, tokens, slug):
    """Return the word model's reasons for one theme of a post: the words that moved it most."""
    return model.reasons(wordmodel.counts(*tokens), (slug,), itertools.chain(*tokens))[slug]


@dataclass(frozen=True)
class Score:
    """A theme's score for one post and the phrases behind it."""

    slug: str
    score: float
    evidence: tuple[Evidence, ...] = _MadeWhenRead("_evidence_from", lambda *made: _evidence_of(*made))  # defined below
    body_factor: float = 1.0  # what a body match was worth here, after scaling for the body's length
    body_words: int = 0  # the words of the post's body (punctuation marks not counted)
    sure: float | None = None  # how sure the word model is that the post is about the theme (None: no model)
    # The words that moved the word model most, each with its effect: ("recovering", 0.8). Only `invoke themes`
    # reads them: made for every theme of every post, they took as long as the rest of the tagging.
    model_words: tuple = _MadeWhenRead("_model_words_from", _model_words)

    def describe(self):
        """Return the score and evidence as one line of text."""
        return f"score {self.score:.2f}: " + "; ".join([str(e) for e in self.evidence] + [self.model_line()][: self.sure is not None])

    def model_line(self):
        """Return what the word model made of the post for this theme, as text."""
        if self.sure is None:
            return ""
        # Named without their effects (pushes on the log-odds, which mean nothing to an editor), for and against.
        line = f"word model: {percent(self.sure)} sure the post is about it"
        for side, words_of in (("words that pointed to it most", lambda x: x > 0), ("words against it", lambda x: x < 0)):
            named = [word for word, effect in self.model_words if words_of(effect)]
            if named:
                line += f"; {side}: " + ", ".join(named)
        return line


@dataclass(frozen=True)
class NearMiss:
    """A theme found in a post but not given to it, with why and what would have tipped it."""

    score: Score
    needed: float  # the score it had to reach
    reason: str
    tip: str


class Tagger:
    """Scores posts against a vocabulary; build it once, then use it for every post."""

    def __init__(self, themes, *, weights, threshold, max_auto_themes, body_words=400, top_share=0.0, learned=None,
                 short_body_words=0, short_top_share=0.0, model=None):
        self.rank = {t.slug: n for n, t in enumerate(themes)}
        self.weights = (weights["title"], weights["summary"], weights["body"])
        self.threshold = threshold
        self.max_auto_themes = max_auto_themes
        self.body_words = body_words
        self.top_share = top_share
        # A body of fewer than short_body_words words needs only short_top_share of the top score (0: no such rule).
        self.short_body_words = short_body_words
        self.short_top_share = short_top_share
        self.learned = learned  # LearnedWords, or None to score by phrases only (a property: see below)
        self.model = model  # the word model (wordmodel.WordModel), or None to decide by the phrases' score alone
        # A theme whose evidence words are common in texts about other things may have a higher bar of its own.
        self.own_threshold = {t.slug: t.threshold for t in themes if getattr(t, "threshold", 0.0)}
        # ... and one for when it is not the post's strongest theme: its words fill stories about something else.
        self.second_threshold = {t.slug: t.second_threshold for t in themes if getattr(t, "second_threshold", 0.0)}
        # ... and themes beside which it is never a second theme: its wording there tells of the stronger one's subject.
        self.not_second_to = {t.slug: frozenset(t.not_second_to) for t in themes if getattr(t, "not_second_to", ())}
        self.abbreviations = {}
        for t in themes:
            for short in getattr(t, "abbreviations", ()):
                self.abbreviations.setdefault(short, []).append((t.slug, short))
        # The lower-case words an abbreviation becomes: most posts hold none, and then its search is skipped.
        self.abbreviation_words = frozenset(w for short in self.abbreviations for w in words(short + " " + short + "s"))
        # An abbreviation listed as a phrase as well would count twice.
        shorts = {short.lower() for short in self.abbreviations}
        pairs = [(t.slug, p) for t in themes for p in t.phrases if p.lower() not in shorts]
        self.phrase_weights = {pair: phrase_weight(pair[1]) for pair in pairs}
        # Ignored wordings ("cost recovery") are phrases of no theme: as the longest match they use up their words.
        ignored = [(_IGNORED, p) for t in themes for p in getattr(t, "ignore", ())]
        self.index = compile_phrases(pairs + ignored)
        # What each word that may start a phrase begins: its single-word phrases and its branch of the trie,
        # found once here rather than by two look-ups at every place it is written.
        index = self.index
        self.start_of = {word: (index.single.get(word), index.multi.get(index.family.get(word, word))) for word in index.starts}
        self._wanted = self._wanted_words()

    @property
    def learned(self):
        """Return the LearnedWords the tagger scores with, or None."""
        return self._learned_words

    @learned.setter
    def learned(self, learned):
        self._learned_words = learned
        if hasattr(self, "start_of"):  # set again after __init__ (a copy scoring by other words): look for those
            self._wanted = self._wanted_words()

    def _wanted_words(self):
        """Return every word the scoring looks at: phrase starts, learned words' spellings, abbreviations."""
        learned = self.learned.spellings.keys() if self.learned else ()
        return frozenset(self.start_of).union(learned, self.abbreviation_words)

    def _hits(self, tokens):
        """Return the positions of the words the scoring looks at: about one word in ten."""
        # One pass in C over a post's words, shared by the phrases, the learned words and the abbreviations:
        # three such passes, one for each, were a quarter of the tagging time.
        return list(itertools.compress(range(len(tokens)), map(self._wanted.__contains__, tokens)))

    def count(self, tokens):
        """Return ``{(theme slug, phrase): matches}`` for a list of words."""
        return self._match(tokens)[0]

    def _match(self, tokens, definitions=None, spans=None, hits=None):
        """Return matches and matches inside lists of groups; fill ``definitions`` ("Long Form (LF)") and ``spans``.

        ``hits`` (from _hits) are the positions to try; without it, every word that starts a phrase is tried.
        """
        found, listed = {}, {}
        family, start_of = self.index.family, self.start_of
        end = len(tokens)
        skip_to = 0
        if hits is None:
            # Most words start no phrase: find the few that do in one pass that stays in C (no Python per word).
            hits = itertools.compress(range(end), map(start_of.__contains__, tokens))
        for i in hits:
            if i < skip_to:
                continue
            begun = start_of.get(tokens[i])
            if begun is None:
                continue  # a learned word or an abbreviation, not the start of a phrase
            keys, node = begun
            start, stop = i, i + 1
            # Follow the trie of longer phrases, word family by word family ("involving" is "involve"), as far
            # as the words allow; the longest complete phrase, counting its lead, wins.
            j = i + 1
            while node is not None:
                if _END in node:
                    for lead, found_keys in node[_END]:
                        first = i - len(lead)
                        if j - first > stop - start and first >= skip_to and tuple(tokens[first:i]) == lead:
                            keys, start, stop = found_keys, first, j
                            break
                if j == end:
                    break
                word = tokens[j]
                node = node.get(family.get(word, word))
                j += 1
            if not keys:
                continue
            skip_to = stop
            if spans is not None:
                spans.append((start, stop))  # ignored wordings too: their words are about nothing
            if keys is _IGNORE:
                continue
            # Only a phrase naming a group of people ("carers", "family members") can be one item of such a list.
            in_list = tokens[stop - 1] in GROUPS and _in_list(tokens, start, stop)
            for key in keys:
                found[key] = found.get(key, 0) + 1
                if in_list:
                    listed[key] = listed.get(key, 0) + 1
            if definitions is not None and stop + 2 < end and tokens[stop] == "(" and tokens[stop + 2] == ")":
                short = tokens[stop + 1]
                if _abbreviates(short, tokens[start:stop]):
                    definitions.setdefault(short, keys)
        return found, listed

    def _abbreviations(self, text, tokens, definitions):
        """Return ``{(theme slug, abbreviation, phrase it stands for or ""): matches}`` in plain text.

        ``tokens`` may be the text's words, or only those _hits found: an abbreviation's words are among them.
        """
        found = {}
        if not text or (self.abbreviation_words.isdisjoint(tokens) and not definitions):
            return found
        for bracket, short in _ABBREVIATION.findall(text):
            defined = definitions.get(short.lower())
            if bracket and defined:
                continue  # the definition itself: its long form was counted already
            if short in self.abbreviations:
                for slug, listed_as in self.abbreviations[short]:
                    found[(slug, listed_as, "")] = found.get((slug, listed_as, ""), 0) + 1
            elif defined:
                for slug, phrase in defined:
                    found[(slug, short, phrase)] = found.get((slug, short, phrase), 0) + 1
        return found

    def places(self, title="", summary="", body=""):
        """Return the words of each place, the phrases matched there, what a mention is worth, and the body's length."""
        return self._places(title, summary, body)[:-1]

    def _places(self, title, summary, body):
        """Return what places() does, and the words of each place that _hits found (the learned words among them)."""
        texts = (title, summary, body)
        split = [_split(text) for text in texts]
        tokens = [t for t, _ in split]
        hits = [self._hits(t) for t in tokens]
        found = [list(map(t.__getitem__, h)) for t, h in zip(tokens, hits, strict=True)]
        definitions = {}
        spans = [[], [], []]
        matched = [self._match(t, definitions, s, h) for t, s, h in zip(tokens, spans, hits, strict=True)]
        shorts = [self._abbreviations(text, f, definitions) for text, f in zip(texts, found, strict=True)]
        # Long posts mention things more often: body matches count less beyond body_words words.
        size = len(tokens[2]) - split[2][1]
        body_factor = min(1.0, self.body_words / size) if size else 1.0
        factors = (self.weights[0], self.weights[1], self.weights[2] * body_factor)
        return tokens, spans, matched, shorts, factors, body_factor, size, found

    def scores(self, title="", summary="", body=""):
        """Return a Score for every theme found anywhere in the post, highest first."""
        tokens, spans, matched, shorts, factors, body_factor, size, hit_words = self._places(title, summary, body)
        per_theme = {}
        for place, (found, listed) in enumerate(matched):
            for (slug, phrase), n in found.items():
                entry = per_theme.setdefault(slug, {}).setdefault((phrase, ""), [0, 0, 0, 0])
                entry[place] += n
                if place == 2:  # a title or summary is too short to hold a list of who was there
                    entry[3] += listed.get((slug, phrase), 0)
        for place, found in enumerate(shorts):
            for (slug, short, phrase), n in found.items():
                per_theme.setdefault(slug, {}).setdefault((short, phrase), [0, 0, 0, 0])[place] += n
        learned, mentioned = self._learned_terms(tokens, spans, factors, hit_words) if self.learned else ({}, ())
        # The sums below add the same terms in the same order as a plain loop over places would, so every score
        # is the same to the last bit; tests/plugins/coproduction/test_coproduction_tagger_speed.py checks it.
        f0, f1, f2 = factors
        abbreviations, phrase_weights, rank = self.abbreviations, self.phrase_weights, self.rank
        result = []
        for slug in per_theme.keys() | learned.keys():
            per_phrase = per_theme.get(slug, {})
            score, weights = 0.0, []
            for (phrase, stands_for), (t, s, b, listed) in per_phrase.items():
                weight = SPECIFIC if stands_for or phrase in abbreviations else phrase_weights[(slug, phrase)]
                score += weight * ((f0 * t + f1 * s + f2 * b) - listed * f2 * (1 - IN_LIST))
                weights.append(weight)
            terms = learned.get(slug)
            if terms is not None:
                for term in terms:
                    score += term
            if not per_phrase and score <= 0:
                continue  # only words against the theme: the post is not about it at all
            score = round(score, 3)
            evidence_from = (per_phrase, weights, slug, mentioned if terms else ())
            result.append((-score, rank[slug], _score(slug, score, evidence_from, body_factor, size)))
        if self.model is not None and size >= self.model.min_words:
            result = self._with_model(result, tokens, body_factor, size)
        result.sort()  # highest first, then in the vocabulary's order (every theme has its own rank: no ties)
        return list(map(_THIRD, result))

    def _with_model(self, result, tokens, body_factor, size):
        """Return ``result`` with the word model's sureness on each score, and a score for each theme it alone finds."""
        model = self.model
        sure = model.probabilities_of(*tokens)
        scored = {item[2].slug for item in result}
        shown = {slug for slug, p in sure.items() if p >= model.doubt * _SHOWN_FROM} - scored
        made = []
        for key, rank, score in result:
            fields = score.__dict__
            fields["sure"] = sure.get(score.slug)  # None: a theme added to the vocabulary after the model was learned
            fields["_model_words_from"] = (model, tokens, score.slug)
            made.append((key, rank, score))
        for slug in sorted(shown):
            made.append((0.0, self.rank[slug], _unchecked(Score, {
                "slug": slug, "score": 0.0, "evidence": (), "body_factor": body_factor, "body_words": size,
                "sure": sure[slug], "_model_words_from": (model, tokens, slug)})))
        return made

    def _learned_found(self, tokens, spans, hit_words=None):
        """Return ``{word as listed: mentions}`` of the learned words in each place, outside the phrases found.

        ``hit_words`` are the words of each place that _hits found, which hold every learned word (default: all).
        """
        count, spellings = self.learned.count, self.learned.spellings
        found = []
        for place, place_spans, words_seen in zip(tokens, spans, hit_words or tokens, strict=True):
            counts = count(words_seen)
            if counts:
                # A word already counted as part of a phrase ("production" of "co-production") is not counted again.
                for start, stop in place_spans:
                    for token in place[start:stop]:
                        if token in spellings:
                            counts[spellings[token]] -= 1
                counts = {word: n for word, n in counts.items() if n}
            found.append(counts)
        return found

    def _learned(self, tokens, spans, factors):
        """Return ``{slug: [(word, mentions by place, worth, mentions counted)]}`` for the learned words found."""
        in_title, in_summary, in_body = self._learned_found(tokens, spans)
        cap, themes_of = self.learned.cap, self.learned.themes_of
        f0, f1, f2 = factors
        result = {}
        for word in sorted(in_title.keys() | in_summary.keys() | in_body.keys()):  # one order: the same sum every run
            t, s, b = in_title.get(word, 0), in_summary.get(word, 0), in_body.get(word, 0)
            counted = min(cap, f0 * t + f1 * s + f2 * b)
            for slug, worth in themes_of[word]:
                result.setdefault(slug, []).append((word, (t, s, b), worth, counted))
        return result

    def _learned_terms(self, tokens, spans, factors, hit_words=None):
        """Return ``{slug: [what each learned word adds]}`` in _learned's order, and the words' evidence (_evidence_of)."""
        in_title, in_summary, in_body = self._learned_found(tokens, spans, hit_words)
        learned = self.learned
        cap, themes_of, made = learned.cap, learned.themes_of, learned.evidence
        if len(made) > _EVIDENCE_KEPT:
            made.clear()  # a bound on the memory a long build's odd counts could take
        f0, f1, f2 = factors
        result, mentioned = {}, []
        for word in sorted(in_title.keys() | in_summary.keys() | in_body.keys()):
            t, s, b = in_title.get(word, 0), in_summary.get(word, 0), in_body.get(word, 0)
            counted = min(cap, f0 * t + f1 * s + f2 * b)
            # A word's evidence depends on its mentions only, so it is made once and shared by every post alike.
            key = (word, t, s, b)
            pieces = made.get(key)
            if pieces is None:
                pieces = made[key] = tuple(
                    (slug, -(t + s + b), _folded(word), _evidence(word, t, s, b, worth, 0, "", True))
                    for slug, worth in themes_of[word]
                )
            mentioned.append(pieces)
            # Only what each word adds is listed by theme here: its evidence is sorted out if it is read.
            for slug, worth in themes_of[word]:
                terms = result.get(slug)
                if terms is None:
                    result[slug] = [worth * counted]
                else:
                    terms.append(worth * counted)
        return result, mentioned

    def bar(self, scores):
        """Return the score a theme must reach in this post: the threshold, or its share of the top score."""
        top = max((s.score for s in scores), default=0.0)
        return max(self.threshold, self.share(scores) * top)

    def share(self, scores):
        """Return the share of the top score a theme needs: short_top_share in a short body, else top_share."""
        # A short piece's second theme gets few mentions beside its first; every score of a post has its length.
        if any(s.body_words < self.short_body_words for s in scores):
            return min(self.top_share, self.short_top_share)
        return self.top_share

    def needed(self, score, top, bar, strongest=frozenset()):
        """Return what ``score`` must reach: the bar, its theme's own, or, below the ``top`` score, its second-theme bar.

        ``strongest`` are the slugs scoring ``top``: beside one its theme is ``not_second_to``, it needs infinity.
        """
        need = max(bar, self.own_threshold.get(score.slug, 0.0))
        # The strongest theme (a tie with it counts as the strongest) needs only the bars above.
        if score.score < top:
            need = max(need, self.second_threshold.get(score.slug, 0.0))
            if not self.not_second_to.get(score.slug, frozenset()).isdisjoint(strongest):
                need = math.inf
        return need

    @staticmethod
    def strongest(scores, top):
        """Return the slugs of the scores that reach ``top``: the post's strongest themes."""
        return frozenset(s.slug for s in scores if s.score >= top)

    def automatic(self, scores, exclude=()):
        """Return the scores that reach the bar, at most max_auto_themes of them, skipping ``exclude``."""
        scores = list(scores)
        bar = self.bar(scores)
        top = max((s.score for s in scores), default=0.0)
        needed = self.needed
        strongest = self.strongest(scores, top) if self.not_second_to else frozenset()
        kept = [s for s in scores if s.score > 0 and s.score >= needed(s, top, bar, strongest) and s.slug not in exclude]
        model = self.model
        if model is not None and any(s.sure is not None for s in scores):
            # The word model has the last word: phrases that reach the bar keep a theme unless the model doubts
            # it, and the model alone gives a theme it is sure of, however the post words it.
            # A theme the table does not know (added to the vocabulary since it was learned: sure is None) is
            # left to its phrases, ranked as a theme the model is just not in doubt of.
            # A theme whose phrases score model.overrule times the bar or more is kept whatever the model says:
            # named that often, the post is about it (an AGM's governance, a page of CQC ratings). Phrases nearly
            # enough and a model fairly sure also give a theme together (joint_score).
            chosen = {s.slug for s in kept if s.sure is None or s.sure >= model.doubt or s.score >= model.overrule * bar}
            alone = self.alone_bar(scores)
            chosen.update(s.slug for s in scores if s.sure is not None and s.sure >= alone and s.slug not in exclude)
            if model.joint:
                chosen.update(s.slug for s in scores
                              if s.slug not in exclude and 0 < s.score >= self.joint_score(s, needed(s, top, bar, strongest)))
            kept = [s for s in scores if s.slug in chosen]
            kept.sort(key=lambda s: (-(model.doubt if s.sure is None else s.sure), self.rank[s.slug]))
        return kept[: self.max_auto_themes]

    def alone_bar(self, scores):
        """Return how sure the word model must be to give a theme alone: its sure bar, or alone_share of its surest."""
        model = self.model
        # Out of fold, a theme the model alone gave at under 70 % of its sureness of the post's surest theme was
        # false two times in three (trust and relationships beside carers, co-production beside commissioning):
        # one story reads a little like its neighbours. A theme named in Themes: counts as the surest too.
        surest = max((s.sure for s in scores if s.sure is not None), default=0.0)
        return max(model.sure, model.alone_share * surest)

    def joint_score(self, score, needed):
        """Return the score (over 0) at which phrases and word model together give a theme (math.inf: never)."""
        model = self.model
        # Out of fold, phrases that were nearly enough beside a model fairly sure (trust and relationships at 87 % of
        # the score needed and 55 % sure) were more often right than wrong: a score 85 % of what is needed gives a
        # theme the model is 50 % sure of, the full score one it is 35 % sure of, and no score one under joint_sure.
        if model is None or not model.joint or score.sure is None or score.sure < model.joint_sure or needed == math.inf:
            return math.inf
        return max(model.joint - score.sure, 0.0) * needed

    def near_misses(self, scores, exclude=(), closeness=0.5):
        """Return the themes found but not kept whose score came within ``closeness`` of the bar, with tips."""
        scores = list(scores)
        bar = self.bar(scores)
        top = max((s.score for s in scores), default=0.0)
        kept = {s.slug for s in self.automatic(scores, exclude)}
        strongest = self.strongest(scores, top)
        result = []
        model = self.model if any(s.sure is not None for s in scores) else None
        for s in scores:
            if s.slug in kept or s.slug in exclude:
                continue
            judged = model if s.sure is not None else None  # a theme the table does not know: the phrases decide
            if judged is not None and s.sure >= model.sure:
                needed = self.needed(s, top, bar, strongest)
                phrased = s.score > 0 and s.score >= min(needed, self.joint_score(s, needed))
                if not phrased and s.sure < self.alone_bar(scores):
                    result.append(NearMiss(s, bar, self._beside_surest(s, scores) + self._joint_clause(s, needed), _IF_ABOUT_IT))
                else:
                    result.append(NearMiss(s, bar, f"over the limit of {self.max_auto_themes} automatic themes", "list it in Themes:"))
                continue
            needed = self.needed(s, top, bar, strongest) if judged is not None else 0.0
            # Both of the model's bars are named, so that a theme given beside this one at a lower sureness (by
            # its phrases) is no puzzle; "score" is what the evidence lines under it add up to.
            bars = f"it gives a theme from {model.sure:.0%} sure, or from {model.doubt:.0%} with a score that is enough" if model else ""
            scored = f"score {s.score:.2f} of the {needed:.2f} needed" if needed != math.inf else f"score {s.score:.2f}"
            if judged is not None and s.score > 0 and s.score >= needed and s.sure < model.doubt:
                # The overrule is a multiple of the post's bar, not of a theme's own higher threshold (automatic()).
                times = "what is needed" if needed == bar else f"the {bar:.2f} any theme needs in this post"
                result.append(NearMiss(s, bar, f"{scored}, but the word model is only {percent(s.sure)} sure ({bars}; or "
                                       f"with a score of {model.overrule * bar:.2f}, {model.overrule:g} times {times}): "
                                       "the rest of the post reads as about other things" + self._joint_clause(s, needed),
                                       _IF_ABOUT_IT))
                continue
            joint = self.joint_score(s, needed) if judged is not None else math.inf
            if judged is not None and (s.score <= 0 or (s.sure < model.doubt and joint == math.inf)):
                # More of its phrases would not tip it: the word model decides.
                if s.sure >= model.doubt * _SHOWN_FROM:
                    phrases = s.score > 0 or any(not e.learned for e in s.evidence)
                    found = scored if phrases else "no phrase of it found"
                    result.append(NearMiss(s, bar, f"{found}, and the word model is only {percent(s.sure)} sure ({bars})",
                                           "list it in Themes:, or write more about it"))
                continue
            if s.score <= 0:
                continue
            needed = self.needed(s, top, bar, strongest)
            if needed == math.inf:
                beside = ", ".join(sorted(self.not_second_to[s.slug] & strongest))
                if s.score >= closeness * max(bar, self.own_threshold.get(s.slug, 0.0)):
                    result.append(NearMiss(s, needed, f"not given beside {beside}, the post's strongest theme (set in the "
                                           "vocabulary file)", "list it in Themes:"))
            elif s.score >= min(needed, joint):
                result.append(NearMiss(s, bar, f"over the limit of {self.max_auto_themes} automatic themes", "list it in Themes:"))
            elif s.score >= closeness * needed:
                # Under the doubt bar only the joint rule can give it, at a score above what is needed.
                target = joint if judged is not None and s.sure < model.doubt else min(needed, joint)
                result.append(NearMiss(s, needed, *self._shortfall(s, needed, target)))
        return result

    def _joint_clause(self, score, needed):
        """Return "; its phrases and the word model together give it at a score of X" for a theme, or ""."""
        joint = self.joint_score(score, needed)
        if joint == math.inf:
            return ""
        return (f"; phrases and word model together give it at a score of {joint:.2f}: the score's share of the "
                f"{needed:.2f} needed and the model's sureness adding up to {self.model.joint:g}")

    def _beside_surest(self, score, scores):
        """Return why a theme the model was sure of was not given alone: far less sure of it than of the surest theme."""
        surest = max((s for s in scores if s.sure is not None), key=lambda s: (s.sure, -self.rank[s.slug]))
        share = self.model.alone_share
        return (f"the word model is {percent(score.sure)} sure, but its phrases are not enough and it is {percent(surest.sure)} "
                f"sure of {surest.slug}, the post's surest theme: alone, the model gives a theme only when it is at least "
                f"{share:.0%} as sure of it as of the surest")

    def _shortfall(self, score, bar, target=None):
        """Return why a score fell short of the bar (or of a joint ``target``) and the fewest extra mentions to tip it."""
        target = bar if target is None else target
        gap = target - score.score
        why = f"score {score.score:.2f} of the {bar:.2f} needed"
        if bar == self.second_threshold.get(score.slug) and bar > self.own_threshold.get(score.slug, 0.0):
            why += " (this theme's own threshold when another theme scores higher, set in the vocabulary file)"
        elif bar == self.own_threshold.get(score.slug):
            why += " (this theme's own threshold, set in the vocabulary file)"
        elif bar > self.threshold:
            why += f" (a {self.share([score]):.0%} share of the strongest theme's score; the threshold is {self.threshold:.2f})"
        tips = []
        body = self.weights[2] * score.body_factor
        if body > 0:
            words_needed, phrases_needed = (math.ceil(round(gap / (body * w), 6)) for w in (WORD, SPECIFIC))
            if words_needed == phrases_needed:
                tips.append(f"{_mentions(words_needed)} of any of its phrases in the body")
            else:
                tips.append(
                    f"{_mentions(phrases_needed)} of its phrases of two or more topic words or abbreviations in the body "
                    f"(or {_mentions(words_needed)} of its single words)"
                )
            learned = self._learned_tip(score, gap, body)
            if learned:
                tips.append(learned)
        for place, weight in (("summary", self.weights[1]), ("title", self.weights[0])):
            if weight * WORD >= gap:
                tips.append(f"one of its phrases in the {place}")
                break
        if target != bar:
            together = f"phrases and model together: the score's share of what is needed plus the sureness reaching {self.model.joint:g}"
            if target > bar:  # the model in doubt: what is needed is not enough, more is
                why += f"; with the word model only {percent(score.sure)} sure it needs {target:.2f} ({together})"
            else:
                why += f", or {target:.2f} with the word model {percent(score.sure)} sure ({together})"
        if any(e.listed for e in score.evidence):
            why += f"; mentions in a list of groups of people count {IN_LIST:.0%}"
        against = self._against(score)
        if against:
            why += f"; learned words against it took off {against:.2f}"
        return why, "would be tipped by " + ", or ".join(tips) + "; or list it in Themes:"

    def _against(self, score):
        """Return how much the learned words against a theme took off its score (0 when none was found)."""
        return -sum(added for e, added in self.learned_added(score) if added < 0)

    def learned_added(self, score):
        """Return ``[(Evidence, what it added to the score)]`` for the learned words of a Score, in its order."""
        if self.learned is None:
            return []
        factors = (self.weights[0], self.weights[1], self.weights[2] * score.body_factor)
        # As scores() counts it: once a post, a mention worth its place, up to cap mentions.
        return [
            (e, e.weight * min(self.learned.cap, sum(f * n for f, n in zip(factors, (e.title, e.summary, e.body), strict=True))))
            for e in score.evidence
            if e.learned
        ]

    def _learned_tip(self, score, gap, body):
        """Return "its learned words "x", "y" in the body" when up to three it lacks would close the gap, or ""."""
        if not self.learned or score.slug not in self.learned.worth:
            return ""
        # Words the post has already, alone or inside a phrase found, would read as odd advice.
        found = {word for e in score.evidence for word in words(e.phrase)}
        unused = sorted(
            (-worth, word) for word, worth in self.learned.worth[score.slug].items() if worth > 0 and word not in found
        )
        each = min(self.learned.cap, body)
        picked, total = [], 0.0
        for worth, word in unused[:3]:
            picked.append(f'"{word}"')
            total -= worth * each
            if total >= gap - 1e-9:
                return f"its learned word{'s' if len(picked) > 1 else ''} {', '.join(picked)} in the body"
        return ""


def percent(p):
    """Return a share as a whole percentage, "under 1%" or "over 99%" rather than a 0% or 100% that is not."""
    text = f"{p:.0%}"
    return "under 1%" if text == "0%" and p > 0 else "over 99%" if text == "100%" and p < 1 else text


def _mentions(n):
    return "1 more mention" if n == 1 else f"{n} more mentions"


_new, _set = object.__new__, object.__setattr__
_THIRD, _FOURTH = operator.itemgetter(2), operator.itemgetter(3)
_IF_ABOUT_IT = "list it in Themes: if the post is about it"  # the tip for a theme the model kept back
_SHOWN_FROM = 0.5  # a theme only the word model finds is listed from this share of its doubt bar (for "came close")
_EVIDENCE_KEPT = 50_000  # learned words' evidence kept for reuse, at most (one entry per word and count of mentions)


def _unchecked(cls, fields):
    """Return ``cls(**fields)`` for a frozen dataclass, made without its slow checked __init__."""
    # A post holds dozens of pieces of evidence; the dataclass's __init__ sets each field through
    # object.__setattr__ and was a third of the tagging time. The object is the same: equal, same hash and text.
    # The fields' dict becomes the object's own (no keyword arguments packed, no copy): a third less again.
    made = _new(cls)
    _set(made, "__dict__", fields)
    return made


def _evidence(phrase, title, summary, body, weight, listed, stands_for, learned):
    """Return Evidence(...) with every field given, made without the frozen class's checked __init__."""
    return _unchecked(Evidence, {"phrase": phrase, "title": title, "summary": summary, "body": body, "weight": weight,
                                 "listed": listed, "stands_for": stands_for, "learned": learned})


def _score(slug, score, evidence_from, body_factor, body_words):
    """Return Score(...) made as _evidence makes Evidence; its evidence is made from ``evidence_from`` when read."""
    return _unchecked(Score, {"slug": slug, "score": score, "_evidence_from": evidence_from, "body_factor": body_factor,
                              "body_words": body_words})


def _evidence_of(per_phrase, weights, slug, mentioned):
    """Return a Score's evidence: its phrases (``{(phrase, stands for): mentions}``, their weights), then learned words.

    ``mentioned`` is the post's learned words, each as _learned_terms made its evidence for each of its themes.
    """
    evidence = []
    for ((phrase, stands_for), (t, s, b, listed)), weight in zip(per_phrase.items(), weights, strict=True):
        evidence.append((-(t + s + b), _folded(phrase), len(evidence),
                         _evidence(phrase, t, s, b, weight, listed, stands_for, False)))
    for pieces in mentioned:
        for of, mentions, folded, found in pieces:
            if of == slug:
                evidence.append((mentions, folded, len(evidence), found))
    evidence.sort()  # most mentions first, then by phrase; the position breaks ties, as a stable sort would
    return tuple(map(_FOURTH, evidence))


@functools.lru_cache(maxsize=4096)
def _folded(phrase):
    """Return a phrase case-folded, for sorting evidence; a vocabulary's phrases are few, so each is folded once."""
    return phrase.casefold()
