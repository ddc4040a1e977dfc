"""One rule for what a build lists (inmind/published.py): nothing of a draft, a scheduled, a withdrawn or a hidden
post reaches a list, a count, a role page, a feed, the sitemap or the search filters of the published site."""

from __future__ import annotations

import datetime as dt
import gzip

import brotli
import pytest
from conftest import ROOT, copy_registries, run_build, write_files

from inmind.published import is_listed

NEXT_YEAR = dt.date.today().year + 1
SITE_URL = "https://inmind.test.nhs.uk"
THEME = """
[[theme]]
slug = "quincunx-gardening"
label = "Quincunx gardening"
description = "Planting in fives."
phrases = ["quincunx"]
"""


def post(title, slug, date, header, body="Some words about co-production and recovery."):
    return f"Title: {title}\nDate: {date}\nSlug: {slug}\nSummary: The summary of {title.lower()}.\n{header}\n{body}\n"


def guest(name, role, group, series, extra=""):
    """The header of a post by a one-off guest, in a series of its own, with the theme only it uses."""
    return (f"Author: {name}\nAuthor-role: {role}\nRole-group: {group}\nConsent: CF-2019-001\nSeries: {series}\n"
            f"Themes: quincunx-gardening\n{extra}")


FILES = {
    "blog/2019/live.md": post("A live post", "live-post", "2019-05-01 09:00",
                              "Author: Communications Team\nSeries: In Mind\n",
                              "See [writers who are partners]({group}partner) and [the team]({role}communications-team)."),
    "blog/2019/draft.md": post("Zanzibar draft", "zanzibar-draft", "2019-06-01 09:00",
                               guest("Zephyrine Quillfeather", "Guest Kazooist", "partner", "Kumquat Chronicles",
                                     "Status: draft\n")),
    "blog/2019/gone.md": post("Ocelot story", "taken-down", "2019-06-02 09:00",
                              guest("Ottoline Wexcombe", "Ocelot Whisperer", "partner", "Wombat Saga",
                                    "Status: withdrawn\n")),
    "blog/2019/hidden.md": post("Heron notes", "heron-notes", "2019-06-03 09:00",
                                guest("Hieronyma Vantablack", "Heron Counter", "partner", "Heron Ledger",
                                      "Status: hidden\n")),
    f"blog/{NEXT_YEAR}/later.md": post("Marmot plans", "marmot-plans", f"{NEXT_YEAR}-01-02 09:00",
                                       guest("Marmaduke Fennelby", "Marmot Herder", "governor", "Marmot Annals")),
    "agm/2018.md": "Title: The Orrery meeting\nDate: 2018-09-25 14:00\nAuthor: Communications Team\nStatus: draft\n"
                   "Themes: quincunx-gardening\nVenue: Bootle Town Hall, Oriel Road, Bootle L20 7AE\n"
                   "Summary: Xanthippe spoke about the abacus.\n\nWhat happened.\n",
}
# Every string only an unlisted post holds (names, roles, series, titles, addresses), lower case.
UNLISTED = {
    "draft": ("zephyrine", "quillfeather", "kazooist", "kumquat", "zanzibar"),
    "withdrawn": ("ottoline", "wexcombe", "ocelot", "wombat"),
    "scheduled": ("marmaduke", "fennelby", "marmot"),
    "draft AGM": ("xanthippe", "orrery", "abacus"),
}
HIDDEN = ("hieronyma", "vantablack", "heron")


def _texts(output):
    """Yield (path, text) for every output file: compressed copies and Pagefind's gzipped index unpacked."""
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".br":
            data = brotli.decompress(data)
        elif path.suffix == ".gz":
            data = gzip.decompress(data)
        if data[:2] == b"\x1f\x8b":  # Pagefind's index, filters and fragments
            data = gzip.decompress(data)
        yield path.relative_to(output).as_posix(), data.decode("utf-8", "replace").lower()


def _build(tmp_path, settings_file, files=FILES, **overrides):
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    copy_registries(content)
    (content / "themes.toml").write_text((content / "themes.toml").read_text(encoding="utf-8") + THEME, encoding="utf-8")
    write_files(content, files, dedent=False)
    return run_build(content, tmp_path / "output", settings_file, **overrides)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("SITE_URL", SITE_URL)
    try:
        site = _build(tmp_path_factory.mktemp("publish"), "publishconf.py", fatal_warnings=True, SITEURL=SITE_URL,
                      FEED_DOMAIN=SITE_URL)
    finally:
        mp.undo()
    assert site.status == 0, site.messages
    return site


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    site = _build(tmp_path_factory.mktemp("preview"), "pelicanconf.py")
    assert site.status == 0, site.messages
    return site


@pytest.mark.parametrize(("status", "listed"), [
    ("published", True), (" Published ", True), (None, True), ("", True),
    ("draft", False), ("hidden", False), ("withdrawn", False), ("skip", False), ("DRAFT", False),
])
def test_only_published_is_listed(status, listed):
    assert is_listed(status) is listed


@pytest.mark.parametrize("kind", sorted(UNLISTED))
def test_no_output_file_or_path_of_the_publish_build_holds_an_unlisted_post(published, kind):
    texts = list(_texts(published.output))
    assert any(rel.endswith(".pf_filter") for rel, _ in texts), "the search index was not written"
    leaks = [f"{rel}: {word}" for rel, text in texts for word in UNLISTED[kind] if word in text or word in rel]
    assert not leaks, leaks[:20]


def test_a_hidden_post_is_only_at_its_own_address(published):
    # Hidden: written at its address, but listed, counted and found by search nowhere.
    own = "blog/2019/heron-notes/index.html"
    leaks = [f"{rel}: {word}" for rel, text in _texts(published.output) for word in HIDDEN
             if (word in text or word in rel) and not rel.startswith(own)]
    assert not leaks, leaks[:20]
    assert not (published.output / "roles/heron-counter").exists()


def test_counts_and_the_voices_chart_hold_only_the_live_post(published):
    voices = published.soup("voices/index.html")
    assert voices.select_one(".app-stat").get_text(strip=True) == "0 of 1 posts"
    assert [th.get_text(strip=True) for th in voices.select("table th[scope=row] a")] == ["Staff"]
    assert "Partner" not in voices.select_one("svg.app-chart").get_text(" ")
    for group in ("partner", "governor"):
        lede = published.soup(f"voices/{group}/index.html").select_one(".app-lede").get_text(" ", strip=True)
        assert lede.startswith("No post has a writer who writes as:") and "0 posts" not in lede, lede
        assert lede.endswith("(Atom feed) to hear when the first one is published."), lede
        assert "<entry>" not in (published.output / f"feeds/voices/{group}.atom.xml").read_text(encoding="utf-8")
    theme = published.soup("themes/quincunx-gardening/index.html")
    assert "No posts have this theme yet." in theme.get_text(" ") and not theme.select(".app-post-list__item")
    assert "<entry>" not in (published.output / "feeds/themes/quincunx-gardening.atom.xml").read_text(encoding="utf-8")
    assert "quincunx" not in (published.output / "index.html").read_text(encoding="utf-8").lower()


def test_no_search_filter_value_comes_from_an_unlisted_post(published):
    search = [(rel, text) for rel, text in _texts(published.output) if rel.startswith("pagefind/")]
    assert any("staff" in text for rel, text in search if rel.endswith(".pf_filter"))
    assert not [rel for rel, text in search if "quincunx" in text or "governor" in text]


def test_the_only_role_pages_are_those_of_listed_posts(published):
    assert sorted(p.parent.name for p in published.output.glob("roles/*/index.html")) == ["communications-team"]
    assert published.soup("roles/communications-team/index.html").select_one("h1").get_text(" ", strip=True) \
        == "Role Communications Team"


def test_the_preview_shows_the_draft_at_its_own_address_and_lists_the_scheduled_post(preview):
    draft = preview.soup("drafts/zanzibar-draft/index.html")
    assert draft.select_one(".app-draft-banner") is not None
    assert "Zephyrine Quillfeather, Guest Kazooist" in draft.select_one(".app-byline").get_text()
    assert [a.get_text(strip=True) for a in draft.select(".app-post-themes a")] == ["Quincunx gardening"]
    # Never listed, even in preview: the draft is on its own page alone.
    words = UNLISTED["draft"] + UNLISTED["draft AGM"]
    elsewhere = [f"{rel}: {word}" for rel, text in _texts(preview.output) for word in words
                 if word in text and not rel.startswith("drafts/")]
    assert not elsewhere, elsewhere[:20]
    assert not (preview.output / "roles/guest-kazooist").exists()
    # A scheduled post shows in full in preview, listed and counted, with its banner.
    assert (preview.output / "roles/marmot-herder/index.html").is_file()
    assert "Marmot plans" in preview.soup("voices/governor/index.html").get_text(" ")
    later = preview.soup(f"blog/{NEXT_YEAR}/marmot-plans/index.html")
    assert "Scheduled for" in later.get_text(" ")


def test_a_link_to_a_role_only_a_scheduled_post_names_stops_the_publish_build_not_the_preview(tmp_path, monkeypatch):
    files = {**FILES, "blog/2019/live.md": FILES["blog/2019/live.md"] + "\nMeet [a herder]({role}marmot-herder).\n"}
    preview = _build(tmp_path / "preview", "pelicanconf.py", files)
    assert preview.status == 0, preview.messages
    monkeypatch.setenv("SITE_URL", SITE_URL)
    published = _build(tmp_path / "publish", "publishconf.py", files, fatal_warnings=True, SITEURL=SITE_URL,
                       FEED_DOMAIN=SITE_URL)
    assert published.status != 0
    assert ('live.md:10: error: the link "{role}marmot-herder" goes to the role "marmot-herder", which only a draft '
            "or unpublished post names") in published.messages, published.messages


def test_a_guests_author_page_and_byline_show_only_what_listed_posts_say(tmp_path):
    files = {
        "blog/2019/one.md": post("First poem", "first-poem", "2019-05-01 09:00",
                                 guest("Sam Okafor", "Guest poet", "carer", "Poems")),
        "blog/2019/two.md": post("Second poem", "second-poem", "2019-05-02 09:00",
                                 guest("Sam Okafor", "Secret Yodeller", "carer", "Poems", "Status: draft\n")),
    }
    site = _build(tmp_path, "pelicanconf.py", files)
    assert site.status == 0, site.messages
    author = site.soup("authors/sam-okafor/index.html")
    assert [a.get_text() for a in author.select(".app-author-profile a")][:1] == ["Guest poet"]
    for rel in ("authors/sam-okafor/index.html", "blog/2019/first-poem/index.html", "roles/guest-poet/index.html",
                "voices/carer/index.html"):
        assert "yodeller" not in (site.output / rel).read_text(encoding="utf-8").lower(), rel
    assert not (site.output / "roles/secret-yodeller").exists()
    # The draft's own page still says what it says.
    assert "Secret Yodeller" in site.soup("drafts/second-poem/index.html").select_one(".app-byline").get_text()


def test_the_checks_name_a_cached_posts_roles_as_a_fresh_one(tmp_path):
    from inmind.build import load_settings
    from inmind.check import check_site

    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    files = {"blog/2019/one.md": post("First poem", "first-poem", "2019-05-01 09:00",
                                      "Author: Sam Okafor\nAuthor-role: Guest poet\nRole-group: carer\nConsent: CF-2019-001\n"),
             "blog/2019/two.md": post("A link", "a-link", "2019-05-02 09:00", "Author: Communications Team\n",
                                      "Meet [a poet]({role}guest-poet).")}
    write_files(content, files, dedent=False)
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")})
    broken = [p for p in check_site(settings) if "link-broken" in p.message]
    assert not broken
    # Only two.md changes: one.md's result comes from the cache, and its guest's role is still a page.
    write_files(content, {"blog/2019/two.md": files["blog/2019/two.md"] + "\nMore words.\n"}, dedent=False)
    assert not [p for p in check_site(settings) if "link-broken" in p.message]
    # The guest's post becomes a draft: its role has no page, cached or not.
    write_files(content, {"blog/2019/one.md": files["blog/2019/one.md"].replace("Author:", "Status: draft\nAuthor:")},
                dedent=False)
    assert [p.message for p in check_site(settings) if "link-broken" in p.message] == \
        ['the link "{role}guest-poet" goes to the role "guest-poet", which only a draft or unpublished post names, '
         "so it has no page yet [link-broken]"]
