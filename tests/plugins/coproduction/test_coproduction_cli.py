"""``invoke themes PATH.md``: the themes one file would get, with evidence, without a build."""

import io
import re
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT
from coproduction import cli
from coproduction.learned import LEARNED
from hypothesis import given, settings
from hypothesis import strategies as st
from themes_cli import run, unwrap


def test_prints_each_theme_at_the_left_with_its_evidence_indented_under_it(tmp_path, capsys):
    draft = tmp_path / "Downloads" / "draft.md"  # anywhere, not only in content/
    draft.parent.mkdir()
    draft.write_text(
        "Title: Carers and recovery\nThemes: co-production\n\n"
        "Being a carer is hard. Carers' assessments are for a carer. My recovery took time.\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, str(draft))
    assert status == 0 and err == ""
    assert out.splitlines() == [
        "Co-production (from your Themes: line)",
        "    phrases: none found",
        # An editor is told why a theme with no evidence is there at all.
        "    kept because your Themes: line names it, though the text does not",
        "Carers (automatic)",
        '    phrases: "carer" ×3 (title 1, body 2; single word); "carers\' assessment" ×1 (body 1; specific)',
        # The score is given with what it had to reach in this post (carers' own threshold), not alone.
        "    score 7.00 (a theme needs 3.50 here)",
        "Recovery (automatic)",
        '    phrases: "recovery" ×2 (title 1, body 1; single word)',
        "    score 4.00 (a theme needs 2.50 here)",
    ]


def test_themes_that_came_close_are_shown_with_what_would_tip_them(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: A walk\n\nWe talked about research once, and about research again.\n", encoding="utf-8")
    status, out, _ = run(capsys, str(draft))
    assert status == 0
    # The tip names the theme's most telling learned word of the committed table.
    table = tomllib.loads(LEARNED.read_text(encoding="utf-8"))["theme"]["research"]
    best = min(table, key=lambda word: (-table[word], word))
    assert out.splitlines() == [
        "No themes: add a Themes: line, or write more about the post's subject.",
        "  came close: Research: score 2.00 of the 2.50 needed",
        "    Would be tipped by 1 more mention of any of its phrases "
        f'in the body, or its learned word "{best}" in the body, or one of its phrases in the summary; or list it in Themes:.',
        '    phrases: "research" ×2 (body 2; single word)',
    ]


def test_a_near_miss_held_back_by_the_top_score_says_so(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    body = "Our co-production charter. " * 10 + "We wrote a lay summary."
    draft.write_text(f"Title: Our charter\n\n{body}\n", encoding="utf-8")
    status, out, _ = run(capsys, str(draft))
    assert status == 0
    (close,) = [line for line in out.splitlines() if "came close" in line]
    # Co-production scores 20, so every other theme needs 20 % of it (the share of a body under 300 words), 4.0,
    # not only the threshold of 2.5.
    assert close.startswith("  came close: Research: score 2.00 of the 4.00 needed (a 20% share of the strongest theme's score;")
    assert "Would be tipped by 1 more mention of its phrases of two or more topic words or abbreviations in the body" in out


def test_all_lists_themes_far_below_the_threshold(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: A walk\n\nThe carers, friends and neighbours came.\n", encoding="utf-8")
    status, out, _ = run(capsys, str(draft))
    assert "Carers" not in out  # 0.25 is not close to 2
    status, out, _ = run(capsys, "--all", str(draft))
    assert status == 0
    assert out.splitlines()[0].startswith("No themes")
    lines = out.splitlines()
    at = lines.index("  not given: Carers: score 0.25 of the 3.50 needed")  # with what it had to reach, so "far" is plain
    assert lines[at + 1] == '    phrases: "carer" ×1 (body 1; 1 in a list of groups; single word)'
    assert "below the threshold or over the limit" not in out  # a theme over the limit is one that came close


def test_auto_themes_off_is_said(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: Carers\nThemes: carers\nAuto-themes: off\n\nRecovery, recovery, recovery.\n", encoding="utf-8")
    status, out, _ = run(capsys, str(draft))
    assert status == 0
    assert out.splitlines() == [
        "Carers (from your Themes: line)",
        '    phrases: "carer" ×1 (title 1; single word)',
        "    score 3.00",
        "(Automatic themes are off for this post: Auto-themes: off.)",
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab \"×(;"), min_size=1, max_size=60).map(str.strip).filter(bool), min_size=1,
                max_size=12))
def test_a_long_list_of_phrases_wraps_between_phrases_never_inside_one(items):
    lines = cli.wrapped_items("phrases:", items)
    assert lines[0].startswith("    phrases: ") and all(line.startswith(cli.MORE) for line in lines[1:])
    # A line is longer than WIDTH only when it holds one phrase alone, too long to share a line.
    alone = {item for item in items} | {item + ";" for item in items} | {f"phrases: {item}" for item in items} | {
        f"phrases: {item};" for item in items}
    assert all(len(line) <= cli.WIDTH or line.strip() in alone for line in lines)
    # Joined again as unwrap() does, the phrases are all there, in order, each whole on one line.
    assert unwrap("\n".join(lines)).strip() == "phrases: " + "; ".join(items)
    assert all(any(item in line for line in lines) for item in items)  # each whole on one line


def test_learned_words_are_summed_for_and_against_with_the_strongest_named():
    from coproduction.tagger import Evidence

    def learned(word, worth):
        return Evidence(word, body=1, weight=worth, learned=True), worth

    added = [learned(w, x) for w, x in [("goal", 0.5), ("job", 0.3), ("hope", 0.2), ("skill", 0.15), ("plan", 0.1),
                                         ("staff", -0.4), ("team", -0.25)]]
    # No number per word (a word counts once a post); the sums are in the score's own units.
    assert cli.format_learned(added) == "+1.25 for it (goal, job, hope, skill and 1 more); -0.65 against it (staff, team)"
    assert cli.format_learned(added[5:]) == "-0.65 against it (staff, team)"
    assert cli.format_learned([]) == ""
    phrase = Evidence("carer", body=2)
    assert cli.format_details((phrase, added[0][0]), added[:1], "score 2.50", "") == [
        '    phrases: "carer" ×2 (body 2; single word)',  # the learned word is not listed as a phrase
        "    learned words: +0.50 for it (goal)",
        "    score 2.50",
    ]


def test_all_gives_the_word_models_view_of_a_theme_not_given(tmp_path, capsys):
    # A theme whose phrases all but reach the bar but that the model does not find is no puzzle: it says so.
    text = ("After my stay on the ward I chose to stop taking the tablets, weighing up the side effects with my "
            "psychiatrist and my mum. ") * 4
    draft = tmp_path / "draft.md"
    draft.write_text(f"Title: A walk\n\n{text}\n", encoding="utf-8")
    status, out, _ = run(capsys, "--all", str(draft))
    assert status == 0
    lines = out.splitlines()
    not_given = [n for n, line in enumerate(lines) if line.startswith("  not given: ")]
    assert not_given
    for n in not_given:
        assert re.fullmatch(r"  not given: [A-Z][a-z ,]+: score -?\d+\.\d\d of the \d+\.\d\d needed", lines[n])
        details = lines[n + 1:next((m for m in not_given if m > n), len(lines))]
        assert details[0].startswith("    phrases: ")
        assert details[-1].startswith("    word model: ") and all(line.startswith("    ") for line in details)


class ClosedPipe(io.StringIO):
    """A terminal pipe whose reader stopped after ``lines`` lines, as ``| head`` does."""

    def __init__(self, lines):
        super().__init__()
        self.left = lines

    def write(self, text):
        if self.left <= 0:
            raise BrokenPipeError(32, "Broken pipe")
        self.left -= text.count("\n")
        return super().write(text)


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path, capsys):
    # `invoke themes FILE --all | head -1`: the reader goes away; the command stops, with no traceback.
    draft = tmp_path / "draft.md"
    draft.write_text("Title: Carers\n\nA carer, a carer and a carer went to the carers' centre.\n", encoding="utf-8")
    pipe = ClosedPipe(1)
    assert cli.main(["--all", str(draft)], stream=pipe) == 1
    assert pipe.getvalue() == "Carers (automatic)\n"
    assert capsys.readouterr().err == ""


def file_with(data):
    def make(folder):
        path = folder / "draft.md"
        path.write_bytes(data)
        return path

    return make


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.md", "error: cannot find this file"),
        (lambda p: p, "error: this is a folder, not a Markdown file"),
        (file_with(b"\x89PNG\x00\x01"), "error: this is not a text file"),
        (file_with("Title: Caf\xe9\n".encode("cp1252")), "error: the file is not saved as UTF-8"),
        # The same steps as ./dev check gives (one hint, written once in inmind.check_file).
        (file_with("Title: Caf\xe9\n".encode("cp1252")), "choose Save As, and pick the encoding 'UTF-8' (in Notepad"),
        (file_with(b"Title: x\nThemes: carer\n\nText.\n"), ':2: error: unknown theme "carer" in Themes. Did you mean "carers"?'),
    ],
)
def test_bad_files_get_a_clear_message(tmp_path, capsys, make, message):
    status, out, err = run(capsys, str(make(tmp_path)))
    assert status == 1
    assert message in err
    assert "Traceback" not in err and out == ""


def test_the_invoke_task(tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("Title: Peer support\n\nPeer support workers share their lived experience.\n", encoding="utf-8")
    invoke = [sys.executable, "-m", "invoke"]
    done = subprocess.run([*invoke, "themes", str(draft)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Lived experience (automatic)\n    phrases: ")
    missing = subprocess.run([*invoke, "themes", str(tmp_path / "nope.md")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1
    assert "nope.md: error: cannot find this file" in missing.stderr
    assert "Traceback" not in missing.stderr + missing.stdout


def test_the_first_in_mind_post_finds_its_themes_on_its_own(tmp_path, capsys):
    # Without its Themes: line the opening post still gets its editor's themes: the word model learned from the
    # content/ posts with a Themes: line, this one among them. It has five, one over the limit of four
    # automatic themes, and that one is shown as close, with the limit as the reason.
    source = (ROOT / "content" / "blog" / "2017" / "importance-of-co-production.md").read_text(encoding="utf-8")
    editors = {"Co-production", "Lived experience", "Choice and mental capacity", "Spiritual and pastoral care", "Research"}
    draft = tmp_path / "draft.md"
    draft.write_text("\n".join(line for line in source.splitlines() if not line.startswith("Themes:")), encoding="utf-8")
    status, out, _ = run(capsys, str(draft))
    assert status == 0
    lines = out.splitlines()
    given = [line.removesuffix(" (automatic)") for line in lines if line.endswith(" (automatic)")]
    assert len(given) == 4 and set(given) < editors
    assert "Co-production" in given  # the order is the word model's sureness, which moves when it is relearned
    close = [line for line in lines if line.startswith("  came close: ")]
    assert [line.split(":")[1].strip() for line in close if "over the limit of 4 automatic themes" in line] == list(editors - set(given))


# --- invoke themes-suggest ----------------------------------------------------------------------------


def vocabulary_tagger():
    from coproduction.tagger import Tagger
    from coproduction.vocabulary import ThemeEntry

    themes = [ThemeEntry("carers", "Carers", "Family.", ("carer",)), ThemeEntry("digital", "Digital", "Tech.", ("digital",))]
    return Tagger(themes, weights={"title": 3, "summary": 2, "body": 1}, threshold=2, max_auto_themes=4)


def test_suggest_finds_phrases_common_with_the_theme_and_rare_elsewhere():
    from coproduction.suggest import suggest

    posts = [
        ({"carers"}, "A respite break helped. Respite matters to every carer."),
        ({"carers"}, "We got a respite break at last, and the respite-break grant."),
        ({"carers"}, "A respite break for carers: how to ask."),
        (set(), "The car park is closed on Monday."),
        (set(), "The car park reopens on Tuesday."),
        ({"digital"}, "Digital notes. The car park app."),
    ]
    found = suggest(posts, vocabulary_tagger())
    phrases = [s.phrase for s in found["carers"]]
    assert phrases[0] == "respite break"  # in all three, nowhere else; beats the bare word "respite" it contains
    assert "respite" not in phrases
    assert not any("carer" in p for p in phrases)  # the vocabulary finds it already
    assert "car park" not in phrases and "every" not in phrases
    (best,) = [s for s in found["carers"] if s.phrase == "respite break"]
    assert (best.with_theme, best.others) == (3, 0)
    assert found["digital"] == []  # one post is too few to learn from


def test_suggest_never_runs_across_punctuation_and_keeps_hyphenated_words():
    from coproduction.suggest import ngrams

    grams = ngrams("Co-production works. Respite, break; the person's carer-led group")
    assert "co-production" in grams and "co-production works" in grams
    assert "works respite" not in grams and "respite break" not in grams
    assert "person" in grams and "carer-led group" in grams
    assert "the person" not in grams  # a stopword at the edge


def test_the_suggest_option_reads_the_sites_posts(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    for name in ("themes.toml", "authors.toml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    for n in range(3):
        (content / "blog" / f"c{n}.md").write_text(
            f"Title: Post {n}\nThemes: Carers\n\nA sitting service made all the difference, said the <b>carer</b>.\n", encoding="utf-8"
        )
    (content / "blog" / "other.md").write_text("Title: Parking\n\nThe car park is closed.\n", encoding="utf-8")
    settings_file = tmp_path / "settings.py"
    settings_file.write_text(f"PATH = {str(content)!r}\n", encoding="utf-8")
    status, out, err = run(capsys, "--settings", str(settings_file), "--suggest")
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "Carers: phrases common in its 3 posts with Themes: carers, rare elsewhere, not yet in its phrases:"
    assert '  "sitting service": in 3 of 3 posts with the theme, 0 of 1 others' in lines
    assert lines[-1] == "Add the ones that really mean the theme to the phrases of themes.toml."


def test_a_path_or_suggest_is_needed(capsys):
    with pytest.raises(SystemExit):
        cli.main([])
    assert "give the path of one Markdown file, or --suggest" in capsys.readouterr().err


def test_the_suggest_task(tmp_path):
    done = subprocess.run([sys.executable, "-m", "invoke", "themes-suggest"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "posts with Themes: co-production" in done.stdout and "Traceback" not in done.stderr


# A talk whose words are all in its transcript file: the post itself names none of the theme's wording.
TALK_POST = """\
Title: A short film from our team
Date: 2026-03-02
Author: Communications Team
Summary: A short film about our team.
Slug: talk
Transcript: {transcript}

Watch the film below.

https://www.youtube.com/watch?v=dQw4w9WgXcQ
"""
TALK_TRANSCRIPT = """\
Title: Transcript: A short film from our team

The chaplaincy team offers spiritual care to people of any faith or none. Our chaplain sits with people on
the wards, prays with those who want to pray, and listens to those who do not. Faith and belief can give
meaning and hope in hard times, and pastoral care is there for staff and families too. The chaplains keep
a quiet room open every day, and a multi-faith prayer room, and a chaplain is on call at night.
"""


def talk_site(build_site, tmp_path, transcript):
    site = build_site({"blog/2026/talk.md": TALK_POST.format(transcript=transcript),
                       "transcripts/talk.md": TALK_TRANSCRIPT,
                       "blog/2026/elsewhere.md": TALK_TRANSCRIPT.replace("Title: Transcript: ", "Date: 2026-03-01\nAuthor: Communications Team\nSummary: Our chaplains.\nSlug: elsewhere\nTitle: ")})
    settings_file = tmp_path / "settings.py"
    settings_file.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                             f"PATH = {str(site.content)!r}\n", encoding="utf-8")
    return site, settings_file


def test_a_transcript_file_counts_in_invoke_themes_as_in_a_build(build_site, tmp_path, capsys):
    site, settings_file = talk_site(build_site, tmp_path, "transcripts/talk.md")
    assert site.status == 0, site.messages
    built = [a.get_text() for a in site.soup("blog/2026/talk/index.html").select(".app-post-themes .app-themes a")]
    assert "Spiritual and pastoral care" in built
    status, out, err = run(capsys, "--settings", str(settings_file), str(site.content / "blog/2026/talk.md"))
    assert status == 0, err
    shown = [line.removesuffix(" (automatic)") for line in out.splitlines() if line.endswith(" (automatic)")]
    assert shown == built
    assert '"chaplaincy" ×1 (body 1' in out


@pytest.mark.parametrize("named", ["blog/2026/elsewhere.md", "../outside.md", "transcripts/missing.md"])
def test_a_transcript_the_build_would_not_read_is_not_read_by_invoke_themes_either(build_site, tmp_path, capsys, named):
    # A Transcript: line naming a file outside the transcripts' folder stops the build (invoke check says why);
    # invoke themes shows the post's own words without it, never a traceback.
    (tmp_path / "outside.md").write_text(TALK_TRANSCRIPT, encoding="utf-8")
    site, settings_file = talk_site(build_site, tmp_path, named)
    assert site.status != 0
    status, out, err = run(capsys, "--settings", str(settings_file), str(site.content / "blog/2026/talk.md"))
    assert status == 0, err
    assert "Spiritual and pastoral care" not in out and "chaplain" not in out
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "post",
    [TALK_POST.format(transcript="transcripts/talk.md").replace("https://www.youtube.com/watch?v=dQw4w9WgXcQ\n", ""),
     TALK_POST.format(transcript="transcripts/talk.md\nTranscript: transcripts/talk.md")],
    ids=["no-video", "more-files-than-videos"],
)
def test_a_transcript_line_the_build_refuses_as_a_whole_is_not_read_by_invoke_themes(build_site, tmp_path, capsys, post):
    # Each file is in the transcripts' folder, but the line names more transcripts than the post has videos:
    # the build stops on it and reads none of them.
    site, settings_file = talk_site(build_site, tmp_path, "transcripts/talk.md")
    (site.content / "blog/2026/talk.md").write_text(post, encoding="utf-8")
    status, out, err = run(capsys, "--settings", str(settings_file), str(site.content / "blog/2026/talk.md"))
    assert status == 0, err
    assert "Spiritual and pastoral care" not in out and "chaplain" not in out
    assert "Traceback" not in err
