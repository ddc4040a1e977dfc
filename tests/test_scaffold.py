"""invoke new and invoke new-agm: valid drafts that pass invoke check, and never an overwritten file."""

import datetime as dt
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invoke import Context
from invoke.exceptions import Exit

import tasks
from inmind.errors import ContentError
from inmind.scaffold import new_agm, new_post, next_meeting_note
from inmind.source import parse

NOW = dt.datetime(2024, 3, 5, 10, 30)


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def check(content, *args):
    result = subprocess.run(
        [sys.executable, "-m", "inmind.check", "--settings", str(ROOT / "pelicanconf.py"), "--path", str(content),
         *args], cwd=content.parent, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    return result.returncode, result.stdout + result.stderr


def test_a_new_post_has_valid_metadata_and_passes_the_checks(content):
    path = new_post(content, title="Why co-production matters to me!", author="danny whitfield",
                    themes="Carers, recovery", series="In Mind")
    assert path == content / "blog" / f"{dt.date.today():%Y}" / "why-co-production-matters-to-me.md"
    meta = parse(path.read_text(encoding="utf-8")).metadata
    assert meta["title"] == "Why co-production matters to me!"
    assert meta["author"] == "Danny Whitfield"  # the registry's spelling
    assert meta["slug"] == "why-co-production-matters-to-me"
    assert meta["status"] == "draft"
    assert meta["themes"] == "carers, recovery"
    assert meta["series"] == "In Mind" and int(meta["series_index"]) > 1
    assert dt.datetime.strptime(meta["date"], "%Y-%m-%d %H:%M").date() == dt.date.today()
    code, output = check(content)
    assert code == 0, output
    assert "error" not in output.replace("0 errors", "")
    # Danny is a service user: the post starts with a Consent: line to fill in (tests/test_scaffold_consent.py).
    assert "why-co-production-matters-to-me.md:4: warning: 6 lines still have the \"Replace this ...\" text" in output
    assert re.search(r"the new file started with \(lines 4, 6, \d+, \d+, \d+ and \d+\)", output), output


def test_a_new_post_with_its_placeholders_cannot_be_published(content):
    path = new_post(content, title="A finished post", author="Communications Team", now=NOW)
    path.write_text(path.read_text(encoding="utf-8").replace("Status: draft\n", ""), encoding="utf-8")
    code, output = check(content, "--fatal-warnings")
    assert code == 1
    assert "a-finished-post.md:5: error: 5 lines still have" in output


def test_a_guest_author_gives_a_role_and_group(content):
    with pytest.raises(ContentError) as caught:
        new_post(content, title="A guest post", author="Sam Guest", now=NOW)
    assert '"Sam Guest" is not in content/authors.toml' in caught.value.message
    # A second anonymous carer typed as a new name must not become a guest the real-name check never reads.
    assert "anonymous is never a one-off guest" in caught.value.hint
    path = new_post(content, title="A guest post", author="Sam Guest", role="Carer", role_group="carer", now=NOW)
    meta = parse(path.read_text(encoding="utf-8")).metadata
    assert (meta["author-role"], meta["role-group"]) == ("Carer", "carer")
    assert check(content)[0] == 0


# Every line break Python and Markdown read as one (\r, \x0b, \x1c, \u2028 …): an option that held one wrote a field of
# its own (Save_as:, Status:) into the new file.
@given(st.sampled_from(["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]),
       st.sampled_from(["author", "role", "role_group", "themes", "series", "title"]))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_line_break_in_any_option_never_writes_a_field_of_its_own(content, tmp_path_factory, brk, key):
    folder = tmp_path_factory.mktemp("c") / "content"
    shutil.copytree(content, folder)
    options = {"title": "A guest post", "author": "Sam Guest", "role": "Carer", "role_group": "carer",
               "themes": "carers", "series": None}
    options[key] = (options[key] or "In Mind") + brk + ("Save_as: index.html" if key != "role_group" else "")
    try:
        path = new_post(folder, now=NOW, slug="a-guest-post", **options)
    except ContentError as refused:
        assert "Traceback" not in refused.format() and "save_as" not in str(refused.hint).lower()
        return
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(text.split("\n")) - 1, "a line break other than \\n is in the file"
    assert not re.search(r"^Save_as:", text, re.M) and "save_as" not in parse(text).metadata


def test_a_real_name_in_a_guests_role_is_refused_and_never_written(content):
    with pytest.raises(ContentError) as caught:
        new_post(content, title="A guest post", author="Sam Guest", role="Philippa Marchbanks-Oduya's carer",
                 role_group="carer", now=NOW)
    assert 'the role contains the real name of the anonymous author "A carer"' in caught.value.message
    assert not (content / "blog" / "2024").exists()


@pytest.mark.parametrize("series", ["Philippa Marchbanks-Oduya's year", lambda: "Philippa Marchbanks-Oduya's year"])
def test_a_real_name_in_the_series_is_refused_and_never_written(content, series):
    # --series, or the answer to the question ./dev new asks: either goes into the new file's Series: line.
    with pytest.raises(ContentError) as caught:
        new_post(content, title="A post", author="Communications Team", series=series, now=NOW)
    assert 'the series contains the real name of the anonymous author "A carer"' in caught.value.message
    assert "Marchbanks" not in caught.value.format()
    assert not (content / "blog" / "2024").exists()


@pytest.mark.parametrize("author", ["Maureen Costigan and A carer", "maureen costigan & a carer"])
def test_two_writers_joined_with_and_are_told_to_use_a_comma(content, author):
    with pytest.raises(ContentError) as caught:
        new_post(content, title="Two voices", author=author, now=NOW)
    assert caught.value.message == f'"{author}" names 2 writers as one: the site reads only commas between writers'
    assert caught.value.hint == 'separate them with commas: --author "Maureen Costigan, A carer"'
    assert not list(content.glob("blog/*/two-voices.md"))
    path = new_post(content, title="Two voices", author="Maureen Costigan, A carer", now=NOW)
    assert parse(path.read_text(encoding="utf-8")).metadata["authors"] == "Maureen Costigan, A carer"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"title": "A post", "author": "Danny Whitfeld"}, '"Danny Whitfeld" is not in content/authors.toml. '
                                                          'Did you mean "Danny Whitfield"?'),
        ({"title": "A post", "author": "Danny Whitfield", "themes": "carer"}, '"carer" is not a theme in '
                                                                            'content/themes.toml. Did you mean "carers"?'),
        ({"title": "   ", "author": "Danny Whitfield"}, "the post needs a title"),
        ({"title": "A <b>bold</b> post", "author": "Danny Whitfield"}, "the title contains HTML"),
        ({"title": "!!!", "author": "Danny Whitfield"}, '"" cannot be used in a web address'),
        ({"title": "A post", "author": ""}, "the post needs an author"),
        ({"title": "A post", "author": "Sam", "role": "Carer", "role_group": "carers"},
         '"carers" is not a role group. Did you mean "carer"?'),
        ({"title": "Asked, not told", "author": "Danny Whitfield"}, 'another post already has the web address ending "asked-not-told"'),
    ],
)
def test_bad_options_are_refused_with_a_suggestion(content, options, message):
    with pytest.raises(ContentError) as caught:
        new_post(content, now=NOW, **options)
    assert message in caught.value.message
    assert not (content / "blog" / "2024").exists()


def test_an_existing_file_is_never_overwritten(content):
    path = new_post(content, title="My story", author="Communications Team", now=NOW)
    path.write_text("my careful edits", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        new_post(content, title="My story", author="Communications Team", now=NOW)
    assert "my-story.md already exists; it was left as it is" in caught.value.message
    assert path.read_text(encoding="utf-8") == "my careful edits"


def test_a_new_agm_summary_passes_the_checks_and_is_never_overwritten(content):
    path = new_agm(content, year=dt.date.today().year)
    assert path == content / "agm" / f"{dt.date.today().year}.md"
    meta = parse(path.read_text(encoding="utf-8")).metadata
    assert meta["status"] == "draft" and meta["slug"] == f"agm-{dt.date.today().year}"
    code, output = check(content)
    assert code == 0, output
    with pytest.raises(ContentError) as caught:
        new_agm(content, year=dt.date.today().year)
    assert "already exists" in caught.value.message


@pytest.mark.parametrize(("year", "message"), [("twenty", '"twenty" is not a year'), (1999, "1999 is not a year"),
                                                (2019, "2019.md already exists")])
def test_bad_agm_years_are_refused(content, year, message):
    with pytest.raises(ContentError) as caught:
        new_agm(content, year=year, now=NOW)
    assert message in caught.value.message


@pytest.mark.parametrize(("date", "line", "said"), [
    ("2023-09-27", "Date: 2023-09-27 14:00", "took place on Wednesday 27 September 2023"),
    ("27/09/2023 10:30", "Date: 2023-09-27 10:30", "took place on Wednesday 27 September 2023"),  # UK, day first
    ("  05/12/2023  ", "Date: 2023-12-05 14:00", "took place on Tuesday 5 December 2023"),
])
def test_a_summary_written_after_the_meeting_says_its_day_in_both_places(content, date, line, said):
    # The Date: line and the first sentence: a writer who fixed one and not the other published two dates.
    text = new_agm(content, year=2023, date=date, now=NOW).read_text(encoding="utf-8")
    assert line in text.splitlines() and said in text
    assert check(content)[0] == 0


@pytest.mark.parametrize(("date", "message"), [("2022-09-27", "27 September 2022 is not in 2023"),
                                                ("next Tuesday", '"next Tuesday" is not a date the site can read'),
                                                ("31/02/2023", "is not a date the site can read")])
def test_a_meeting_date_that_cannot_be_right_is_refused_before_a_file_is_written(content, date, message):
    with pytest.raises(ContentError) as caught:
        new_agm(content, year=2023, date=date, now=NOW)
    assert message in caught.value.message and "--date" in caught.value.hint
    assert not (content / "agm" / "2023.md").exists()


def test_the_invoke_tasks_print_the_path_and_the_next_step(content, monkeypatch, capsys):
    monkeypatch.setattr(tasks, "ROOT", content.parent)
    tasks.new(Context(), title="From the task", author="Communications Team", themes="carers")
    out = capsys.readouterr().out
    assert f"created content/blog/{dt.date.today():%Y}/from-the-task.md" in out
    assert "next: replace the 'Replace this' text and run `./dev check`" in out
    # The officer is told where the draft's preview is, not left to guess the address.
    assert "run `./dev serve` and open http://127.0.0.1:8000/drafts/from-the-task/" in out
    tasks.new_agm(Context(), year=str(dt.date.today().year))
    out = capsys.readouterr().out
    assert f"created content/agm/{dt.date.today().year}.md" in out
    # An AGM summary's address is its Slug: (agm-YEAR), not its file name (YEAR.md).
    assert f"run `./dev serve` and open http://127.0.0.1:8000/drafts/agm-{dt.date.today().year}/" in out
    with pytest.raises(Exit) as caught:
        tasks.new(Context(), title="From the task", author="Communications Team")
    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "from-the-task.md: error: from-the-task.md already exists" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("options", "what"),
    [
        ({"title": "Philippa Marchbanks-Oduya on caring", "author": "A carer"}, "title"),
        ({"title": "On caring", "author": "A carer", "slug": "philippa-marchbanks-oduya"}, "slug"),
        ({"title": "On caring", "author": "A carer", "slug": "marchbanks-oduya-philippa"}, "slug"),
        ({"title": "PHILIPPA MARCHBANKS\u00adODUYÁ", "author": "A carer"}, "title"),
        ({"title": "On caring", "author": "Philippa Marchbanks-Oduya"}, "author"),
    ],
)
def test_a_real_name_is_refused_and_never_written(content, options, what):
    # conftest's private names file gives the sample's anonymous author a made-up real name.
    with pytest.raises(ContentError) as caught:
        new_post(content, now=NOW, **options)
    assert f'the {what} contains the real name of the anonymous author "A carer"' in caught.value.message
    assert "Marchbanks" not in caught.value.format()
    assert not (content / "blog" / "2024").exists()


def test_a_new_post_joins_a_series_only_when_asked(content, monkeypatch, capsys):
    plain = new_post(content, title="On its own", author="Communications Team", now=NOW)
    assert "series" not in parse(plain.read_text(encoding="utf-8")).metadata
    other = new_post(content, title="First of many", author="Communications Team", now=NOW, series="Carers' voices")
    meta = parse(other.read_text(encoding="utf-8")).metadata
    assert (meta["series"], meta["series_index"]) == ("Carers' voices", "1")
    monkeypatch.setattr(tasks, "ROOT", content.parent)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "2")
    tasks.new(Context(), title="Second of many", author="Communications Team")
    out = capsys.readouterr().out
    assert "1: In Mind, 2: Carers' voices" in out
    second = content / "blog" / f"{dt.date.today():%Y}" / "second-of-many.md"
    meta = parse(second.read_text(encoding="utf-8")).metadata
    assert (meta["series"], meta["series_index"]) == ("Carers' voices", "2")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    tasks.new(Context(), title="Not asked", author="Communications Team")
    assert 'to add it to one, start it with --series "In Mind"' in capsys.readouterr().out
    with pytest.raises(ContentError, match="plain text"):
        new_post(content, title="Bad series", author="Communications Team", now=NOW, series="<b>x</b>")


def test_the_series_question_comes_only_after_the_author_and_themes_are_valid(content, monkeypatch, capsys):
    # Answering a question and only then learning the author was misspelt wastes the answer.
    monkeypatch.setattr(tasks, "ROOT", content.parent)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "")
    for options in ({"author": "Communications Teem"}, {"author": "Communications Team", "themes": "carrers"}):
        with pytest.raises(Exit):
            tasks.new(Context(), title="Asked too soon", **options)
        assert asked == [] and "Is this post part of a series?" not in capsys.readouterr().out
    tasks.new(Context(), title="Asked in time", author="Communications Team")
    assert len(asked) == 1


@pytest.mark.parametrize(("date", "noted"), [("2027-09-22 14:00", True), ("22/09/2027 14:00", True),
                                             ("2028-09-20 14:00", False), ("the 22nd", False), (None, False)])
def test_a_summary_started_for_the_year_next_md_describes_says_what_to_do_with_it(content, date, noted):
    # The check stops the build while both describe one meeting: say so when the summary is started, not only then.
    next_md = content / "agm" / "next.md"
    if date is None:
        next_md.unlink()
    else:
        next_md.write_text(re.sub(r"(?m)^Date: .*$", f"Date: {date}", next_md.read_text(encoding="utf-8")), encoding="utf-8")
    note = next_meeting_note(content, 2027)
    assert bool(note) is noted, note
    if noted:
        assert note.startswith("note: content/agm/next.md still describes the 2027 meeting; when this summary is ready, "
                               "delete next.md or change it to the following meeting")


def test_new_agm_prints_the_note_about_next_md(content, monkeypatch, capsys):
    year = dt.date.today().year
    next_md = content / "agm" / "next.md"
    next_md.write_text(re.sub(r"(?m)^Date: .*$", f"Date: {year}-01-02 14:00", next_md.read_text(encoding="utf-8")),
                       encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", content.parent)
    tasks.new_agm(Context(), year=str(year))
    assert f"note: content/agm/next.md still describes the {year} meeting" in capsys.readouterr().out
