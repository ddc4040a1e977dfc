"""Learning the word model offline: the committed table is its output, and what fit, idf_of and write_table do."""

import json
import math
import re

import pytest
from coproduction import wordmodel as plugin
from coproduction.phrases import words
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tagging import evaluate, wordmodel
from bench.tagging import learn as words_learn
from bench.tagging.learn import Record

RELEARN = "wordmodel.json is stale: run python -m bench.tagging.wordmodel --write and commit the table"
COMMITTED = wordmodel.TABLE
CLOSE = 1e-3  # a last rounding digit may differ between machines (their BLAS); a relearning needed is far larger


def numbers(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_committed_table_is_what_the_learning_writes(tmp_path, monkeypatch):
    assert wordmodel.TABLE == COMMITTED == plugin.TABLE  # the learning writes the table the build reads
    committed_text = COMMITTED.read_text(encoding="utf-8")
    # Learned from every part used for tuning, and only those: a part kept back is never read.
    parts = re.search(r"\(parts (.*?)\) and the content/", committed_text).group(1).split(", ")
    assert parts == list(evaluate.TUNED_ON), f"{RELEARN} (it was learned from {', '.join(parts)})"
    monkeypatch.setattr(wordmodel, "TABLE", tmp_path / "wordmodel.json")
    assert wordmodel.main(["--write"]) == 0
    # A labelled text, a label or a content/ post with a Themes: line changed since the table was learned.
    committed, written = numbers(COMMITTED), numbers(tmp_path / "wordmodel.json")
    assert committed["about"] == written["about"], RELEARN
    settings_ = ("sure", "doubt", "min_words", "overrule", "alone_share", "joint", "joint_sure")
    assert {k: committed[k] for k in settings_} == {k: written[k] for k in settings_}
    assert committed["idf"].keys() == written["idf"].keys(), RELEARN
    assert all(math.isclose(committed["idf"][s], written["idf"][s], abs_tol=CLOSE) for s in committed["idf"]), RELEARN
    assert list(committed["theme"]) == list(written["theme"]), RELEARN
    for slug, mine in committed["theme"].items():
        theirs = written["theme"][slug]
        assert math.isclose(mine["intercept"], theirs["intercept"], abs_tol=CLOSE), (slug, RELEARN)
        a, b = mine["words"], theirs["words"]
        assert all(math.isclose(a[s], b[s], abs_tol=CLOSE) for s in a.keys() & b.keys()), (slug, RELEARN)
        # Only the KEPT largest weights are written: words all but tied at the edge may swap places between machines,
        # and then only those, never a word that matters.
        for one, other in ((a, b), (b, a)):
            edge = min(abs(w) for w in other.values())
            assert all(abs(one[s]) <= edge + CLOSE for s in one.keys() - other.keys()), (slug, RELEARN)
        assert len(a.keys() ^ b.keys()) <= 10, (slug, RELEARN)


def test_the_table_is_learned_from_the_parts_used_for_tuning_only():
    with pytest.raises(SystemExit):
        wordmodel.main(["--splits", "tune,kept-back", "--write"])
    with pytest.raises(SystemExit):
        wordmodel.main(["--splits", "kept-back", "--cv"])


def found(text, title=""):
    return plugin.counts(words(title), [], words(text))


def test_idf_of_keeps_a_stem_in_three_texts_to_half_of_them():
    texts = [{"common": 1, "half": 1, "three": 1, "two": 1}, {"common": 1, "half": 1, "three": 1, "two": 1},
             {"common": 1, "half": 1, "three": 1}, {"common": 1, "half": 1}, {"common": 1, "half": 1},
             {"common": 1}, {"other": 1}, {}, {}, {}]
    idf = wordmodel.idf_of(texts)
    # "two" is in too few texts; "common" in 6 of 10, more than half; "half" in 5 of 10 is kept, as is "three".
    assert set(idf) == {"half", "three"}
    assert idf == {"half": round(math.log(11 / 6) + 1, 4), "three": round(math.log(11 / 4) + 1, 4)}
    assert list(idf) == sorted(idf)  # one order, whatever order the texts came in: the table's lines never shuffle
    assert wordmodel.idf_of(list(reversed(texts))) == idf
    assert wordmodel.idf_of([]) == {}


def test_idf_of_and_features_are_scikit_learns_tf_idf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["the garden and the allotment", "my allotment, my garden, my plot", "a plot of land", "the garden again",
             "garden garden garden plot", "an allotment shed", "the end"]
    # Every stem kept (min_texts 1, share 1); scikit-learn splits and stems the words as the build does, then counts.
    vectoriser = TfidfVectorizer(sublinear_tf=True, analyzer=lambda text: [s for s in map(plugin.stem, words(text)) if s])
    matrix = vectoriser.fit_transform(texts).toarray()
    counts = [found(text) for text in texts]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(wordmodel, "MIN_TEXTS", 1)
        patch.setattr(wordmodel, "MAX_SHARE", 1.0)
        idf = wordmodel.idf_of(counts)
    for word, column in vectoriser.vocabulary_.items():
        assert idf[word] == pytest.approx(vectoriser.idf_[column], abs=1e-4), word
    assert set(idf) == set(vectoriser.vocabulary_) and plugin.stem("allotment") in idf
    for row, c in enumerate(counts):
        values = plugin.features(c, idf)
        expected = {word: matrix[row][column] for word, column in vectoriser.vocabulary_.items() if matrix[row][column]}
        assert values == pytest.approx(expected, abs=1e-4), texts[row]


GARDEN = ["Our allotment group met again; we dug the beds and planted beans.",
          "The allotment gave me a reason to get up, and the beans grew.",
          "An allotment, a shed, some beans and the weather: the week went well.",
          "We shared beans from the allotment with the ward."]
PARKING = ["The car park closes for resurfacing on Monday; use the staff park.",
           "Parking permits are renewed in March; the car park barrier is fixed.",
           "The new car park has twelve bays and a charger.",
           "Finance: the budget for the car park was agreed by the board."]


def test_fit_gives_weight_to_a_word_only_a_themes_texts_use():
    texts = GARDEN + PARKING
    golds = [frozenset({"recovery"})] * len(GARDEN) + [frozenset()] * len(PARKING)
    idf, themes = wordmodel.fit([found(t) for t in texts], golds, ["recovery", "carers"])
    assert set(themes) == {"recovery"}  # no text is about carers: nothing to learn, no table
    intercept, weights = themes["recovery"]
    assert weights[plugin.stem("allotment")] > 0 and weights[plugin.stem("beans")] > 0
    assert weights[plugin.stem("park")] < 0 and weights[plugin.stem("car")] < 0
    assert plugin.stem("the") not in idf and plugin.stem("the") not in weights  # in every text: says nothing
    assert plugin.stem("shed") not in weights  # in one text only
    assert all(isinstance(w, float) and w == round(w, 4) for w in weights.values())
    # The build's arithmetic on the table gives the texts their themes.
    model = wordmodel.model_of(idf, themes)
    assert [model.probabilities(found(t))["recovery"] > 0.5 for t in texts] == [True] * 4 + [False] * 4
    new = "A week at the allotment: the beans, the beds and the group."
    assert model.probabilities(found(new))["recovery"] > model.sure
    assert model.probabilities(found("The car park is shut; park at the bays by the board room."))["recovery"] < model.doubt


def test_fit_keeps_the_largest_weights_only():
    texts = GARDEN + PARKING
    golds = [frozenset({"recovery"})] * len(GARDEN) + [frozenset()] * len(PARKING)
    counts = [found(t) for t in texts]
    _, everything = wordmodel.fit(counts, golds, ["recovery"], kept=10_000)
    _, few = wordmodel.fit(counts, golds, ["recovery"], kept=3)
    largest = sorted(everything["recovery"][1].items(), key=lambda item: (-abs(item[1]), item[0]))[:3]
    assert few["recovery"][1] == dict(sorted(largest))
    assert few["recovery"][0] == everything["recovery"][0]


def test_the_builds_probabilities_are_scikit_learns(tmp_path):
    import numpy
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    texts = GARDEN + PARKING
    golds = [frozenset({"recovery"})] * len(GARDEN) + [frozenset()] * len(PARKING)
    counts = [found(t) for t in texts]
    idf, themes = wordmodel.fit(counts, golds, ["recovery"])
    wordmodel.write_table(idf, themes, ["tune"], tmp_path / "wordmodel.json")
    model = plugin.load(tmp_path / "wordmodel.json", {"recovery"})
    # The same regression fitted here on the same numbers: what the build makes of the written table is what
    # scikit-learn predicts, up to the table's four decimals.
    column = {s: n for n, s in enumerate(idf)}
    rows = [plugin.features(c, idf) for c in counts]
    x = csr_matrix(([v for r in rows for v in r.values()],
                    ([n for n, r in enumerate(rows) for _ in r], [column[s] for r in rows for s in r])),
                   shape=(len(rows), len(idf)))
    fitted = LogisticRegression(C=wordmodel.C, class_weight="balanced", max_iter=5000).fit(x, numpy.array([1] * 4 + [0] * 4))
    expected = fitted.predict_proba(x)[:, 1]
    assert [model.probabilities(c)["recovery"] for c in counts] == pytest.approx(list(expected), abs=CLOSE)


def test_write_table_writes_any_stem_as_it_is_and_the_table_loads(tmp_path):
    idf = {"café": 1.5, "naïv": 2.0, "plain": 1.25, "inf": 1.1, "nan": 1.2, "true": 1.3, "日本": 1.4, 'quo"te': 1.6}
    themes = {"recovery": (-1.0, {"café": 0.5, "plain": -0.25, "inf": 2.0, "true": -3.0, "日本": 0.125}),
              "carers": (0.5, {"naïv": 1.0, "nan": 0.75, 'quo"te': 0.5})}
    path = tmp_path / "wordmodel.json"
    wordmodel.write_table(idf, themes, ["tune", "held-out"], path, "abc123")
    text = path.read_text(encoding="utf-8")
    # One number a line, letters as they are: a relearned table's change reads line by line in a diff.
    assert '\n    "café": 0.5,\n' in text and '\n  "日本": 1.4,\n' in text and '\n    "quo\\"te": 0.5\n' in text
    data = json.loads(text)
    assert "Learned from the labelled texts of bench/tagging/ (parts tune, held-out)" in data["about"][1]
    assert data["about"][3] == "Texts learned from: abc123"
    assert data["idf"] == idf and data["sure"] == wordmodel.SURE and data["doubt"] == wordmodel.DOUBT
    assert {slug: (t["intercept"], t["words"]) for slug, t in data["theme"].items()} == themes
    # Largest weight first: an editor reading a theme's table sees what speaks for it most at the top.
    assert list(data["theme"]["recovery"]["words"]) == ["inf", "café", "日本", "plain", "true"]
    model = plugin.load(path, {"recovery", "carers"})
    assert model == wordmodel.model_of(idf, themes)
    assert (model.sure, model.doubt, model.min_words) == (wordmodel.SURE, wordmodel.DOUBT, wordmodel.MIN_WORDS)
    assert (model.overrule, model.alone_share) == (wordmodel.OVERRULE, wordmodel.ALONE_SHARE) == (4.0, 0.7)
    assert (model.joint, model.joint_sure) == (wordmodel.JOINT, wordmodel.JOINT_SURE) == (1.35, 0.2)


LETTERS = st.text(st.characters(categories=["Ll", "Lu", "Lo", "Lm", "Lt"]), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(LETTERS, st.floats(0, 20, allow_nan=False).map(lambda v: round(v, 4)), min_size=1, max_size=8),
       st.floats(-20, 20).map(lambda v: round(v, 4)))
def test_any_stem_made_of_letters_is_written_so_that_it_loads_back(tmp_path_factory, idf, intercept):
    path = tmp_path_factory.mktemp("table") / "wordmodel.json"
    themes = {"recovery": (intercept, {s: round(v - 10, 4) for s, v in idf.items() if v != 10})}
    wordmodel.write_table(idf, themes, ["tune"], path)
    model = plugin.load(path, {"recovery"})
    assert model.idf == idf and model.intercept == {"recovery": intercept}
    assert model == wordmodel.model_of(idf, themes)


def record(name, split, gold, text):
    places = ("", "", text)
    return Record(name, split, frozenset(gold), places, words_learn._terms(places))


def test_cross_validation_never_learns_the_model_from_the_part_it_tags(monkeypatch):
    state = evaluate.tagger_state(word_model=False)
    # Four texts a part, each part with words of its own; every theme has texts with it and texts without it.
    records = [record(f"t{n}", "tune", ["recovery"] if n < 2 else [], "Allotment beans. " * 40) for n in range(4)]
    records += [record(f"h{n}", "held-out", ["carers"] if n < 2 else [], "Kettle teapot. " * 40) for n in range(4)]
    records += [record(f"c{n}", "content", ["carers" if n < 2 else "recovery"], "Lantern bicycle. " * 40) for n in range(4)]
    seen, real_fit = [], wordmodel.fit

    def spy(found, golds, slugs, c, kept):
        seen.append({s for f in found for s in f})
        return real_fit(found, golds, slugs, c, kept)

    monkeypatch.setattr(wordmodel, "fit", spy)
    wordmodel.cross_validate(records, ["tune", "held-out"], state, words_learn.Params())
    stems = [{plugin.stem(w) for w in pair} for pair in (("kettle", "teapot"), ("allotment", "beans"), ("lantern", "bicycle"))]
    assert seen == [stems[0] | stems[2], stems[1] | stems[2]]
