"""Learning the themes' words offline: what is learned, from which texts, and that the committed table is its output."""

import copy
import re
import tomllib

import pytest
from coproduction.learned import LEARNED, compile_learned
from coproduction.settings import Coproduction
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tagging import evaluate, learn, linear
from bench.tagging.learn import Params, Record, Vocabulary


def record(name, split, gold, text):
    places = ("", "", text)
    return Record(name, split, frozenset(gold), places, learn._terms(places))


POOL = Vocabulary(frozenset({"garden", "allot", "goal", "monday", "tuesday"}), {"recovery": {"recovery", "recoveries"}})


def test_a_word_common_in_a_themes_texts_and_rare_elsewhere_is_learned_with_its_worth():
    train = [record(f"r{n}", "tune", ["recovery"], "The garden helped my recovery.") for n in range(3)]
    train += [record(f"o{n}", "tune", [], "The car park opens on Monday.") for n in range(6)]
    table = learn.learn(train, ["recovery", "carers"], POOL, Params(min_texts=3))
    # Shares: (3 + 1) / (3 + 2) in the theme's texts, (0 + 1) / (6 + 2) elsewhere: a ratio of 6.4.
    assert table == {"recovery": {"garden": 0.28}}  # 0.15 * ln(6.4)


def test_words_outside_the_vocabulary_stopwords_and_the_themes_own_phrases_are_never_learned():
    text = "Recovery on a Monday: the potting shed, the garden and my recovery."
    train = [record(f"r{n}", "tune", ["recovery"], text) for n in range(4)]
    train += [record(f"o{n}", "tune", [], "Fire alarm tests.") for n in range(4)]
    table = learn.learn(train, ["recovery"], POOL, Params(min_texts=3))
    assert set(table["recovery"]) == {"garden"}  # not "monday" (a day), "potting" (not in the vocabulary), "recovery"
    assert "potting" in learn.learn(train, ["recovery"], POOL, Params(min_texts=3, pool="any"))["recovery"]


def test_a_word_in_too_few_texts_or_as_common_elsewhere_is_not_learned():
    train = [record("r1", "tune", ["recovery"], "A garden."), record("r2", "tune", ["recovery"], "A goal.")]
    train += [record("r3", "tune", ["recovery"], "A goal and a garden.")]
    train += [record(f"o{n}", "tune", [], "A goal.") for n in range(4)]
    # "garden": in 2 of the 3 texts about recovery, none of the 4 others; "goal" is in every other text too.
    assert learn.learn(train, ["recovery"], POOL, Params(min_texts=2)) == {"recovery": {"garden": 0.19}}  # 0.15 * ln(3.6)
    assert learn.learn(train, ["recovery"], POOL, Params(min_texts=3)) == {"recovery": {}}


def test_cross_validation_never_learns_from_the_part_it_tags(monkeypatch):
    state = evaluate.tagger_state()
    records = [record("a", "tune", ["recovery"], "x"), record("b", "held-out", ["carers"], "y"),
               record("c", "content", ["carers"], "z")]
    seen = []

    def spy(train, slugs, known, params):
        seen.append({r.split for r in train})
        return {}

    monkeypatch.setattr(learn, "learn", spy)
    learn.cross_validate(records, ["tune", "held-out"], state, Params(method="ratio"))
    assert seen == [{"held-out", "content"}, {"tune", "content"}]


def test_the_stacked_method_never_learns_or_fits_on_the_part_it_tags(monkeypatch):
    state = evaluate.tagger_state()
    records = [record("a", "tune", ["recovery"], "x"), record("b", "held-out", ["carers"], "y"),
               record("c", "content", ["carers"], "z")]
    seen, fitted = [], []

    def spy(train, slugs, known, params):
        seen.append({r.split for r in train})
        return {}

    def fit_spy(rows, slugs, params):
        fitted.append({r.split for r in rows})
        return {}

    monkeypatch.setattr(learn, "learn", spy)
    monkeypatch.setattr(linear, "learn", fit_spy)
    learn.cross_validate(records, ["tune", "held-out"], state, Params(method="stacked"))
    # For each part tagged: the words that score each other part are learned without that part too, then the
    # words of every part but the tagged one; the corrections are fitted on those parts only.
    assert seen == [{"held-out"}, {"content"}, {"held-out", "content"}, {"tune"}, {"content"}, {"tune", "content"}]
    assert fitted == [{"held-out", "content"}, {"tune", "content"}]


def test_a_part_kept_back_cannot_be_learned_from():
    with pytest.raises(SystemExit):
        learn.main(["--splits", "tune,kept-back", "--cv"])


def test_the_bar_of_the_cross_validation_is_the_builds():
    assert (Params().threshold, Params().top_share) == (Coproduction().threshold, Coproduction().top_share)


def test_the_committed_table_is_what_the_learning_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(learn, "TABLE", tmp_path / "learned.toml")
    committed = LEARNED.read_text(encoding="utf-8")
    relearn = "learned.toml is stale: run python -m bench.tagging.learn --write and commit the table"
    # Learned from every part used for tuning, and only those: a part kept back is never read.
    parts = re.search(r"parts\n# (.*?), and content/", committed).group(1).split(", ")
    assert parts == list(evaluate.TUNED_ON), f"{relearn} (it was learned from {', '.join(parts)})"
    assert learn.main(["--write"]) == 0
    written = (tmp_path / "learned.toml").read_text(encoding="utf-8")
    # A labelled text, a label or a content/ post with a Themes: line changed since the table was learned.
    assert written == committed, relearn


def test_the_fingerprint_covers_only_the_parts_learned_from(monkeypatch):
    state = evaluate.tagger_state()
    tuned = learn.records(list(evaluate.TUNED_ON), state)
    real_load = evaluate.load

    def with_an_unseen_part(folder=evaluate.HERE, splits=None):
        texts = real_load(folder, splits)
        unseen = evaluate.Text("999-new.md", "kept-back", {"carers": "new"}, "New", "A new text.", 3)
        return texts if splits is not None and "kept-back" not in splits else [*texts, unseen]

    monkeypatch.setattr(evaluate, "load", with_an_unseen_part)
    # A new part kept back for a final measurement does not make the table stale: it is never read.
    assert learn.digest(learn.records(list(evaluate.TUNED_ON), state)) == learn.digest(tuned)


def test_the_fingerprint_changes_with_a_text_or_a_label():
    one = [record("a", "tune", ["recovery"], "A garden.")]
    assert learn.digest(one) == learn.digest(list(one))
    assert learn.digest(one) != learn.digest([record("a", "tune", ["carers"], "A garden.")])
    assert learn.digest(one) != learn.digest([record("a", "tune", ["recovery"], "A garden!")])


def test_a_word_is_not_learned_from_inside_a_phrase_the_build_already_counts():
    tagger = evaluate.tagger_state().tagger
    # "ones" is a word of the carers phrase "loved ones"; the build never counts it there, so neither does learning.
    assert "ones" not in learn._terms(("", "", "We met the loved ones of every patient."), tagger)
    assert "ones" in learn._terms(("", "", "The little ones played."), tagger)
    assert "patient" in learn._terms(("", "", "We met the loved ones of every patient."), tagger)
    assert "ones" in learn._terms(("", "", "We met the loved ones of every patient."))  # no tagger: every word


@pytest.mark.parametrize("word", sorted(learn.NEIGHBOUR_DEPENDENT))
def test_a_word_that_takes_its_sense_from_its_neighbour_is_never_learned(word):
    pool = Vocabulary(frozenset({_stem(word), "garden"}), {})
    # Nor its plural: "steps" is left out with "step".
    train = [record(f"r{n}", "tune", ["recovery"], f"The {word} garden, {word}s.") for n in range(4)]
    train += [record(f"o{n}", "tune", [], "Fire alarm tests.") for n in range(4)]
    assert set(learn.learn(train, ["recovery"], pool, Params())["recovery"]) == {"garden"}


def _stem(word):
    from coproduction.phrases import _STEM

    return _STEM(word)


def test_a_story_word_may_be_learned_beside_the_vocabularys_words_but_not_with_the_vocabulary_only():
    pool = Vocabulary(frozenset({"garden"}), {}, frozenset({_stem("promised")}))
    train = [record(f"r{n}", "tune", ["trust-and-relationships"], "She promised, and the garden.") for n in range(4)]
    train += [record(f"o{n}", "tune", [], "Fire alarm tests.") for n in range(4)]
    assert set(learn.learn(train, ["trust-and-relationships"], pool, Params())["trust-and-relationships"]) == {"promised", "garden"}
    assert set(learn.learn(train, ["trust-and-relationships"], pool, Params(pool="vocabulary"))["trust-and-relationships"]) == {"garden"}


def test_story_words_are_read_from_their_file(tmp_path):
    state = evaluate.tagger_state()
    told = tmp_path / "story_words.toml"
    told.write_text('[theme]\nrecovery = ["allotment", "ones", "a"]\n', encoding="utf-8")
    known = learn.vocabulary_of(state, told)
    # A word of its own, yes; a word that takes its sense from a neighbour, or a small word, no.
    assert known.stories == {_stem("allotment")}
    assert _stem("allotment") not in known.pool


def test_the_story_words_file_holds_single_words_that_can_be_learned():
    told = tomllib.loads(learn.STORY_WORDS.read_text(encoding="utf-8"))["theme"]
    slugs = set(evaluate.tagger_state().themes)
    assert set(told) <= slugs
    for slug, found in told.items():
        assert len(found) == len(set(found)), slug
        for word in found:
            # One word each, in lower case, that the learning may take: a phrase's vaguer half would slip in.
            assert word.isalpha() and word == word.lower() and learn._candidate(word), (slug, word)


WATCHED = ("ones", "production", "support", "garden")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["loved", "ones", "co-production", "production", "garden", "peer", "support",
                                 "carer", "the", ",", "."]), max_size=14))
def test_learning_counts_a_word_exactly_where_the_build_counts_it(chosen):
    state = evaluate.tagger_state()
    text = " ".join(chosen)
    tagger = copy.copy(state.tagger)
    tagger.learned = compile_learned({"recovery": dict.fromkeys(WATCHED, 0.5)}, 1)
    counted = {e.phrase for s in tagger.scores("", "", text) for e in s.evidence if e.learned}
    # The words the learning sees in a text are the words the build would count there as learned words.
    assert counted == set(WATCHED) & learn._terms(("", "", text), state.tagger)


@pytest.mark.parametrize("word", ["peoples", "people", "rights", "findings", "keeps", "feelings", "others"])
def test_a_stop_word_and_its_endings_are_never_learned(word):
    from coproduction.suggest import STOPWORDS

    # "peoples" is how the tagger reads "people's"; learned, it would count every "people" as well.
    pool = Vocabulary(frozenset({_stem(word), "garden"}), {})
    train = [record(f"r{n}", "tune", ["recovery"], f"The {word} garden, {word}.") for n in range(4)]
    train += [record(f"o{n}", "tune", [], "Fire alarm tests.") for n in range(4)]
    assert set(learn.learn(train, ["recovery"], pool, Params())["recovery"]) == {"garden"}
    assert not learn._candidate(word)
    assert "people" in STOPWORDS and "right" in STOPWORDS  # the premise: else this test proves nothing


def test_the_committed_table_holds_no_ending_of_a_stop_word():
    from coproduction.learned import ends_stop_word

    table = tomllib.loads(LEARNED.read_text(encoding="utf-8"))["theme"]
    assert not [(slug, w) for slug, words in table.items() for w in words if ends_stop_word(w)]
