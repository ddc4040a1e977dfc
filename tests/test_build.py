"""The whole sample site builds cleanly, completely, with working links, and reproducibly."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import ROOT, run_build

CONTENT = ROOT / "content"


def _published_sources(folder):
    for path in sorted((CONTENT / folder).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "Status: draft" not in text and "Status: hidden" not in text:
            yield path


def test_sample_site_builds_without_warnings(sample_site):
    assert sample_site.status == 0
    assert "warning" not in sample_site.messages.lower(), sample_site.messages


def test_every_article_and_page_is_written(sample_site):
    output = sample_site.output
    titles = set()
    for html in output.rglob("index.html"):
        h1 = sample_site.soup(html).find("h1")
        if h1:
            titles.add(h1.get_text(" ", strip=True))
    for folder in ("blog", "pages"):
        for source in _published_sources(folder):
            title = next(
                line.split(":", 1)[1].strip()
                for line in source.read_text(encoding="utf-8").splitlines()
                if line.lower().startswith("title:")
            )
            assert title in titles, f"{source.name}: no page with the title {title!r}"


def _resolve(output: Path, page: Path, ref: str):
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith(("mailto:", "tel:", "#", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    target = (output / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    if target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_link_resolves(sample_site):
    output = sample_site.output.resolve()
    broken = []
    for page in output.rglob("*.html"):
        doc = sample_site.soup(page)
        for tag in doc.find_all(["a", "link", "script", "img", "source", "iframe"]):
            ref = tag.get("href") or tag.get("src")
            if not ref:
                continue
            target = _resolve(output, page, ref)
            if target is not None and not target.exists():
                broken.append(f"{page.relative_to(output)} -> {ref}")
    assert not broken, "\n".join(broken[:30])


def _comparable(output):
    """Every file of the output, by path, with its exact bytes: Pagefind's files and _headers included."""
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


def _differences(one, two):
    first, second = _comparable(one), _comparable(two)
    different = sorted(set(first) ^ set(second))
    different += sorted(rel for rel in set(first) & set(second) if first[rel] != second[rel])
    return different


def test_two_builds_are_byte_identical(tmp_path):
    first = run_build(CONTENT, tmp_path / "one" / "output")
    second = run_build(CONTENT, tmp_path / "two" / "output")
    assert first.status == second.status == 0
    assert not _differences(first.output, second.output), _differences(first.output, second.output)[:20]


def test_two_publish_builds_are_byte_identical(tmp_path):
    """Feeds, sitemap, search index, JSON-LD, _headers and compressed copies carry no build time or random order."""
    first = run_build(CONTENT, tmp_path / "one" / "output", "publishconf.py", fatal_warnings=True)
    second = run_build(CONTENT, tmp_path / "two" / "output", "publishconf.py", fatal_warnings=True)
    assert first.status == second.status == 0, first.messages + second.messages
    assert (first.output / "sitemap.xml").exists() and (first.output / "feeds" / "all.atom.xml").exists()
    assert not _differences(first.output, second.output), _differences(first.output, second.output)[:20]
