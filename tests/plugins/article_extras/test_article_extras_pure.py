"""Pure logic of plugins/article_extras: reading time, neighbours, series place, JSON-LD, settings."""

import json
from datetime import datetime
from types import SimpleNamespace

import pytest
from article_extras import handlers, neighbours, reading, settings, structured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from inmind.errors import SettingsError


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("", 0),
        ("<p>One two three.</p>", 3),
        ("<p>Co-production isn't new</p>", 3),
        ("<p>a</p><script>var x = 1;</script><style>p{}</style>", 1),
        ("<p>Fish &amp; chips</p>", 2),
        ("<h2>Title</h2><ul><li>one</li><li>two</li></ul>", 3),
    ],
)
def test_word_count(html, words):
    assert reading.word_count(html) == words


@pytest.mark.parametrize(
    ("words", "wpm", "minutes"),
    [(0, 200, 1), (1, 200, 1), (200, 200, 1), (201, 200, 2), (1000, 200, 5), (1000, 100, 10)],
)
def test_reading_time_rounds_up_and_is_at_least_one_minute(words, wpm, minutes):
    assert reading.reading_time("<p>" + " word" * words + "</p>", wpm) == minutes


def _post(slug, day, status="published"):
    return SimpleNamespace(slug=slug, date=datetime(2020, 1, day), source_path=f"{slug}.md", status=status)


def test_previous_is_older_and_next_is_newer_whatever_the_input_order():
    a, b, c = _post("a", 1), _post("b", 2), _post("c", 3)
    found = neighbours.by_date([c, a, b])
    assert found[id(a)] == (None, b)
    assert found[id(b)] == (a, c)
    assert found[id(c)] == (b, None)


def test_same_date_posts_are_ordered_by_source_path():
    a, b = _post("a", 1), _post("b", 1)
    assert neighbours.by_date([b, a])[id(a)] == (None, b)


def _series(items, name="In Mind"):
    for item in items:
        item.series = {"name": name, "all": items}
    return items


def test_series_nav_counts_published_parts_only():
    one, draft, two, three = _series([_post("1", 1), _post("d", 2, "draft"), _post("2", 3), _post("3", 4)])
    place = neighbours.series_nav(two, lambda item: item.status == "published")
    assert (place.name, place.position, place.total) == ("In Mind", 2, 3)
    assert place.previous is one and place.next is three
    assert draft not in place.items


def test_a_draft_sees_its_own_place_in_the_series():
    one, draft = _series([_post("1", 1), _post("d", 2, "draft")])
    place = neighbours.series_nav(draft, lambda item: item.status == "published")
    assert (place.position, place.total, place.previous, place.next) == (2, 2, one, None)


def test_no_series_nav_without_a_series_or_with_one_part():
    assert neighbours.series_nav(_post("x", 1), lambda item: True) is None
    (alone,) = _series([_post("1", 1)])
    assert neighbours.series_nav(alone, lambda item: True) is None


def test_published_series_leaves_drafts_out():
    one, draft, two = _series([_post("1", 1), _post("d", 2, "draft"), _post("2", 3)])
    assert neighbours.published_series([one, two]) == {"In Mind": [one, two]}


@pytest.mark.parametrize(
    ("site", "path", "expected"),
    [
        ("https://example.nhs.uk", "blog/x/", "https://example.nhs.uk/blog/x/"),
        ("https://example.nhs.uk/", "/blog/x/", "https://example.nhs.uk/blog/x/"),
        ("", "blog/x/", None),
        ("../..", "blog/x/", None),
    ],
)
def test_absolute_url_only_for_absolute_sites(site, path, expected):
    assert structured.absolute_url(site, path) == expected


def test_script_json_cannot_close_its_script_element():
    text = structured.to_script_json({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> & <!--"


def test_blog_posting_names_authors_with_job_titles():
    data = structured.blog_posting(
        headline="Importance of co-production",
        description="Why services work best with people.",
        published="2017-10-02T09:00:00+01:00",
        modified=None,
        authors=[structured.Person("Rev Julian Raffay", ("Specialist Chaplain", "Research Chaplain"))],
        publisher="Mersey Care NHS Foundation Trust",
        url="https://example.nhs.uk/blog/2017/x/",
        keywords=("Co-production",),
        series="In Mind",
    )
    assert data["@type"] == "BlogPosting"
    assert data["author"] == {"@type": "Person", "name": "Rev Julian Raffay", "jobTitle": "Specialist Chaplain, Research Chaplain"}
    assert data["dateModified"] == data["datePublished"]
    assert data["mainEntityOfPage"]["@id"] == data["url"]
    assert data["isPartOf"]["name"] == "In Mind"


def test_several_authors_become_a_list():
    data = structured.blog_posting(
        headline="h", description="", published="2019", modified="2019", publisher="T",
        authors=[structured.Person("Rachel Nwosu"), structured.Person("Lee Harrison")],
    )
    assert [a["name"] for a in data["author"]] == ["Rachel Nwosu", "Lee Harrison"]
    assert "description" not in data and "url" not in data


def test_people_come_from_profiles_public_names_and_roles():
    role = SimpleNamespace(label="Carer", url="roles/carer/")
    profile = SimpleNamespace(name="A carer", url="authors/a-carer/", roles=[role], real_name="Secret Person")
    item = SimpleNamespace(author_profiles=[profile], authors=["ignored"])
    (person,) = handlers._people(item, "https://example.nhs.uk")
    assert person == structured.Person("A carer", ("Carer",), "https://example.nhs.uk/authors/a-carer/")


@pytest.mark.parametrize(
    ("output_file", "path"),
    [("index.html", ""), ("archives/index.html", "archives/"), ("page/2/index.html", "page/2/"), ("404.html", "404.html")],
)
def test_page_path(output_file, path):
    assert handlers.page_path(output_file) == path


@pytest.mark.parametrize(("lang", "locale"), [("en-gb", "en_GB"), ("en-GB", "en_GB"), ("cy", "cy")])
def test_og_locale(lang, locale):
    assert handlers.og_locale(lang) == locale


def test_settings_defaults_and_overrides():
    assert settings.merged({}).words_per_minute == 200
    assert settings.merged({"ARTICLE_EXTRAS": {"words_per_minute": 150}}).words_per_minute == 150


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"word_per_minute": 150}, "unknown key 'word_per_minute'"),
        ({"words_per_minute": 0}, "whole number above 0"),
        ({"words_per_minute": "fast"}, "whole number above 0"),
        ({"share_image": None}, "must be text"),
        ("yes", "must be a dictionary"),
    ],
)
def test_bad_settings_name_the_key(value, message):
    with pytest.raises(SettingsError, match=message):
        settings.merged({"ARTICLE_EXTRAS": value})


@given(st.text())
def test_script_json_round_trips_any_text_without_markup(text):
    encoded = structured.to_script_json({"headline": text})
    assert "<" not in encoded and ">" not in encoded and "&" not in encoded
    assert json.loads(encoded)["headline"] == text


@given(st.lists(st.sampled_from(["word", "co-production", "isn't", "<b>bold</b>", "&amp;", "\n"]), max_size=400))
def test_reading_time_grows_with_length(parts):
    html = "<p>" + " ".join(parts) + "</p>"
    shorter = reading.reading_time(html, 50)
    longer = reading.reading_time(html + html, 50)
    assert 1 <= shorter <= longer


_WORDS = st.sampled_from(["garden", "co-production", "don't", "café", "2024", "ward's", "naïve", "  ", "\n", "x"])
_ENTITIES = st.sampled_from(["&amp;", "&lt;", "&gt;", "&#39;", "&#x2019;", "&nbsp;", "&amp", "&copy", "&bogus;", "&", "&#;"])
_VALUES = st.sampled_from(['"a > b"', "'it''s'", '"x=\'y\'"', "plain", '""', '"<p>"', "a\"b", "'a\"b'"])


@st.composite
def _tags(draw):
    name = draw(st.sampled_from(["p", "a", "em", "h2", "br", "div", "li", "img", "span", "x-y", "P", "1a"]))
    attrs = draw(st.lists(st.tuples(st.sampled_from(["href", "class", "data-x", "alt", "title", "é"]), st.none() | _VALUES),
                          max_size=3))
    spaces = draw(st.sampled_from(["", " ", "\n", "  "]))
    text = "".join(f" {k}" if v is None else f" {k}={v}" for k, v in attrs)
    return draw(st.sampled_from([f"<{name}{text}{spaces}>", f"<{name}{text}/>", f"</{name}{spaces}>", f"<{name}{text}"]))


_HTML = st.lists(_WORDS | _ENTITIES | _tags() | st.sampled_from(
    ["<", "< b", "<!-- a comment -->", "<script>var a = '<p>';</script>", "<style>p{}</style>", "<template>hidden</template>",
     "<?pi?>", "<!doctype html>", "</ p>", "<a\nhref=x>", "<SCRIPT>x</SCRIPT>"]), max_size=25).map("".join)


@hypothesis_settings(max_examples=400, deadline=None)
@given(_HTML)
def test_the_quick_text_is_the_parsers_text_whenever_it_is_used(html):
    quick = reading._quick_text(html)
    parsed = " ".join(reading._parsed_text(html).split())
    if quick is not None:
        assert " ".join(quick.split()) == parsed
    assert reading.plain_text(html) == parsed


@pytest.mark.parametrize("html", [
    "<p>A <a href=\"/x?a=1&amp;b=2\" title=\"a > b\">link</a> &amp; more</p>",
    "<figure><img src=\"x.jpg\" alt=\"a picture\"/><figcaption>Caption&nbsp;text</figcaption></figure>",
    "<p>one</p><!-- hidden words here --><p>two</p>",
])
def test_plain_text_of_typical_bodies(html):
    assert reading.plain_text(html) == " ".join(reading._parsed_text(html).split())
