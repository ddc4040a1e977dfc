"""The matcher and scorer: variants, word boundaries, weights, threshold, maximum and switch-off."""

from types import SimpleNamespace

import pytest
from coproduction import handlers
from coproduction.tagger import Tagger, html_to_text, phrase_variants, words
from coproduction.vocabulary import ThemeEntry

WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}


def tagger(*themes, threshold=2.0, max_auto_themes=4, body_words=400, weights=WEIGHTS):
    entries = [ThemeEntry(slug, slug.title(), "A theme.", tuple(phrases)) for slug, phrases in themes]
    return Tagger(entries, weights=weights, threshold=threshold, max_auto_themes=max_auto_themes, body_words=body_words)


def found(phrase, text):
    """Return how often ``phrase`` is found in ``text`` (as body text)."""
    counts = tagger(("t", [phrase])).count(words(text))
    return counts.get(("t", phrase), 0)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("co-production", "We believe in co-production."),
        ("co-production", "We believe in Co-Production."),
        ("co-production", "We believe in CO-PRODUCTION."),
        ("co-production", "We believe in co production."),
        ("co-production", "We believe in coproduction."),
        ("co-production", "co-production's value"),
        ("co-production", "good co\u2011production"),  # a non-breaking hyphen
        ("coproduction", "coproduction matters"),
        ("carer", "Two carers spoke."),
        ("carer", "The carer's view."),
        ("carer", "The carers' forum."),
        ("carer", "The carer\u2019s view."),  # a curly apostrophe
        ("recovery", "Many recoveries."),
        ("recovery", "Recovery is possible."),
        ("research", "Several researches."),
        ("lived experience", "Her lived-experience counts."),
        ("lived experience", "Her lived\nexperience counts."),
        ("Lived Experience Advisory Panel", "the lived experience advisory panel met"),
        ("people's assets", "building on people's assets"),
        ("people's assets", "building on people assets"),
        ("Triangle of Care", "We use the Triangle of Care."),
        ("CQC", "The CQC visited."),
        ("mental capacity", "<p>The <em>mental</em> capacity test</p>"),
    ],
)
def test_variants_match(phrase, text):
    assert found(phrase, html_to_text(text)) == 1


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("faith", "She was faithful."),
        ("faith", "Unfaith is not a word."),
        ("carer", "A scarer and careers."),
        ("research", "Researchers met."),
        ("digital", "The predigital age."),
        ("co-production", "Eco-production is a different thing."),
        ("recovery", "recover"),
        ("working with people", "We kept working with. People came too."),
        ("lived experience", "lived, experience"),
        ("CQC", "cqcs2"),
    ],
)
def test_never_inside_another_word_or_across_punctuation(phrase, text):
    assert found(phrase, text) == 0


def test_phrase_variants_close_up_hyphenated_words_only():
    assert phrase_variants("co-production") == [("co", "production"), ("coproduction",)]
    assert phrase_variants("lived experience") == [("lived", "experience")]
    assert phrase_variants("carers' forum") == [("carers", "forum")]


def test_longest_phrase_wins_and_is_counted_once():
    t = tagger(("lived", ["peer support", "peer support worker"]))
    assert t.count(words("A peer support worker and peer support.")) == {
        ("lived", "peer support worker"): 1,
        ("lived", "peer support"): 1,
    }


def test_one_phrase_can_serve_two_themes():
    t = tagger(("research", ["peer researcher"]), ("lived", ["peer researcher"]))
    assert t.count(words("a peer researcher")) == {("research", "peer researcher"): 1, ("lived", "peer researcher"): 1}


def test_phrases_of_one_theme_that_read_the_same_count_once():
    t = tagger(("capacity", ["lack capacity", "lacks capacity"]))
    assert t.count(words("He lacks capacity.")) == {("capacity", "lack capacity"): 1}


@pytest.mark.parametrize(
    ("title", "summary", "body", "expected"),
    [
        ("Carers", "", "", 3.0),  # title weight
        ("", "Carers", "", 2.0),  # summary weight
        ("", "", "carers", 1.0),  # body weight
        ("Carers", "carers", "carer carer", 7.0),
        # A body longer than body_words counts proportionally less: 800 words, 2 matches -> 2 * 400/800.
        ("", "", "carer carer " + "word " * 798, 1.0),
    ],
)
def test_score_weights_by_place_and_normalises_for_length(title, summary, body, expected):
    (score,) = tagger(("carers", ["carer"])).scores(title, summary, body)
    assert score.score == pytest.approx(expected)


def test_evidence_names_phrases_places_and_counts():
    t = tagger(("co", ["co-production", "equal partners"]))
    (score,) = t.scores("Co-production", "", "co-production and coproduction with equal partners")
    assert [(e.phrase, e.title, e.summary, e.body) for e in score.evidence] == [
        ("co-production", 1, 0, 2),
        ("equal partners", 0, 0, 1),
    ]
    assert str(score.evidence[0]) == '"co-production" ×3 (title 1, body 2)'
    assert score.describe().startswith("score 6.00: ")


@pytest.mark.parametrize(
    ("threshold", "body", "kept"),
    [
        (2.0, "carer", []),
        (2.0, "carer carer", ["carers"]),
        (0.5, "carer", ["carers"]),
        (3.5, "carer carer carer", []),
        (0.0, "nothing relevant", []),  # a zero score is never a theme, whatever the threshold
    ],
)
def test_threshold(threshold, body, kept):
    t = tagger(("carers", ["carer"]), threshold=threshold)
    assert [s.slug for s in t.automatic(t.scores("", "", body))] == kept


@pytest.mark.parametrize(("maximum", "kept"), [(0, []), (1, ["a"]), (2, ["a", "b"]), (5, ["a", "b", "c"])])
def test_maximum_keeps_the_highest_scores(maximum, kept):
    t = tagger(("c", ["gamma"]), ("b", ["beta"]), ("a", ["alpha"]), threshold=1.0, max_auto_themes=maximum)
    scores = t.scores("", "", "alpha alpha alpha beta beta gamma")
    assert [s.slug for s in t.automatic(scores)] == kept


def test_equal_scores_keep_vocabulary_order():
    t = tagger(("second", ["beta"]), ("first", ["alpha"]), threshold=1.0)
    assert [s.slug for s in t.automatic(t.scores("", "", "alpha beta"))] == ["second", "first"]


def test_explicit_themes_are_not_repeated_as_automatic():
    t = tagger(("a", ["alpha"]), ("b", ["beta"]), threshold=1.0)
    assert [s.slug for s in t.automatic(t.scores("", "", "alpha beta"), exclude={"a"})] == ["b"]


def _post(metadata, body="", title="A post"):
    return SimpleNamespace(metadata=metadata, title=title, _content=body, source_path="post.md")


def _state():
    state = SimpleNamespace()
    state.tagger = tagger(("carers", ["carer"]), ("recovery", ["recovery"]), threshold=1.0)
    from coproduction.model import Theme

    state.themes = {s: Theme(s, s.title(), "", f"themes/{s}/", "") for s in ("carers", "recovery")}
    state.theme_by_label = {t.label.casefold(): t for t in state.themes.values()}
    state.vocabulary_path = handlers.Path("themes.toml")
    return state


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({}, [("carers", True), ("recovery", True)]),
        ({"themes": "recovery"}, [("recovery", False), ("carers", True)]),
        ({"auto-themes": "off"}, []),
        ({"auto-themes": "Off", "themes": "recovery"}, [("recovery", False)]),
        ({"auto-themes": "no", "themes": "Carers"}, [("carers", False)]),  # a label works as well as a slug
        ({"auto-themes": "on"}, [("carers", True), ("recovery", True)]),
    ],
)
def test_explicit_themes_first_and_auto_themes_switch_off(metadata, expected):
    themes = handlers.item_themes(_post(metadata, "<p>carer carer recovery</p>"), _state())
    assert [(t.slug, t.automatic) for t in themes] == expected
