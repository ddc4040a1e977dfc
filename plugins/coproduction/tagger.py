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
import html
import itertools
import math
import re
from dataclasses import dataclass

import snowballstemmer

_TAG = re.compile(r"<[^>]*>")
# Commas and brackets stay words of their own, because lists and abbreviations are read from them; every
# other mark (except hyphens and apostrophes) becomes ".". No phrase contains any of them.
# Plain str.replace per mark is several times faster than one regular expression over the whole text.
# Order matters for counting marks: "(" and ")" are counted before "[" and "]" become them.
_KEPT = {",": " , ", "(": " ( ", ")": " ) ", "[": " ( ", "]": " ) ", "&": " and "}
_PUNCTUATION = tuple(".;:!?{}<>\"/\\|*+=%$#@~^`") + ("\u201c", "\u201d", "\u2013", "\u2014", "\u2026")
_HYPHENS = ("-", "\u2010", "\u2011")
# Apostrophes are dropped, so a possessive reads like a plural: "carer's" and "carers'" are "carers".
_APOSTROPHES = ("'", "\u2019", "\u2018")
_END = None  # trie key for "a phrase ends here"; never a word
_IGNORED = ""  # the theme of a wording to ignore; never a slug
_IGNORE = [(_IGNORED, "")]  # what an ignored wording's last trie node holds: one shared, recognisable list
# A word in capitals as abbreviations are written ("CQC", "DoLS", "ICBs", "CQC's"); group 1 is "(" when bracketed.
_ABBREVIATION = re.compile(r"(?<!\w)(\(\s*)?([A-Z][A-Za-z0-9]*[A-Z0-9])(?:['\u2019]?s)?(?!\w)")

# What one match is worth, before the place (title, summary, body) is weighed. See the README.
WORD = 1.0  # a single-word phrase, such as "carer"
SPECIFIC = 2.0  # a phrase of two or more topic words ("peer support", "co-production") or an abbreviation ("CQC")
LOOSE = 1.5  # a phrase with one word that carries a topic ("my husband", "been through", "to account")
IN_LIST = 0.25  # a single word inside a list of groups of people ("service users, carers and staff")
# Words that name groups of people. A single-word match next to one of them, across a comma, "and" or "or",
# is taken to be one item of a list of who was there, not what the post is about.
GROUPS = frozenset(
    form
    for word in (
        "user", "patient", "carer", "family", "relative", "friend", "staff", "colleague", "clinician",
        "professional", "public", "governor", "member", "volunteer", "partner", "commissioner", "resident",
        "people", "community", "doctor", "nurse", "manager", "student", "chaplain", "researcher", "councillor",
        "director", "advocate", "organisation", "charity", "provider", "worker", "parent", "child", "leader",
        "service",  # as in "people who use services, carers and staff"
    )
    for form in (word, word + "s", word[:-1] + "ies" if word.endswith("y") else word)
)
_SEPARATORS = frozenset({",", "and", "or"})


def words(text):
    """Return the lower-case words of plain text; commas and brackets are words, other punctuation is "."."""
    return _split(text)[0]


def _split(text):
    """Return the words of plain text as words() does, and how many of them are punctuation marks."""
    if not text:
        return [], 0
    text = text.lower()
    marks = 0
    for mark, spaced in _KEPT.items():
        if mark in text:
            if mark != "&":
                marks += text.count(mark)
            text = text.replace(mark, spaced)
    for mark in _PUNCTUATION:
        if mark in text:
            marks += text.count(mark)
            text = text.replace(mark, " . ")
    for mark in _HYPHENS:
        if mark in text:
            text = text.replace(mark, " ")
    for mark in _APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "")
    return text.split(), marks


def word_count(text):
    """Return how many words plain text has, not counting punctuation marks."""
    tokens, marks = _split(text)
    return len(tokens) - marks


def forms(word):
    """Return the spellings one phrase word matches: itself, its plurals and its possessives."""
    found = {word, word + "s", word + "es"}
    if len(word) > 2 and word[-1] == "y" and word[-2] not in "aeiou":
        found.add(word[:-1] + "ies")
    if word in _IRREGULAR:
        found.add(_IRREGULAR[word])
    return sorted(found)


# Plurals that no ending makes, for the nouns phrases about people's lives use.
_IRREGULAR = {"life": "lives", "wife": "wives", "child": "children", "person": "people", "man": "men",
              "woman": "women"}
_IRREGULAR.update({plural: single for single, plural in _IRREGULAR.items()})  # and back: "lives" finds "life"
# Words that carry no topic of their own: a phrase's weight counts its other words only, so "my son" or
# "been there" is worth what a single word is, while "peer support" or "carers' group" is worth more.
FUNCTION_WORDS = frozenset(
    "a an the this that these those my your his her its our their me him us them i you he she it we they "
    "myself yourself himself herself ourselves themselves someone something own "
    "of to in on at by for with from into onto about over under after before through between as than "
    "and or but not no nor so if then there here what which who whom whose how when where why "
    "be is are was were been being am have has had having do does did doing done get gets got getting "
    "can could will would shall should may might must just also very more most less all any some each every "
    "one rather like".split()
)


# Endings a phrase word may also be written with, when the word stays the same stem: inflections, and the
# few derivations that keep the sense (involve, involvement; inspect, inspection, inspector). Longest first,
# so "involvements" is read as "involve" + "ments", not "involvement" + "s".
_ENDINGS = ("ments", "ment", "ions", "ion", "ings", "ing", "ers", "er", "ors", "or", "ied", "ies", "ed", "es", "s", "d")
_VOWEL_ENDINGS = tuple(e for e in _ENDINGS if e[0] in "aeiou")
_SHORT = 4  # shorter words ("app", "act", "god") keep their plurals only: their other endings are other words
_STEM = snowballstemmer.stemmer("english").stemWord
# British spellings and the American ones a writer may use instead (and the other way round), applied to
# whole words and word endings only. Non-words made this way ("promize") cost nothing: no text holds them.
_SPELLINGS = (
    (re.compile(r"(?<=[a-z]{2})is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})iz(e|es|ed|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites|able)?$"), r"or\1"),  # behaviour; not "four", "hour", "your"
    (re.compile(r"(?<=[a-z]{2}[^aeiou])tre(s)?$"), r"ter\1"),  # centre, theatre
    (re.compile(r"(?<=[a-z]{3})ll(ing|ed|er|ers|or|ors)$"), r"l\1"),  # counselling, travelled
    (re.compile(r"(?<=[a-z])(ae|oe)(?=[a-z]{2})"), "e"),  # paediatric, anaemia, oedema
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),  # dialogue, catalogue
    (re.compile(r"^programme(s)?$"), r"program\1"),
    (re.compile(r"(?<=[a-z]{2}[fn])ence(s)?$"), r"ense\1"),  # offence, defence, licence
    (re.compile(r"(?<=[a-z]{3}d)gement(s)?$"), r"gment\1"),  # judgement, acknowledgement
)


@functools.cache
def word_forms(word):
    """Return every spelling one phrase word matches: plurals and possessives, same-stem endings, US spellings."""
    if word in FUNCTION_WORDS:
        return (word,)  # "to" is not "toes"
    found = set()
    for spelling in _spellings(word):
        for form in _endings(spelling):
            # An inflected form takes no plural; the word as written always does ("news" finds "newses": harmless).
            found.update(forms(form) if form == spelling or not form.endswith(("s", "ed", "ing")) else (form,))
    return tuple(sorted(found))


def _spellings(word):
    """Return a word and its other national spelling, if it has one."""
    found = {word}
    for pattern, replacement in _SPELLINGS:
        found.add(pattern.sub(replacement, word))
    return found


def _endings(word):
    """Return a word and the same word with other endings of _ENDINGS that keep its stem."""
    if len(word) < _SHORT or not word.isalpha():
        return {word}
    bases = {word}
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            bases.update((base, base + "e"))
            if ending in ("ied", "ies"):
                bases.add(base + "y")
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouls":
                bases.add(base[:-1])  # "planned" is "plan" + "ed"
    candidates = set()
    for base in bases:
        candidates.add(base)
        # "involve" + "ing" is "involving": a final "e" (but not "ee", as in "agree") goes before a vowel.
        drop_e = base.endswith("e") and not base.endswith("ee")
        candidates.update(base + ending for ending in _ENDINGS if not (drop_e and ending in _VOWEL_ENDINGS))
        if drop_e:
            candidates.update(base[:-1] + ending for ending in _VOWEL_ENDINGS)
        if base.endswith("y") and len(base) > 3 and base[-2] not in "aeiou":
            candidates.update((base[:-1] + "ies", base[:-1] + "ied"))
        if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
            candidates.update(base + base[-1] + ending for ending in _VOWEL_ENDINGS)  # "plan": "planning"
    stem = _STEM(word)
    return {form for form in candidates if form == word or _STEM(form) == stem}


def _pieces(phrase):
    """Return a phrase's words as written, each split at its hyphens."""
    pieces = []
    for chunk in phrase.lower().replace("\u2019", "'").replace("\u2018", "'").split():
        if chunk.endswith("'s"):
            chunk = chunk[:-2]
        parts = [p for p in chunk.replace("'", "").replace("\u2010", "-").replace("\u2011", "-").split("-") if p]
        if parts:
            pieces.append(parts)
    return pieces


def phrase_variants(phrase):
    """Return each way of writing a phrase as a tuple of words; a hyphenated pair may also be closed up."""
    variants = set()
    for piece_forms in itertools.product(*(_closings(parts) for parts in _pieces(phrase))):
        variants.add(tuple(word for part in piece_forms for word in part))
    return sorted(variants, key=len, reverse=True)


def phrase_weight(phrase):
    """Return what one match of a phrase is worth: SPECIFIC, LOOSE or WORD, by how many of its words carry a topic."""
    words = sum(len(parts) for parts in _pieces(phrase))
    topic_words = sum(1 for parts in _pieces(phrase) for part in parts if part not in FUNCTION_WORDS)
    return SPECIFIC if topic_words > 1 else LOOSE if words > 1 else WORD


def _closings(parts):
    """Return the ways to write hyphenated parts: apart ("co production") or closed up ("coproduction")."""
    if len(parts) == 1:
        return [tuple(parts)]
    return [tuple(parts), ("".join(parts),)]


@dataclass(frozen=True)
class PhraseIndex:
    """The compiled vocabulary: single words by spelling, and a trie over word families for longer phrases."""

    single: dict  # a spelling ("carers") -> [(theme, phrase), ...], or _IGNORE
    # A trie over word families: family -> {family -> ... {_END: ((lead, [(theme, phrase), ...]), ...)}}.
    # A phrase is filed from its first topic word on; the small words before it ("the" of "the board") are
    # its lead, checked backwards from there, so that every "the" of a post is not a place to start.
    multi: dict
    family: dict  # a spelling ("involving") -> its word family's name ("involve"); absent: the word itself
    starts: frozenset  # every spelling that may start a phrase's match: single words, first topic words


def compile_phrases(phrases):
    """Build the PhraseIndex of ``[(theme, phrase), ...]``."""
    single, multi = {}, {}
    variants = [(theme, phrase, variant) for theme, phrase in phrases for variant in phrase_variants(phrase)]
    # The words of longer phrases take every ending; spellings shared by two words join their families, so
    # that each spelling belongs to one family. The trie then has one branch per family, not per spelling:
    # a phrase of four words with twenty spellings each would otherwise make 160,000 branches.
    parent = {}

    def root_of(word):
        while parent.setdefault(word, word) != word:
            parent[word] = parent[parent[word]]
            word = parent[word]
        return word

    for _, _, variant in variants:
        if len(variant) > 1:
            for word in variant:
                first = root_of(word)
                for form in word_forms(word):
                    other = root_of(form)
                    if other != first:
                        parent[other] = first
    family = {form: root_of(form) for form in parent}
    ends = {}  # id of a trie node -> {lead: keys}, gathered before they are frozen into the node
    for theme, phrase, variant in variants:
        if len(variant) == 1:
            # A single word may mean many things ("rating", "rate"): it keeps its plurals only.
            holders = [(single, form) for form in forms(variant[0])]
        else:
            lead = next((n for n, word in enumerate(variant) if word not in FUNCTION_WORDS), 0)
            node = multi
            for word in variant[lead:]:
                node = node.setdefault(family[word], {})
            holders = [(ends.setdefault(id(node), (node, {}))[1], variant[:lead])]
        for holder, slot in holders:
            if theme == _IGNORED:
                holder[slot] = _IGNORE  # an ignored wording wins over any phrase that reads the same
                continue
            keys = holder.setdefault(slot, [])
            # Two phrases of one theme that read the same ("lack capacity", "lacks capacity") count once.
            if keys is not _IGNORE and all(k[0] != theme for k in keys):
                keys.append((theme, phrase))
    for node, by_lead in ends.values():
        # Longest lead first: "not done to" is tried before "done to".
        node[_END] = tuple(sorted(by_lead.items(), key=lambda item: -len(item[0])))
    starts = frozenset(single).union([form for form, name in family.items() if name in multi])
    return PhraseIndex(single, multi, family, starts)


def html_to_text(markup):
    """Return the words of an HTML fragment, without tags."""
    if not markup:
        return ""
    return html.unescape(_TAG.sub(" ", str(markup)))


def _abbreviates(short, words):
    """Return True when ``short`` (lower case) could abbreviate ``words``: same first letter, letters in order."""
    if not (1 < len(short) <= 10 and short.isalpha() and short[0] == words[0][0]):
        return False
    letters = iter("".join(words))
    return all(letter in letters for letter in short)


def _in_list(tokens, start, stop):
    """Return True when the words ``tokens[start:stop]`` sit in a list of groups of people."""
    before = start - 1
    if before < 0 or tokens[before] not in _SEPARATORS:
        before = -1
    while before > 0 and tokens[before] in _SEPARATORS:
        before -= 1
    if before >= 0 and tokens[before] in GROUPS:
        return True
    after = stop
    if after >= len(tokens) or tokens[after] not in _SEPARATORS:
        return False
    while after < len(tokens) and tokens[after] in _SEPARATORS:
        after += 1
    # The next item may start with a qualifier: "carers and service users", "carers, and the public".
    return any(word in GROUPS for word in tokens[after : after + 2])


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
        named = f'"{self.phrase}" (for "{self.stands_for}")' if self.stands_for else f'"{self.phrase}"'
        return f"{named} ×{self.count} ({places}; {kind})"


@dataclass(frozen=True)
class Score:
    """A theme's score for one post and the phrases behind it."""

    slug: str
    score: float
    evidence: tuple[Evidence, ...] = ()
    body_factor: float = 1.0  # what a body match was worth here, after scaling for the body's length

    def describe(self):
        """Return the score and evidence as one line of text."""
        return f"score {self.score:.2f}: " + "; ".join(str(e) for e in self.evidence)


@dataclass(frozen=True)
class NearMiss:
    """A theme found in a post but not given to it, with why and what would have tipped it."""

    score: Score
    needed: float  # the score it had to reach
    reason: str
    tip: str


class Tagger:
    """Scores posts against a vocabulary; build it once, then use it for every post."""

    def __init__(self, themes, *, weights, threshold, max_auto_themes, body_words=400, top_share=0.0):
        self.rank = {t.slug: n for n, t in enumerate(themes)}
        self.weights = (weights["title"], weights["summary"], weights["body"])
        self.threshold = threshold
        self.max_auto_themes = max_auto_themes
        self.body_words = body_words
        self.top_share = top_share
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

    def count(self, tokens):
        """Return ``{(theme slug, phrase): matches}`` for a list of words."""
        return self._match(tokens)[0]

    def _match(self, tokens, definitions=None):
        """Return matches, matches inside lists of groups, and abbreviations defined as "Long Form (LF)"."""
        found, listed = {}, {}
        index = self.index
        single, multi, family = index.single, index.multi, index.family
        end = len(tokens)
        skip_to = 0
        # Most words start no phrase: find the few that do in one pass that stays in C (no Python per word).
        for i in itertools.compress(range(end), map(index.starts.__contains__, tokens)):
            if i < skip_to:
                continue
            word = tokens[i]
            keys, start, stop = single.get(word), i, i + 1
            # Follow the trie of longer phrases, word family by word family ("involving" is "involve"), as far
            # as the words allow; the longest complete phrase, counting its lead, wins.
            node = multi.get(family.get(word, word))
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
        """Return ``{(theme slug, abbreviation, phrase it stands for or ""): matches}`` in plain text."""
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

    def scores(self, title="", summary="", body=""):
        """Return a Score for every theme found anywhere in the post, highest first."""
        texts = (title, summary, body)
        split = [_split(text) for text in texts]
        tokens = [t for t, _ in split]
        definitions = {}
        matched = [self._match(t, definitions) for t in tokens]
        shorts = [self._abbreviations(text, t, definitions) for text, t in zip(texts, tokens, strict=True)]
        # Long posts mention things more often: body matches count less beyond body_words words.
        size = len(tokens[2]) - split[2][1]
        body_factor = min(1.0, self.body_words / size) if size else 1.0
        factors = (self.weights[0], self.weights[1], self.weights[2] * body_factor)
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
        result = []
        for slug, per_phrase in per_theme.items():
            score, evidence = 0.0, []
            for (phrase, stands_for), (*places, listed) in per_phrase.items():
                weight = SPECIFIC if stands_for or phrase in self.abbreviations else self.phrase_weights[(slug, phrase)]
                matches = sum(factors[place] * n for place, n in enumerate(places))
                score += weight * (matches - listed * factors[2] * (1 - IN_LIST))
                evidence.append(Evidence(phrase, *places, weight=weight, listed=listed, stands_for=stands_for))
            evidence.sort(key=_evidence_order)
            result.append(Score(slug, round(score, 3), tuple(evidence), body_factor))
        result.sort(key=lambda s: (-s.score, self.rank[s.slug]))
        return result

    def bar(self, scores):
        """Return the score a theme must reach in this post: the threshold, or top_share of the top score."""
        top = max((s.score for s in scores), default=0.0)
        return max(self.threshold, self.top_share * top)

    def automatic(self, scores, exclude=()):
        """Return the scores that reach the bar, at most max_auto_themes of them, skipping ``exclude``."""
        scores = list(scores)
        bar = self.bar(scores)
        kept = [s for s in scores if s.score > 0 and s.score >= bar and s.slug not in exclude]
        return kept[: self.max_auto_themes]

    def near_misses(self, scores, exclude=(), closeness=0.5):
        """Return the themes found but not kept whose score came within ``closeness`` of the bar, with tips."""
        scores = list(scores)
        bar = self.bar(scores)
        kept = {s.slug for s in self.automatic(scores, exclude)}
        result = []
        for s in scores:
            if s.slug in kept or s.slug in exclude or s.score <= 0:
                continue
            if s.score >= bar:
                result.append(NearMiss(s, bar, f"over the limit of {self.max_auto_themes} automatic themes", "list it in Themes:"))
            elif s.score >= closeness * bar:
                result.append(NearMiss(s, bar, *self._shortfall(s, bar)))
        return result

    def _shortfall(self, score, bar):
        """Return why a score fell short of the bar and the fewest extra mentions that would tip it."""
        gap = bar - score.score
        why = f"score {score.score:.2f} of the {bar:.2f} needed"
        if bar > self.threshold:
            why += f" (a {self.top_share:.0%} share of the strongest theme's score; the threshold is {self.threshold:.2f})"
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
        for place, weight in (("summary", self.weights[1]), ("title", self.weights[0])):
            if weight * WORD >= gap:
                tips.append(f"one of its phrases in the {place}")
                break
        if any(e.listed for e in score.evidence):
            why += f"; mentions in a list of groups of people count {IN_LIST:.0%}"
        return why, "would be tipped by " + ", or ".join(tips) + "; or list it in Themes:"


def _mentions(n):
    return "1 more mention" if n == 1 else f"{n} more mentions"


def _evidence_order(evidence):
    return (-evidence.count, evidence.phrase.casefold())
