"""The matcher and scorer: variants, word boundaries, weights, threshold, maximum and switch-off."""

from types import SimpleNamespace

import pytest
from coproduction import annotate
from coproduction.phrases import (
    FUNCTION_WORDS,
    LOOSE,
    SPECIFIC,
    WORD,
    forms,
    html_to_text,
    phrase_variants,
    phrase_weight,
    word_count,
    word_forms,
    words,
)
from coproduction.tagger import Tagger
from coproduction.vocabulary import ThemeEntry
from hypothesis import given, settings
from hypothesis import strategies as st

WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}


def tagger(*themes, threshold=2.0, max_auto_themes=4, body_words=400, weights=WEIGHTS, top_share=0.0, abbreviations=None, ignore=None,
           short_body_words=0, short_top_share=0.0):
    abbreviations, ignore = abbreviations or {}, ignore or {}
    entries = [
        ThemeEntry(slug, slug.title(), "A theme.", tuple(phrases), tuple(abbreviations.get(slug, ())), tuple(ignore.get(slug, ())))
        for slug, phrases in themes
    ]
    return Tagger(
        entries, weights=weights, threshold=threshold, max_auto_themes=max_auto_themes, body_words=body_words, top_share=top_share,
        short_body_words=short_body_words, short_top_share=short_top_share,
    )


def score_of(t, body, title="", summary="", slug=None):
    """Return one theme's score for a post (0 when not found)."""
    found = {s.slug: s for s in t.scores(title, summary, body)}
    if slug is None:
        (slug,) = t.rank
    return found[slug].score if slug in found else 0.0


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
    assert str(score.evidence[0]) == '"co-production" ×3 (title 1, body 2; specific)'
    assert str(score.evidence[1]) == '"equal partners" ×1 (body 1; specific)'
    assert score.describe().startswith("score 12.00: ")  # two-word phrases count double: 2 × (3 + 2 + 1)


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
    from coproduction.rules import ThemeNames

    state.themes = {s: Theme(s, s.title(), "", f"themes/{s}/", "") for s in ("carers", "recovery")}
    state.theme_names = ThemeNames(list(state.themes.values()), "themes.toml")
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
    themes = annotate.item_themes(_post(metadata, "<p>carer carer recovery</p>"), _state())
    assert [(t.slug, t.automatic) for t in themes] == expected


# --- how much one match is worth -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "weight"),
    [
        ("carer", WORD),
        ("Carers", WORD),
        ("peer support", SPECIFIC),
        ("co-production", SPECIFIC),  # hyphenated: two words, even when written closed up
        ("coproduction", WORD),
        ("carers' assessment", SPECIFIC),
        ("Mental Capacity Act", SPECIFIC),
        # Words such as "my", "to" or "been" carry no topic: the phrase is worth between a word and a phrase.
        ("my husband", LOOSE),
        ("to account", LOOSE),
        ("been through it", LOOSE),
        ("rather than to", LOOSE),
        ("My Husband", LOOSE),
        ("care for my", LOOSE),
        # Someone else's relative is a family mentioned, not a carer writing: worth a single word.
        ("her daughter", WORD),
        ("His Son", WORD),
        ("their mother", WORD),
        ("her husband's", WORD),
        ("my daughter", LOOSE),
        ("her decision", LOOSE),  # not a family word
        ("her daughter's carer", SPECIFIC),
    ],
)
def test_phrases_of_two_or_more_topic_words_count_double(phrase, weight):
    assert phrase_weight(phrase) == weight


def test_a_specific_phrase_alone_reaches_the_threshold_a_single_word_does_not():
    t = tagger(("lived", ["lived experience", "peer"]))
    assert [s.slug for s in t.automatic(t.scores("", "", "She has lived experience."))] == ["lived"]
    assert t.automatic(t.scores("", "", "A peer came.")) == []
    # Written closed up, a hyphenated phrase is still the specific phrase.
    assert score_of(tagger(("co", ["co-production"])), "coproduction") == SPECIFIC


# --- length scaling counts words, not punctuation ----------------------------------------------


def test_word_count_ignores_punctuation():
    assert word_count("Carers, staff (and the public); all: here!") == 7
    assert word_count("[Carers] \u2014 staff\u2026 \u201cyes\u201d - R&D") == 6  # "&" reads as "and"
    assert word_count("") == 0 and word_count("... , ; !") == 0


def test_punctuation_does_not_shrink_a_body_the_way_words_do():
    t = tagger(("carers", ["carer"]))
    # 400 words with a mark after each: no scaling. 800 words: half.
    assert score_of(t, "carer carer " + "word, " * 398) == pytest.approx(2.0)
    assert score_of(t, "carer carer " + "word. " * 798) == pytest.approx(1.0)
    assert score_of(t, "carer carer " + "word " * 798) == pytest.approx(1.0)


# --- lists of groups of people ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("We met service users, carers, staff and the public.", 0.25),
        ("Patients and carers came.", 0.25),
        ("Carers and service users came.", 0.25),
        ("Carers, and then staff, came.", 0.25),
        ("Carers or their families may ask.", 0.25),
        ("People who use services, and carers, were paid.", 0.25),
        ("Young carers, staff and volunteers came.", 0.5),  # a phrase naming a group: damped too (2 × 0.25)
        ("Carers met on Tuesday.", 1.0),
        ("The carers. Staff came later.", 1.0),  # a full stop ends the list
        ("Carers and their needs.", 1.0),  # "needs" is not a group of people
    ],
)
def test_a_group_named_in_a_list_of_groups_counts_a_quarter(body, expected):
    t = tagger(("carers", ["carer", "young carer"]))
    assert score_of(t, body) == pytest.approx(expected)


def test_only_phrases_naming_people_are_damped_in_lists():
    t = tagger(("co", ["co-production"]))
    assert score_of(t, "co-production, staff and carers") == SPECIFIC


def test_evidence_says_how_many_matches_were_in_lists():
    t = tagger(("carers", ["carer"]))
    (score,) = t.scores("", "", "Carers met. Patients, carers and staff came.")
    assert str(score.evidence[0]) == '"carer" ×2 (body 2; 1 in a list of groups; single word)'
    assert score.score == pytest.approx(1.25)


def test_a_title_is_never_read_as_a_list():
    t = tagger(("carers", ["carer"]))
    assert score_of(t, "", title="Patients and carers") == 3.0


# --- abbreviations ---------------------------------------------------------------------------------


def abbreviating(**kwargs):
    return tagger(
        ("quality", ["Care Quality Commission", "inspection"]),
        ("digital", ["electronic patient record", "digital"]),
        ("capacity", ["Mental Capacity Act"]),
        abbreviations={"quality": ["CQC"], "capacity": ["DoLS"]},
        **kwargs,
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The CQC visited.", SPECIFIC),
        ("The CQC's report and two CQCs.", 2 * SPECIFIC),
        ("(CQC) rated us", SPECIFIC),  # in brackets but not after its long form: a use like any other
        ("the cqc visited", 0.0),  # an abbreviation is written in capitals
        ("Cqc visited", 0.0),
        ("CQCX and XCQC and CQC2", 0.0),  # never inside another word
        ("CQC-registered homes", SPECIFIC),
        ("The Care Quality Commission (CQC) came. The CQC wrote.", 2 * SPECIFIC),  # defined once, not counted twice
    ],
)
def test_abbreviations_count_as_specific_when_written_in_capitals(body, expected):
    assert score_of(abbreviating(), body, slug="quality") == expected


def test_mixed_case_abbreviations_match_as_written():
    assert score_of(abbreviating(), "A DoLS application and two DoLS.", slug="capacity") == 2 * SPECIFIC
    assert score_of(abbreviating(), "dols", slug="capacity") == 0.0


def test_a_long_form_defined_in_the_text_makes_later_uses_count():
    t = abbreviating()
    body = "Our electronic patient record (EPR) goes live. The EPR is fast; EPRs help. (The epr is not shouting.)"
    (score,) = [s for s in t.scores("EPR training", "", body) if s.slug == "digital"]
    assert [(e.phrase, e.stands_for, e.title, e.body) for e in score.evidence] == [
        ("EPR", "electronic patient record", 1, 2),
        ("electronic patient record", "", 0, 1),
    ]
    assert str(score.evidence[0]) == '"EPR" (for "electronic patient record") ×3 (title 1, body 2; specific)'
    assert score.score == pytest.approx(SPECIFIC * (3 + 2 + 1))


@pytest.mark.parametrize(
    "body",
    [
        "The EPR went live.",  # never defined
        "An electronic patient record (ABC) went live. The ABC is fast.",  # does not abbreviate the phrase
        "An electronic patient record (EPR system) went live. The EPR is fast.",  # not one word in brackets
        "A patient record (EPR) went live. The EPR is fast.",  # not a phrase of any theme
    ],
)
def test_only_a_bracketed_abbreviation_of_a_phrase_is_a_definition(body):
    found = {s.slug: s for s in abbreviating().scores("", "", body)}
    assert "digital" not in found or all(e.phrase != "EPR" for e in found["digital"].evidence)


def test_an_abbreviation_listed_as_a_phrase_too_counts_once():
    t = tagger(("quality", ["CQC", "inspection"]), abbreviations={"quality": ["CQC"]})
    assert score_of(t, "The CQC came.") == SPECIFIC


# --- wordings to ignore ------------------------------------------------------------------------------


def test_ignored_wordings_use_up_their_words():
    t = tagger(("recovery", ["recovery", "recovery college"]), ignore={"recovery": ["cost recovery", "recovery of overpayment"]})
    assert score_of(t, "Cost recovery. The recovery of overpayments.") == 0.0
    assert score_of(t, "My recovery, and the recovery college.") == WORD + SPECIFIC


# --- the bar: the threshold, or a share of the top score ----------------------------------------


def test_a_theme_needs_a_share_of_the_strongest_themes_score():
    t = tagger(("a", ["alpha"]), ("b", ["beta"]), threshold=2.0, top_share=0.25)
    scores = t.scores("", "", "alpha " * 12 + "beta beta")
    assert t.bar(scores) == pytest.approx(3.0)
    assert [s.slug for s in t.automatic(scores)] == ["a"]
    scores = t.scores("", "", "alpha " * 6 + "beta beta")
    assert [s.slug for s in t.automatic(scores)] == ["a", "b"]  # 2 >= 0.25 × 6 and >= the threshold


def short_bodied(**options):
    """Return a tagger whose bar is 25 % of the top score, or 20 % in a body of fewer than 300 words."""
    return tagger(("a", ["alpha"]), ("b", ["beta"]), threshold=1.0, top_share=0.25, short_body_words=300,
                  short_top_share=0.2, **options)


def padded(words_in_body, head="alpha " * 9 + "beta beta "):
    """Return a body of exactly ``words_in_body`` words: nine "alpha", two "beta", then filler."""
    return head + "filler " * (words_in_body - 11)


@pytest.mark.parametrize(("size", "kept"), [(11, ["a", "b"]), (299, ["a", "b"]), (300, ["a"]), (390, ["a"])])
def test_a_short_bodys_second_theme_needs_a_smaller_share(size, kept):
    # beta scores 2 beside alpha's 9: 22 %, over the short body's 20 % and under the usual 25 %.
    t = short_bodied()
    scores = t.scores("", "", padded(size))
    assert {s.body_words for s in scores} == {size}
    assert [s.slug for s in t.automatic(scores)] == kept
    assert t.bar(scores) == pytest.approx((0.2 if size < 300 else 0.25) * 9)


def test_punctuation_and_the_title_do_not_make_a_body_long():
    t = short_bodied()
    body = padded(299).replace("filler ", "filler, — ... ; ( ) ! ")
    scores = t.scores("filler " * 400, "filler " * 400, body)
    assert {s.body_words for s in scores} == {299}
    assert "b" in {s.slug for s in t.automatic(scores)}


def test_a_larger_short_share_never_raises_the_bar():
    t = tagger(("a", ["alpha"]), ("b", ["beta"]), threshold=1.0, top_share=0.2, short_body_words=300, short_top_share=0.5)
    scores = t.scores("", "", padded(20))
    assert [s.slug for s in t.automatic(scores)] == ["a", "b"]


def test_near_misses_name_the_share_they_fell_short_of():
    t = short_bodied()
    for size, share in ((100, "20%"), (350, "25%")):
        scores = t.scores("", "", padded(size, head="alpha " * 20 + "beta beta beta "))
        (near,) = t.near_misses(scores)
        assert f"(a {share} share of the strongest theme's score" in near.reason


@pytest.mark.parametrize(("key", "value"), [("short_top_share", 1.5), ("short_top_share", "a fifth"), ("short_body_words", -1),
                                            ("short_body_words", 2.5), ("short_body_words", True)])
def test_the_short_body_settings_are_checked(key, value):
    from coproduction import settings

    from inmind.errors import SettingsError

    with pytest.raises(SettingsError, match=rf"COPRODUCTION\['{key}'\]"):
        settings.merged({"COPRODUCTION": {key: value}})
    merged = settings.merged({"COPRODUCTION": {"short_top_share": 0.1, "short_body_words": 0}})
    assert (merged.short_top_share, merged.short_body_words) == (0.1, 0)


def test_an_explicit_themes_score_sets_the_bar_too():
    t = tagger(("a", ["alpha"]), ("b", ["beta"]), threshold=1.0, top_share=0.5)
    scores = t.scores("", "", "alpha " * 10 + "beta beta")
    assert t.automatic(scores, exclude={"a"}) == []


def test_near_misses_explain_the_shortfall_and_the_limit():
    t = tagger(("a", ["alpha"]), ("b", ["beta"]), ("c", ["gamma"]), threshold=2.0, max_auto_themes=1)
    scores = t.scores("", "", "alpha alpha alpha beta beta gamma")
    near = {n.score.slug: n for n in t.near_misses(scores)}
    assert near["b"].reason == "over the limit of 1 automatic themes"
    assert near["c"].reason == "score 1.00 of the 2.00 needed"
    assert near["c"].tip.startswith("would be tipped by 1 more mention of any of its phrases in the body")
    assert t.near_misses(scores, closeness=0.6).__len__() == 1  # 1.0 is not within 60 % of 2.0


# --- any text at all -----------------------------------------------------------------------------------


@given(st.text(max_size=300), st.text(max_size=60))
def test_any_text_gets_scores_that_are_sorted_positive_and_explained(body, title):
    t = abbreviating(top_share=0.2)
    scores = t.scores(title, "", body)
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)
    for s in scores:
        assert s.score > 0 and s.evidence and all(e.count > 0 for e in s.evidence)
    kept = t.automatic(scores)
    assert all(k.score >= t.bar(scores) for k in kept)
    assert all(token.strip() == token and token for token in words(body))


@given(st.lists(st.sampled_from(["carer", "carers", ",", "and", "staff", "the", "public", "."]), max_size=40))
def test_damping_never_raises_a_score(tokens):
    text = " ".join(tokens)
    damped = tagger(("carers", ["carer"]))
    import coproduction.tagger as module

    original = module.IN_LIST
    module.IN_LIST = 1.0
    try:
        undamped = score_of(damped, text)
    finally:
        module.IN_LIST = original
    assert 0 <= score_of(damped, text) <= undamped


@pytest.mark.parametrize("value", [1.5, -0.1, "a fifth", True])
def test_the_top_share_setting_is_a_share(value):
    from coproduction import settings

    from inmind.errors import SettingsError

    with pytest.raises(SettingsError, match=r"COPRODUCTION\['top_share'\]"):
        settings.merged({"COPRODUCTION": {"top_share": value}})
    assert settings.merged({"COPRODUCTION": {"top_share": 0.5}}).top_share == 0.5


# --- other endings and other spellings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("involve people", "We involved people early."),
        ("involve people", "involving people"),
        ("involve people", "The plan involves people."),
        ("involving people", "We involve people."),
        ("involvement of people", "the involvements of people"),
        ("work together", "We worked together."),
        ("work together", "Working-together matters."),
        ("design the service", "They designed the service."),
        ("plan services", "planning services"),
        ("plan services", "We planned services."),
        ("study the evidence", "She studied the evidence."),
        ("inspect the ward", "the inspection the ward"),  # derivation that keeps the stem
        ("organise care", "organize care"),
        ("organise care", "organized care"),
        ("organize care", "organised care"),
        ("positive behaviour support", "positive behavior support"),
        ("day centre", "day center"),
        ("counselling service", "counseling service"),
        ("paediatric ward", "pediatric ward"),
        ("index offence", "index offense"),
        ("rebuild their lives", "rebuild their life"),
        ("rebuild their life", "rebuild their lives"),
        ("agree together", "We agreed together."),
    ],
)
def test_phrase_words_match_other_endings_and_spellings(phrase, text):
    assert found(phrase, text) == 1


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("rating", "interest rates"),  # a single word keeps its plurals only: it may mean many things
        ("involvement", "the risks involved"),
        ("rating", "rated"),
        ("continuity of care", "continue of care"),  # "-ity" is not one of the endings
        ("faith community", "faithful community"),
        ("hour of need", "hor of need"),  # "-our" to "-or" only in words of six letters or more
        ("care plan", "career plan"),
        ("care plan", "carer plan"),  # "carer" has a stem of its own
        ("peer support", "peer supportive"),
        ("work together", "worker together"),  # Snowball keeps "worker" apart from "work"
    ],
)
def test_other_endings_stay_within_the_stem(phrase, text):
    assert found(phrase, text) == 0


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14))
def test_every_word_keeps_its_own_forms(word):
    if word in FUNCTION_WORDS:
        assert word_forms(word) == (word,)  # "to" is not "toes"
    else:
        assert set(forms(word)) <= set(word_forms(word))
    assert all(form.isalpha() for form in word_forms(word))


def test_a_loose_phrase_and_a_word_reach_a_threshold_of_two_and_a_half():
    t = tagger(("carers", ["my husband", "carer"]), threshold=2.5)
    assert t.automatic(t.scores("", "", "My husband came.")) == []
    assert [s.slug for s in t.automatic(t.scores("", "", "My husband and his carer came."))] == ["carers"]
    assert str(t.scores("", "", "My husband came.")[0].evidence[0]) == '"my husband" ×1 (body 1; one topic word)'


def test_a_phrase_that_starts_with_small_words_is_found_from_its_topic_word():
    t = tagger(("gov", ["the board", "at the", "board members"]), ("other", ["notice board"]))
    assert t.count(words("We met the board.")) == {("gov", "the board"): 1}
    assert t.count(words("The Board met; the boards met.")) == {("gov", "the board"): 2}
    assert t.count(words("A notice board.")) == {("other", "notice board"): 1}
    assert t.count(words("on board, the. Board")) == {}  # the lead never runs across punctuation
    # "at the" takes its words first, so "the" is not used twice.
    assert t.count(words("at the board")) == {("gov", "at the"): 1}
    # The longest reading wins, counting the lead; of two as long, the one that starts first, as always.
    assert t.count(words("the board members")) == {("gov", "the board"): 1}
    assert t.count(words("our board members")) == {("gov", "board members"): 1}


def test_a_longer_lead_wins():
    t = tagger(("co", ["not done to", "done to"]), ("x", ["rather than to"]))
    assert t.count(words("Care is not done to people.")) == {("co", "not done to"): 1}
    assert t.count(words("It was done to us.")) == {("co", "done to"): 1}


# --- the matcher against a plain reading of the rules ---------------------------------------------------

REFERENCE_THEMES = (
    ("gov", ["the board", "board members", "at the", "hold to account", "to account"]),
    ("co", ["co-production", "involve people", "not done to", "done to", "rather than to", "work together"]),
    ("carers", ["carer", "my son", "looking after my son", "family members"]),
    ("lived", ["peer support", "peer support worker", "been there"]),
)
REFERENCE_WORDS = (
    "the board boards members member at to account held holding hold co production coproduction involve "
    "involving involved involvement people person not done rather than work worked working together carer "
    "carers my son sons looking after family families peer support supported worker been there x , ."
).split()


def reference_count(t, tokens):
    """Count phrases as the rules say, slowly: from each word, the longest phrase that starts there wins."""
    family = t.index.family
    variants = [(slug, phrase, v) for slug, phrases in REFERENCE_THEMES for phrase in phrases for v in phrase_variants(phrase)]

    def matches(variant, start):
        if start + len(variant) > len(tokens):
            return False
        if len(variant) == 1:
            return tokens[start] in forms(variant[0])
        return all(family.get(tok, tok) == family.get(word, word) for tok, word in zip(tokens[start:], variant, strict=False))

    counts, start = {}, 0
    while start < len(tokens):
        found = [(len(v), slug, phrase) for slug, phrase, v in variants if matches(v, start)]
        if not found:
            start += 1
            continue
        longest = max(n for n, _, _ in found)
        themes = {}
        for n, slug, phrase in found:
            if n == longest:
                themes.setdefault(slug, phrase)  # a theme's first phrase in its list, as the index keeps it
        for key in themes.items():
            counts[key] = counts.get(key, 0) + 1
        start += longest
    return counts


# Runs of words that overlap phrases, so that phrases meet, share words and cut each other short.
REFERENCE_RUNS = [run.split() for run in (
    "at the", "the board", "board members", "at the board", "held to account", "holding the board to account",
    "not done to", "done to", "rather than to", "involving people", "co production", "worked together",
    "looking after my son", "my sons", "family members", "peer support worker", "been there", "carers ,",
)] + [[word] for word in REFERENCE_WORDS]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(REFERENCE_RUNS), max_size=8))
def test_the_matcher_agrees_with_a_plain_reading_of_the_rules(runs):
    tokens = [word for run in runs for word in run]
    t = tagger(*REFERENCE_THEMES)
    assert t.count(tokens) == reference_count(t, tokens)


def test_someone_elses_family_counts_as_a_single_word_and_says_so():
    t = tagger(("carers", ["her daughter", "my daughter"]), threshold=2.5)
    assert score_of(t, "Her daughter visited. Her daughter rang.") == 2 * WORD
    assert t.automatic(t.scores("", "", "Her daughter visited. Her daughter rang.")) == []
    assert score_of(t, "My daughter visited.") == LOOSE
    evidence = t.scores("", "", "Her daughter visited.")[0].evidence[0]
    assert str(evidence) == '"her daughter" ×1 (body 1; someone else\'s family: one word)'


# --- the project's vocabulary: words with another common sense ---------------------------------


@pytest.fixture(scope="module")
def project_tagger():
    from pathlib import Path

    from coproduction.vocabulary import load_themes

    themes = load_themes(Path(__file__).resolve().parents[3] / "content" / "themes.toml")
    return Tagger(themes, weights=WEIGHTS, threshold=2.5, max_auto_themes=4, top_share=0.2)


def automatic_slugs(t, body, title=""):
    return {s.slug for s in t.automatic(t.scores(title, "", body))}


@pytest.mark.parametrize(
    ("title", "body", "not_given"),
    [
        # A place name or a community is not faith: "church" alone is no longer a phrase.
        ("Parking on Church Road", "The church car park on Church Road is closed. Use the church hall car park, "
         "next to the church, on Church Lane.", "spiritual-and-pastoral-care"),
        # A survey of patients in a title is research or news, not regulation, when nothing else says so.
        ("Video or in person? What our patient survey found", "Most people liked video appointments.",
         "quality-and-regulation"),
        # Sitting side by side is not co-production.
        ("A walk in the park", "We walked side by side. We sat side by side on a bench.", "co-production"),
        # A patient's family, described: not a post about carers.
        ("Visiting", "Her daughter came on Sunday and brought flowers. His son rang.", "carers"),
        # Notices (fifteenth round): opening hours, a tender, a system outage, booking a session are not about
        # designing services or digital care.
        ("Staff restaurant opening hours", "From Monday the opening hours are 8am to 3pm. Opening hours at the "
         "weekend stay the same.", "designing-and-commissioning"),
        ("Catering contract tender", "The tender for the catering contract closes on Friday. Send tenders to the "
         "procurement team.", "designing-and-commissioning"),
        ("Planned outage", "The clinical record system is unavailable on Sunday from 6am to 8am while the record "
         "system is upgraded.", "digital"),
        ("Give blood at the education centre", "Book online for the session on 4 March. Book online by Friday to get "
         "a slot.", "digital"),
        # Who took part in a panel is not what the post is about: not lived experience by itself.
        ("The panel that chose the provider", "Staff and people who have used services sat on the panel. They heard "
         "their stories from the bidders.", "lived-experience"),
        # A job title in service news: "peer worker" counts as the single word "peer".
        ("Crisis café opens", "The café is staffed by peer workers. Two peer workers open it each evening.",
         "lived-experience"),
    ],
)
def test_words_with_another_common_sense_do_not_make_a_theme(project_tagger, title, body, not_given):
    assert not_given not in automatic_slugs(project_tagger, body, title)


@pytest.mark.parametrize(
    ("body", "given"),
    [
        ("The chaplain led a church service. Faith matters to many patients.", "spiritual-and-pastoral-care"),
        ("We ran a patient survey and a staff survey for the Care Quality Commission inspection.",
         "quality-and-regulation"),
        ("I look after my daughter. My daughter has psychosis and I am her carer.", "carers"),
        ("We redesigned the crisis service with people who use it; the commissioners agreed the new service model.",
         "designing-and-commissioning"),
        ("Staff moved to the electronic patient record and a digital prescribing system this year.", "digital"),
        ("Our peer support workers bring their lived experience of psychosis to the ward.", "lived-experience"),
    ],
)
def test_the_theme_is_still_found_in_its_own_sense(project_tagger, body, given):
    assert given in automatic_slugs(project_tagger, body)


def _with_own_threshold(own):
    entries = [ThemeEntry("carers", "Carers", "A theme.", ("carer",), threshold=own), ThemeEntry("recovery", "Recovery", "A theme.", ("hope",))]
    return Tagger(entries, weights=WEIGHTS, threshold=2.0, max_auto_themes=4)


@pytest.mark.parametrize(("body", "kept"), [
    ("carer carer hope hope", ["recovery"]),  # both score 2: only the theme without a bar of its own is kept
    ("carer carer carer hope hope", ["carers", "recovery"]),  # 3 reaches the carers' own bar
    ("carer carer carer carer", ["carers"]),
])
def test_a_theme_with_its_own_threshold_needs_that_score(body, kept):
    t = _with_own_threshold(3.0)
    assert [s.slug for s in t.automatic(t.scores("", "", body))] == kept


def test_a_theme_threshold_below_the_site_threshold_never_lowers_the_bar():
    t = _with_own_threshold(0.5)
    assert [s.slug for s in t.automatic(t.scores("", "", "carer hope"))] == []


def test_a_near_miss_under_a_theme_threshold_names_that_bar():
    t = _with_own_threshold(3.0)
    (miss,) = [m for m in t.near_misses(t.scores("", "", "carer carer hope hope")) if m.score.slug == "carers"]
    assert miss.needed == 3.0
    assert "this theme's own threshold" in miss.reason and "1 more mention" in miss.tip


def _with_second_threshold(second, own=0.0):
    entries = [
        ThemeEntry("trust", "Trust", "A theme.", ("honest",), threshold=own, second_threshold=second),
        ThemeEntry("recovery", "Recovery", "A theme.", ("hope",)),
    ]
    return Tagger(entries, weights=WEIGHTS, threshold=2.0, max_auto_themes=4)


@pytest.mark.parametrize(("body", "kept"), [
    ("honest honest hope hope hope", ["recovery"]),  # second, 2 of the 3 it needs then: left out
    ("honest honest honest hope hope hope hope", ["recovery", "trust"]),  # second, and 3 reaches its bar
    ("honest honest", ["trust"]),  # the strongest theme needs only the site's bar
    ("honest honest hope", ["trust"]),  # ... however little the others score
    ("honest honest hope hope", ["trust", "recovery"]),  # a tie with the strongest counts as the strongest
])
def test_a_second_theme_threshold_applies_only_below_the_strongest_theme(body, kept):
    t = _with_second_threshold(3.0)
    assert sorted(s.slug for s in t.automatic(t.scores("", "", body))) == sorted(kept)


def test_a_second_theme_threshold_counts_explicit_themes_as_stronger():
    # The strongest theme is judged over every score of the post, a theme in Themes: too (as the share is).
    t = _with_second_threshold(3.0)
    scores = t.scores("", "", "honest honest hope hope hope")
    assert [s.slug for s in t.automatic(scores, exclude={"recovery"})] == []
    assert [s.slug for s in t.automatic([s for s in scores if s.slug == "trust"])] == ["trust"]


def test_a_second_theme_threshold_never_lowers_the_theme_s_own_bar():
    t = _with_second_threshold(2.5, own=3.0)
    assert [s.slug for s in t.automatic(t.scores("", "", "honest honest honest hope hope hope hope hope"))] == ["recovery", "trust"]
    assert [s.slug for s in t.automatic(t.scores("", "", "honest honest hope hope hope"))] == ["recovery"]


def test_a_near_miss_under_a_second_theme_threshold_names_that_bar():
    t = _with_second_threshold(3.0)
    (miss,) = [m for m in t.near_misses(t.scores("", "", "honest honest hope hope hope")) if m.score.slug == "trust"]
    assert miss.needed == 3.0
    assert "when another theme scores higher" in miss.reason and "1 more mention" in miss.tip


def _never_second_to(*others):
    entries = [
        ThemeEntry("coproduction", "Co-production", "A theme.", ("together",), not_second_to=others),
        ThemeEntry("carers", "Carers", "A theme.", ("carer",)),
        ThemeEntry("recovery", "Recovery", "A theme.", ("hope",)),
    ]
    return Tagger(entries, weights=WEIGHTS, threshold=2.0, max_auto_themes=4)


@pytest.mark.parametrize(("body", "kept"), [
    ("carer carer carer carer together together together", ["carers"]),  # second to carers: never given
    ("carer carer carer together together together together", ["coproduction", "carers"]),  # the strongest: given
    ("carer carer carer carer carer carer together together together together together", ["carers"]),  # however high
    ("carer carer together together", ["coproduction", "carers"]),  # a tie with the strongest counts as the strongest
    ("hope hope hope hope together together together", ["recovery", "coproduction"]),  # second to another: given
    # Only beside the strongest theme: carers second and co-production third, co-production is given.
    ("hope hope hope hope hope carer carer carer carer together together together", ["recovery", "carers", "coproduction"]),
])
def test_a_theme_is_never_second_to_the_themes_it_names(body, kept):
    t = _never_second_to("carers")
    assert [s.slug for s in t.automatic(t.scores("", "", body))] == kept


def test_never_second_to_only_acts_when_named():
    t = _never_second_to()
    assert [s.slug for s in t.automatic(t.scores("", "", "carer carer carer carer together together together"))] == [
        "carers", "coproduction"]


def test_never_second_to_counts_an_explicit_theme_as_the_strongest():
    # As the share and the second-theme bar: the strongest is judged over every score of the post.
    t = _never_second_to("carers")
    scores = t.scores("", "", "carer carer carer carer together together together")
    assert [s.slug for s in t.automatic(scores, exclude={"carers"})] == []


def test_a_theme_never_second_shows_as_a_near_miss_saying_why():
    t = _never_second_to("carers")
    (miss,) = t.near_misses(t.scores("", "", "carer carer carer carer together together together"))
    assert miss.score.slug == "coproduction"
    assert "not given beside carers" in miss.reason
    assert "strongest theme" in miss.reason and "Themes:" in miss.tip
    # A faint mention is not worth showing, as for any near miss.
    assert t.near_misses(t.scores("", "", "carer carer carer together"), closeness=0.6) == []
