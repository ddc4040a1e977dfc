"""Pure: a theme vocabulary's phrases as words: their spellings, endings and weights, compiled into a trie.

tagger.py explains the matching rules; this module makes the words and forms they speak of.
"""

from __future__ import annotations

import functools
import html
import itertools
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
# The lookahead first changes no match (every one begins with "(" or a capital), but passes over the other
# characters at once rather than trying the rest at each: a third less time over a post.
_ABBREVIATION = re.compile(r"(?=[(A-Z])(?<!\w)(\(\s*)?([A-Z][A-Za-z0-9]*[A-Z0-9])(?:['\u2019]?s)?(?!\w)")

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
# Family words. "My daughter" in a post usually means the writer cares for her; "her daughter" or "his son"
# is more often a patient's family, mentioned in passing, so such a phrase counts as a single word.
KIN = frozenset(
    "son daughter husband wife brother sister mum mother dad father child children parent parents nan gran "
    "grandson granddaughter grandchildren partner".split()
)
_SOMEONE_ELSES = frozenset({"her", "his", "their"})


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
    words = [part for parts in _pieces(phrase) for part in parts]
    topic = [word for word in words if word not in FUNCTION_WORDS]
    if len(topic) > 1:
        return SPECIFIC
    if len(words) > 1 and words[0] in _SOMEONE_ELSES and topic and topic[0] in KIN:
        return WORD  # "her daughter": a patient's family, described; "my daughter" is the writer's own
    return LOOSE if len(words) > 1 else WORD


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
