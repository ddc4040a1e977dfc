"""The reading-age formulas give textstat's numbers exactly, on ordinary prose and on hostile text."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import textstat
from hypothesis import example, given, settings
from hypothesis import strategies as st

from inmind import check_readability
from inmind.check_readability import _paragraphs, _prose, readability_indexes
from inmind.source import parse

ROOT = Path(__file__).resolve().parent.parent

# Every kind of character the counts treat differently: sentence ends, apostrophes (contraction or not),
# hyphens and other punctuation, letters and digits of other scripts, combining marks, Unicode spaces
# (str.split and the regular expressions must agree on them), entities and markup left in the text.
ODD = (" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u202f\u3000\u200b\ufeff"
       ".!?;:,'’‘\"“”-–—()[]<>/&#*_`~…" "aAsStTdDvVlLrReE019" "ſKİıßéÉ\u0301\u0308ǅ٣२½²ⅫЖж中あ😀")
hostile = st.text(alphabet=st.sampled_from(ODD), max_size=200)
words = st.lists(st.sampled_from(["a", "I", "it's", "they'll", "don't", "'quoted'", "co-production", "well-being",
                                  "Dr.", "e.g.", "3.5", "NHS", "ward", "garden", "recovery", "...", "?!", "—",
                                  "naïve", "café", "’tis", "ſtrong", "Kelvin", "&amp;", "<em>", "x" * 40]),
                 max_size=80).map(" ".join)


def textstat_indexes(text):
    """Return the two indexes from textstat itself, the reference the checker's formulas follow."""
    return textstat.automated_readability_index(text), textstat.coleman_liau_index(text)


def same(ours, theirs):
    """Return True when both pairs are the same floats, bit for bit (NaN never arises, but would count as same)."""
    return all(a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(ours, theirs, strict=True))


@settings(max_examples=400, deadline=None)
@given(st.one_of(hostile, words, st.text(max_size=120)))
@example("")
@example("   \n\t ")
@example("...")
@example("Hi. Yes. No.")
@example("it's 'twas don't' ’tis ''' '.t 't")
@example("ſ K İ ı ß. Ǆemal ǅ ǆ.")
@example("word\x1cword\x1fword\x85word\u2028word. Next one here.")
@example("One two three. A b ...x and more words here. Four five six.")  # a sentence ends inside a run
@example("- One - two. — A — b — c ... d e f g. x y z.")
@example("One two three four. a - - b. Five six seven eight.")  # a short sentence of many runs
def test_indexes_are_textstats(text):
    assert same(readability_indexes(text), textstat_indexes(text))
    spaced = " ".join(text.split())  # as the prose is measured: one space between runs
    assert same(readability_indexes(spaced, single_spaced=True), textstat_indexes(spaced))


@pytest.mark.parametrize("path", sorted((ROOT / "content").rglob("*.md")), ids=lambda p: p.name)
def test_indexes_are_textstats_on_the_sample_content(path):
    source = parse(path.read_text(encoding="utf-8"))
    text = check_readability.PROPER_NOUNS.sub("name", _prose(p for _, p in _paragraphs(source)))
    assert same(readability_indexes(text, single_spaced=True), textstat_indexes(text))


MARKDOWN = ["![alt](a.png)", "[text](https://x.org/a)", "[ref][1]", "[^1]", "<https://x.org>", "www.nhs.uk/a",
            "http://", "<em>", "</em>", "<br/>", "**", "_", "`code`", "~~", "#", "|", "[", "]", "(", ")", "!", "<",
            "&lt;", "ſ", "K", "\u0301", " ", "\n", "word", "Name", ".", "]("]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(MARKDOWN), max_size=20).map("".join), max_size=4))
@example(["a [b](c) ![d](e) <https://f> www.g *h* `i` j|k"])
def test_prose_is_the_same_when_each_pattern_always_runs(paragraphs):
    fast = _prose(paragraphs)
    kept = check_readability._PROSE_SUBS
    check_readability._PROSE_SUBS = [(pattern, replacement, ("",)) for pattern, replacement, _ in kept]
    try:
        assert fast == _prose(paragraphs)
    finally:
        check_readability._PROSE_SUBS = kept


# The names pattern as first written: the look back first, which the search cannot skip ahead with.
PLAIN_PROPER_NOUNS = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*")
NAMES = ["Care", "Quality", "Commission", "NHS", "a", "b", ",", ";", " ", "  ", "\n", "K", "İ", "é", "É", "’", "'",
         "-", "Z", "z", ".", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAMES), max_size=30).map("".join))
@example("the Care Quality Commission, Aintree Racecourse; and NHS")
def test_names_are_found_where_the_plain_pattern_finds_them(text):
    spans = lambda pattern: [(m.start(), m.end()) for m in pattern.finditer(text)]  # noqa: E731
    assert spans(check_readability.PROPER_NOUNS) == spans(PLAIN_PROPER_NOUNS)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(MARKDOWN), max_size=20).map("".join), max_size=4))
def test_prose_leaves_one_space_between_words(paragraphs):
    text = _prose(paragraphs)
    assert (text.count(" ") + 1 if text else 0) == len(text.split())
    assert " ".join(text.split()) == text


# The end of a sentence as first written, a pattern searched along the whole paragraph.
PLAIN_SENTENCE_END = re.compile(r"[.!?:;][\"')\]’”]*$")


@given(st.lists(st.sampled_from(list(".!?:;\"')]’”([x ,‘“") + ["", "\u2028", "…", "?!"]), max_size=8).map("".join))
@example("")
@example("”)")
@example("Done.)”")
def test_a_sentence_ends_where_the_plain_pattern_says(paragraph):
    assert check_readability._ends_sentence(paragraph) == bool(PLAIN_SENTENCE_END.search(paragraph))
