"""The quick test in front of the safe-language patterns never changes what they find."""

from __future__ import annotations

import dataclasses
import re
import string
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from safeguarding import language, rules
from safeguarding import settings as safeguarding_settings

from inmind.source import parse

WORDS = language.load_language(safeguarding_settings.merged({}).language)
EVERY_CHARACTER = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)

# Words of the shipped lists and their parts, and the same with letters that ignoring case takes for others.
POOL = ["suicide", "suicidal", "kill", "myself", "self-harm", "self", "harm", "overdose", "took", "my", "own", "life",
        "commit", "committed", "successful", "attempt", "failed", "epidemic", "crisis", "victim", "of", "was", "were",
        "pills", "railway", "line", "jumped", "off", "hanged", "blade", "end", "cut", "their", "ending"]
TWISTS = {"s": ["S", "ſ"], "k": ["K", "\u212a"], "i": ["I", "İ", "ı"], "e": ["E", "é", "É", "e\u0301"], "l": ["L", "ǉ"]}
SPACES = [" ", "  ", "\n", "\t", "\xa0", "\u2028", "\u3000", "\x1c", "\r\n", " \n "]
NOISE = ["-", "_", ".", ",", "'", "’", "&amp;", "&#115;", "<em>", "</em>", "**", "[", "](x)", "x", "9", "ß", "\u200b"]


@st.composite
def twisted(draw, word):
    """Return ``word`` with some letters swapped for what ignoring case makes equal to them (or nearly)."""
    return "".join(draw(st.sampled_from([c, *TWISTS.get(c.lower(), [])])) if draw(st.booleans()) else c
                   for c in word)


words = st.sampled_from(POOL).flatmap(twisted)


def texts_of(vocabulary):
    """Return a strategy of texts that use the words of ``vocabulary`` (twisted), spaces and noise."""
    word = st.sampled_from(vocabulary).flatmap(twisted)
    return st.lists(st.one_of(word, st.sampled_from(SPACES), word, st.sampled_from(SPACES), st.sampled_from(NOISE),
                              st.text(max_size=3)), max_size=40).map("".join)


texts = texts_of(POOL)
word_lists = st.lists(st.one_of(st.sampled_from(POOL), st.lists(st.sampled_from(POOL), min_size=2, max_size=3)
                                .map(" ".join), words, st.text(max_size=6)), max_size=8)
# Patterns as the [[phrase]] entries write them: words, groups, alternatives, optional parts, classes, dots,
# escapes and lookarounds, each compiled as the loader compiles them.
atoms = st.one_of(st.sampled_from(POOL), words.map(re.escape), st.sampled_from(POOL), st.sampled_from(
    [r"\w", r"\s", r"\d+", "[a-z]", "[^a]", ".", r"\b", "(?!x)", "(?<=a)", r"\-", r"\.", "k", "s", "(?i:s)", "(?-i:S)",
     "[ ]", r"\t", r"\n", r"\x20", r"\ ", "[\u3000]"]))


def _pattern(depth=2):
    piece = atoms if depth == 0 else st.one_of(atoms, st.deferred(lambda: _pattern(depth - 1)).map(lambda p: f"(?:{p})"))
    piece = st.tuples(piece, st.sampled_from(["", "", "?", "+", "*", "{2}", "{0,2}", "??"])).map("".join)
    sequence = st.lists(piece, min_size=1, max_size=4).map(lambda parts: " ".join(parts) if len(parts) > 2 else "".join(parts))
    return st.lists(sequence, min_size=1, max_size=3).map("|".join)


patterns = _pattern()


def spans(matches):
    return [(m.start(), m.end(), m.group(0)) for m in matches]


def same_findings(matcher, text):
    assert spans(matcher.finditer(text)) == spans(matcher.regex.finditer(text))


@pytest.mark.parametrize("char", [c for c in string.printable if not c.isspace()])
def test_fold_gives_each_ascii_character_exactly_what_ignoring_case_matches(char):
    folded = EVERY_CHARACTER.translate(language._FOLD)
    matched = [m.start() for m in re.finditer(re.escape(char), EVERY_CHARACTER, re.IGNORECASE)]
    assert [folded[i] for i in matched] == [char.lower()] * len(matched)
    assert folded.count(char.lower()) == len(matched)  # and nothing else becomes that character


def test_fold_and_patterns_agree_on_what_a_space_is():
    assert re.findall(r"\s", EVERY_CHARACTER) == [c for c in EVERY_CHARACTER if c.isspace()]
    assert language.fold(" A\n\tſ\u212a İı\u3000x\x1c ") == "a sk ii x"


def test_the_shipped_lists_have_a_quick_test():
    assert WORDS.topics.needs and WORDS.means.needs and all(p.matcher.needs for p in WORDS.phrases)
    assert ("end my life",) in WORDS.topics.needs  # a space in a word is one space in the folded text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(word_lists.flatmap(lambda w: st.tuples(st.just(w), texts_of([p for x in w for p in x.split()] or POOL))))
@example((["suicide"], "SUıCıDE ſuicide \u212aill"))
@example((["kill myself"], "KILL\u2028  MYſELF"))
@example((["kill myself"], " kill\nmyself"))
@example((["café"], "CAFÉ"))
@example((["İstanbul"], "istanbul İSTANBUL"))
@example((["\u212aelvin"], "kelvin KELVIN"))
@example((["a  b"], "a \n b"))
@example((["a\tbc"], "a\tbc"))
@example((["-x-"], "a -X-"))
def test_word_lists_find_what_the_plain_pattern_finds(case):
    words_, text = case
    same_findings(language._words(words_), text)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns.flatmap(lambda p: st.tuples(st.just(p), texts_of(re.findall(r"[^\W\d_]+", p) or POOL))))
@example(("commit(?:s|ted|ting)? suicide", "COMMITTED\n ſuicide"))
@example(("(?:suicide|self-harm|self harm) (?:epidemic|crisis)", "Self\u3000harm Crisis"))
@example(("a\\s+\\s+b", "a  b"))
@example(("self[ ]harm", "Self harm"))
@example(("ab\\ncd", "ab\ncd"))
@example(("(?-i:S)uicide", "ſuicide Suicide suicide"))
@example(("suicidé", "SUICIDÉ"))
def test_phrase_patterns_find_what_the_plain_pattern_finds(case):
    pattern, text = case
    try:
        regex = re.compile(pattern.replace(" ", r"\s+"), re.IGNORECASE)
    except re.error:
        return
    same_findings(language.Matcher.compile(regex), text)


def plain(words_):
    """Return the Language with every quick test turned off: each pattern searches every text."""
    off = lambda m: dataclasses.replace(m, needs=None)  # noqa: E731
    return dataclasses.replace(words_, topics=off(words_.topics), means=off(words_.means),
                               phrases=tuple(dataclasses.replace(p, matcher=off(p.matcher)) for p in words_.phrases))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts, texts)
@example("Committed suicide", "", "He took his own life. I wanted to KILL\nMYſELF with pills.")
def test_the_rules_report_what_the_plain_patterns_report(title, summary, body):
    text = f"Title: {' '.join(title.split())}\nSummary: {' '.join(summary.split())}\n\n{body}"
    source, again = parse(text), parse(text)
    config = safeguarding_settings.merged({})
    assert rules.safe_language("p.md", source, WORDS) == rules.safe_language("p.md", again, plain(WORDS))
    assert rules.content_note("p.md", source, WORDS, config) == rules.content_note("p.md", again, plain(WORDS), config)


def _search_words(text):
    """The search page's reading of a query or a listed word (theme/assets/js/search.js, words()): lower case, every
    run of other characters than letters and digits one space, with a space in front."""
    plain = re.sub(r"[\W_]+", " ", text.lower()).strip()
    return f" {plain}" if plain else ""


# Ways people in distress type it, each of which found posts on the sample site: a word matches only as a whole word
# or its start, so "killing myself" showed no help while "kill myself" was listed.
@pytest.mark.parametrize("query", ["I keep thinking about killing myself", "hurting myself again", "harming myself",
                                   "cutting myself", "overdosing", "I want to take my life", "taking my own life",
                                   "i wish i was dead", "I wish I were dead", "I just want to be dead",
                                   "i can’t go on", "kill myself"])
def test_the_search_page_leads_with_help_for_every_form_of_a_distress_phrase(query):
    listed = [_search_words(word) for word in WORDS.search_words]
    assert any(word and word in _search_words(query) for word in listed), query


@pytest.mark.parametrize("query", ["carers", "peer support", "recovery college", "my first year as a governor"])
def test_an_ordinary_search_does_not_ask_for_urgent_help(query):
    listed = [_search_words(word) for word in WORDS.search_words]
    assert not [word for word in listed if word and word in _search_words(query)], query
