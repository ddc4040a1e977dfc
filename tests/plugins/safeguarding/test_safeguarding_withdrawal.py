"""Status: withdrawn takes a story out of every output file and leaves a short noindex page at its address."""

import filecmp
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_build, soup
from coproduction.privacy import file_texts

TITLE = "Lanterns over the quiet harbour"
SLUG = "quiet-lantern-harbour"
MARKERS = ("Zephyrinaquill", "Marrowbine Quayside", "lanterns over the quiet", "Quiet Lantern Harbour")
WITHDRAWN = f"""\
Title: {TITLE}
Date: 2019-03-04 09:00
Author: Danny Whitfield
Consent: CF-2019-044
Slug: {SLUG}
Summary: Marrowbine Quayside, and what the lanterns meant to me.
Themes: recovery
Status: withdrawn

I used to walk past Zephyrinaquill every evening on my way home from the ward.

![The harbour at dusk]({{static}}/images/only-withdrawn.svg)

![Our garden]({{static}}/images/ward-garden.svg)
"""
PICTURE = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Zephyrinaquill</title>'
           '<rect width="10" height="10"/></svg>')


def _content(base, withdrawn=True):
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    if withdrawn:
        (content / "blog" / "2019" / "lanterns.md").write_text(WITHDRAWN, encoding="utf-8")
        (content / "images" / "only-withdrawn.svg").write_text(PICTURE, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    base = tmp_path_factory.mktemp("withdrawn")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_URL", "https://inmind.test.nhs.uk")
        site = run_build(_content(base), base / "output", "publishconf.py", fatal_warnings=True)
    assert site.status == 0, site.messages
    return site


def test_no_byte_of_the_story_reaches_any_output_file(published):
    files = [p for p in published.output.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in files), "the search index was not built"
    for path in files:
        for text in file_texts(path.name, path.read_bytes()):
            lowered = str(text).lower()
            for marker in (TITLE, SLUG, *MARKERS):
                assert marker.lower() not in lowered, f"{marker!r} is in {path.relative_to(published.output)}"


def test_its_address_says_it_was_removed_and_asks_not_to_be_indexed(published):
    page = published.output / "blog" / "2019" / SLUG / "index.html"
    html = soup(page)
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "removed at the writer's request" in html.main.get_text()
    assert html.find(attrs={"data-pagefind-body": True}) is None
    assert html.find("link", rel="canonical") is None and html.find("meta", property="og:url") is None
    assert "Danny Whitfield" not in html.get_text()


def test_pictures_only_the_withdrawn_story_used_are_not_published(published):
    images = published.output / "images"
    assert not (images / "only-withdrawn.svg").exists()
    assert (images / "ward-garden.svg").exists(), "a picture another post uses must stay"


def test_the_sitemap_and_feeds_leave_it_out(published):
    assert "/blog/2019/" + SLUG not in (published.output / "sitemap.xml").read_text(encoding="utf-8")
    for feed in (published.output / "feeds").rglob("*.xml"):
        assert SLUG not in feed.read_text(encoding="utf-8")


def test_every_other_page_is_as_if_the_story_had_never_been_written(tmp_path):
    """Counts, lists, related posts and author pages: the preview build is byte for byte the same without it."""
    with_story = run_build(_content(tmp_path / "a"), tmp_path / "a" / "output")
    without = run_build(_content(tmp_path / "b", withdrawn=False), tmp_path / "b" / "output")
    assert with_story.status == 0 and without.status == 0, with_story.messages + without.messages

    def listing(root):
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                and not p.relative_to(root).as_posix().startswith("pagefind/")}

    extra = listing(with_story.output) - listing(without.output)
    assert extra == {f"blog/2019/{SLUG}/index.html"}
    assert listing(without.output) <= listing(with_story.output)
    for rel in sorted(listing(without.output)):
        assert filecmp.cmp(with_story.output / rel, without.output / rel, shallow=False), rel


def test_a_withdrawn_page_leaves_a_page_at_its_address(build_site):
    site = build_site({"pages/old.md": "Title: An old page\nSlug: old-page\nSummary: Gone.\nStatus: withdrawn\n\nWords.\n"})
    assert site.status == 0, site.messages
    text = (site.output / "old-page" / "index.html").read_text(encoding="utf-8")
    assert "An old page" not in text and "removed at the writer" in text


def test_check_accepts_withdrawn_and_skips_its_safeguarding_checks(tmp_path):
    from inmind.build import load_settings
    from inmind.check import check_site

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "blog" / "2019" / "lanterns.md").write_text(WITHDRAWN.replace("Consent: CF-2019-044\n", ""),
                                                           encoding="utf-8")
    (content / "images" / "only-withdrawn.svg").write_text(PICTURE, encoding="utf-8")
    settings = load_settings(ROOT / "publishconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "c")})
    problems = [p for p in check_site(settings, fatal_warnings=True) if Path(p.path or "").name == "lanterns.md"]
    assert not [p for p in problems if p.severity == "error"], problems
    assert not [p for p in problems if "[consent" in p.message], problems


def test_a_link_to_a_withdrawn_story_is_an_error_at_its_line(build_site):
    site = build_site({
        "blog/gone.md": "Title: Gone\nDate: 2019-03-04 09:00\nAuthor: Communications Team\nSummary: Gone.\n"
                        "Status: withdrawn\n\nText.\n",
        "blog/other.md": "Title: Other\nDate: 2019-03-05 09:00\nAuthor: Communications Team\nSummary: Other.\n\n"
                         "See [the story]({filename}/blog/gone.md).\n",
    })
    assert site.status != 0
    assert "other.md:6: error: the link \"{filename}/blog/gone.md\" goes to a story that was withdrawn" in site.messages


@pytest.mark.parametrize("title", ["Ça va? Ünïcode — story!", "Title &amp; 'quotes' (2019)", "数字 2019"])
def test_the_removed_page_is_at_the_address_the_story_had(build_site, tmp_path, title):
    post = f"Title: {title}\nDate: 2019-03-04 09:00\nAuthor: Communications Team\nSummary: A post.\n\nText.\n"
    published = build_site({"blog/p.md": post})
    pages = {p.relative_to(published.output).as_posix() for p in (published.output / "blog").rglob("index.html")}
    shutil.rmtree(published.output)
    withdrawn = build_site({"blog/p.md": post.replace("Summary: A post.\n", "Summary: A post.\nStatus: withdrawn\n")})
    removed = {p.relative_to(withdrawn.output).as_posix() for p in (withdrawn.output / "blog").rglob("index.html")}
    assert pages == removed and len(pages) == 1
    text = (withdrawn.output / next(iter(removed))).read_text(encoding="utf-8")
    assert "removed at the writer" in text and title.split()[0] not in text



def _cached(cache):
    return {p.relative_to(cache).as_posix(): p.stat().st_mtime_ns for folder in ("pictures", "share-cards")
            for p in (cache / folder).rglob("*") if p.is_file()}


def test_a_publish_build_forgets_the_cached_copies_and_card_of_a_story_once_withdrawn(tmp_path, monkeypatch):
    # CI keeps cache/ from run to run and saves it whole: the withdrawn story's photo copies and title card stayed there.
    from PIL import Image

    monkeypatch.setenv("SITE_URL", "https://inmind.test.nhs.uk")
    content = _content(tmp_path, withdrawn=False)
    story = WITHDRAWN.replace("Status: withdrawn\n", "").replace("only-withdrawn.svg", "only-withdrawn.jpg")
    (content / "blog" / "2019" / "lanterns.md").write_text(story, encoding="utf-8")
    Image.new("RGB", (1600, 900), (40, 80, 120)).save(content / "images" / "only-withdrawn.jpg", quality=80)
    cache = tmp_path / "cache"
    site = run_build(content, tmp_path / "output", "publishconf.py", fatal_warnings=True, CACHE_PATH=str(cache))
    assert site.status == 0, site.messages
    live = _cached(cache)
    pictures = {rel for rel in live if rel.startswith("pictures/")}
    cards = {rel for rel in live if rel.startswith("share-cards/")}
    assert pictures and len(cards) > 1

    (content / "blog" / "2019" / "lanterns.md").write_text(story.replace("Themes:", "Status: withdrawn\nThemes:"),
                                                           encoding="utf-8")
    site = run_build(content, tmp_path / "output", "publishconf.py", fatal_warnings=True, CACHE_PATH=str(cache))
    assert site.status == 0, site.messages
    after = _cached(cache)
    assert not {rel for rel in after if rel.startswith("pictures/")}, "the withdrawn story's photo copies are kept"
    assert len({rel for rel in after if rel.startswith("share-cards/")}) == len(cards) - 1
    # Every other card stays as it was, not drawn again; the output uses no file the cache no longer has.
    assert all(live[rel] == stamp for rel, stamp in after.items())
    assert not list(cache.glob("pictures/*")), "an emptied folder is left behind"


def test_a_preview_build_keeps_every_cached_copy(tmp_path):
    from PIL import Image

    content = _content(tmp_path, withdrawn=False)
    Image.new("RGB", (1600, 900), (40, 80, 120)).save(content / "images" / "spare.jpg", quality=80)
    (content / "blog" / "2019" / "photo.md").write_text(
        WITHDRAWN.replace("Status: withdrawn\n", "Status: draft\n").replace("only-withdrawn.svg", "spare.jpg"),
        encoding="utf-8")
    cache = tmp_path / "cache"
    (cache / "pictures" / "zz").mkdir(parents=True)
    (cache / "pictures" / "zz" / "another-builds-copy.webp").write_bytes(b"kept")
    site = run_build(content, tmp_path / "output", CACHE_PATH=str(cache))
    assert site.status == 0, site.messages
    assert (cache / "pictures" / "zz" / "another-builds-copy.webp").read_bytes() == b"kept"
    assert len(list(cache.glob("pictures/*/*"))) > 1
