"""The pure rules: consent references, content notes, safe language, review dates, and withdrawal addresses."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from safeguarding import language, rules, settings, withdrawal

from inmind.source import parse

CONFIG = settings.merged({})
WORDS = language.load_language(CONFIG.language)
TODAY = datetime.date(2026, 11, 30)


def post(body, **fields):
    head = {"Title": "A post", "Author": "Danny Whitfield", **fields}
    return parse("".join(f"{k}: {v}\n" for k, v in head.items()) + "\n" + body)


@pytest.mark.parametrize("value, ok", [
    ("CF-2019-044", True), ("CF-1999-001", True), (" CF-2019-044 ", True),
    ("CF-19-044", False), ("cf-2019-044", False), ("CF-2019-0441", False), ("CF-2019-44", False),
    ("Danny Whitfield signed 3 May", False), ("CF-2019-044 Danny", False), ("CF‐2019‐044", False),  # Unicode hyphens
    ("CF-２０１９-044", False),  # full-width digits are not \d for a pattern built for ASCII
])
def test_consent_reference_must_match_the_pattern(value, ok):
    problems = rules.consent("p.md", post("Text.", Consent=value), {"service-user"}, CONFIG)
    assert (not problems) == ok, problems
    if not ok:
        assert "[consent-invalid]" in problems[0].message and problems[0].line == 3


def test_missing_consent_is_reported_at_the_author_line_with_an_example():
    (problem,) = rules.consent("p.md", post("Text."), {"carer"}, CONFIG)
    assert problem.line == 2 and problem.severity == "warning" and "[consent-missing]" in problem.message
    assert "CF-" in problem.hint


@pytest.mark.parametrize("groups, needed", [
    ({"staff"}, False), ({"leadership"}, False), ({"staff", "leadership"}, False),
    ({"staff", "carer"}, True), ({"partner"}, True), (None, True), (set(), True),
])
def test_consent_is_needed_unless_every_writer_is_staff_or_leadership(groups, needed):
    assert bool(rules.consent("p.md", post("Text."), groups, CONFIG)) == needed


def test_two_consent_lines_are_an_error():
    source = parse("Title: A\nConsent: CF-2019-001\nConsent: CF-2019-002\n\nText.\n")
    assert any("[consent-duplicate]" in p.message and p.line == 3 for p in rules.consent("p", source, {"carer"}, CONFIG))


@given(st.text(max_size=30))
def test_only_references_of_the_pattern_pass(value):
    value = " ".join(value.split())
    ok = not rules.consent("p.md", post("Text.", Consent=value or "x"), {"carer"}, CONFIG)
    assert ok == bool(CONFIG.consent_regex.fullmatch(value.strip())) if value else True


def test_consent_pattern_setting_changes_what_is_accepted():
    config = settings.merged({"SAFEGUARDING": {"consent_pattern": "MC/NNNN"}})
    assert not rules.consent("p", post("T", Consent="MC/0042"), {"carer"}, config)
    assert rules.consent("p", post("T", Consent="CF-2019-044"), {"carer"}, config)


@pytest.mark.parametrize("body", [
    "Last spring I started to self-harm again.", "I took an overdose in 2015.", "My brother died by suicide.",
    "I had suicidal thoughts.", "I wanted to\nkill myself.", "SELF HARM is not attention seeking.",
])
def test_a_post_about_suicide_self_harm_or_overdose_needs_a_content_note(body):
    (problem,) = rules.content_note("p.md", post(body), WORDS, CONFIG)
    assert "[content-note-missing]" in problem.message and problem.severity == "warning" and problem.line >= 4
    assert not rules.content_note("p.md", post(body, **{"Content-note": "Talks about self-harm."}), WORDS, CONFIG)


@pytest.mark.parametrize("body", ["We harmonised the forms.", "Suicidea is not a word.", "    self-harm in code\n",
                                  "```\nsuicide\n```"])
def test_no_content_note_needed_for_other_words_or_code(body):
    assert not rules.content_note("p.md", post(body), WORDS, CONFIG)


def test_the_topic_in_the_title_counts():
    assert rules.content_note("p.md", post("Text.", Title="Living after an overdose"), WORDS, CONFIG)


@pytest.mark.parametrize("body, suggestion", [
    ("He committed suicide in 2010.", "died by suicide"),
    ("People who commit suicide", "took their own life"),
    ("My uncle\ncommitted  suicide.", "died by suicide"),
    ("It was a failed attempt.", "attempted suicide"),
    ("after a successful suicide attempt", "died by suicide"),
    ("a suicide epidemic among young men", "the rate of"),
    ("an epidemic of self-harm", "a rise in"),
])
def test_phrases_the_guidelines_advise_against_are_flagged_with_the_alternative(body, suggestion):
    problems = rules.safe_language("p.md", post(body), WORDS)
    assert problems and all(p.severity == "notice" for p in problems)
    assert suggestion in problems[0].message and "[safe-language]" in problems[0].message
    assert problems[0].line == 4 + body.count("\n") and "Samaritans" in problems[0].hint


def test_method_words_are_flagged_for_review_only_in_posts_on_the_topic():
    flagged = rules.safe_language("p.md", post("After the overdose I stockpiled my tablets."), WORDS)
    assert {p.message.split('"')[1] for p in flagged if "[means-review]" in p.message} == {"stockpiled", "tablets"}
    assert not rules.safe_language("p.md", post("I take two tablets and cross the bridge."), WORDS)


@pytest.mark.parametrize("fields, ids", [
    ({"Reviewed": "2026-01-10", "Review-due": "2027-01-10"}, []),
    ({"Reviewed": "2025-01-10", "Review-due": "2026-01-10"}, ["review-overdue"]),
    ({"Reviewed": "10/01/2026"}, ["review-date-invalid"]),
    ({"Review-due": "2026-02-30"}, ["review-date-invalid"]),
    ({"Reviewed": "2026-05-01", "Review-due": "2026-04-01"}, ["review-date-invalid"]),
    ({"Reviewed": "2027-05-01"}, ["review-date-invalid"]),
])
def test_review_dates(fields, ids):
    found = rules.review_dates("p.md", post("T", **fields), TODAY)
    assert [p.message.rsplit("[", 1)[1].rstrip("]") for p in found] == ids
    assert all(p.severity == "notice" for p in found if "overdue" in p.message)


def test_withdrawn_address_follows_the_url_settings():
    meta = {"title": "Ça va: my story", "date": datetime.datetime(2019, 3, 4, 9)}
    conf = {"ARTICLE_URL": "blog/{date:%Y}/{slug}/", "ARTICLE_SAVE_AS": "blog/{date:%Y}/{slug}/index.html",
            "SLUG_REGEX_SUBSTITUTIONS": [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]}
    assert withdrawal.address(meta, conf, "ARTICLE") == ("blog/2019/ca-va-my-story/", "blog/2019/ca-va-my-story/index.html")
    assert withdrawal.address({**meta, "slug": "own"}, conf, "ARTICLE")[0] == "blog/2019/own/"


def test_pictures_to_drop_keeps_any_picture_another_text_names():
    withdrawn = ["![a]({static}/images/a.svg) ![b](../images/b.png) <img src='/images/c.jpg'> [d](https://x/d.png)"]
    others = ["Here is ![b]({static}/images/B.png)"]
    paths = ["images/a.svg", "images/b.png", "images/c.jpg", "images/d.png", "images/e.svg"]
    assert withdrawal.pictures_to_drop(paths, withdrawn, others) == {"images/a.svg", "images/c.jpg"}


def test_contacts_file_numbers_are_diallable():
    contacts = language.load_contacts(CONFIG.contacts)
    assert {c.href for c in contacts} >= {"tel:111", "tel:116123", "sms:85258?&body=SHOUT", "tel:999"}
    assert all(language.NUMBER.match(c.number) for c in contacts)


@pytest.mark.parametrize("entry", ['kind = "fax"\nnumber = "111"', 'kind = "tel"\nnumber = "116 123"',
                                   'kind = "tel"\nnumber = "javascript:alert(1)"'])
def test_a_wrong_contact_is_refused_with_its_file(tmp_path, entry):
    path = tmp_path / "c.toml"
    path.write_text(f'[[contact]]\nbefore = "Call"\nlink = "x"\n{entry}\n', encoding="utf-8")
    with pytest.raises(Exception, match="number 1") as caught:
        language.load_contacts(path)
    assert caught.value.path == str(path)


def test_a_wrong_setting_names_the_key():
    with pytest.raises(Exception, match="consent_pattern"):
        settings.merged({"SAFEGUARDING": {"consent_pattern": "abc"}})
    with pytest.raises(Exception, match="consent_patern"):
        settings.merged({"SAFEGUARDING": {"consent_patern": "CF-NNN"}})
