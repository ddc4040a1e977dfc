"""The linear learner: names left out, worths fitted to the build's own score, and counted as the build counts."""

import copy

import pytest
from coproduction.learned import compile_learned
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tagging import evaluate, learn, linear
from bench.tagging.learn import Params, Record
from bench.tagging.linear import Row

LINEAR = Params(method="linear", pool="any", per_theme=40, min_texts=3)


def record(name, split, gold, text, title=""):
    places = (title, "", text)
    return Record(name, split, frozenset(gold), places, learn._terms(places))


def row(name, gold, words, phrase=None):
    return Row(name, "tune", frozenset(gold), dict(phrase or {}), dict.fromkeys(words, 1.0))


def test_a_word_written_with_a_capital_in_every_use_inside_a_sentence_is_a_name():
    records = [
        record("a", "tune", [], "We met Okafor on the ward. Garden days with Okafor. Hope came back."),
        record("b", "tune", [], "Hope is a garden word. I hope so."),
    ]
    found = linear.names(records)
    assert "okafor" in found
    assert "hope" not in found  # written in lower case too
    assert "garden" not in found and "we" not in found  # "We" only starts a sentence


@pytest.mark.parametrize("word", ["monday", "seven", "nine", "hundred"])
def test_days_and_numbers_are_never_candidates(word):
    state = evaluate.tagger_state()
    texts = [record(f"r{n}", "tune", ["recovery"], f"Allotment {word} allotment.") for n in range(4)]
    rows = learn.linear_rows(texts, state, learn.vocabulary_of(state), LINEAR)
    assert all(word not in r.words for r in rows)
    assert all("allotment" in r.words for r in rows)


def test_a_word_of_the_themes_texts_gets_a_positive_worth_and_one_of_its_near_misses_a_negative_worth():
    train = [row(f"r{n}", ["recovery"], ["allotment"], {"recovery": 1.0}) for n in range(6)]
    train += [row(f"n{n}", [], ["invoice"], {"recovery": 2.0}) for n in range(6)]  # near the bar, not about it
    train += [row(f"o{n}", [], ["parking"]) for n in range(12)]
    table = linear.learn(train, ["recovery", "carers"], LINEAR)
    assert set(table) == {"recovery"}  # nothing to learn for a theme with no text about it
    assert table["recovery"]["allotment"] > 0 > table["recovery"]["invoice"]
    assert "parking" not in table["recovery"]  # in no text about the theme nor near it
    positive_only = linear.learn(train, ["recovery"], Params(**{**vars(LINEAR), "negative": False}))
    assert "invoice" not in positive_only["recovery"]


def test_stronger_regularisation_gives_smaller_worths_and_a_word_in_too_few_texts_none():
    train = [row(f"r{n}", ["recovery"], ["allotment"]) for n in range(6)]
    train += [row(f"o{n}", [], ["parking"]) for n in range(12)]
    loose = linear.fit(train, "recovery", Params(**{**vars(LINEAR), "l2": 0.001, "l1": 0.0}))
    strict = linear.fit(train, "recovery", Params(**{**vars(LINEAR), "l2": 0.1, "l1": 0.0}))
    assert loose["allotment"] > strict["allotment"] > 0
    assert linear.fit(train[:2] + train[6:], "recovery", LINEAR) == {}  # in 2 texts about it: fewer than min_texts


def test_cross_validation_of_the_linear_method_never_fits_on_the_part_it_tags(monkeypatch):
    state = evaluate.tagger_state()
    records = [record("a", "tune", ["recovery"], "x"), record("b", "held-out", ["carers"], "y"),
               record("c", "content", ["carers"], "z")]
    seen = []

    def spy(train, slugs, params):
        seen.append({r.split for r in train})
        return {}

    monkeypatch.setattr(linear, "learn", spy)
    learn.cross_validate(records, ["tune", "held-out"], state, LINEAR)
    assert seen == [{"held-out", "content"}, {"tune", "content"}]


WORDS = ["allotment", "allotments", "garden", "peer", "support", "carer", "Okafor", "the", ",", ".", "loved", "ones"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.lists(st.sampled_from(WORDS), max_size=4))
def test_a_fitted_score_is_the_phrase_score_plus_each_worth_times_the_mentions_the_row_counted(body, title):
    # What the fit sees of a text is exactly what the build adds up, so the fitted rule is the build's rule.
    state = evaluate.tagger_state()
    text = record("t", "tune", [], " ".join(body), " ".join(title))
    listed = ["allotment", "garden", "ones"]
    base = copy.copy(state.tagger)
    base.learned = None
    (counted,) = linear.rows([text], base, listed, 1)
    worths = {"allotment": 0.4, "garden": -0.3, "ones": 0.2}
    tagger = copy.copy(base)
    tagger.learned = compile_learned({"recovery": worths}, 1)
    got = {s.slug: s.score for s in tagger.scores(*text.places)}.get("recovery", 0.0)
    expected = counted.score.get("recovery", 0.0) + sum(w * counted.words.get(word, 0) for word, w in worths.items())
    if "recovery" not in counted.score and expected <= 0:
        expected = 0.0  # found by words against it only: not found at all
    assert got == pytest.approx(expected, abs=0.002)
