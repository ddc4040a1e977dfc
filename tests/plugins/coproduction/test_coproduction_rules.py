"""The rules for a post's co-production lines, each written once: what they accept, refuse and say."""

import re
from pathlib import Path

import pytest
from coproduction import rules, vocabulary
from coproduction.model import Theme
from hypothesis import assume, given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
THEMES = [Theme("carers", "Carers", "", "themes/carers/", ""), Theme("recovery", "Recovery and hope", "", "", "")]
REGISTRY = vocabulary.Registry([
    vocabulary.AuthorEntry("Joe Rafferty", "joe-rafferty", ("Governor",), "governor"),
    vocabulary.AuthorEntry("Nadia Roleless", "nadia-roleless", (), None),
])


def messages(pairs):
    return [(field, problem.message) for field, problem in pairs]


@pytest.mark.parametrize(
    ("value", "separators", "parts"),
    [("a, b,,c ", ",", ["a", "b", "c"]), (["a; b", "c"], ";", ["a", "b", "c"]), ("a;b,c", ",;", ["a", "b", "c"]),
     ("", ",", []), (" , ; ", ",;", [])],
)
def test_split(value, separators, parts):
    assert rules.split(value, separators) == parts


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("Carer; Peer worker", ["Carer", "Peer worker"]),
        ("Peer &lt;support&gt; worker; Carer", ["Peer &lt;support&gt; worker", "Carer"]),
        ("Carer &#59; friend;Volunteer", ["Carer &#59; friend", "Volunteer"]),
        ("A &#x3B; b &#X3b; c", ["A &#x3B; b &#X3b; c"]),
        ("R&D; Volunteer", ["R&D", "Volunteer"]),  # "&D;" is no character reference: its ";" separates
        ("Tom &amp Jerry; &; &#; &#x;", ["Tom &amp Jerry", "&", "&#", "&#x"]),
        ("Carer\u037eVolunteer\uff1bGovernor\ufe54Nurse\ufe14Cook", ["Carer", "Volunteer", "Governor", "Nurse", "Cook"]),
        (["Carer &lt;", "x; y"], ["Carer &lt;", "x", "y"]),
        (" ; ;\u00a0; ", []),
    ],
)
def test_roles_are_split_at_separators_only(value, parts):
    assert rules.roles(value) == parts


def test_the_role_separators_are_every_character_nfkc_makes_a_semicolon():
    import sys
    import unicodedata

    found = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.normalize("NFKC", chr(c)) == ";"}
    assert found == rules.ROLE_SEPARATORS


_REFERENCES = st.one_of(
    st.sampled_from(sorted(name for name in __import__("html.entities").entities.html5 if name.endswith(";"))),
    st.integers(0, 0x10FFFF).map(lambda n: f"#{n};"),
    st.integers(0, 0x10FFFF).map(lambda n: f"#x{n:X};"),
).map(lambda name: "&" + name)
_ROLE_TEXT = st.text(st.characters(blacklist_characters=sorted(rules.ROLE_SEPARATORS), blacklist_categories=("Cs",)))


@st.composite
def role_texts(draw):
    """One role as a writer might type it: free text with typed character references anywhere in it."""
    pieces = draw(st.lists(st.one_of(_ROLE_TEXT, _REFERENCES), min_size=1, max_size=5))
    return "".join(pieces)


@given(st.lists(role_texts(), max_size=4), st.sampled_from(sorted(rules.ROLE_SEPARATORS)), st.sampled_from(["", " "]),
       st.sampled_from(["", " ", "  "]))
def test_roles_joined_by_any_separator_come_back_as_typed(written, separator, before, after):
    import re as regex

    # "&lt" then ";" is a typed "&lt;" whoever meant it: only a space before the separator keeps such a role whole.
    assume(before or not any(regex.search(r"&(#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*)$", r) for r in written))
    expected = [role.strip() for role in written if role.strip()]
    assert rules.roles((before + separator + after).join(written)) == expected


@given(st.text(st.sampled_from("ab &#x3Bltgq;\u037e\uff1b ")))
def test_every_semicolon_left_inside_a_role_ends_a_typed_reference(value):
    import html
    import re as regex

    for role in rules.roles(value):
        assert role == role.strip() and role
        bare = regex.sub(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);",
                         lambda m: "" if html.unescape(m.group(0)) != m.group(0) or m.group(0)[1] == "#" else m.group(0),
                         role)
        assert not set(bare) & rules.ROLE_SEPARATORS, (value, role)


@pytest.mark.parametrize(
    ("value", "slugs", "problems"),
    [
        ("carers, Recovery and hope", ["carers", "recovery"], []),
        ("CARERS; recovery;carers", ["carers", "recovery"], []),  # slugs in any case, each theme once
        ("recovery  AND   hope", ["recovery"], []),  # a label in any case and spacing
        ("carer, recovery", ["recovery"], ['unknown theme "carer" in Themes. Did you mean "carers"?']),
        ("<b>x</b>", [], ['unknown theme "<b>x</b>" in Themes.']),
    ],
)
def test_themes_are_named_by_slug_or_label(value, slugs, problems):
    found, unknown = rules.ThemeNames(THEMES, "themes.toml").named(value)
    assert [t.slug for t in found] == slugs
    assert messages(unknown) == [("themes", m) for m in problems]
    assert all(p.hint == "valid themes are: carers, recovery (see themes.toml)" and p.line is None for _, p in unknown)


@pytest.mark.parametrize(("value", "on"), [("off", False), (" No ", False), ("0", False), ("none", False),
                                           ("on", True), ("YES", True), ("1", True)])
def test_auto_themes(value, on):
    assert rules.auto_themes(value) == (on, [])


@pytest.mark.parametrize("value", ["maybe", "", "o n", "offf", "ｏｆｆ"])
def test_auto_themes_refuses_anything_else_and_quotes_it(value):
    on, problems = rules.auto_themes(value)
    assert on and messages(problems) == [("auto-themes", f'Auto-themes must be "on" or "off", not "{value}"')]


@given(st.text())
def test_a_role_group_is_a_group_or_a_problem_never_both(value):
    slug, problems = rules.role_group(value)
    assert (slug is None) == bool(problems)
    assert slug is None or slug in vocabulary.ROLE_GROUPS


def author(name, *, roles=(), group=None, group_written=False, slug=None):
    return messages(rules.author_problems(name, REGISTRY, slug=slug or name.lower().replace(" ", "-"), roles=roles,
                                          group=group, group_written=group_written, registry_name="authors.toml"))


def test_a_registry_author_needs_nothing_more():
    assert author("joe  RAFFERTY") == []


def test_a_registry_author_without_role_or_group_takes_them_from_the_post():
    assert author("Nadia Roleless", roles=["Nurse"], group="staff") == []
    assert author("Nadia Roleless") == [
        ("author", 'author "Nadia Roleless" has no role in authors.toml or in this post'),
        ("author", 'author "Nadia Roleless" has no role group in authors.toml or in this post'),
    ]
    # A Role-group line that names no group has its own problem: no second one here.
    assert author("Nadia Roleless", roles=["Nurse"], group_written=True) == []


def test_a_guest_needs_a_role_and_a_group():
    assert author("Sam Guest", roles=["Volunteer"], group="volunteer") == []
    assert author("Joe Raferty") == [("author", 'author "Joe Raferty" is not in authors.toml and this post gives no '
                                                'Author-role. Did you mean "Joe Rafferty"?')]
    assert author("Sam Guest", roles=["Volunteer"]) == [
        ("author-role", 'guest author "Sam Guest" has an Author-role but no Role-group')]


@pytest.mark.parametrize("name", ["Joe Rafferty and Nadia Roleless", "joe rafferty & Nadia Roleless",
                                  "Joe Rafferty; Nadia Roleless", "Joe Rafferty AND  nadia roleless"])
def test_registered_writers_joined_with_and_are_told_to_use_commas(name):
    # Two names joined as in a sentence read as one unknown guest: say what to write instead.
    assert author(name) == [("author", f'"{name}" names 2 writers as one: the site reads only commas between writers')]
    (problem,) = rules.author_problems(name, REGISTRY, slug="x", roles=(), group=None, group_written=False,
                                       registry_name="authors.toml")
    assert problem[1].hint == "write them separated by commas: Authors: Joe Rafferty, Nadia Roleless"


@pytest.mark.parametrize("name", ["Friends and Family", "Joe Rafferty and Friends", "Joe Rafferty and"])
def test_a_name_with_and_in_it_is_an_ordinary_guest(name):
    # Only when every part is a registered writer: "Friends and Family" may be a guest's own name.
    assert author(name, roles=["Volunteer"], group="volunteer") == []


def test_a_guest_never_takes_a_registered_authors_address():
    # "Joe Rafferty!" is another name, but the site would give it the same slug and page.
    assert author("Joe Rafferty!", roles=["Volunteer"], group="volunteer", slug="joe-rafferty") == [
        ("author", 'guest author "Joe Rafferty!" would share the address of "Joe Rafferty" in authors.toml. '
                   'Did you mean "Joe Rafferty"?')]


# --- the role groups: one definition ---


def _luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_group_is_defined_once_with_a_chart_colour_of_3_to_1_on_white():
    assert list(vocabulary.ROLE_GROUPS) == [g.slug for g in vocabulary.GROUPS]
    assert len({g.colour for g in vocabulary.GROUPS}) == len(vocabulary.GROUPS)
    assert all(1.05 / (_luminance(g.colour) + 0.05) >= 3 for g in vocabulary.GROUPS)
    assert vocabulary.INSIDE_GROUPS == {"staff", "leadership"}


@pytest.mark.parametrize("doc", ["content/authors.toml", "plugins/coproduction/README.md"])
def test_the_editors_notes_list_exactly_the_defined_groups(doc):
    text = (ROOT / doc).read_text(encoding="utf-8")
    listed = re.search(r"role_group`? (?:must be )?\(?one of:?\s*(.*?)[.)]", text, re.S)
    assert listed, f"{doc} no longer lists the role groups"
    assert re.findall(r"[a-z]+(?:-[a-z]+)*", listed.group(1).replace("`", "")) == list(vocabulary.ROLE_GROUPS)
