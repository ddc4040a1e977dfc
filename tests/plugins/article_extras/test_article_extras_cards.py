"""Post cards rendered once per build (plugins/article_extras/cards.py): the same bytes as rendering each in place."""

import posixpath
import tomllib

import pytest
from article_extras import cards
from conftest import ROOT, copy_registries, run_build, soup, write_files
from conftest import listed_post as post
from jinja2 import DictLoader, Environment
from markupsafe import Markup

# A title may hold no tag at all (inmind/source.py refuses one), but every character that needs escaping.
HOSTILE_TITLE = 'Fish &amp; chips & "quotes" 5 < 6 > 4 <3 &#60; \'apostrophes\' &copy;'
HOSTILE_SUMMARY = "Tom &amp; Jerry &lt;b&gt; <script>alert(1)</script> &copy; 5 < 6"


# Posts share themes, writers and roles, so each is listed on several theme, role, group, author, year and
# home pages, at three depths (home, archives/, themes/x/ and its page/2/) and two heading levels.
FILES = {
    "blog/2018/a.md": post("first-carers", "Carers’ café — naïve “quotes” ﬁne 𝒳 עברית", "2018-01-10 09:00",
                           "Maureen Costigan", themes="carers, recovery"),
    "blog/2018/b.md": post("second", "*Emphasis* in a title &amp; an entity &#x1F600;", "2018-02-10 09:00",
                           "Rev Julian Raffay", themes="carers, co-production"),
    "blog/2018/c.md": post("hostile", HOSTILE_TITLE, "2018-03-10 09:00", "Kerry Ashcroft",
                           summary=HOSTILE_SUMMARY, themes="carers, recovery"),
    "blog/2019/d.md": post("joint", "Two writers, one\u200bpost", "2019-01-10 09:00", "Maureen Costigan",
                           authors="Maureen Costigan, Tom Brennan", themes="carers, recovery, co-production"),
    "blog/2019/e.md": post("noted", "A post with a content note", "2019-02-10 09:00", "Kerry Ashcroft",
                           content_note="This post talks about self-harm.", themes="recovery, carers"),
    "blog/2019/f.md": post("guest", "A guest’s garden", "2019-03-10 09:00", "Sam Guest",
                           author_role="Volunteer Gardener", role_group="volunteer", themes="recovery, carers"),
    "blog/2019/g.md": post("draft", "An unfinished carers post", "2019-04-10 09:00", "Maureen Costigan",
                           themes="carers", status="draft"),
    # An AGM summary: with none, Pelican's empty AGM feed is dated by the clock (plugins/agm), and two
    # builds differ whatever the cards do.
    "agm/2019.md": "Title: Annual General Meeting 2019\nDate: 2019-09-25 14:00\nAuthor: Communications Team\n"
                   "Summary: What happened at the 2019 meeting.\nVenue: Town Hall, High Street, Bootle L20 7AE\n\n"
                   "The meeting heard from carers and governors.\n",
}
OVERRIDES = {"DEFAULT_PAGINATION": 2, "COPRODUCTION": {"per_page": 2}}


def _anonymous_writer():
    registry = tomllib.loads((ROOT / "content" / "authors.toml").read_text(encoding="utf-8"))["author"]
    return next(a for a in registry if a.get("anonymous"))["name"]


def _content(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    files = dict(FILES)
    files["blog/2019/h.md"] = post("anonymous", "Caring from far away", "2019-05-10 09:00", _anonymous_writer(),
                                   themes="carers, recovery")
    write_files(content, files)
    return content


def _files(output):
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _build(monkeypatch, content, output, settings_file, cached):
    """Build with the card cache (returning it) or with every card rendered in place, as before the cache."""
    made = []
    install = cards.install

    def counting(generator):
        install(generator)
        made.append(generator.context[cards.STORE_KEY])

    monkeypatch.setattr(cards, "install", counting if cached else lambda generator: None)
    site = run_build(content, output, settings_file, **OVERRIDES)
    monkeypatch.undo()
    assert site.status == 0, site.messages
    return site, (made[0] if made else None)


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
def test_every_file_is_byte_identical_with_and_without_the_cache(tmp_path, monkeypatch, settings_file):
    content = _content(tmp_path)
    cached, cache = _build(monkeypatch, content, tmp_path / "on" / "output", settings_file, cached=True)
    plain, none = _build(monkeypatch, content, tmp_path / "off" / "output", settings_file, cached=False)
    assert none is None and cache is not None
    # The cache was really used, and really rendered cards more than once per post (depths and levels differ).
    assert cache.reused > cache.rendered > 8
    with_cache, without = _files(cached.output), _files(plain.output)
    assert sorted(with_cache) == sorted(without)
    assert len(with_cache) > 40
    differing = [rel for rel in with_cache if with_cache[rel] != without[rel]]
    assert not differing, differing[:20]
    assert cached.path("themes/carers/page/2/index.html").exists()  # a second page: a deeper relative prefix


def test_every_card_link_leads_to_its_post_at_every_depth(tmp_path, monkeypatch):
    site, _ = _build(monkeypatch, _content(tmp_path), tmp_path / "output", "pelicanconf.py", cached=True)
    pages = [p.relative_to(site.output).as_posix() for p in site.output.rglob("index.html")]
    listed = 0
    for rel in pages:
        folder = posixpath.dirname(rel)
        for link in soup(site.output / rel).select("a.app-post-list__link"):
            target = posixpath.normpath(posixpath.join(folder, link["href"]))
            assert (site.output / target / "index.html").exists(), (rel, link["href"])
            listed += 1
    assert listed > 40
    assert {"index.html", "themes/carers/index.html", "themes/carers/page/2/index.html", "archives/index.html"} <= set(pages)


def test_a_hostile_title_and_summary_stay_escaped_on_a_theme_page(tmp_path, monkeypatch):
    site, cache = _build(monkeypatch, _content(tmp_path), tmp_path / "output", "pelicanconf.py", cached=True)
    assert cache.reused
    post_page = soup(site.output / "blog/2018/hostile/index.html")
    title = post_page.find("h1").get_text(" ", strip=True)
    assert title == HOSTILE_TITLE  # shown as written: a title is plain text, its entities too
    seen = []
    for page in sorted(site.output.rglob("index.html")):
        card = next((li for li in soup(page).select(".app-post-list__item") if "Fish" in li.get_text()), None)
        if card is None:
            continue
        rel = page.relative_to(site.output).as_posix()
        seen.append(rel)
        assert card.select_one("a.app-post-list__link").get_text(strip=True) == title
        assert not card.find(["script", "b", "em"]), card
        html = site.path(rel).read_text(encoding="utf-8")
        assert "Fish &amp;amp; chips &amp; &#34;quotes&#34; 5 &lt; 6 &gt; 4 &lt;3 &amp;#60;" in html and "<script" not in html.split("<main", 1)[1]
        summary = card.select_one(".app-post-list__summary").get_text()
        assert summary == HOSTILE_SUMMARY  # the listing prints the summary as text, entities and tags included
    # Theme pages (cards from the cache: author pages are written first), its writer's and the archives.
    assert any(rel.startswith("themes/carers/") for rel in seen) and len(seen) >= 4, seen


# --- the cache itself, on a real Jinja environment with autoescaping -------------------------------------

TEMPLATES = {
    "list.html": "{% for item in items %}{% call(prefix) card_cache(item, level, SITEURL) %}"
                 "<h{{ level }}><a href=\"{{ prefix }}/{{ item.url }}\">{{ item.title }}</a></h{{ level }}>"
                 "{{ count.append(1) or '' }}{% endcall %}{% endfor %}",
}


class Item:
    def __init__(self, title, url):
        self.title, self.url = title, url


def _render(cache, items, level, site_url):
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.globals["card_cache"] = cache
    count = []
    html = env.get_template("list.html").render(items=items, level=level, SITEURL=site_url, count=count)
    return html, len(count)


def test_a_card_is_rendered_once_per_post_and_level_with_each_page_s_prefix():
    cache = cards.CardCache()
    items = [Item("<script>x</script> & co cardprefix", "a/"), Item("Ünïcödé ‘b’", "b/")]
    first, rendered = _render(cache, items, 3, "../..")
    again, rendered_again = _render(cache, items, 3, "../..")
    assert (rendered, rendered_again) == (2, 0) and first == again
    assert "&lt;script&gt;x&lt;/script&gt; &amp; co cardprefix<" in first and "<script>" not in first
    assert 'href="../../a/"' in first and cache.prefix not in first
    deeper, rendered_deeper = _render(cache, items, 3, "../../../..")
    assert rendered_deeper == 0 and deeper == first.replace('"../../', '"../../../../')
    # A prefix that needs escaping is escaped as the template escapes SITEURL.
    odd, _ = _render(cache, items, 3, 'https://x.example/a&b"c')
    assert 'href="https://x.example/a&amp;b&#34;c/a/"' in odd
    level_two, rendered_level = _render(cache, items, 2, "../..")
    assert rendered_level == 2 and "<h2>" in level_two
    assert (cache.rendered, cache.reused) == (4, 6)


def test_the_cached_card_is_markup_and_rendered_once():
    cache = cards.CardCache()
    item = Item("A & B", "x/")
    made = cache(item, 2, "..", caller=lambda prefix: Markup(f'<li><a href="{prefix}/x/">A &amp; B</a></li>'))
    assert isinstance(made, Markup) and made == '<li><a href="../x/">A &amp; B</a></li>'
    again = cache(item, 2, "", caller=lambda prefix: pytest.fail("rendered twice"))
    assert isinstance(again, Markup) and again == '<li><a href="/x/">A &amp; B</a></li>'


def test_each_run_has_its_own_stand_in_prefix():
    assert cards.CardCache().prefix != cards.CardCache().prefix


def test_an_equal_but_different_post_gets_its_own_card():
    cache = cards.CardCache()
    one, two = Item("Same", "one/"), Item("Same", "two/")
    assert cache(one, 2, "", caller=lambda prefix: Markup("one")) == "one"
    assert cache(two, 2, "", caller=lambda prefix: Markup("two")) == "two"
