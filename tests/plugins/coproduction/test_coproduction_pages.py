"""Theme, role-group, role and voices pages, bylines and themes on posts, feeds and privacy, from real builds."""

import gzip
import shutil
import tomllib
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

import brotli
import pytest
from conftest import ROOT, SAMPLE_REAL_NAME, run_build, write_files

ATOM = "{http://www.w3.org/2005/Atom}"
REGISTRY = tomllib.loads((ROOT / "content" / "authors.toml").read_text(encoding="utf-8"))["author"]
ANONYMOUS = next(a for a in REGISTRY if a.get("anonymous"))
REAL_NAME = SAMPLE_REAL_NAME  # the made-up real name conftest's private names file gives them


def post(title, date, author, body, **fields):
    header = [f"Title: {title}", f"Date: {date}", f"Author: {author}", f"Summary: About {title.lower()}."]
    header += [f"{key.replace('_', '-').capitalize()}: {value}" for key, value in fields.items()]
    return "\n".join(header) + "\n\n" + body + "\n"


FILES = {
    "blog/2018/chaplain.md": post(
        "Why co-production matters", "2018-01-10 09:00", "Rev Julian Raffay",
        "Co-production means working together. Our chaplaincy team works with carers.",
        themes="co-production, spiritual-and-pastoral-care",
    ),
    "blog/2018/carers.md": post(
        "Two views from carers", "2018-02-10 09:00", "Maureen Costigan",
        "A carer and a nurse. Carers need a carer's assessment. The carers' forum met. " * 3,
        authors="Maureen Costigan, Tom Brennan",
    ),
    "blog/2019/garden.md": post(
        "A garden of recovery", "2019-03-01 09:00", "Sam Guest",
        "Recovery grows in the garden. My recovery took time.",
        themes="recovery", author_role="Volunteer Gardener", role_group="volunteer",
    ),
    "blog/2019/anonymous.md": post(
        "Caring from far away", "2019-04-01 09:00", ANONYMOUS["name"],
        "I am a carer for my brother. Being a carer at a distance is hard; carers need support.",
    ),
    "blog/2019/no-auto.md": post(
        "My peer support job", "2019-05-01 09:00", "Kerry Ashcroft",
        "Peer support and lived experience, peer support again.", auto_themes="off",
    ),
    "blog/2019/draft.md": post(
        "An unfinished carers post", "2019-06-01 09:00", "Maureen Costigan",
        "Carers carers carers.", themes="carers", status="draft",
    ),
    "agm/2019.md": (
        "Title: Annual General Meeting 2019\nDate: 2019-09-25 14:00\nAuthor: Communications Team\n"
        "Summary: What happened at the 2019 meeting.\nVenue: Town Hall, High Street, Bootle L20 7AE\n"
        "Highlight: The Care Quality Commission rated us Good.\nHighlight: Our governors held the Board to account.\n\n"
        "The Annual General Meeting heard from governors. The CQC inspection went well.\n"
    ),
}


def build(tmp_path_factory, files, **overrides):
    base = tmp_path_factory.mktemp("coproduction")
    content = base / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        shutil.copy(ROOT / "content" / name, content / name)
    write_files(content, files)
    site = run_build(content, base / "output", **overrides)
    assert site.status == 0, site.messages
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory, FILES)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return build(tmp_path_factory, FILES, SITEURL="https://inmind.example.org", RELATIVE_URLS=False)


def links(soup, selector):
    return [(a.get_text(" ", strip=True), a["href"]) for a in soup.select(selector)]


def byline(soup, scope=".app-post-meta"):
    """The byline's first part ("By … , role"), as a reader sees it."""
    return soup.select_one(f"{scope} .app-byline__part").get_text(" ", strip=True).replace(" ,", ",")


def test_post_links_to_its_themes_explicit_first(site):
    soup = site.soup("blog/2018/why-co-production-matters/index.html")
    themes = links(soup, ".app-post-themes .app-themes a")
    assert themes[:2] == [
        ("Co-production", "../../../themes/co-production/"),
        ("Spiritual and pastoral care", "../../../themes/spiritual-and-pastoral-care/"),
    ]
    assert soup.select_one(".app-post-themes .app-themes__label").get_text() == "Themes:"
    # After the story, never between the title and the first paragraph, and never in search extracts.
    assert soup.select_one(".app-prose").find_next(class_="app-post-themes")
    assert soup.select_one(".app-post-themes").has_attr("data-pagefind-ignore")


def test_post_byline_names_the_writer_with_their_first_role_in_words(site):
    soup = site.soup("blog/2018/why-co-production-matters/index.html")
    assert byline(soup) == "By Rev Julian Raffay, Specialist Chaplain"
    assert links(soup, ".app-post-meta a") == [("Rev Julian Raffay", "../../../authors/julian-raffay/")]
    # Every role and the group are on the writer's own page, not in chips on the post.
    assert "Research Chaplain" not in soup.select_one(".app-post-meta").get_text()
    profile = site.soup("authors/julian-raffay/index.html").select_one(".app-author-profile")
    assert "Research Chaplain" in profile.get_text() and ("Staff", "../../voices/staff/") in links(profile, "dd a")


def test_several_writers_share_one_line(site):
    soup = site.soup("blog/2018/two-views-from-carers/index.html")
    assert [a.get_text() for a in soup.select(".app-post-meta .app-byline__name")] == ["Maureen Costigan", "Tom Brennan"]
    # A role that is just its group's name reads as words ("carer"), a job title as written.
    assert byline(soup) == "By Maureen Costigan, carer and Tom Brennan, Community Mental Health Nurse"


def test_automatic_themes_come_from_the_text(site):
    soup = site.soup("blog/2018/two-views-from-carers/index.html")
    assert [a.get_text() for a in soup.select(".app-post-themes .app-themes a")] == ["Carers"]


def test_auto_themes_off_leaves_a_post_without_themes(site):
    soup = site.soup("blog/2019/my-peer-support-job/index.html")
    assert soup.select(".app-themes") == []


def test_guest_author_brings_role_and_group(site):
    soup = site.soup("blog/2019/a-garden-of-recovery/index.html")
    assert byline(soup) == "By Sam Guest, Volunteer Gardener"
    assert site.path("roles/volunteer-gardener/index.html").exists() and site.path("voices/volunteer/index.html").exists()
    assert site.path("authors/sam-guest/index.html").exists()


def test_listings_show_one_link_and_the_byline_per_post(site):
    soup = site.soup("themes/carers/index.html")
    for item in soup.select(".app-post-list__item"):
        # One tab stop per post: its title. Names are plain text; themes and roles are on the post.
        assert [a.get_text() for a in item.find_all("a")] == [item.select_one(".app-post-list__title").get_text(strip=True)]
        assert not item.select(".app-themes")
    first = soup.select_one(".app-post-list__item")
    assert byline(first, ".app-post-list__item") == "By A carer"


def test_theme_page_lists_published_posts_newest_first(site):
    soup = site.soup("themes/carers/index.html")
    assert soup.find("h1").get_text(" ", strip=True) == "Theme Carers"
    titles = [a.get_text() for a in soup.select(".app-post-list__title a")]
    assert titles == ["Caring from far away", "Two views from carers"]
    assert "An unfinished carers post" not in soup.get_text()
    assert ("Follow this theme in a feed reader (Atom feed)", "../../feeds/themes/carers.atom.xml") in links(soup, "main a")
    assert soup.select_one('link[rel=alternate][type="application/atom+xml"]')["href"] == "../../feeds/themes/carers.atom.xml"


def test_themes_index_has_every_theme_with_count_and_description(site):
    soup = site.soup("themes/index.html")
    vocabulary = tomllib.loads((ROOT / "content" / "themes.toml").read_text(encoding="utf-8"))["theme"]
    items = soup.select(".app-theme-index__item")
    assert [i.find("a").get_text() for i in items] == [t["label"] for t in vocabulary]
    carers = next(i for i in items if i.find("a").get_text() == "Carers")
    assert carers.select_one(".app-theme-index__count").get_text() == "2 posts"
    assert next(t["description"] for t in vocabulary if t["slug"] == "carers") in carers.get_text()
    assert len(soup.find_all("h1")) == 1


def test_every_theme_has_a_page_even_without_posts(site):
    vocabulary = tomllib.loads((ROOT / "content" / "themes.toml").read_text(encoding="utf-8"))["theme"]
    for theme in vocabulary:
        assert site.path(f"themes/{theme['slug']}/index.html").exists()


def test_role_and_group_pages_list_posts_and_link_back(site):
    role = site.soup("roles/specialist-chaplain/index.html")
    assert [a.get_text() for a in role.select(".app-post-list__title a")] == ["Why co-production matters"]
    assert ("Staff", "../../voices/staff/") in links(role, ".app-lede a")
    group = site.soup("voices/carer/index.html")
    assert [a.get_text() for a in group.select(".app-post-list__title a")] == ["Caring from far away", "Two views from carers"]
    assert ("Carer", "../../roles/carer/") in links(group, "main .app-link-list a")
    assert ("A carer", "../../authors/a-carer/") in links(group, "main .app-link-list a")
    staff = site.soup("voices/staff/index.html")
    # The AGM summary is by staff, so it is on the staff page too.
    assert "Annual General Meeting 2019" in [a.get_text() for a in staff.select(".app-post-list__title a")]


def test_agm_summary_is_tagged_and_shows_its_author_role(site):
    soup = site.soup("agm/2019/index.html")
    # The team's role is its name, so the byline says it once.
    assert byline(soup, ".app-agm") == "By Communications Team"
    assert links(soup, ".app-agm .app-post-meta a") == [("Communications Team", "../../authors/communications-team/")]
    themes = [a.get_text() for a in soup.select(".app-agm .app-post-themes a")]
    assert "Governance and accountability" in themes and "Quality and regulation" in themes
    # Its author's page exists and lists it, so the byline's link works.
    author = site.soup("authors/communications-team/index.html")
    assert "Annual General Meeting 2019" in author.get_text()


def test_author_page_shows_roles_group_and_bio(site):
    soup = site.soup("authors/julian-raffay/index.html")
    profile = soup.select_one(".app-author-profile")
    assert profile.find("dt").get_text() == "Roles"
    assert "Specialist Chaplain" in profile.get_text() and "Research Chaplain" in profile.get_text()
    assert links(profile, "dd a")[-1] == ("Staff", "../../voices/staff/")
    assert soup.select_one(".app-author-profile__bio").get_text().startswith("Julian is a Specialist Chaplain")


def test_related_posts_share_themes_never_self_or_drafts(site):
    soup = site.soup("blog/2018/two-views-from-carers/index.html")
    related = [a.get_text() for a in soup.select(".app-related a")]
    assert related == ["Caring from far away"]
    for page in site.output.glob("blog/*/*/index.html"):
        titles = [a.get_text() for a in site.soup(page.relative_to(site.output)).select(".app-related a")]
        assert "An unfinished carers post" not in titles
        assert site.soup(page.relative_to(site.output)).find("h1").get_text() not in titles
        assert len(titles) <= 3


def test_voices_page_draws_the_chart_and_small_tables_without_empty_groups(site):
    soup = site.soup("voices/index.html")
    assert soup.find("h1").get_text() == "Who writes for In Mind"
    svg = soup.select_one("svg.app-chart")
    assert svg["role"] == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
    assert "by the group their writers belong to" in desc.get_text()
    assert not soup.select("[style]") and "<script" not in str(soup.select_one("main"))
    bars = svg.select("rect.app-chart__bar")
    assert {b["class"][-1] for b in bars} == {
        "app-chart__bar--staff", "app-chart__bar--carer", "app-chart__bar--volunteer"}
    # Only groups with posts: no row of zeros in the chart or the table.
    assert [t.get_text() for t in svg.select("g.app-chart__text > text")][-3:] == ["Staff", "Carer", "Volunteer"]
    groups, years = soup.select("table.app-table")
    assert {tr.th.get_text(): tr.td.get_text() for tr in groups.select("tbody tr")} == {"Staff": "3", "Carer": "2", "Volunteer": "1"}
    assert "Leadership" not in soup.select_one("main").get_text()
    # Three columns at most, so the tables fit a 320 px screen.
    assert max(len(tr.find_all(["th", "td"])) for tr in soup.select("table tr")) <= 3
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in years.select("tbody tr, tfoot tr")}
    assert rows == {"2018": ["2", "1"], "2019": ["3", "2"], "All years": ["5", "3"]}
    assert soup.select_one(".app-stat").get_text() == "3 of 5 posts"
    # The figure and its words are one sentence, not a heading-like line and a fragment starting "have …".
    assert soup.select_one(".app-stat").parent.get_text(" ", strip=True).startswith(
        "3 of 5 posts have at least one writer who is not Trust staff or leadership")
    # It belongs under About, and says why it is there in one sentence.
    assert [a.get_text() for a in soup.select(".app-breadcrumb a")] == ["Home", "About"]
    assert soup.select_one('.app-nav [aria-current="true"]').get_text(strip=True) == "About"
    assert soup.select_one(".app-lede").get_text().rstrip(".").count(". ") == 0


def test_pages_have_one_h1_and_their_nav_item(site):
    for rel, nav in (("themes/index.html", "Themes"), ("voices/index.html", None),
                     ("themes/carers/index.html", None), ("voices/staff/index.html", None), ("roles/carer/index.html", None)):
        soup = site.soup(rel)
        assert len(soup.find_all("h1")) == 1, rel
        current = soup.select_one('.app-nav [aria-current="page"]')
        assert (current.get_text(strip=True) if current else None) == nav, rel


def atom(site, rel):
    return ET.parse(site.path(rel)).getroot()


@pytest.mark.parametrize("feed", ["feeds/themes/carers.atom.xml", "feeds/voices/carer.atom.xml", "feeds/themes/recovery.atom.xml",
                                  "feeds/voices/staff.atom.xml", "feeds/themes/digital.atom.xml"])
def test_feeds_are_atom_with_one_entry_per_post(site, feed):
    root = atom(site, feed)
    assert root.tag == f"{ATOM}feed"
    for field in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{field}") is not None
    kind, slug = feed.split("/")[1], feed.rsplit("/", 1)[1].split(".")[0]
    page = site.soup(f"{'themes' if kind == 'themes' else 'voices'}/{slug}/index.html")
    listed = [a.get_text() for a in page.select(".app-post-list__title a")]
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == listed
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    for entry in entries:
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert entry.find(f"{ATOM}content") is not None


def test_preview_feed_links_resolve_from_the_feed(site):
    root = atom(site, "feeds/themes/carers.atom.xml")
    base = "http://127.0.0.1:8000/feeds/themes/carers.atom.xml"
    hrefs = [urljoin(base, e.find(f"{ATOM}link").get("href")) for e in root.findall(f"{ATOM}entry")]
    assert hrefs == ["http://127.0.0.1:8000/blog/2019/caring-from-far-away/", "http://127.0.0.1:8000/blog/2018/two-views-from-carers/"]


def test_published_feed_links_are_absolute(published):
    root = atom(published, "feeds/voices/carer.atom.xml")
    assert root.find(f"{ATOM}id").text == "https://inmind.example.org/feeds/voices/carer.atom.xml"
    links_ = [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]
    assert links_ == ["https://inmind.example.org/blog/2019/caring-from-far-away/",
                      "https://inmind.example.org/blog/2018/two-views-from-carers/"]
    assert all(e.find(f"{ATOM}id").text.startswith("tag:inmind.example.org,") for e in root.findall(f"{ATOM}entry"))


def test_feeds_can_be_switched_off(tmp_path_factory):
    site = build(tmp_path_factory, {"blog/2018/chaplain.md": FILES["blog/2018/chaplain.md"]}, COPRODUCTION={"feeds": False})
    assert not site.path("feeds/themes").exists()
    assert site.soup("themes/co-production/index.html").select_one('link[type="application/atom+xml"]') is None


def test_feeds_keep_the_latest_posts_and_listings_their_page_size(tmp_path_factory):
    files = {
        f"blog/2018/post-{n}.md": post(f"Recovery post {n}", f"2018-03-{n:02d} 09:00", "Tom Brennan", "Recovery.", themes="recovery")
        for n in range(1, 6)
    }
    site = build(tmp_path_factory, files, COPRODUCTION={"feed_max_items": 2, "per_page": 3})
    entries = atom(site, "feeds/themes/recovery.atom.xml").findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Recovery post 5", "Recovery post 4"]
    assert len(site.soup("themes/recovery/index.html").select(".app-post-list__item")) == 3
    assert len(site.soup("themes/recovery/page/2/index.html").select(".app-post-list__item")) == 2


def test_posts_from_pelicans_content_cache_are_tagged_too(tmp_path_factory):
    base = tmp_path_factory.mktemp("cached")
    content = base / "content"
    content.mkdir()
    for name in ("authors.toml", "themes.toml"):
        shutil.copy(ROOT / "content" / name, content / name)
    write_files(content, {"blog/2018/carers.md": FILES["blog/2018/carers.md"]})
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "generator", "CACHE_PATH": str(base / "cache")}
    for _ in range(2):  # the second build reads the post from the cache
        site = run_build(content, base / "output", **cache)
        assert site.status == 0, site.messages
        titles = [a.get_text() for a in site.soup("themes/carers/index.html").select(".app-post-list__title a")]
        assert titles == ["Two views from carers"]
        assert "Maureen Costigan, carer" in byline(site.soup("blog/2018/two-views-from-carers/index.html"))


def test_pagination_never_collides(tmp_path_factory):
    # "Author 1" page 2 and "Author 12" must not share a file, nor any theme's page 2 another theme.
    files = {
        f"blog/2018/post-{n:02d}.md": post(f"Research post {n}", f"2018-01-{n:02d} 09:00", "Author 1", "Research matters.",
                                           author_role="Researcher", role_group="partner", themes="research")
        for n in range(1, 12)
    }
    files["blog/2018/other.md"] = post("The twelfth author", "2018-02-01 09:00", "Author 12", "Hello.",
                                       author_role="Researcher", role_group="partner", themes="research")
    site = build(tmp_path_factory, files, COPRODUCTION={"per_page": 10})
    first = site.soup("authors/author-1/index.html")
    second = site.soup("authors/author-1/page/2/index.html")
    assert len(first.select(".app-post-list__item")) == 10
    assert [a.get_text() for a in second.select(".app-post-list__title a")] == ["Research post 1"]
    assert [a.get_text() for a in site.soup("authors/author-12/index.html").select(".app-post-list__title a")] == ["The twelfth author"]
    theme_pages = [site.soup("themes/research/index.html"), site.soup("themes/research/page/2/index.html")]
    assert [len(p.select(".app-post-list__item")) for p in theme_pages] == [10, 2]
    assert "Next page" in theme_pages[0].select_one(".app-pagination").get_text()
    assert theme_pages[1].find("title").get_text().startswith("Research, page 2")
    assert len(site.soup("roles/researcher/page/2/index.html").select(".app-post-list__item")) == 2


def _every_byte(output):
    """Yield (relative path, bytes) for every file, decompressing gzip, Brotli and Pagefind's files."""
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path.relative_to(output).as_posix(), data
        if data[:2] == b"\x1f\x8b":
            yield path.relative_to(output).as_posix() + " (gunzipped)", gzip.decompress(data)
        elif path.suffix == ".br":
            yield path.relative_to(output).as_posix() + " (unbrotlied)", brotli.decompress(data)


def assert_no_real_name(output):
    needles = [REAL_NAME.encode(), REAL_NAME.lower().encode(), REAL_NAME.upper().encode()]
    needles += [part.encode() for part in REAL_NAME.split() if len(part) > 4]
    slug = "-".join(REAL_NAME.lower().split()).encode()
    files = 0
    for rel, data in _every_byte(output):
        files += 1
        assert slug not in rel.lower().encode(), rel
        for needle in needles:
            assert needle not in data, f"the anonymous author's real name is in {rel}"
    assert files > 20


def test_anonymous_author_is_published_by_public_name_only(site):
    soup = site.soup("blog/2019/caring-from-far-away/index.html")
    assert [a.get_text() for a in soup.select(".app-post-meta .app-byline__name")] == [ANONYMOUS["name"]]
    assert site.path(f"authors/{ANONYMOUS['slug']}/index.html").exists()
    assert_no_real_name(site.output)


@pytest.mark.slow
def test_real_name_is_absent_from_every_byte_of_the_sample_site(sample_site):
    assert_no_real_name(sample_site.output)


@pytest.mark.slow
def test_real_name_is_absent_from_the_published_sample_site(tmp_path_factory):
    # The publish build adds the sitemap, robots.txt, _headers, absolute feeds and .gz/.br copies.
    base = tmp_path_factory.mktemp("published-sample")
    site = run_build(ROOT / "content", base / "output", "publishconf.py", fatal_warnings=True, CACHE_PATH=str(base / "cache"))
    assert site.status == 0, site.messages
    assert (site.output / "sitemap.xml").exists() and (site.output / "feeds" / "themes" / "carers.atom.xml").exists()
    assert_no_real_name(site.output)


@pytest.mark.slow
def test_sample_site_meets_the_issue(sample_site):
    soup = sample_site.soup("blog/2017/importance-of-co-production/index.html")
    themes = [a.get_text() for a in soup.select(".app-post-themes .app-themes a")]
    assert themes[0] == "Co-production" and len(themes) >= 4
    assert byline(soup) == "By Rev Julian Raffay, Specialist Chaplain"
    agm = sample_site.soup("agm/2017/index.html")
    assert agm.select(".app-agm .app-post-themes a") and agm.select(".app-agm .app-byline__name")
    voices = sample_site.soup("voices/index.html")
    assert voices.select("svg.app-chart rect") and voices.select("table.app-table tbody tr")


def test_a_typed_reference_in_author_role_is_one_role_shown_as_typed(build_site):
    from coproduction.checks import check

    roles = "Peer &lt;support&gt; worker; Carer &#59; friend\uff1bVolunteer"
    text = post("A shared garden", "2019-03-01 09:00", "Sam Guest", "Words.", author_role=roles, role_group="volunteer")
    site = build_site({"blog/2019/shared.md": text})
    assert site.status == 0, site.messages
    soup = site.soup("blog/2019/a-shared-garden/index.html")
    assert byline(soup) == "By Sam Guest, Peer &lt;support&gt; worker"  # the byline gives the first role
    made = {p.parent.name for p in site.output.glob("roles/*/index.html")}
    assert {"carer-59-friend", "peer-lt-support-gt-worker", "volunteer"} <= made
    assert not made & {"peer-lt", "support-gt-worker", "carer-59", "friend"}, made
    heading = site.soup("roles/carer-59-friend/index.html").select_one("h1").get_text(" ", strip=True)
    assert "Carer &#59; friend" in heading
    assert not [p for p in check(str(site.content / "blog/2019/shared.md"), text, {}, read_settings_for(site))]


def read_settings_for(site):
    """The preview settings the build above used."""
    from inmind.config import load_settings

    return load_settings(ROOT / "pelicanconf.py", {"PATH": str(site.content), "PLUGIN_PATHS": [str(ROOT / "plugins")]})


def test_an_empty_feed_is_dated_by_the_sites_newest_post(site):
    feeds = sorted(site.path("feeds").rglob("*.atom.xml"))
    roots = [atom(site, path.relative_to(site.path("")).as_posix()) for path in feeds]
    empty = [root for root in roots if not root.findall(f"{ATOM}entry")]
    posts = [site.soup(path.relative_to(site.path("")).as_posix()) for path in site.path("blog").rglob("index.html")]
    dates = [soup.select_one(".app-byline time")["datetime"] for soup in posts]
    assert empty and dates
    assert {root.find(f"{ATOM}updated").text for root in empty} == {max(dates)}  # blog posts only, not AGM summaries


def test_a_theme_only_drafts_have_says_plainly_that_nothing_is_there_yet(build_site):
    # The page stays ({theme} links and feed subscriptions keep working), without "0 posts, newest first".
    site = build_site({
        "blog/2019/published.md": post("A garden of recovery", "2019-03-01 09:00", "Communications Team",
                                       "Recovery grows in the garden.", themes="recovery", auto_themes="off"),
        "blog/2019/draft.md": post("Research on a secure ward", "2019-06-01 09:00", "Communications Team",
                                   "Words.", themes="secure-services", auto_themes="off", status="draft"),
    })
    assert site.status == 0, site.messages
    main = site.soup("themes/secure-services/index.html").find("main")
    text = main.get_text(" ", strip=True)
    assert "No posts have this theme yet. Follow this theme in a feed reader (Atom feed) to hear when the first one " \
           "is published." in text
    assert "0 posts" not in text and "newest first" not in text and "Research on a secure ward" not in text
    assert not main.select(".app-post-list")
    index = site.soup("themes/index.html")
    counts = {item.find("a").get_text(): item.select_one(".app-theme-index__count").get_text()
              for item in index.select(".app-theme-index__item")}
    assert (counts["Secure services"], counts["Recovery"]) == ("No posts yet", "1 post")
    assert "0 posts" not in index.get_text()
