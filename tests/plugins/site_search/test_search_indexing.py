"""Building a small site writes a Pagefind index of exactly the marked, published pages."""

import gzip
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, SAMPLE_REAL_NAME, soup, write_files

POSTS = {
    "blog/2017/carers-at-the-table.md": """
        Title: Carers at the table
        Date: 2017-10-16 09:00
        Author: Maureen Costigan
        Slug: carers-at-the-table
        Summary: A carer on being asked to help plan services.
        Consent: CF-2017-014

        Being asked to help plan the service made me feel like a partner. The word marmalade is here.
    """,
    "blog/2018/caring-from-a-distance.md": """
        Title: Caring from a distance
        Date: 2018-10-22 09:00
        Author: A carer
        Slug: caring-from-a-distance
        Summary: Supporting a brother from another city.
        Consent: CF-2018-021

        Phone calls every evening, and finally being included in his care.
    """,
    "blog/2019/not-ready-yet.md": """
        Title: Not ready yet
        Date: 2019-01-01 09:00
        Author: Tom Brennan
        Slug: not-ready-yet
        Summary: A draft that must never be found.
        Status: draft

        Unfinished thoughts about zanzibarish things.
    """,
    "pages/about.md": """
        Title: About In Mind
        Slug: about
        Summary: What this site is for.

        In Mind is a guest blog series about co-production.
    """,
}


def read_index(output):
    """Return every fragment record of the Pagefind index in ``output`` (decompressed JSON)."""
    records = []
    for path in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        records.append(json.loads(data[len(b"pagefind_dcd") :]))
    return records


def index_bytes(output):
    """Return the decompressed bytes of every file Pagefind wrote."""
    chunks = []
    for path in sorted((output / "pagefind").rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                pass
            chunks.append(raw)
    return b"\n".join(chunks)


@pytest.fixture
def site(build_site):
    built = build_site(POSTS)
    assert built.status == 0, built.messages
    return built


def test_index_files_are_written(site):
    bundle = site.output / "pagefind"
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]
    # Our own interface replaces Pagefind's ready-made ones, so those are not deployed.
    assert not list(bundle.glob("pagefind-ui*")) and not (bundle / "pagefind-component-ui.js").exists()
    assert not (bundle / "pagefind-worker.js").exists(), "search.js searches without Pagefind's web worker"


def test_only_marked_published_pages_are_indexed(site):
    records = read_index(site.output)
    urls = sorted(r["url"] for r in records)
    assert urls == ["/about/", "/blog/2017/carers-at-the-table/", "/blog/2018/caring-from-a-distance/"]
    entry = json.loads((site.output / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 3
    # Listings were written but are not marked, so they are not in the index.
    assert (site.output / "index.html").exists() and (site.output / "archives" / "index.html").exists()


def test_drafts_are_written_in_preview_but_never_indexed(site):
    assert (site.output / "drafts" / "not-ready-yet" / "index.html").exists()
    assert b"zanzibarish" not in index_bytes(site.output)


def test_drafts_with_another_address_are_still_skipped(build_site):
    site = build_site(POSTS, DRAFT_URL="preview/{slug}/", DRAFT_SAVE_AS="preview/{slug}/index.html")
    assert site.status == 0, site.messages
    assert (site.output / "preview" / "not-ready-yet" / "index.html").exists()
    assert "/preview/not-ready-yet/" not in [r["url"] for r in read_index(site.output)]


def test_records_carry_type_year_and_details(site):
    records = {r["url"]: r for r in read_index(site.output)}
    post = records["/blog/2017/carers-at-the-table/"]
    assert post["filters"]["type"] == ["Guest blog"]
    assert post["filters"]["year"] == ["2017"]
    assert post["meta"]["title"] == "Carers at the table"
    assert post["meta"]["date"] == "16 October 2017"
    assert post["meta"]["datetime"] == "2017-10-16"
    assert post["meta"]["authors"] == "Maureen Costigan"
    assert post["meta"]["summary"] == "A carer on being asked to help plan services."
    assert "marmalade" in post["content"]
    page = records["/about/"]
    assert page["filters"]["type"] == ["Page"]
    assert "year" not in page["filters"]


def test_hidden_details_are_not_searchable_text(site):
    post = {r["url"]: r for r in read_index(site.output)}["/blog/2017/carers-at-the-table/"]
    # The summary is in the record's details, not in the words it can be found by.
    assert "A carer on being asked" not in post["content"]
    assert "Guest blog" not in post["content"]


def test_anonymous_authors_real_name_never_reaches_the_index(site):
    real_names = [SAMPLE_REAL_NAME]  # the sample's anonymous author's made-up real name (conftest)
    everything = index_bytes(site.output)
    records = {r["url"]: r for r in read_index(site.output)}
    assert records["/blog/2018/caring-from-a-distance/"]["meta"]["authors"] == "A carer"
    for name in real_names:
        for part in [name, *name.split()]:
            assert part.encode() not in everything, part


def test_search_page_is_written_with_where_the_index_is(site):
    page = site.soup("search/index.html")
    root = page.select_one("[data-app-search]")
    assert root["data-bundle"] == "../pagefind/"
    assert root["data-filters"] == "theme|role group|type|year"
    label = page.find("label", attrs={"for": "app-search-input"})
    assert label and label.get_text(strip=True)
    assert page.select_one("search input#app-search-input[name=q][type=search]")
    assert page.select_one("[role=status][aria-live=polite]")
    script = page.find("script", src=lambda s: s and "js/search" in s)
    assert script and script["type"] == "module"
    assert not page.find("script", src=None, type=lambda t: t != "application/ld+json")
    # Without JavaScript the page says so and offers the other ways in.
    fallback = page.select_one("[data-app-search-fallback]")
    assert "needs JavaScript" in fallback.get_text()
    hrefs = [a["href"] for a in fallback.find_all("a")]
    assert hrefs == ["../themes/", "../archives/"]
    assert page.select_one("[data-app-search-ui]").has_attr("hidden")
    assert not page.find(attrs={"style": True})
    assert (site.output / "theme" / "js" / "search.js").is_file()


def test_search_page_is_not_itself_indexed(site):
    assert "/search/" not in [r["url"] for r in read_index(site.output)]


def test_marked_content_includes_the_search_details(site):
    article = site.soup("blog/2017/carers-at-the-table/index.html")
    body = article.select_one("[data-pagefind-body]")
    assert body is not None
    details = body.select_one(".app-search-meta")
    assert details.has_attr("hidden") and details.has_attr("data-pagefind-ignore")
    assert details.select_one('[data-pagefind-filter="type"]').get_text() == "Guest blog"
    assert details.select_one('[data-pagefind-sort="date"]').get_text().startswith("2017-10-16")
    listing = site.soup("index.html")
    assert listing.select_one("[data-pagefind-body]") is None


def test_disabled_search_writes_no_index_and_no_page(build_site):
    site = build_site(POSTS, SITE_SEARCH={"enabled": False})
    assert site.status == 0, site.messages
    assert not (site.output / "pagefind").exists()
    assert not (site.output / "search").exists()


def test_index_can_live_elsewhere(build_site):
    site = build_site(POSTS, SITE_SEARCH={"output_dir": "assets/search-index"})
    assert site.status == 0, site.messages
    assert (site.output / "assets" / "search-index" / "pagefind.js").is_file()
    assert site.soup("search/index.html").select_one("[data-app-search]")["data-bundle"] == "../assets/search-index/"


def test_publish_build_indexes_published_pages_only(tmp_path):
    # In a child process: Pelican keeps a plugin's receivers connected for the life of the process,
    # so the publish-only plugins would otherwise stay active in every later build of the test session.
    content = tmp_path / "content"
    write_files(content, POSTS)
    for name in ("authors.toml", "themes.toml"):
        shutil.copy(ROOT / "content" / name, content / name)
    settings = tmp_path / "settings.py"
    settings.write_text(
        "from publishconf import *\n"
        f"PATH = {str(content)!r}\nCACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        f"THEME = {str(ROOT / 'theme')!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    env = {**os.environ, "SITE_URL": "https://inmind.example.nhs.uk"}
    run = subprocess.run(
        [sys.executable, "-m", "inmind.build", "--settings", str(settings), "--output", str(output), "--fatal-warnings"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    urls = sorted(r["url"] for r in read_index(output))
    assert urls == ["/about/", "/blog/2017/carers-at-the-table/", "/blog/2018/caring-from-a-distance/"]
    bundle = soup(output / "search" / "index.html").select_one("[data-app-search]")["data-bundle"]
    assert bundle == "https://inmind.example.nhs.uk/pagefind/"


def test_two_builds_in_one_process_each_get_a_full_index(build_site, tmp_path):
    first = build_site(POSTS)
    assert first.status == 0, first.messages
    second = build_site(POSTS)
    assert second.status == 0, second.messages
    assert len(read_index(second.output)) == 3
