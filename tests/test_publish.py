"""The production build (publishconf.py): absolute links, hashed assets, sitemap, robots.txt, _headers,
compressed copies, 404 page and byte-identical output, on the sample content plus a scheduled post."""

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import brotli
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, run_build

SITE_URL = "https://inmind.test.nhs.uk"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TEXT_SUFFIXES = {".atom", ".css", ".html", ".js", ".json", ".svg", ".txt", ".xml"}
IMMUTABLE = "public, max-age=31536000, immutable"
SCHEDULED = """\
Title: A post for next year
Date: {date}
Author: Communications Team
Slug: a-post-for-next-year
Summary: This post is scheduled and must not be published before its date.

It goes live on its day, when the daily deploy runs.
"""


def _content_with_scheduled_post(base: Path) -> Path:
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    next_year = dt.date.today().year + 1
    folder = content / "blog" / str(next_year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-post-for-next-year.md").write_text(SCHEDULED.format(date=f"{next_year}-06-01 09:00"), encoding="utf-8")
    return content


def _publish(base: Path, content: Path, site_url: str = SITE_URL):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_URL", site_url)
        return run_build(content, base / "output", "publishconf.py", fatal_warnings=True)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    base = tmp_path_factory.mktemp("publish")
    site = _publish(base, _content_with_scheduled_post(base))
    assert site.status == 0, site.messages
    return site


def _metadata(path: Path) -> dict:
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta.setdefault(key.strip().lower(), value.strip())
    return meta


def _is_published(meta: dict) -> bool:
    if meta.get("status", "published").lower() != "published":
        return False
    date = meta.get("date")
    return not date or dt.date.fromisoformat(date[:10]) <= dt.date.today()


def _expected_content_urls(content: Path) -> set[str]:
    """Published posts, pages and AGM summaries, read from the Markdown sources, not from Pelican."""
    urls = set()
    for path in sorted((content / "blog").rglob("*.md")):
        meta = _metadata(path)
        if _is_published(meta):
            urls.add(f"{SITE_URL}/blog/{meta['date'][:4]}/{meta.get('slug', path.stem)}/")
    for path in sorted((content / "pages").glob("*.md")):
        meta = _metadata(path)
        if _is_published(meta):
            urls.add(f"{SITE_URL}/{meta.get('slug', path.stem)}/")
    for path in sorted((content / "agm").glob("*.md")):
        if _is_published(_metadata(path)):
            urls.add(f"{SITE_URL}/agm/{path.stem}/")
    return urls


def _local_file(output: Path, url: str, site_url: str = SITE_URL) -> Path | None:
    """Return the output file a link points to, or None for links that leave the site."""
    if url.startswith(site_url + "/") or url == site_url:
        path = urlsplit(url[len(site_url) :]).path
    elif urlsplit(url).netloc == urlsplit(site_url).netloc:
        raise AssertionError(f"{url!r} is on the site's host but outside {site_url}")
    elif url.startswith(("http://", "https://", "//", "mailto:", "tel:", "sms:", "#", "data:")):
        return None
    else:
        raise AssertionError(f"relative link {url!r} in a publish build")
    target = output / path.lstrip("/")
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def _references(soup: BeautifulSoup):
    for tag in soup.find_all(True):
        for attr in ("href", "src", "poster", "data-bundle"):
            if tag.get(attr):
                yield tag.name, attr, tag[attr]
        for attr in ("srcset",):
            for candidate in (tag.get(attr) or "").split(","):
                if candidate.strip():
                    yield tag.name, attr, candidate.split()[0]


def _html_files(output: Path):
    return sorted(output.rglob("*.html"))


def _parse_headers(text: str) -> list[tuple[str, dict]]:
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].setdefault(name.strip(), []).append(value.strip())
    return rules


def _matches(pattern: str, request_path: str) -> bool:
    """The splat rule both Netlify and Cloudflare Pages apply: a trailing * matches the rest."""
    if pattern.endswith("*"):
        return request_path.startswith(pattern[:-1])
    return request_path == pattern


def _request_paths(rel: str) -> list[str]:
    paths = ["/" + rel]
    if rel == "index.html" or rel.endswith("/index.html"):
        paths.append("/" + rel[: -len("index.html")])
    return paths


def _meta_csp(soup):
    tag = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return tag["content"] if tag else None


# --- absolute URLs and hashed assets -------------------------------------------------------------


def test_publish_build_has_no_warnings(published):
    assert "warning" not in published.messages.lower(), published.messages


def _missing_references(site, site_url=SITE_URL):
    missing = []
    for html in _html_files(site.output):
        for tag, attr, url in _references(site.soup(html)):
            target = _local_file(site.output, url, site_url)
            if attr == "data-bundle" and target is not None:
                target = target.parent  # the search script's folder of index files
            if target is not None and not target.exists():
                missing.append(f"{html.relative_to(site.output)}: <{tag} {attr}={url!r}>")
    return missing


def test_every_local_reference_in_every_page_resolves(published):
    missing = _missing_references(published)
    assert not missing, "\n".join(missing[:30])


def test_a_site_in_a_folder_works_too(published, tmp_path):
    """GitHub Pages project sites live in a folder, such as https://trust.github.io/inmind."""
    site_url = "https://trust.github.io/inmind"
    site = _publish(tmp_path, published.content, site_url)
    assert site.status == 0, site.messages
    missing = _missing_references(site, site_url)
    assert not missing, "\n".join(missing[:30])
    assert site.soup("index.html").find("link", rel="canonical")["href"] == f"{site_url}/"
    rules = [pattern for pattern, _ in _parse_headers((site.output / "_headers").read_text(encoding="utf-8"))]
    assert rules and all(pattern.startswith("/inmind/") for pattern in rules), rules
    assert f"Sitemap: {site_url}/sitemap.xml" in (site.output / "robots.txt").read_text(encoding="utf-8")
    locs = ElementTree.fromstring((site.output / "sitemap.xml").read_bytes()).iterfind("s:url/s:loc", SITEMAP_NS)
    assert all(loc.text.startswith(site_url + "/") for loc in locs)


def test_css_and_js_are_hashed_and_absolute(published):
    soup = published.soup("index.html")
    css = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    scripts = [script["src"] for script in published.soup("search/index.html").find_all("script", src=True)]
    assert css and scripts
    for url in css + scripts:
        assert url.startswith(f"{SITE_URL}/theme/"), url
        assert re.search(r"\.[0-9a-f]{10}\.(css|js)$", url), f"{url} has no content hash"
    unhashed = [p for p in (published.output / "theme").rglob("*") if p.suffix in (".css", ".js")]
    assert all(re.search(r"\.[0-9a-f]{10}$", p.stem) for p in unhashed), unhashed


def test_search_index_files_the_search_script_loads_exist(published):
    soup = published.soup("search/index.html")
    bundle = soup.find(attrs={"data-bundle": True})["data-bundle"]
    folder = _local_file(published.output, bundle).parent
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert (folder / "pagefind.js").is_file()
    for language in entry["languages"].values():
        assert (folder / f"pagefind.{language['hash']}.pf_meta").is_file()
        assert (folder / f"wasm.{language['wasm']}.pagefind").is_file()


def test_pages_use_absolute_addresses(published):
    soup = published.soup("index.html")
    assert soup.find("link", rel="canonical")["href"] == f"{SITE_URL}/"


def test_atom_feed_is_published_with_absolute_links(published):
    feed = published.output / "feeds" / "all.atom.xml"
    root = ElementTree.fromstring(feed.read_bytes())
    links = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert links and all(link.startswith(SITE_URL) for link in links), links
    assert "a-post-for-next-year" not in feed.read_text(encoding="utf-8")


# --- sitemap and robots.txt ----------------------------------------------------------------------


def test_sitemap_lists_exactly_the_published_posts_pages_and_agm_summaries(published):
    root = ElementTree.fromstring((published.output / "sitemap.xml").read_bytes())
    urls = [loc.text for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)]
    assert len(urls) == len(set(urls))
    expected = _expected_content_urls(published.content)
    assert expected <= set(urls), sorted(expected - set(urls))
    dated = re.compile(rf"{SITE_URL}/(blog/\d{{4}}/[^/]+|agm/\d{{4}})/$")
    assert {u for u in urls if dated.match(u)} == {u for u in expected if dated.match(u)}
    # Any address shaped like a page's must be a published page (list pages such as archives/ have no source).
    page_slugs = {_metadata(p).get("slug", p.stem) for p in (published.content / "pages").glob("*.md")}
    for url in urls:
        slug = url[len(SITE_URL) + 1 :].rstrip("/")
        if slug in page_slugs:
            assert url in expected, f"{url} is not a published page"
        assert _local_file(published.output, url).is_file(), url
        assert not re.search(rf"^{SITE_URL}/(drafts/|search/|404)|/page/\d+/$|a-post-for-next-year", url), url


def test_sitemap_leaves_out_drafts_and_scheduled_posts(published):
    text = (published.output / "sitemap.xml").read_text(encoding="utf-8")
    drafts = [_metadata(p).get("slug") for p in (ROOT / "content").rglob("*.md") if "draft" in _metadata(p).get("status", "")]
    assert drafts, "the sample content should include a draft"
    for slug in [*drafts, "a-post-for-next-year"]:
        assert f"/{slug}/" not in text
        assert not list(published.output.rglob(f"*{slug}*")), f"{slug} was written in a publish build"


def test_the_editor_is_left_out_of_the_sitemap_robots_and_search(published):
    output = published.output
    assert (output / "admin/index.html").is_file()
    urls = [loc.text for loc in ElementTree.fromstring((output / "sitemap.xml").read_bytes()).iterfind("s:url/s:loc", SITEMAP_NS)]
    assert urls and not [u for u in urls if "/admin" in u]
    assert "Disallow: /admin/" in (output / "robots.txt").read_text(encoding="utf-8").splitlines()
    for path in (output / "pagefind").rglob("*"):
        if path.is_file() and path.suffix in (".json", ".js"):
            assert b"/admin/" not in path.read_bytes(), path
    config = json.loads((output / "admin/config.json").read_text(encoding="utf-8"))
    assert "local_backend" not in config["cms"], "the published editor must not look for a file server"
    assert "127.0.0.1" not in (output / "admin/index.html").read_text(encoding="utf-8")


def test_robots_txt_points_to_the_sitemap(published):
    robots = (published.output / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots.splitlines()


# --- 404 -----------------------------------------------------------------------------------------


def test_404_page_links_are_absolute(published):
    soup = published.soup("404.html")
    assert soup.find("h1")
    references = list(_references(soup))
    assert references
    for tag, attr, url in references:
        assert url.startswith((SITE_URL + "/", "https://", "mailto:", "tel:", "sms:", "#")), f"<{tag} {attr}={url!r}> would break on a nested URL"


# --- compressed copies ---------------------------------------------------------------------------


def test_text_files_have_gzip_and_brotli_copies_that_decompress_to_the_original(published):
    checked = 0
    for path in sorted(published.output.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or path.stat().st_size < 256:
            continue
        original = path.read_bytes()
        gz, br = path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")
        assert gz.is_file() and br.is_file(), path
        assert gzip.decompress(gz.read_bytes()) == original, gz
        assert brotli.decompress(br.read_bytes()) == original, br
        checked += 1
    assert checked > 20
    assert not (published.output / "_headers.gz").exists()
    assert not list(published.output.rglob("*.png.gz"))


# --- _headers ------------------------------------------------------------------------------------


def test_headers_file_repeats_the_meta_csp_and_adds_security_headers(published):
    output = published.output
    rules = [(p, h) for p, h in _parse_headers((output / "_headers").read_text(encoding="utf-8")) if "Content-Security-Policy" in h]
    meta_csp = _meta_csp(published.soup("index.html"))
    assert meta_csp
    files = [p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    for rel in files:
        for request in _request_paths(rel) if rel != "_headers" else []:  # hosts never serve _headers
            # Hosts join every matching rule's headers, so each address must match exactly one CSP rule.
            matching = [h for pattern, h in rules if _matches(pattern, request)]
            assert len(matching) == 1, f"{request} matches {len(matching)} security rules"
    editor = "admin/index.html"
    for html in _html_files(output):
        rel = html.relative_to(output).as_posix()
        (headers,) = [h for pattern, h in rules if _matches(pattern, "/" + rel)]
        page_csp = _meta_csp(published.soup(html))
        assert page_csp in ((meta_csp, None) if rel != editor else (page_csp,)), html
        assert headers["Content-Security-Policy"] == [f"{page_csp or meta_csp}; frame-ancestors 'none'"], rel
    (site,) = [h for pattern, h in rules if _matches(pattern, "/")]
    (admin,) = [h for pattern, h in rules if _matches(pattern, "/admin/")]
    assert "'unsafe-eval'" not in site["Content-Security-Policy"][0] and "'unsafe-eval'" in admin["Content-Security-Policy"][0]
    assert site["Cross-Origin-Opener-Policy"] == ["same-origin"]
    assert admin["Cross-Origin-Opener-Policy"] == ["same-origin-allow-popups"]  # the GitHub sign-in pop-up
    referrer = published.soup("index.html").find("meta", attrs={"name": "referrer"})["content"]
    for everything in (site, admin):
        assert everything["Referrer-Policy"] == [referrer]
        assert everything["X-Content-Type-Options"] == ["nosniff"]
        (permissions,) = everything["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "interest-cohort"):
            assert f"{feature}=()" in permissions


def test_every_file_gets_exactly_one_cache_rule(published):
    output = published.output
    rules = [(p, h["Cache-Control"]) for p, h in _parse_headers((output / "_headers").read_text(encoding="utf-8")) if "Cache-Control" in h]
    files = [p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    for rel in files:
        if rel == "_headers":
            continue
        for request in _request_paths(rel):
            matching = [value for pattern, value in rules if _matches(pattern, request)]
            assert len(matching) == 1, f"{request} matches {len(matching)} Cache-Control rules"
            (value,) = matching[0]
            hashed = re.match(r"theme/(css|js)/", rel) is not None
            assert (value == IMMUTABLE) == (hashed or rel.startswith(("pagefind/fragment/", "pagefind/index/", "pagefind/filter/"))), (rel, value)


# --- reproducibility -----------------------------------------------------------------------------


def test_publish_build_is_byte_identical_twice(published, tmp_path):
    again = _publish(tmp_path, published.content)
    assert again.status == 0, again.messages

    def files(output):
        # Every file, Pagefind's index (whose hashed names _headers lists) included.
        return {p.relative_to(output): p for p in output.rglob("*") if p.is_file()}

    first, second = files(published.output), files(again.output)
    assert sorted(first) == sorted(second)
    assert len(first) > 50
    assert any(rel.suffix == ".pf_filter" for rel in first) and Path("_headers") in first
    differing = [str(rel) for rel, path in first.items() if path.read_bytes() != second[rel].read_bytes()]
    assert not differing, differing[:20]
