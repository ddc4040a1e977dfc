"""An indexer failure fails the build with Pagefind's own words, and leaves the last good site alone."""

import json
import threading

import pytest
from search_posts import ONE_POST as POST
from site_search.indexer import BackgroundIndexer, IndexerError

# Inside a file that is written before the index: the post's page.
BLOCKED = "blog/2017/one/index.html/pagefind"


@pytest.fixture
def broken_pagefind(tmp_path, monkeypatch):
    """A stand-in Pagefind binary that complains and exits, as a broken install would."""
    program = tmp_path / "pagefind"
    program.write_text("#!/bin/sh\necho 'Error: this Pagefind build cannot run here (exit code 3)' >&2\nexit 3\n")
    program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    return program


def test_pagefind_write_failure_fails_the_build_with_its_message(build_site):
    # The post's own page sits where the index should go, so Pagefind itself cannot write it.
    site = build_site(POST, SITE_SEARCH={"output_dir": BLOCKED})
    assert site.status == 1
    assert "error: the search index could not be built: the index cannot be written to" in site.messages
    assert "one/index.html is a file, not a folder" in site.messages
    assert "hint: Pagefind (the search indexer) stopped" in site.messages
    assert "Traceback" not in site.messages
    assert "build failed with" in site.messages


def test_a_failed_index_leaves_the_previous_site_untouched(build_site):
    good = build_site(POST)
    assert good.status == 0, good.messages
    before = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    bad = build_site(POST, SITE_SEARCH={"output_dir": BLOCKED})
    assert bad.status == 1
    after = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    assert after == before


def test_a_broken_pagefind_program_fails_the_build_with_what_it_said(build_site, broken_pagefind):
    site = build_site(POST)
    assert site.status == 1
    assert "the search index could not be built" in site.messages
    assert "this Pagefind build cannot run here (exit code 3)" in site.messages
    assert "Traceback" not in site.messages


def test_a_missing_pagefind_program_is_named(build_site, tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    site = build_site(POST)
    assert site.status == 1
    assert "the Pagefind program was not found" in site.messages


def test_the_next_build_in_the_same_process_works_after_a_failure(build_site):
    bad = build_site(POST, SITE_SEARCH={"output_dir": BLOCKED})
    assert bad.status == 1
    good = build_site(POST)
    assert good.status == 0, good.messages
    assert (good.output / "pagefind" / "pagefind-entry.json").is_file()


def test_indexer_reports_what_a_broken_pagefind_said(broken_pagefind, tmp_path):
    indexer = BackgroundIndexer({"force_language": "en"})
    indexer.add("<html><body data-pagefind-body><p>x</p></body></html>", "/x/", page="content/blog/x.md")
    with pytest.raises(IndexerError) as caught:
        indexer.finish(tmp_path / "out" / "pagefind")
    assert "cannot run here" in caught.value.message
    assert caught.value.page is None, "no one page is to blame when Pagefind itself stops"
    assert not any(t.name.startswith("site-search-indexer") for t in threading.enumerate())
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("url", [None, "", "x/", "/../../etc/", "/a/../../b/", "/feed.xml"])
def test_a_page_without_a_site_address_inside_the_site_is_refused(tmp_path, url):
    indexer = BackgroundIndexer({"force_language": "en"})
    with pytest.raises(IndexerError) as caught:
        indexer.add("<html><body data-pagefind-body><p>lost</p></body></html>", url, page="content/blog/lost.md")
    assert "address" in caught.value.message
    indexer.close()
    assert not (tmp_path / "pagefind").exists()


def test_written_pages_are_indexed_at_their_address(tmp_path):
    site = tmp_path / "site"
    page = site / "blog" / "one" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html><body><main data-pagefind-body><h1>One</h1><p>Heron</p></main></body></html>")
    indexer = BackgroundIndexer({"force_language": "en"})
    indexer.add_file(page, "/blog/one/", page="content/blog/one.md")
    assert indexer.finish(site / "pagefind") == 1
    assert page.read_text().endswith("</html>"), "the written page is left as it was"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1


def test_a_page_after_the_early_write_is_not_lost(tmp_path):
    indexer = BackgroundIndexer({"force_language": "en"})
    page = "<html><body><main data-pagefind-body><h1>Page {n}</h1><p>{word}</p></main></body></html>"
    indexer.add(page.format(n=1, word="first"), "/one/")
    indexer.write_soon(tmp_path / "pagefind")
    indexer.add(page.format(n=2, word="latecomer"), "/two/")
    assert indexer.finish(tmp_path / "pagefind") == 2
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2
    # Written again from scratch, so no chunk of the first, one-page index is left behind.
    assert len(list((tmp_path / "pagefind").glob("pagefind.*.pf_meta"))) == 1


def test_indexer_indexes_and_stops_its_thread(tmp_path):
    indexer = BackgroundIndexer({"force_language": "en"})
    for n in range(25):
        indexer.add(f"<html><body><main data-pagefind-body><h1>Page {n}</h1><p>words</p></main></body></html>", f"/p{n}/")
    assert indexer.finish(tmp_path / "pagefind") == 25
    assert (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert not any(t.name.startswith("site-search-indexer") for t in threading.enumerate())
    indexer.close()  # a second close is harmless


def _page(folder, rel, words):
    page = folder / rel
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"<html><body><main data-pagefind-body><h1>{words}</h1><p>{words}</p></main></body></html>")
    return page


def test_pages_inside_the_site_are_read_where_they_are_and_others_are_linked(tmp_path):
    site = tmp_path / "site"
    in_place = [_page(site, f"blog/2026/post-{n}/index.html", f"heron {n}") for n in range(3)]
    # Characters that mean something in a glob, or a file outside the site: these take the linked way.
    odd = _page(site, "blog/{odd},[x]*/index.html", "odd heron")
    elsewhere = _page(tmp_path / "elsewhere", "x/index.html", "far heron")
    indexer = BackgroundIndexer({"force_language": "en"})
    for page in in_place:
        indexer.add_file(page, "/" + page.parent.relative_to(site).as_posix() + "/", site=site)
    indexer.add_file(odd, "/blog/{odd},[x]*/", site=site)
    indexer.add_file(elsewhere, "/far/", site=site)
    indexer.add("<html><body><main data-pagefind-body><p>given as text</p></main></body></html>", "/text/")
    assert [p.stat().st_nlink for p in in_place] == [1, 1, 1], "read in place: no link, no copy"
    assert indexer.finish(site / "pagefind") == 6
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 6
    assert all(p.read_text().endswith("</html>") for p in [*in_place, odd, elsewhere])


def test_a_page_given_as_text_and_then_written_in_place_is_indexed_once(tmp_path):
    site = tmp_path / "site"
    page = _page(site, "one/index.html", "heron")
    indexer = BackgroundIndexer({"force_language": "en"})
    indexer.add("<html><body><main data-pagefind-body><p>draft words</p></main></body></html>", "/one/")
    indexer.add_file(page, "/one/", site=site)
    assert indexer.finish(site / "pagefind") == 1
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 1


def test_globs_name_every_page_once_in_requests_pagefind_can_parse():
    from site_search import indexer

    names = {f"blog/{2000 + n % 25}/post-{n:05d}-a-longer-slug-of-words/index.html" for n in range(10_000)}
    globs = indexer.globs(names)
    assert len(globs) >= 10
    named = []
    for glob in globs:
        assert len(glob) <= indexer.GLOB_CHARS + 2
        inner = glob[1:-1].split(",") if glob.startswith("{") else [glob]
        assert len(inner) <= indexer.GLOB_PAGES
        named += inner
    assert sorted(named) == sorted(names)
    assert indexer.globs(["one/index.html"]) == ["one/index.html"] and indexer.globs([]) == []


def test_more_pages_than_one_glob_holds_are_all_indexed(tmp_path, monkeypatch):
    from site_search import indexer

    monkeypatch.setattr(indexer, "GLOB_PAGES", 3)
    site = tmp_path / "site"
    pages = [_page(site, f"p{n}/index.html", f"heron {n}") for n in range(8)]
    search = BackgroundIndexer({"force_language": "en"})
    for page in pages:
        search.add_file(page, "/" + page.parent.name + "/", site=site)
    assert search.finish(site / "pagefind") == 8
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 8
