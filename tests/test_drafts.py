"""Drafts and scheduled posts: shown with a DRAFT banner in preview, absent from every byte of the publish build."""

import datetime as dt
import gzip
from pathlib import Path

import brotli
import pytest

TODAY = dt.date.today()
NEXT_YEAR = TODAY.year + 1


def post(title, slug, date, extra=""):
    return f"""\
Title: {title}
Date: {date}
Author: Communications Team
Slug: {slug}
Summary: The summary of {title.lower()}.
{extra}
Some words about co-production and recovery, written for {title.lower()}.
"""


FILES = {
    "blog/2019/live.md": post("A live post", "live-post", "2019-05-01 09:00"),
    "blog/2019/unfinished.md": post("An unfinished zebra draft", "unfinished-draft", "2019-06-01 09:00",
                                    "Status: draft\n"),
    f"blog/{NEXT_YEAR}/scheduled.md": post("A scheduled quokka post", "scheduled-post", f"{NEXT_YEAR}-01-02 09:00"),
    f"blog/{TODAY.year}/due.md": post("A post due yesterday", "due-post",
                                      f"{TODAY - dt.timedelta(days=1):%Y-%m-%d} 09:00"),
}
SECRETS = ("zebra", "unfinished-draft", "quokka", "scheduled-post")


def _texts(output):
    """Yield (path, text) for every file, with compressed copies and Pagefind's fragments unpacked."""
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz" or path.suffix == ".pf_fragment" or data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        elif path.suffix == ".br":
            data = brotli.decompress(data)
        yield path.relative_to(output), data.decode("utf-8", errors="replace").lower()


@pytest.fixture
def preview(build_site):
    site = build_site(FILES)
    assert site.status == 0, site.messages
    return site


@pytest.fixture
def published(build_site, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://inmind.test.nhs.uk")
    site = build_site(FILES, settings_file="publishconf.py", fatal_warnings=True,
                      SITEURL="https://inmind.test.nhs.uk", FEED_DOMAIN="https://inmind.test.nhs.uk")
    assert site.status == 0, site.messages
    return site


def test_a_draft_is_previewed_with_a_draft_banner(preview):
    doc = preview.soup("drafts/unfinished-draft/index.html")
    banner = doc.select_one(".app-draft-banner")
    assert banner is not None
    assert "Draft" in banner.get_text() and "Status: draft" in banner.get_text()
    # The banner sits outside the part the search index reads.
    assert banner.find_parent(attrs={"data-pagefind-body": True}) is None
    assert preview.soup("blog/2019/live-post/index.html").select_one(".app-draft-banner") is None


def test_a_draft_is_not_listed_even_in_preview(preview):
    for listing in ("index.html", "archives/index.html", "authors/communications-team/index.html"):
        text = (preview.output / listing).read_text(encoding="utf-8").lower()
        assert "zebra" not in text, listing
        assert "a live post" in text, listing


def test_preview_shows_scheduled_posts_so_they_can_be_checked(preview):
    assert (preview.output / f"blog/{NEXT_YEAR}/scheduled-post/index.html").exists()


def test_the_publish_build_has_no_trace_of_drafts_or_scheduled_posts(published):
    assert not (published.output / "drafts").exists()
    assert not (published.output / f"blog/{NEXT_YEAR}").exists()
    leaks = [f"{rel}: {secret}" for rel, text in _texts(published.output) for secret in SECRETS if secret in text]
    assert not leaks, leaks[:20]


def test_the_publish_build_has_the_live_and_due_posts_everywhere(published):
    for slug, year in (("live-post", 2019), ("due-post", TODAY.year)):
        assert (published.output / f"blog/{year}/{slug}/index.html").exists()
        assert slug in (published.output / "sitemap.xml").read_text(encoding="utf-8")
        assert slug in (published.output / "feeds/all.atom.xml").read_text(encoding="utf-8")
    fragments = " ".join(text for rel, text in _texts(published.output) if rel.suffix == ".pf_fragment")
    assert "a live post" in fragments and "a post due yesterday" in fragments


def test_the_publish_check_does_not_fail_on_a_drafts_warnings(build_site, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://inmind.test.nhs.uk")
    files = {**FILES, "blog/2019/unfinished.md": FILES["blog/2019/unfinished.md"] + "\n[here](https://example.org)\n"}
    site = build_site(files, settings_file="publishconf.py", fatal_warnings=True,
                      SITEURL="https://inmind.test.nhs.uk", FEED_DOMAIN="https://inmind.test.nhs.uk")
    assert site.status == 0, site.messages
    assert "unfinished.md:10: warning: the link text \"here\"" in site.messages
    live = Path(site.content) / "blog/2019/live.md"
    live.write_text(live.read_text(encoding="utf-8") + "\n[here](https://example.org)\n", encoding="utf-8")
    from conftest import run_build

    again = run_build(site.content, site.output, "publishconf.py", fatal_warnings=True,
                      SITEURL="https://inmind.test.nhs.uk", FEED_DOMAIN="https://inmind.test.nhs.uk")
    assert again.status == 1
    assert "live.md:9: error: the link text \"here\"" in again.messages
