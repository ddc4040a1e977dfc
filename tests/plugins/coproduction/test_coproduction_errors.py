"""Every bad input stops the build with a message naming the file, line, bad value and choices; never a traceback."""

import re
import tomllib
from types import SimpleNamespace

import pytest
from conftest import ROOT, SAMPLE_REAL_NAME
from coproduction import annotate
from coproduction.state import State
from pelican.settings import read_settings
from pelican.urlwrappers import Author

from inmind.errors import ContentError

REGISTRY = tomllib.loads((ROOT / "content" / "authors.toml").read_text(encoding="utf-8"))["author"]
REAL_NAME = SAMPLE_REAL_NAME  # configured for every test by conftest's private names file


def post(*lines, body="Some words about co-production."):
    return "\n".join(["Title: A post", "Date: 2018-03-01 09:00", "Summary: A post.", *lines]) + "\n\n" + body + "\n"


def failed(site, *expected):
    """Assert the build failed cleanly and printed every expected piece of text."""
    assert site.status == 1
    assert "Traceback" not in site.messages
    assert "build failed" in site.messages
    for text in expected:
        assert text in site.messages, site.messages
    return site.messages


def located(messages, file, line):
    assert re.search(rf"{re.escape(file)}:{line}: error: ", messages), messages


def test_unknown_theme(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Joe Rafferty", "Themes: co-production, carer")})
    messages = failed(site, 'unknown theme "carer" in Themes. Did you mean "carers"?', "valid themes are: co-production,")
    located(messages, "blog/2018/a.md", 5)


def test_unknown_role_group(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Sam Guest", "Author-role: Volunteer", "Role-group: carers")})
    messages = failed(site, 'unknown role group "carers" in Role-group. Did you mean "carer"?',
                      "staff, leadership, service-user, carer, volunteer, governor, partner")
    located(messages, "blog/2018/a.md", 6)


def test_author_with_no_role_anywhere(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Jo Rafferty")})
    messages = failed(site, 'author "Jo Rafferty" is not in authors.toml and this post gives no Author-role. '
                            'Did you mean "Joe Rafferty"?')
    located(messages, "blog/2018/a.md", 4)


def test_unknown_author_among_several(build_site):
    site = build_site({"blog/2018/a.md": post("Authors: Joe Rafferty, Maureen Costigon")})
    messages = failed(site, 'author "Maureen Costigon" is not in authors.toml', 'Did you mean "Maureen Costigan"?')
    located(messages, "blog/2018/a.md", 4)


def test_guest_with_a_role_but_no_group(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Sam Guest", "Author-role: Volunteer")})
    failed(site, 'guest author "Sam Guest" has an Author-role but no Role-group')


def test_registry_author_with_no_role(build_site):
    registry = (ROOT / "content" / "authors.toml").read_text(encoding="utf-8")
    registry += '\n[[author]]\nname = "Nadia Roleless"\nslug = "nadia-roleless"\nrole_group = "staff"\n'
    site = build_site({"authors.toml": registry, "blog/2018/a.md": post("Author: Nadia Roleless")})
    failed(site, 'author "Nadia Roleless" has no role in authors.toml or in this post')


def test_bad_auto_themes_value(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Joe Rafferty", "Auto-themes: maybe")})
    failed(site, 'Auto-themes must be "on" or "off", not "maybe"')


def test_malformed_vocabulary(build_site):
    themes = (ROOT / "content" / "themes.toml").read_text(encoding="utf-8")
    broken = themes.replace('slug = "recovery"', 'slug = "recovery', 1)
    line = broken.splitlines().index('slug = "recovery') + 1
    site = build_site({"themes.toml": broken, "blog/2018/a.md": post("Author: Joe Rafferty")})
    messages = failed(site, "this file is not valid TOML")
    located(messages, "themes.toml", line)


def test_vocabulary_with_a_misspelt_key(build_site):
    themes = (ROOT / "content" / "themes.toml").read_text(encoding="utf-8").replace("phrases =", "phrase =", 1)
    site = build_site({"themes.toml": themes, "blog/2018/a.md": post("Author: Joe Rafferty")})
    failed(site, "unknown key 'phrase'. Did you mean \"phrases\"?", "valid keys are: slug, label, description, phrases")


def test_malformed_registry(build_site):
    registry = (ROOT / "content" / "authors.toml").read_text(encoding="utf-8")
    broken = registry.replace('role_group = "leadership"', 'role_group = "leadersihp"', 1)
    line = broken.splitlines().index('role_group = "leadersihp"') + 1
    site = build_site({"authors.toml": broken, "blog/2018/a.md": post("Author: Joe Rafferty")})
    messages = failed(site, "unknown role_group 'leadersihp'. Did you mean \"leadership\"?")
    located(messages, "authors.toml", line)


def test_misspelt_setting(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Joe Rafferty")}, COPRODUCTION={"treshold": 1})
    failed(site, "COPRODUCTION has an unknown key 'treshold'. Did you mean \"threshold\"?", "valid keys are:")


def test_wrong_setting_value(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Joe Rafferty")}, COPRODUCTION={"weights": {"title": "high"}})
    failed(site, "COPRODUCTION['weights']['title'] must be a number of at least 0, not 'high'")


def test_real_name_reaching_the_output_any_other_way_stops_the_build(build_site):
    # The first name ends the title and the surname starts the summary: no field holds the name, but a list of
    # posts prints the two side by side, so only the last check, on the output, can catch it. (The lines between are
    # more than the one or two words a middle name takes, which the check of the file would read as the name.)
    first, surname = REAL_NAME.split(" ", 1)
    text = (f"Title: Thanks, {first}\nDate: 2018-03-01 09:00\nAuthor: Joe Rafferty\n"
            f"Summary: {surname} and I talk about caring.\n\nSome words about co-production.\n")
    site = build_site({"blog/2018/a.md": text})
    messages = failed(site, "the real name of the anonymous author", "reached the output file")
    assert REAL_NAME not in messages


def test_real_name_in_a_published_text_file_stops_the_build_at_its_line(build_site):
    # A text file is copied as it is; the check reads it before the build, as it reads every file in content/.
    site = build_site({"documents/notes.txt": f"Notes taken\nby {REAL_NAME}.\n",
                       "blog/2018/a.md": post("Author: Joe Rafferty")})
    messages = failed(site, 'notes.txt:2: error: the real name of the anonymous author "A carer" is written here')
    assert REAL_NAME not in messages


def test_real_name_in_a_drawing_stops_the_build_at_the_file_before_it_is_built(build_site):
    # A drawing's notes are left out of its published copy, but its title is not, and the file is in git.
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><title>Drawn by {REAL_NAME}</title></svg>'
    site = build_site({"images/drawing.svg": svg, "blog/2018/a.md": post("Author: Joe Rafferty")})
    messages = failed(site, 'images/drawing.svg: error: the file holds the real name of the anonymous author "A carer"')
    assert REAL_NAME not in messages


def test_real_name_in_the_text_stops_the_build_at_its_line(build_site):
    site = build_site({"blog/2018/a.md": post("Author: Joe Rafferty", body=f"Thanks to {REAL_NAME} for the idea.")})
    messages = failed(site, 'the real name of the anonymous author "A carer" is written here')
    located(messages, "a.md", 6)
    assert REAL_NAME not in messages


# --- The same errors from the signal receivers themselves (the build's last line of defence) ---


@pytest.fixture(scope="module")
def state():
    return State(read_settings(str(ROOT / "pelicanconf.py")))


def item(state, authors=("Joe Rafferty",), **metadata):
    return SimpleNamespace(
        source_path=str(ROOT / "content" / "blog" / "2017" / "importance-of-co-production.md"),
        metadata=metadata,
        title="A post",
        _content="<p>Words.</p>",
        authors=[Author(name, state.settings) for name in authors],
    )


@pytest.mark.parametrize(
    ("authors", "metadata", "message"),
    [
        (("Joe Rafferty",), {"themes": "co-production, recvery"}, 'unknown theme "recvery" in Themes. Did you mean "recovery"?'),
        (("Sam Guest",), {"author-role": "Volunteer", "role-group": "volunter"}, 'Did you mean "volunteer"?'),
        (("Joe Raferty",), {}, 'Did you mean "Joe Rafferty"?'),
        (("Joe Rafferty",), {"auto-themes": "sometimes"}, 'Auto-themes must be "on" or "off"'),
    ],
)
def test_handlers_raise_content_errors_with_a_line(state, authors, metadata, message):
    with pytest.raises(ContentError) as caught:
        annotate.annotate(item(state, authors, **metadata), state)
    assert message in caught.value.message
    assert caught.value.line >= 1 and caught.value.path.endswith(".md")


def test_handlers_replace_an_anonymous_authors_real_name(state):
    post = item(state, authors=(REAL_NAME,))
    annotate.annotate(post, state)
    assert [a.name for a in post.authors] == [p.name for p in post.author_profiles] != [REAL_NAME]
    assert post.author_profiles[0].anonymous


# --- The editorial checker's view (invoke check) ---


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def check(settings, rel, text):
    from coproduction.checks import check as run_check

    from inmind.source import parse

    path = str(ROOT / "content" / rel)
    return run_check(path, text, parse(text).metadata, settings)


def test_checks_report_every_problem_with_its_line(settings):
    text = post("Authors: Joe Rafferty, Sam Guest", "Themes: carer, recovery", "Role-group: volunter", "Auto-themes: perhaps",
                body=f"Thanks to {REAL_NAME}.")
    problems = {(p.line, p.severity, p.message.split(".")[0]) for p in check(settings, "blog/2018/a.md", text)}
    assert problems == {
        (5, "error", 'unknown theme "carer" in Themes'),
        (7, "error", 'Auto-themes must be "on" or "off", not "perhaps"'),
        (6, "error", 'unknown role group "volunter" in Role-group'),
        (4, "error", 'author "Sam Guest" is not in authors'),
        (9, "error", 'the real name of the anonymous author "A carer" is written here'),
    }
    assert all(REAL_NAME not in p.message for p in check(settings, "blog/2018/a.md", text))


def test_checks_accept_good_posts_and_leave_pages_authors_alone(settings):
    good = post("Author: A carer", "Themes: Carers, co-production")
    assert check(settings, "blog/2018/a.md", good) == []
    # The real name is an error even in Author: (the file is in git); the build would map it to the public name.
    assert [p.line for p in check(settings, "blog/2018/a.md", post("Author: " + REAL_NAME))] == [4]
    assert check(settings, "pages/about.md", post("Author: Somebody Unlisted")) == []
    assert [p.line for p in check(settings, "blog/2018/b.md", post("Author: Somebody Unlisted"))] == [4]


def test_a_large_file_beside_a_post_is_read_at_its_start_and_end(tmp_path, monkeypatch):
    # A video or an archive dropped into content/ is never read whole: its start and its end hold its details.
    from coproduction import checks

    monkeypatch.setattr(checks, "READ_LIMIT", 16)
    path = tmp_path / "big.bin"
    path.write_bytes(b"S" * 16 + b"M" * 100 + b"E" * 16)
    assert checks._head_and_tail(path) == b"S" * 16 + b"\n" + b"E" * 16
    path.write_bytes(b"small")
    assert checks._head_and_tail(path) == b"small"


def test_a_git_folder_inside_content_is_not_read(build_site):
    # A nested repository's own folder is never committed to the site's repository (git keeps it out): not read.
    site = build_site({".git/config": f"[user]\n\tname = {REAL_NAME}\n", "blog/2018/a.md": post("Author: Joe Rafferty")})
    assert site.status == 0, site.messages
