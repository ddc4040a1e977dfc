"""Which written pages go into the index, at which URL, and with which type label."""

from types import SimpleNamespace

import pytest
from site_search import selection
from site_search.settings import SiteSearch

DEFAULTS = SiteSearch()


@pytest.mark.parametrize(
    ("rel_path", "url"),
    [
        ("index.html", "/"),
        ("about/index.html", "/about/"),
        ("blog/2017/importance-of-co-production/index.html", "/blog/2017/importance-of-co-production/"),
        ("404.html", "/404.html"),
        ("agm/2017.html", "/agm/2017.html"),
    ],
)
def test_page_url(rel_path, url):
    assert selection.page_url(rel_path) == url


@pytest.mark.parametrize(
    ("rel_path", "selected"),
    [
        ("blog/2017/x/index.html", True),
        ("about/index.html", True),
        ("index.html", True),
        ("drafts/x/index.html", False),
        ("drafts/pages/x.html", False),
        ("404.html", False),
        ("feeds/all.atom.xml", False),
        ("theme/css/site.css", False),
        ("blog/drafts/index.html", True),
    ],
)
def test_path_selected_with_defaults(rel_path, selected):
    assert selection.path_selected(rel_path, DEFAULTS.include, DEFAULTS.exclude) is selected


def test_relative_output_path():
    assert selection.relative_output_path("/out/blog/x/index.html", "/out") == "blog/x/index.html"
    assert selection.relative_output_path("/elsewhere/x.html", "/out") is None


@pytest.mark.parametrize(
    ("html", "marked"),
    [
        ('<article class="app-article" data-pagefind-body>', True),
        ("<div data-pagefind-body=''>", True),
        ('<main id="maincontent"><ol class="app-post-list">', False),
        ("", False),
    ],
)
def test_is_marked(html, marked):
    assert selection.is_marked(html) is marked


@pytest.mark.parametrize(
    ("context", "draft"),
    [
        ({"article": SimpleNamespace(status="draft")}, True),
        ({"page": SimpleNamespace(status="draft")}, True),
        ({"agm": SimpleNamespace(status="Draft")}, True),
        ({"article": SimpleNamespace(status="hidden")}, True),
        ({"page": SimpleNamespace(status="hidden")}, True),
        ({"page": SimpleNamespace(status="withdrawn")}, True),
        ({"article": SimpleNamespace(status="published")}, False),
        ({"article": SimpleNamespace()}, False),
        ({"articles": [SimpleNamespace(status="draft")]}, False),
        ({}, False),
    ],
)
def test_is_unlisted(context, draft):
    assert selection.is_unlisted(context) is draft


def test_source_of():
    assert selection.source_of({"article": SimpleNamespace(source_path="/c/blog/x.md")}) == "/c/blog/x.md"
    assert selection.source_of({"articles": []}) is None


class Article:
    template = "article"


class AgmSummary:
    template = "agm"


class Page:
    template = "page"


class Agm:
    template = "custom-agm-template"


class Other:
    template = "other"


@pytest.mark.parametrize(
    ("item", "label"),
    [(Article(), "Guest blog"), (AgmSummary(), "AGM"), (Page(), "Page"), (Agm(), "AGM"), (Other(), None)],
)
def test_type_label(item, label):
    assert selection.type_label(item, DEFAULTS.types) == label


def _item(template, save_as, status="published"):
    return SimpleNamespace(template=template, save_as=save_as, status=status)


def test_expected_pages_are_the_published_marked_content():
    articles = SimpleNamespace(
        articles=[_item("article", "blog/2017/a/index.html")],
        translations=[],
        hidden_articles=[_item("article", "blog/2017/hidden/index.html", "hidden")],
        drafts=[_item("article", "drafts/d/index.html", "draft")],
    )
    pages = SimpleNamespace(pages=[_item("page", "about/index.html"), _item("special", "special/index.html")])
    agms = SimpleNamespace(agms=[_item("agm", "agm/2017/index.html")], hidden_agms=[], draft_agms=[])
    found = selection.expected_pages([articles, pages, agms], DEFAULTS.types, DEFAULTS.include, DEFAULTS.exclude)
    # A hidden post is at its address but listed nowhere, so not in search results or their filters either.
    assert found == {"blog/2017/a/index.html", "about/index.html", "agm/2017/index.html"}


def test_expected_pages_skip_excluded_paths_and_items_without_an_address():
    generator = SimpleNamespace(articles=[_item("article", ""), _item("article", "secret/x/index.html")])
    found = selection.expected_pages([generator], DEFAULTS.types, ["*.html"], ["secret/*"])
    assert found == set()
