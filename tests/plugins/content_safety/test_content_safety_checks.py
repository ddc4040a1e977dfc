"""The content_safety check: what the sanitiser will remove, on the line where it was written."""

import pytest
from content_safety.checks import check

SETTINGS = {"MARKDOWN": {"extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
                         "output_format": "html5"}, "FORMATTED_FIELDS": ["summary"]}


def lines(text):
    return [(p.line, p.message) for p in check("post.md", text, {}, SETTINGS)]


def test_plain_markdown_has_nothing_to_report():
    assert lines("Title: A\nSummary: Fine.\n\nSome *text* with a [link](https://example.org) & more.\n") == []


def test_each_thing_is_reported_on_its_own_line():
    text = ("Title: A\nSummary: Fine.\n\nIntro.\n\n```html\n<script>not this one: it is code</script>\n```\n\n"
            "<script>alert(1)</script>\n\nText [x](javascript:go()).\n")
    assert lines(text) == [
        (10, "<script> element and everything inside it will be removed [html-removed]"),
        (12, 'the link address starts with "javascript:", which is not a web address the site can use, so the link '
             "will be removed. [html-removed]"),
    ]


@pytest.mark.parametrize(("markdown", "thing", "written", "suggested"), [
    ("[the cafe](htps://example.org/cafe)", "link", "htps:", "https:"),
    ("![A calm room](htp://example.org/room.png)", "picture", "htp:", "http:"),
    ("[write to us](mailt:team@example.org)", "link", "mailt:", "mailto:"),
    ("[&#104;](ht&#116;ps//x)", None, None, None),  # no scheme at all: a relative address, kept
])
def test_a_misspelt_address_is_named_in_plain_words_with_the_nearest_good_start(markdown, thing, written, suggested):
    found = [p for p in check("post.md", f"Title: A\nSummary: Fine.\n\nSee {markdown} today.\n", {}, SETTINGS)]
    if thing is None:
        assert found == []
        return
    (problem,) = found
    assert problem.line == 4
    assert problem.message == (f'the {thing} address starts with "{written}", which is not a web address the site can '
                               f'use, so the {thing} will be removed. Did you mean "{suggested}"? [html-removed]')
    assert "<" not in problem.message and "href" not in problem.message
    assert problem.hint.startswith("web addresses start with https://")


def test_html_in_the_summary_is_reported_on_the_summary_line():
    text = "Title: A\nSummary: See <b onmouseover=x()>this</b>.\n\nText.\n"
    assert lines(text) == [(2, "the Summary contains onmouseover=... attribute on <b>, which will be removed "
                               "[html-removed]")]


def test_code_that_shows_html_is_not_reported():
    assert lines("Title: A\n\nWrite `<script>` to see it, or:\n\n    <iframe src=x></iframe>\n") == []
