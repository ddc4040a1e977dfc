"""Listing pages on tiny sites: pagination with text labels, year archives, the home page's sections."""

import posixpath

import pytest


def _posts(count, year=2020, **extra):
    files = {}
    for n in range(1, count + 1):
        lines = [f"Title: Post number {n}", f"Date: {year}-01-{n:02d}", "Author: Danny Whitfield", f"Slug: post-{year}-{n}"]
        lines.append(f"Summary: Post {n} of {year}, about working together.")
        lines += [f"{key}: {value}" for key, value in extra.items()]
        files[f"blog/{year}/post-{n}.md"] = "\n".join(lines) + "\n\nSome words about co-production.\n"
    return files


@pytest.fixture
def paged(build_site):
    site = build_site({**_posts(5), **_posts(1, year=2021)}, DEFAULT_PAGINATION=2)
    assert site.status == 0, site.messages
    return site


def _pagination(doc):
    nav = doc.find("nav", attrs={"aria-label": "Pages of posts"})
    return [li.get_text(" ", strip=True) for li in nav.find_all("li")] if nav else []


def test_pagination_uses_words_and_rel(paged):
    assert _pagination(paged.soup("index.html")) == ["Page 1 of 3", "Next page of posts"]
    middle = paged.soup("page/2/index.html")
    assert _pagination(middle) == ["Previous page of posts", "Page 2 of 3", "Next page of posts"]
    assert posixpath.normpath(posixpath.join("page/2/", middle.find("a", rel="prev")["href"])) == "."
    assert posixpath.normpath(posixpath.join("page/2/", middle.find("a", rel="next")["href"])) == "page/3"
    assert _pagination(paged.soup("page/3/index.html")) == ["Previous page of posts", "Page 3 of 3"]


def test_later_index_pages_have_their_own_title_and_h1(paged):
    doc = paged.soup("page/2/index.html")
    assert doc.find("h1").get_text(strip=True) == "Latest posts, page 2"
    assert doc.title.get_text(strip=True).startswith("Latest posts, page 2")
    nav = doc.find("nav", attrs={"aria-label": "Main"})
    assert not nav.find(attrs={"aria-current": True}), "page 2 is not the home page"
    assert doc.find("search", class_="app-header__search"), "page 2 keeps the header search"


def test_home_page_has_one_search_box(paged):
    doc = paged.soup("index.html")
    assert len(doc.find_all("search")) == 1
    assert doc.find("label", attrs={"for": "app-home-search"}).get_text(strip=True)


def test_year_archive_marks_its_year(paged):
    doc = paged.soup("archives/2020/index.html")
    assert doc.find("h1").get_text(strip=True) == "Posts from 2020"
    years = doc.find("nav", attrs={"aria-label": "Posts by year"})
    current = years.find(attrs={"aria-current": "page"})
    assert current.find("strong").get_text(strip=True) == "2020"
    assert [a.get_text(" ", strip=True) for a in years.find_all("a")] == ["2021 (1)", "2020 (5)"]
    assert len(doc.find("main").find("ol", class_="app-post-list").find_all("li", recursive=False)) == 5


def test_archives_group_posts_by_year_newest_first(paged):
    doc = paged.soup("archives/index.html")
    assert [h.get_text(strip=True) for h in doc.find("main").find_all("h2")] == ["2021", "2020"]
