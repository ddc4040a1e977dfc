"""The benchmark corpus: deterministic, follows the content contracts, and builds without problems."""

import filecmp
import re
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT, run_build

from bench import corpus

AUTHORS = tomllib.loads((ROOT / "content" / "authors.toml").read_text(encoding="utf-8"))["author"]
THEMES = {t["slug"] for t in tomllib.loads((ROOT / "content" / "themes.toml").read_text(encoding="utf-8"))["theme"]}
PUBLIC = {a["name"] for a in AUTHORS if not a.get("anonymous")}


def _meta(path):
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        meta.setdefault(key, []).append(value)
    return meta


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return corpus.generate(tmp_path_factory.mktemp("corpus") / "content", n_posts=60, agm_count=3)


def test_same_arguments_give_identical_files(small, tmp_path):
    again = corpus.generate(tmp_path / "content", n_posts=60, agm_count=3)
    comparison = filecmp.dircmp(small, again)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for sub in comparison.subdirs.values():
        assert not sub.diff_files and not sub.left_only and not sub.right_only


def test_a_different_seed_gives_different_posts(small, tmp_path):
    other = corpus.generate(tmp_path / "content", n_posts=60, seed=2, agm_count=3)
    first = sorted(small.glob("blog/*/*.md"))[0]
    second = sorted(other.glob("blog/*/*.md"))[0]
    assert first.read_text(encoding="utf-8") != second.read_text(encoding="utf-8")


def test_posts_follow_the_content_contract(small):
    posts = sorted(small.glob("blog/*/*.md"))
    assert len(posts) == 60
    slugs = set()
    for path in posts:
        meta = _meta(path)
        for key in ("Title", "Date", "Slug", "Summary"):
            assert meta.get(key), (path, key)
        (slug,) = meta["Slug"]
        assert slug == path.stem and slug not in slugs
        slugs.add(slug)
        assert path.parent.name == meta["Date"][0][:4]
        names = (meta.get("Author") or meta.get("Authors"))[0].split(", ")
        assert set(names) <= PUBLIC, names
        if "Themes" in meta:
            assert set(meta["Themes"][0].split(", ")) <= THEMES
        words = len(path.read_text(encoding="utf-8").split("\n\n", 1)[1].split())
        assert 650 <= words <= 900, (path, words)
    years = {p.parent.name for p in posts}
    assert len(years) >= 5
    assert any("Themes" in _meta(p) for p in posts) and any("Themes" not in _meta(p) for p in posts)


def test_agm_summaries_follow_the_agm_contract(small):
    summaries = sorted(small.glob("agm/*.md"))
    assert len(summaries) == 3
    for path in summaries:
        meta = _meta(path)
        assert meta["Slug"] == [f"agm-{path.stem}"]
        assert meta["Venue"] and meta["Annual-report"] and len(meta["Highlight"]) >= 3
        body = path.read_text(encoding="utf-8").split("\n\n", 1)[1]
        assert re.search(r"^https://www\.youtube\.com/watch\?v=[\w-]+$", body, flags=re.M)
        assert "\n## Transcript\n" in body


def test_registries_are_copied(small):
    for name in ("authors.toml", "themes.toml"):
        assert (small / name).read_bytes() == (ROOT / "content" / name).read_bytes()


def test_edit_one_post_changes_exactly_one_file(small, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(small, copy)
    edited = corpus.edit_one_post(copy)
    changed = [p for p in copy.rglob("*.md") if p.read_bytes() != (small / p.relative_to(copy)).read_bytes()]
    assert changed == [edited]


@pytest.mark.slow
def test_corpus_builds_with_the_site_without_problems(small, tmp_path):
    site = run_build(small, tmp_path / "output")
    assert site.status == 0, site.messages
    assert "warning" not in site.messages.lower(), site.messages
    assert len(list((tmp_path / "output" / "blog").glob("*/*/index.html"))) == 60


@pytest.mark.slow
def test_corpus_builds_with_plain_pelican(small, tmp_path):
    # In a fresh process: the site's plugins stay connected to Pelican's signals in this one.
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(small), "-s", str(corpus.PLAIN_SETTINGS), "-o", str(tmp_path / "plain"),
         "--cache-path", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((tmp_path / "plain").glob("*.html"))) > 60
