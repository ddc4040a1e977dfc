"""plugins/article_extras in a real build: neighbours, series place, reading time and JSON-LD on tiny sites."""

import json

import pytest


def _post(title, date, *, extra="", words=50):
    slug = title.lower().replace(" ", "-")
    return (
        f"blog/{date[:4]}/{slug}.md",
        f"Title: {title}\nDate: {date}\nAuthor: Danny Whitfield\nSlug: {slug}\n"
        f"Summary: About {title.lower()}.\nThemes: co-production\n{extra}\n" + "word " * words + "\n",
    )


@pytest.fixture
def tiny(build_site):
    files = dict(
        [
            _post("First", "2020-01-01", extra="Series: In Mind\nSeries_index: 1"),
            _post("Hidden draft", "2020-01-02", extra="Status: draft\nSeries: In Mind\nSeries_index: 2"),
            _post("Second", "2020-01-03", extra="Series: In Mind\nSeries_index: 3", words=450),
            _post("Third", "2021-05-04"),
        ]
    )
    site = build_site(files)
    assert site.status == 0, site.messages
    return site


def _pager(doc, label):
    nav = doc.find("nav", attrs={"aria-label": label})
    return {a.find(class_="app-pager__label").get_text(strip=True).rstrip(":"): a.find(class_="app-pager__title").get_text(strip=True) for a in nav.find_all("a")} if nav else {}


def test_previous_and_next_posts_skip_drafts(tiny):
    second = tiny.soup("blog/2020/second/index.html")
    assert _pager(second, "Previous and next posts") == {"Previous post": "First", "Next post": "Third"}
    assert _pager(tiny.soup("blog/2020/first/index.html"), "Previous and next posts") == {"Next post": "Second"}
    assert _pager(tiny.soup("blog/2021/third/index.html"), "Previous and next posts") == {"Previous post": "Second"}


def test_series_navigation_counts_published_parts(tiny):
    second = tiny.soup("blog/2020/second/index.html")
    assert second.find(class_="app-article__series").get_text(strip=True) == "Part 2 of 2 in the In Mind series"
    nav = second.find("nav", attrs={"aria-label": "In Mind series"})
    assert [li.get_text(strip=True) for li in nav.find("ol").find_all("li")] == ["First", "Second"]
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "Second"
    assert "Hidden draft" not in tiny.path("index.html").read_text(encoding="utf-8")


def test_reading_time_is_shown(tiny):
    second = tiny.soup("blog/2020/second/index.html")
    parts = [p.get_text(" ", strip=True) for p in second.select(".app-post-meta .app-byline__part")]
    assert parts[-1] == "3 minute read"
    # Listings repeat the post's byline, reading time included.
    listed = tiny.soup("index.html").find("a", string="Second").find_parent("li")
    assert listed.select(".app-byline__part")[-1].get_text(strip=True) == "3 minute read"


def test_blog_posting_json_ld(tiny):
    doc = tiny.soup("blog/2020/second/index.html")
    (script,) = doc.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Second"
    assert data["datePublished"].startswith("2020-01-03T")
    assert data["isPartOf"]["name"] == "In Mind"
    authors = data["author"] if isinstance(data["author"], list) else [data["author"]]
    assert [a["name"] for a in authors] == ["Danny Whitfield"]


def test_publish_build_uses_absolute_urls_in_metadata(build_site):
    site = build_site(dict([_post("First", "2020-01-01")]), settings_file="publishconf.py", SITEURL="https://inmind.example.nhs.uk")
    assert site.status == 0, site.messages
    doc = site.soup("blog/2020/first/index.html")
    assert doc.find("link", rel="canonical")["href"] == "https://inmind.example.nhs.uk/blog/2020/first/"
    assert doc.find("meta", property="og:url")["content"] == "https://inmind.example.nhs.uk/blog/2020/first/"
    assert doc.find("meta", property="og:image")["content"].startswith("https://inmind.example.nhs.uk/share-cards/")
    data = json.loads(doc.find("script", type="application/ld+json").string)
    assert data["url"] == "https://inmind.example.nhs.uk/blog/2020/first/"
    feed = doc.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"].startswith("https://inmind.example.nhs.uk/feeds/")
    # Every feed a page announces exists (the author page's address is filled in from its slug).
    for page in ("blog/2020/first/index.html", "authors/danny-whitfield/index.html"):
        for link in site.soup(page).find_all("link", rel="alternate", type="application/atom+xml"):
            path = link["href"].removeprefix("https://inmind.example.nhs.uk/")
            assert (site.output / path).is_file(), f"{page} announces a missing feed {link['href']}"


def test_misspelt_setting_stops_the_build(build_site):
    site = build_site(dict([_post("First", "2020-01-01")]), ARTICLE_EXTRAS={"word_per_minute": 100})
    assert site.status == 1
    assert "ARTICLE_EXTRAS has an unknown key 'word_per_minute'" in site.messages
    assert "Traceback" not in site.messages


def test_every_address_a_page_gives_for_a_post_is_where_the_post_was_written(tiny):
    from bs4 import BeautifulSoup

    found = 0
    for page in tiny.output.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in doc.find_all("a", href=True):
            href = link["href"].split("#")[0]
            if "/blog/20" in href or "/drafts/" in href:
                rel = href[href.index("/blog/") if "/blog/" in href else href.index("/drafts/"):].strip("/")
                assert (tiny.output / rel / "index.html").is_file(), (page, href)
                found += 1
    assert found >= 6
