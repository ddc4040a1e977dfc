"""The tagging evaluation: the labelled set keeps its promises, and the figures are computed correctly."""

import tomllib
from pathlib import Path

import pytest
from coproduction import vocabulary

from bench import report
from bench.tagging import evaluate
from bench.tagging.evaluate import Text

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "bench" / "tagging"


# Only the parts already used for tuning: a part kept back for a final measurement is never read by a test.
OPEN = ",".join(evaluate.TUNED_ON)


@pytest.fixture(scope="module")
def texts():
    return evaluate.load(splits=evaluate.TUNED_ON)


def test_the_set_has_the_promised_size_and_kinds(texts):
    assert len(texts) >= 60
    assert sum(1 for t in texts if not t.gold) >= 8  # off-topic notices
    for text in texts:
        assert 80 <= text.words <= 1500, text.file
        assert text.title, f"{text.file} starts with a # Title line"
        assert text.split in evaluate.TUNED_ON


def test_every_theme_is_gold_in_three_texts_with_a_reason(texts):
    slugs = [t.slug for t in vocabulary.load_themes(ROOT / "content" / "themes.toml")]
    for slug in slugs:
        assert sum(slug in t.gold for t in texts) >= 3, slug
        assert any(slug in t.gold for t in texts if t.split == "held-out"), slug
    for text in texts:
        for slug, reason in text.gold.items():
            assert slug in slugs, f"{text.file}: unknown theme {slug}"
            assert isinstance(reason, str) and len(reason.split()) >= 3, f"{text.file}: {slug} needs a reason"


def test_every_file_is_labelled_once():
    listed = [entry["file"] for entry in tomllib.loads((HERE / "gold.toml").read_text(encoding="utf-8"))["text"]]
    assert sorted(listed) == sorted(p.name for p in (HERE / "texts").glob("*.md"))
    assert len(set(listed)) == len(listed)


def made(file, split, gold, found=(), naive=None):
    text = Text(file, split, {slug: "because" for slug in gold})
    text.found = set(found)
    text.naive = set(found if naive is None else naive)
    return text


def test_precision_recall_and_f1_by_hand():
    texts = [
        made("a", "tune", ["x", "y"], ["x"]),  # x right, y missed
        made("b", "tune", ["x"], ["x", "z"]),  # x right, z extra
        made("c", "tune", [], []),  # an off-topic notice left alone
        made("d", "tune", [], ["z"]),  # an off-topic notice given a theme
        made("e", "tune", ["y"], []),  # on-topic, nothing found
    ]
    figures = evaluate.measure(texts, ["x", "y", "z"])
    assert figures["per_theme"]["x"] == (1.0, 1.0, 1.0, 2)
    assert figures["per_theme"]["y"] == (0.0, 0.0, 0.0, 2)
    assert figures["per_theme"]["z"] == (0.0, 0.0, 0.0, 0)
    tp, fp, fn = 2, 2, 2
    assert figures["micro"] == pytest.approx((tp / (tp + fp), tp / (tp + fn), 0.5))
    assert figures["macro"] == pytest.approx((0.5, 0.5, 0.5))  # over the themes with gold texts: x and y
    assert (figures["untagged"], figures["on_topic"]) == (1, 3)
    assert (figures["off_topic_tagged"], figures["off_topic"]) == (1, 2)


def test_the_baseline_is_measured_from_its_own_predictions():
    texts = [made("a", "tune", ["x"], found=[], naive=["x", "y"])]
    assert evaluate.measure(texts, ["x", "y"])["micro"] == (0.0, 0.0, 0.0)
    assert evaluate.measure(texts, ["x", "y"], "naive")["micro"] == pytest.approx((0.5, 1.0, 2 / 3))


def test_misses_show_the_evidence_and_the_reason_and_respect_the_split():
    from coproduction.tagger import Evidence, Score

    text = made("t.md", "tune", ["x"], ["z"])
    text.scores = {"x": Score("x", 1.0, (Evidence("ex", body=1),)), "z": Score("z", 2.0, (Evidence("zed phrase", body=1, weight=2.0),))}
    held = made("h.md", "held-out", ["x"], [])
    lines = evaluate.misses([text, held], ("tune",))
    assert lines == [
        "t.md (tune, 0 words): got z",
        '  missed x: score 1.00: "ex" ×1 (body 1; single word)',
        "    (gold because: because)",
        '  extra  z: score 2.00: "zed phrase" ×1 (body 1; specific)',
    ]
    assert evaluate.misses([held], ("held-out",))[1] == "  missed x: no phrase of the theme found"


def test_the_whole_run_prints_each_part_and_only_the_misses_asked_for(capsys):
    # Without the word model, which learned from these parts and so misses nothing in them.
    assert evaluate.main(["--splits", OPEN, "--misses", "tune", "--no-word-model"]) == 0
    out = capsys.readouterr().out
    assert "tune P   R   F1   naive F1" in out and "held-out P   R   F1   naive F1" in out
    assert "micro" in out and "macro" in out and "on-topic texts got no theme" in out
    misses = out.split("Misses (tune):")[1]
    assert "(held-out," not in misses and "(tune," in misses


def test_a_part_not_named_is_never_read(tmp_path):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.md").write_text("# A\n\nWords.\n", encoding="utf-8")
    (tmp_path / "gold.toml").write_text(
        '[[text]]\nfile = "a.md"\nsplit = "tune"\n\n[[text]]\nfile = "missing.md"\nsplit = "kept-back"\n',
        encoding="utf-8",
    )
    # The kept-back file does not exist: reading it would raise.
    assert [t.file for t in evaluate.load(tmp_path, splits=("tune",))] == ["a.md"]
    with pytest.raises(FileNotFoundError):
        evaluate.load(tmp_path)


def test_a_new_part_is_shown_after_the_known_ones_and_marked_unseen():
    texts = [made("a", "tune", ["x"], ["x"]), made("b", "zz-new", ["x"], []), made("c", "held-out", [], [])]
    assert evaluate.splits_of(texts) == ["tune", "held-out", "zz-new"]
    results = evaluate.evaluate(texts, ["x"])
    section = evaluate.markdown_section(results, ["x"], {"date": "d", "texts": 3, "off_topic": 1, "gold_per_text": 0.67})
    assert "zz-new (unseen): tagger" in section and "tune (tuned on): tagger" in section
    assert "| Micro recall | **1.00** | 1.00 | **0.00** | 0.00 | **0.00** | 0.00 |" in section


def test_the_recorded_section_replaces_only_its_own(tmp_path, texts, monkeypatch):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\n## Search\n\nkept\n", encoding="utf-8")
    monkeypatch.setattr(evaluate, "DOCS", docs)
    assert evaluate.main(["--splits", OPEN, "--misses", "none", "--record"]) == 0
    text = docs.read_text(encoding="utf-8")
    assert "## Search\n\nkept\n" in text and text.count(evaluate.SECTION) == 1
    assert "| Micro precision |" in text and "| On-topic texts with no theme |" in text
    report.record_section(docs, evaluate.SECTION, evaluate.SECTION + "\n\nagain\n")
    assert docs.read_text(encoding="utf-8").count(evaluate.SECTION) == 1


def test_tune_only_shows_no_held_out_figure_and_refuses_to_record(capsys):
    assert evaluate.main(["--tune-only"]) == 0
    out = capsys.readouterr().out
    assert "tune P   R   F1" in out and "held-out P" not in out and "heldout2 P" not in out
    assert out.startswith("67 texts tagged")
    for argv in (["--tune-only", "--record"], ["--tune-only", "--misses", "heldout2"],
                 ["--tune-only", "--splits", "held-out"], ["--splits", "no-such-part"]):
        with pytest.raises(SystemExit):
            evaluate.main(argv)


def test_the_second_held_out_part_is_labelled_and_off_topic_notices_included(texts):
    second = [t for t in texts if t.split == "heldout2"]
    assert len(second) >= 20 and sum(not t.gold for t in second) >= 3
    assert all(80 <= t.words <= 1500 for t in second)


def test_the_third_held_out_part_gives_every_theme_three_gold_texts():
    third = evaluate.load(splits=("heldout3",))
    assert len(third) >= 36 and sum(not t.gold for t in third) >= 6
    assert all(80 <= t.words <= 1500 for t in third)
    for theme in vocabulary.load_themes(ROOT / "content" / "themes.toml"):
        assert sum(theme.slug in t.gold for t in third) >= 3, theme.slug


def test_the_fourth_held_out_part_gives_every_theme_three_gold_texts():
    fourth = evaluate.load(splits=("heldout4",))
    assert len(fourth) >= 36 and sum(not t.gold for t in fourth) >= 6
    assert all(80 <= t.words <= 1500 for t in fourth)
    assert min(t.words for t in fourth) <= 150 and max(t.words for t in fourth) >= 900
    for theme in vocabulary.load_themes(ROOT / "content" / "themes.toml"):
        assert sum(theme.slug in t.gold for t in fourth) >= 3, theme.slug


def test_the_fifth_held_out_part_is_known_and_gives_every_theme_three_gold_texts():
    fifth = evaluate.load(splits=("heldout5",))
    # Measured once at the end of the fifth round; its misses were read, so it is tuning data since.
    assert "heldout5" in evaluate.SPLITS and "heldout5" in evaluate.TUNED_ON
    assert len(fifth) >= 36 and sum(not t.gold for t in fifth) >= 6
    assert all(80 <= t.words <= 1500 for t in fifth)
    assert sum(t.words < 150 for t in fifth) >= 3 and sum(t.words > 800 for t in fifth) >= 3
    for theme in vocabulary.load_themes(ROOT / "content" / "themes.toml"):
        assert sum(theme.slug in t.gold for t in fifth) >= 3, theme.slug
