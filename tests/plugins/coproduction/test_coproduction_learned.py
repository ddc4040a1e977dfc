"""Learned words: the committed table, how it is read, and what a learned word adds to a theme's score."""

import io
import re
import tomllib
from pathlib import Path

import pytest
from coproduction import cli
from coproduction.learned import LEARNED, compile_learned, load_learned
from coproduction.phrases import words
from coproduction.tagger import Tagger
from coproduction.vocabulary import ThemeEntry, load_themes
from hypothesis import given
from hypothesis import strategies as st

from bench.tagging import evaluate
from bench.tagging.learn import Params
from inmind.errors import ContentError

ROOT = Path(__file__).resolve().parents[3]
WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}


def tagger(themes, learned, *, cap=1, threshold=2.0, top_share=0.0):
    entries = [ThemeEntry(slug, slug.title(), "A theme.", tuple(phrases)) for slug, phrases in themes]
    return Tagger(entries, weights=WEIGHTS, threshold=threshold, max_auto_themes=4, top_share=top_share,
                  learned=compile_learned(learned, cap))


def scores(t, body, title=""):
    return {s.slug: s for s in t.scores(title, "", body)}


def test_the_committed_table_names_known_themes_and_plain_words():
    data = tomllib.loads(LEARNED.read_text(encoding="utf-8"))
    slugs = {t.slug for t in load_themes(ROOT / "content" / "themes.toml")}
    assert data["cap"] >= 1
    assert set(data["theme"]) <= slugs and len(data["theme"]) == len(slugs)
    most = Params().per_theme + Params().corrections  # the ratio words and the fitted corrections
    for slug, table in data["theme"].items():
        assert 0 < len(table) <= most, slug
        for word, worth in table.items():
            assert word.isalpha() and word == word.lower(), (slug, word)
            assert worth != 0 and -1 < worth < 1, (slug, word)  # never worth as much as a single-word phrase (1)
    # Every theme's table was learned from the texts of the parts used for tuning only.
    header = LEARNED.read_text(encoding="utf-8").split("\n\n")[0]
    parts = re.search(r"parts\n# (.*?), and content/", header).group(1).split(", ")
    assert parts and set(parts) <= set(evaluate.TUNED_ON), parts


def test_a_learned_word_adds_its_worth_once_and_finds_its_plurals():
    t = tagger([("strengths", ["strengths"])], {"strengths": {"goal": 0.5}})
    assert scores(t, "Her goal was a job.")["strengths"].score == 0.5
    # cap 1: mentioned three times, it counts once; plurals and possessives find it.
    assert scores(t, "Goals, goals and a goal's worth.")["strengths"].score == 0.5
    assert "strengths" not in scores(t, "A goalkeeper and a goalpost.")  # never inside another word


def test_the_place_weighs_a_learned_word_up_to_the_cap():
    learned = {"strengths": {"goal": 0.5}}
    assert scores(tagger([("strengths", [])], learned, cap=1), "", title="My goal")["strengths"].score == 0.5
    assert scores(tagger([("strengths", [])], learned, cap=3), "", title="My goal")["strengths"].score == 1.5
    assert scores(tagger([("strengths", [])], learned, cap=3), "goal goal")["strengths"].score == 1.0


def test_a_long_body_counts_a_learned_word_less():
    t = tagger([("strengths", [])], {"strengths": {"goal": 0.5}})
    body = "goal " + "word " * 799  # 800 words: a body mention counts half
    assert scores(t, body)["strengths"].score == 0.25


def test_a_word_inside_a_phrase_found_is_not_counted_again():
    t = tagger([("co", ["co-production"])], {"co": {"production": 0.4}})
    assert scores(t, "Co-production matters.")["co"].score == 2.0
    assert scores(t, "Co-production matters, and so does the production.")["co"].score == 2.4
    # A wording to ignore uses up its words as well.
    entries = [ThemeEntry("recovery", "Recovery", "A theme.", ("recovery",), (), ("cost recovery",))]
    ignoring = Tagger(entries, weights=WEIGHTS, threshold=2.0, max_auto_themes=4,
                      learned=compile_learned({"recovery": {"cost": 0.5}}, 1))
    assert ignoring.scores("", "", "The cost recovery team.") == []


def test_learned_words_alone_can_give_a_theme_and_the_evidence_says_so():
    t = tagger([("health", ["physical health"])], {"health": {"blood": 0.75, "heart": 0.75, "disease": 0.75}}, threshold=2.0)
    found = t.scores("", "", "Blood pressure, heart checks and lung disease.")
    (kept,) = t.automatic(found)
    assert kept.slug == "health" and kept.score == 2.25
    assert [str(e) for e in kept.evidence] == [
        '"blood" ×1 (body 1; learned word, 0.75 a mention)',
        '"disease" ×1 (body 1; learned word, 0.75 a mention)',
        '"heart" ×1 (body 1; learned word, 0.75 a mention)',
    ]


def test_a_word_against_a_theme_lowers_its_score_and_the_evidence_says_so():
    t = tagger([("health", ["blood tests"])], {"health": {"invoice": -0.3, "heart": 0.4}}, threshold=2.0)
    assert scores(t, "Blood tests.")["health"].score == 2.0
    found = scores(t, "Blood tests; the invoice, invoices and an invoice.")["health"]
    assert found.score == 1.7  # counted once, as a learned word is
    assert t.automatic([found]) == []
    assert '"invoice" ×3 (body 3; learned word against it, -0.30 a mention)' in [str(e) for e in found.evidence]


def test_a_near_miss_says_what_words_against_it_took_off_and_never_suggests_one():
    t = tagger([("health", ["blood tests"])], {"health": {"invoice": -0.3, "ledger": -0.9, "heart": 0.9}}, threshold=2.5)
    (near,) = t.near_misses(t.scores("", "", "Blood tests and the invoice."))
    assert "learned words against it took off 0.30" in near.reason
    assert "invoice" not in near.tip and "ledger" not in near.tip and 'its learned word "heart" in the body' in near.tip
    (plain,) = t.near_misses(t.scores("", "", "Blood tests."))
    assert "against" not in plain.reason


def near_tip(learned, body):
    t = tagger([("health", ["blood tests"])], {"health": learned}, threshold=2.5)
    (near,) = t.near_misses(t.scores("", "", body))
    return near.tip


@pytest.mark.parametrize(
    ("learned", "body", "tip"),
    [
        # 2.0 of 2.5: "blood" is in the post already (inside the phrase), so the best words it lacks are named.
        ({"blood": 0.75, "heart": 0.4, "disease": 0.2, "lung": 0.2}, "Blood tests.", 'its learned words "heart", "disease"'),
        ({"heart": 0.6}, "Blood tests.", 'its learned word "heart"'),
        ({"heart": 0.4, "disease": 0.2, "lung": 0.2}, "Blood tests and heart.", 'its learned word "disease"'),
        ({"heart": 0.1, "disease": 0.1, "lung": 0.1}, "Blood tests.", None),  # three would not be enough
    ],
)
def test_a_near_miss_names_the_fewest_learned_words_that_would_tip_it(learned, body, tip):
    found = near_tip(learned, body)
    if tip is None:
        assert "learned" not in found
    else:
        assert f"or {tip} in the body, or" in found


def test_one_word_learned_for_two_themes_counts_for_each():
    t = tagger([("a", []), ("b", [])], {"a": {"advocate": 0.4}, "b": {"advocate": 0.3}})
    found = scores(t, "An advocate came.")
    assert (found["a"].score, found["b"].score) == (0.4, 0.3)


@given(st.lists(st.sampled_from(["goal", "goals", "goal's", "goalie", "aim", "jobs", ",", "."]), max_size=40))
def test_counting_agrees_with_counting_by_hand(tokens):
    learned = compile_learned({"s": {"goal": 0.5, "job": 0.2}}, 1)
    found = learned.count(words(" ".join(tokens)))
    expected = {}
    for token in tokens:
        word = {"goal": "goal", "goals": "goal", "goal's": "goal", "jobs": "job"}.get(token)
        if word:
            expected[word] = expected.get(word, 0) + 1
    assert found == expected


def write(tmp_path, text):
    path = tmp_path / "learned.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_reads_known_themes_only(tmp_path):
    path = write(tmp_path, 'cap = 2\n\n[theme.carers]\nhusband = 0.5\n\n[theme.gone]\nword = 0.3\n')
    learned = load_learned(path, {"carers", "recovery"})
    assert learned.worth == {"carers": {"husband": 0.5}} and learned.cap == 2
    assert learned.count(["husbands"]) == {"husband": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cap = 0\n", "cap must be a whole number of at least 1"),
        ('cap = "two"\n', "cap must be a whole number"),
        ("cap = true\n", "cap must be a whole number"),
        ("theme = 3\n", "'theme' must be a table of tables"),
        ("[theme]\ncarers = 1\n", "[theme.carers] must be a table of words"),
        ('[theme.carers]\nhusband = "a lot"\n', "'husband' must be a number"),
        ("[theme.carers]\nhusband = true\n", "'husband' must be a number"),
        ("[theme.carers]\nhusband = nan\n", "'husband' must be a number"),
        ("[theme.carers]\nhusband = inf\n", "'husband' must be a number"),
        ('[theme.carers]\n"my husband" = 0.5\n', "must be one word in lower-case letters"),
        ("[theme.carers]\nHusband = 0.5\n", "must be one word in lower-case letters"),
        ('[theme.carers]\n"<b>" = 0.5\n', "must be one word in lower-case letters"),
        ("[theme.carers\n", "cannot read the learned words file"),
    ],
)
def test_a_broken_table_is_refused_with_a_hint(tmp_path, text, message):
    with pytest.raises(ContentError) as caught:
        load_learned(write(tmp_path, text), {"carers"})
    assert message in caught.value.message
    assert caught.value.hint and str(caught.value.path).endswith("learned.toml")


def test_a_missing_table_says_how_to_do_without(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_learned(tmp_path / "none.toml", {"carers"})
    assert "learned_words" in caught.value.hint


def test_learned_words_can_be_switched_off(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: A check\n\nMy blood pressure, heart and weight were checked.\n", encoding="utf-8")
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"from pelicanconf import *\nPATH = {str(ROOT / 'content')!r}\n"
        "COPRODUCTION = {'learned_words': False}\n", encoding="utf-8")
    out_on, out_off = [], []
    for argv, out in (([str(draft), "--all"], out_on), ([str(draft), "--all", "--settings", str(settings)], out_off)):
        stream = io.StringIO()
        assert cli.main(argv, stream=stream) == 0
        out.append(stream.getvalue())
    assert "learned word" in out_on[0]
    assert "learned word" not in out_off[0]


def test_a_posts_themes_do_not_depend_on_the_other_posts(tmp_path):
    from conftest import copy_registries
    from pelican.settings import read_settings

    draft = tmp_path / "draft.md"
    draft.write_text("Title: A check\n\nMy blood pressure, heart and weight were checked.\n", encoding="utf-8")
    results = []
    for site, others in (("alone", {}), ("crowded", {f"p{n}.md": "Title: P\nThemes: carers\n\nBlood, heart and disease.\n"
                                                     for n in range(5)})):
        content = tmp_path / site
        content.mkdir()
        copy_registries(content)
        for name, text in others.items():
            (content / name).write_text(text, encoding="utf-8")
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
        themes, _, _ = cli.themes_for(draft, settings)
        results.append([(t.slug, t.score, t.evidence) for t in themes])
    # Learned words count here, and five other posts using them under another theme change nothing.
    assert results[0] == results[1]
    assert any(e.learned for _, _, evidence in results[0] for e in evidence)


def test_a_theme_met_only_by_words_against_it_is_not_found_at_all():
    t = tagger([("health", ["blood tests"]), ("carers", ["carer"])], {"health": {"invoice": -0.3, "heart": 0.4}})
    assert scores(t, "The invoice was paid.") == {}
    assert scores(t, "The invoice and the heart clinic.")["health"].score == pytest.approx(0.1)
    assert "health" in scores(t, "Blood tests; the invoice.")


@pytest.mark.parametrize(("listed", "stop", "own"), [("peoples", "people", "peoples"), ("rights", "right", "rights"),
                                                     ("keeps", "keep", "keeps"), ("findings", "find", "finding")])
def test_a_learned_word_never_finds_a_stop_word(listed, stop, own):
    # A hand-edited table may list a stop word's ending; it still counts its own spelling, never the stop word.
    t = tagger([("recovery", ["recovery"])], {"recovery": {listed: 1.5}}, cap=5, threshold=0.1)
    assert "recovery" not in scores(t, f"The {stop} we met. The {stop} again, and {stop.upper()}.")
    assert scores(t, f"The {own} garden.")["recovery"].score > 0
    assert compile_learned({"x": {listed: 1.0}}, 1).count([stop, stop, own]) == {listed: 1}


# --- how `invoke themes` shows learned words ---------------------------------------------------------


LEARNED_WORDS = {"theme": {"goal": 0.5, "job": 0.3, "hope": 0.2, "skill": 0.15, "plan": 0.1, "team": -0.25, "staff": -0.4}}


def test_learned_words_are_shown_by_what_they_added_once_not_by_mentions():
    t = tagger([("theme", ["strengths"])], LEARNED_WORDS)
    body = "Strengths. Goals, goals, goals. A job, a hope, a skill, a plan. The team and the staff, staff, staff."
    (score,) = t.scores("", "", body)
    added = t.learned_added(score)
    line = cli.format_learned(added)
    # The phrase on its own line; then the learned words' two sums, once a post whatever their mentions, the
    # strongest named first.
    assert [p.strip() for p in cli.format_phrases(score.evidence)] == ['phrases: "strengths" ×1 (body 1; single word)']
    assert line == "+1.25 for it (goal, job, hope, skill and 1 more); -0.65 against it (staff, team)"
    assert score.score == pytest.approx(1.0 + sum(a for _, a in added))  # the parts shown add up to the score
    assert "×3" not in line


def test_learned_words_in_a_long_post_show_what_they_added_there():
    t = tagger([("theme", ["strengths"])], LEARNED_WORDS)
    (score,) = t.scores("A goal", "", "Strengths and a job. " + "filler " * 796)  # 800 words: a body match counts half
    assert dict((e.phrase, a) for e, a in t.learned_added(score)) == {"goal": 0.5, "job": pytest.approx(0.15)}
    assert t.learned_added(score)[0][0].learned and not [e for e, _ in t.learned_added(score) if not e.learned]


def test_evidence_without_learned_words_reads_as_before():
    t = tagger([("theme", ["strengths", "peer support"])], {})
    (score,) = t.scores("", "", "Peer support and strengths.")
    assert [p.strip() for p in cli.format_phrases(score.evidence)] == ["phrases: " + "; ".join(map(str, score.evidence))]
    assert cli.format_learned(t.learned_added(score)) == ""


@given(st.lists(st.sampled_from(["goal", "job", "hope", "skill", "plan", "team", "staff", "strengths", "filler", ".", ","]),
                max_size=80))
def test_the_learned_words_shown_add_up_to_the_learned_part_of_the_score(tokens):
    t = tagger([("theme", ["strengths"])], LEARNED_WORDS)
    body = " ".join(tokens)
    for score in t.scores("", "", body):
        added = t.learned_added(score)
        line = cli.format_learned(added)
        shown = [float(n) for n in re.findall(r"([+-][0-9.]+) (?:for|against) it", line)]
        assert sum(shown) == pytest.approx(sum(a for _, a in added), abs=0.01)
        phrases = sum(e.count for e in score.evidence if not e.learned)
        assert score.score == pytest.approx(phrases * min(1.0, 400 / max(1, len(words(body)) - body.count(".") - body.count(",")))
                                            + sum(a for _, a in added), abs=0.002)
