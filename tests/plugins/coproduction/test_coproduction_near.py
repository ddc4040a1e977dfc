"""Spellings close to a real name: found with their column, however they are written, and never quoted back."""

import pytest
from coproduction import near, privacy, private
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from inmind.errors import Problem

NAME = "Philippa Marchbanks-Oduya"
HIDDEN = privacy.HiddenName("a-carer", "A carer", privacy.name_forms(NAME, also=["Pip Oduya"],
                                                                     slugs=["philippa-marchbanks-oduya"]))
MATCHER = privacy.Matcher([HIDDEN])
# Look-alike letters a careless or hostile writer might put in: Cyrillic, and full-width (NFKC folds those).
CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "p": "\u0440", "c": "\u0441", "h": "\u04bb", "i": "\u0456"}
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]
COMBINING = ["\u0301", "\u0300", "\u0308", "\u0327", "\u030c"]


@pytest.mark.parametrize(
    ("text", "column", "edits"),
    [
        ("I met Philipa Marchbanks-Oduya today", 7, 1),  # a letter missing
        ("Thanks to Philippa Marchbank-Oduya.", 11, 1),
        ("Philippa Marchbanks Oduyah", 1, 1),  # a letter added
        ("Philippa Mrachbanks-Oduya", 1, 1),  # two letters swapped
        ("Philipa Marchbnks-Oduya wrote", 1, 2),
        ("Marchbanks-Oduya, Philipa", 1, 1),  # surname first
        ("philipa-marchbanks-oduya.jpg", 1, 1),  # as an address
        ("See Philippa Marchbanks-Oduya", 5, 0),  # the name itself: the exact check names it
        ("Ｐｈｉｌｉｐａ Marchbanks-Oduya", 1, 1),  # full-width letters keep their place
        ("with Pip Odua", 6, 1),  # an "also" form of eight letters
    ],
)
def test_close_spellings_are_found_at_their_column(text, column, edits):
    found = MATCHER.close(text)
    assert found is not None and found.name is HIDDEN
    assert (found.column, found.edits) == (column, edits)


@pytest.mark.parametrize(
    "text",
    [
        "In March banks closed early.",  # a short form is never pieced together from other words
        "Philippa went to the market with a carer.",  # the first name alone is not the name
        "Philippa Marchbanks-Oduya"[:12],
        "",
        "A carer wrote about co-production and recovery.",
    ],
)
def test_other_words_are_not_close(text):
    assert MATCHER.close(text) is None


def test_a_short_form_is_found_only_as_it_is():
    short = privacy.Matcher([privacy.HiddenName("a-carer", "A carer", privacy.name_forms("Oduya"))])
    assert short.close("Oduyo wrote") is None  # a word a letter from a short nickname is usually another word
    assert short.find("Oduya wrote") is not None


def test_distance_counts_a_swap_as_one_edit_and_stops_at_its_limit():
    assert near.distance("abcd", "abdc", 3) == 1
    assert near.distance("kitten", "sitting", 3) == 3
    assert near.distance("kitten", "sitting", 2) == 3  # above the limit: limit + 1
    assert near.distance("a", "abcdef", 2) == 3


@st.composite
def disguised(draw, *, misspelt):
    """Return the real name written oddly: look-alike, full-width, zero-width and combining characters, perhaps misspelt."""
    letters = list(NAME)
    if misspelt:
        # One edit inside a word (never at a hyphen or space, which would only split the name differently).
        at = draw(st.sampled_from([i for i, c in enumerate(letters) if c.isalpha()]))
        how = draw(st.sampled_from(["drop", "double", "change", "swap"]))
        if how == "drop":
            del letters[at]
        elif how == "double":
            letters.insert(at, letters[at])
        elif how == "change":
            letters[at] = "q" if letters[at].lower() != "q" else "z"
        elif at + 1 < len(letters) and letters[at + 1].isalpha():
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
    out = []
    for char in letters:
        style = draw(st.sampled_from(["plain", "plain", "cyrillic", "wide", "joiner", "mark", "upper"]))
        if style == "cyrillic" and char.lower() in CYRILLIC:
            char = CYRILLIC[char.lower()]
        elif style == "wide" and char.isascii() and char.isalpha():
            char = chr(ord(char) + 0xFEE0)
        elif style == "joiner":
            char += draw(st.sampled_from(ZERO_WIDTH))
        elif style == "mark" and char.isalpha():
            char += draw(st.sampled_from(COMBINING))
        elif style == "upper":
            char = char.upper()
        out.append(char)
    return "".join(out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised(misspelt=True), st.sampled_from(["", "Dear ", "with thanks — "]))
@example("Philipa Marchbanks-Oduya", "")
@example("Phi\u0301lippa\u200d Marchbank-Od\u0443ya", "Dear ")
def test_a_disguised_misspelling_is_found_where_it_starts(variant, before):
    line = f"{before}{variant} wrote this."
    found = MATCHER.close(line)
    assert found is not None and found.name is HIDDEN
    assert found.column == len(before) + 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised(misspelt=True) | disguised(misspelt=False), st.sampled_from(['"{}"', "'{}'", "“{}”", "‘{}’"]))
def test_a_message_quoting_a_disguised_name_never_quotes_it(variant, quotes):
    message = f"unknown theme {quotes.format(variant)} in Themes. Did you mean \"carers\"?"
    hint = f"the value {quotes.format(variant)} is not known"
    problem = private.withheld_problem(MATCHER, Problem("content/blog/a.md", 5, "error", message, hint))
    for words in (problem.message, problem.hint):
        assert variant not in words
        assert MATCHER.find(words) is None and MATCHER.close(words) is None
        assert 'anonymous author "A carer"' in words
    assert (problem.path, problem.line) == ("content/blog/a.md", 5)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised(misspelt=True))
def test_an_unquoted_misspelling_withholds_the_whole_message(variant):
    words = private.withheld(MATCHER, f"the author {variant} has no role")
    assert variant not in words and MATCHER.close(words) is None
    assert words.startswith("a problem on this line is not shown")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised(misspelt=True))
def test_the_content_check_names_line_and_column_without_the_name(variant):
    text = f"Title: A post\nSummary: About caring.\n\nI care for my brother.\nThanks to {variant} for this.\n"
    problems = [p for p in private.scan_close(MATCHER, "content/blog/a.md", text) if p.line == 5]
    if MATCHER.find(text) is not None:
        # The misspelling happened to fold into the name itself: the exact check names it, as an error.
        assert problems == []
        return
    (problem,) = problems
    assert problem.column == len("Thanks to ") + 1 and problem.severity == "warning"
    shown = problem.format()
    assert shown.startswith("content/blog/a.md:5:11: warning: a spelling close to the real name")
    assert "[real-name-close]" in shown
    assert variant not in shown and MATCHER.close(shown) is None


def test_every_single_edit_of_every_form_is_found_whatever_the_quick_filters_skip():
    # The filters before the comparison (pieces, trigrams, lengths) must never skip a real misspelling:
    # a letter dropped, doubled, changed or swapped with the next, at every place, in every form.
    for form in HIDDEN.forms:
        letters = form.replace(" ", "")
        if len(letters) < near.MIN_LETTERS or privacy.MIDDLE in form:
            continue
        for i in range(len(letters)):
            edits = [letters[:i] + letters[i + 1:], letters[:i] + letters[i] + letters[i:],
                     letters[:i] + ("q" if letters[i] != "q" else "z") + letters[i + 1:]]
            if i + 1 < len(letters):
                edits.append(letters[:i] + letters[i + 1] + letters[i] + letters[i + 2:])
            for spelling in edits:
                found = MATCHER.close(f"Some words, then {spelling} and more words.")
                assert found is not None and found.column == len("Some words, then ") + 1, spelling
