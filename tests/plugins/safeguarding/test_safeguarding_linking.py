"""Crisis numbers written in a story become tel: or sms: links; nothing else in the HTML changes."""

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from safeguarding import language, linking, settings

CONTACTS = language.load_contacts(settings.merged({}).contacts)
LINK = re.compile(r'<a class="app-crisis-list__link" href="(?:tel:\d+|sms:\d+\?&amp;body=SHOUT)">([^<]*)</a>')


@pytest.mark.parametrize("html, linked", [
    ("<p>I called 999 and then 116 123.</p>", ["999", "116 123"]),
    ("<p>text SHOUT to 85258<br>then 111.</p>\n<p>999</p>", ["85258", "111", "999"]),
    ("<p>Samaritans:\u00a0116\u00a0123</p>", ["116\u00a0123"]),
    ('<p><a href="/x">call 999</a> <code>999</code> <button>999</button></p>', []),
    ("<pre><code>999\n111</code></pre>", []),
    ("<p>Ring 0151 111 2222, 1111, 1999, 999.5, 116 1234, +999 or 9999.</p>", []),
    ('<p title="999">no</p><img alt="999 calls">', []),
])
def test_crisis_numbers_are_linked_only_in_prose(html, linked):
    result = linking.link_numbers(html, CONTACTS)
    assert LINK.findall(result) == linked
    assert LINK.sub(r"\1", result) == html
    soup = BeautifulSoup(result, "html.parser")
    assert not soup.select("a a, button a, code a")


TEXT = st.text(alphabet=st.sampled_from(list("19 2358<>/&;apb\n\u00a0")), max_size=60)


@given(TEXT)
def test_only_whole_links_are_added(fragment):
    html = f"<p>{fragment}</p>"
    result = linking.link_numbers(html, CONTACTS)
    assert LINK.sub(r"\1", result) == html


def test_a_post_that_says_call_999_gets_a_link(build_site):
    site = build_site({"blog/p.md": "Title: Calls\nDate: 2019-05-01 09:00\nAuthor: Communications Team\n"
                                    "Summary: A short post.\n\nThat night I rang 111 and then 999.\n"})
    assert site.status == 0, site.messages
    prose = site.soup("blog/2019/calls/index.html").select_one(".app-prose")
    assert [a["href"] for a in prose.select("a")] == ["tel:111", "tel:999"]
