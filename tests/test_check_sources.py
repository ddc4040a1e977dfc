"""Each content file is read once per build, by the checks, and Pelican renders exactly what they read."""

from __future__ import annotations

import os
import sys
from collections import Counter

import pytest
from conftest import run_build

import inmind.build

POST = """Title: {title}
Date: 2019-05-0{n} 09:00
Author: Communications Team
Summary: A post about co-production.

Some words about working together, number {n}.
"""
PAGE = "Title: About us\nSummary: Who we are.\n\nWe are a Trust.\n"


def _site(tmp_path):
    from conftest import write_files

    content = tmp_path / "content"
    files = {f"blog/2019/post-{n}.md": POST.format(title=f"Post {n}", n=n) for n in range(1, 5)}
    write_files(content, {**files, "pages/about.md": PAGE})
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((inmind.build.ROOT / "content" / name).read_bytes())
    return content


# Every file opened while a build runs, by any of its processes: an audit hook (inherited by the forked
# checker) writes each opened path to one file with os.write, which raises no audit event of its own.
_OPENED = {"fd": None}


def _audit(event, args):
    fd = _OPENED["fd"]
    if fd is not None and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        os.write(fd, os.fsencode(args[0]) + b"\n")


sys.addaudithook(_audit)


@pytest.fixture
def opened(tmp_path):
    """Return start() and counts(): how often each path was opened (real path: times) since start()."""
    log = tmp_path / "opened.log"

    def start():
        _OPENED["fd"] = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def counts():
        fd, _OPENED["fd"] = _OPENED["fd"], None
        os.close(fd)
        return Counter(os.path.realpath(line) for line in log.read_text(encoding="utf-8", errors="replace").splitlines())

    yield start, counts
    if _OPENED["fd"] is not None:
        os.close(_OPENED["fd"])
        _OPENED["fd"] = None


@pytest.fixture(params=["checks first", "checks beside Pelican"])
def mode(request, monkeypatch):
    """Small sites check first, in the build's process; large ones in a forked process while Pelican renders."""
    if request.param == "checks beside Pelican":
        monkeypatch.setattr(inmind.build, "OVERLAP_MIN_FILES", 1)
    return request.param


def test_a_build_opens_each_post_and_page_once(tmp_path, mode, opened):
    start, count = opened
    content = _site(tmp_path)
    start()
    site = run_build(content, tmp_path / "output")
    counts = count()
    assert site.status == 0, site.messages
    assert (site.output / "blog/2019/post-3/index.html").exists() and (site.output / "about-us/index.html").exists()
    files = sorted(p for folder in ("blog", "pages") for p in (content / folder).rglob("*") if p.is_file())
    assert len(files) == 5
    assert {p.relative_to(content).as_posix(): counts[str(p.resolve())] for p in files} == dict.fromkeys(
        (p.relative_to(content).as_posix() for p in files), 1)


def test_the_count_sees_a_second_reading(tmp_path, opened):
    """The audit really counts: reading a post twice shows as two."""
    start, count = opened
    content = _site(tmp_path)
    post = content / "blog/2019/post-1.md"
    start()
    post.read_bytes()
    post.read_text(encoding="utf-8")
    assert count()[str(post.resolve())] == 2


def test_a_file_changed_after_the_checks_read_it_is_built_as_they_read_it(tmp_path, mode, monkeypatch):
    content = _site(tmp_path)
    post = content / "blog/2019/post-2.md"
    real = inmind.build.preflight

    def checks(settings, fatal_warnings=False, sources=None):
        def read(found):
            # Saved again the moment after the checks read it: an unchecked title and text.
            post.write_text("Title: CHANGED-TITLE-7Q <script>x</script>\nDate: 2019-02-30 09:00\nSummary: S.\n\nUNCHECKED-TEXT\n",
                            encoding="utf-8")
            sources(found)

        return real(settings, fatal_warnings=fatal_warnings, sources=read)

    monkeypatch.setattr(inmind.build, "preflight", checks)
    site = run_build(content, tmp_path / "output")
    assert site.status == 0, site.messages
    page = (site.output / "blog/2019/post-2/index.html").read_text(encoding="utf-8")
    assert "number 2" in page and "Post 2" in page
    every = b"".join(p.read_bytes() for p in site.output.rglob("*") if p.is_file())
    assert b"UNCHECKED-TEXT" not in every and b"CHANGED-TITLE-7Q" not in every


def test_a_file_the_checks_did_not_read_stops_the_build(tmp_path, mode):
    content = _site(tmp_path)
    output = tmp_path / "output"
    good = run_build(content, output)
    assert good.status == 0, good.messages
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    bad = run_build(content, output, CHECKS={"folders": ["blog", "agm", "transcripts"]})
    assert bad.status == 1, bad.messages
    assert "pages/about.md:1: error: the content checks did not read this file, so it is not published" in bad.messages
    assert "hint: the checks read the folders" in bad.messages and "Traceback" not in bad.messages
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_a_hidden_file_pelican_is_told_to_read_is_checked_like_any_other(tmp_path, mode):
    # One rule for hidden files (IGNORE_FILES, read by the checks as Pelican reads it): told to read them,
    # both do, so the checks refuse a broken one at its line before Pelican publishes it.
    content = _site(tmp_path)
    output = tmp_path / "output"
    (content / "blog/2019/.secret.md").write_text(POST.format(title="Secret", n=7).replace("Title: Secret\n", ""),
                                                  encoding="utf-8")
    assert run_build(content, output).status == 0  # hidden: neither reads it
    bad = run_build(content, output, IGNORE_FILES=[])
    assert bad.status == 1, bad.messages
    assert "blog/2019/.secret.md:1: error: there is no title" in bad.messages, bad.messages
    assert "did not read this file" not in bad.messages and "Traceback" not in bad.messages


def test_the_check_cache_serves_a_build_after_invoke_check(tmp_path, monkeypatch):
    """What a build hands its readers is no part of the check cache's fingerprint: check, then build, hits it."""
    from inmind.check import check_site
    from inmind.check_cache import ResultCache
    from inmind.config import load_settings

    content = _site(tmp_path)
    cache = tmp_path / "cache"
    overrides = {"PATH": str(content), "CACHE_PATH": str(cache), "PLUGIN_PATHS": [str(inmind.build.ROOT / "plugins")],
                 "THEME": str(inmind.build.ROOT / "theme")}
    settings = load_settings(inmind.build.ROOT / "pelicanconf.py", overrides)
    assert not any(p.severity == "error" for p in check_site(settings))
    assert (cache / "inmind-check.json").exists()
    checked_again = []
    real_put = ResultCache.put

    def put(self, item, data, found, entries):
        checked_again.append(item.rel)
        return real_put(self, item, data, found, entries)

    monkeypatch.setattr(ResultCache, "put", put)
    site = run_build(content, tmp_path / "output", CACHE_PATH=str(cache))
    assert site.status == 0, site.messages
    assert checked_again == [], "the build checked again what invoke check had just checked"


def test_building_the_sample_site_opens_each_content_file_once(tmp_path, opened, monkeypatch):
    """Posts, pages, AGM summaries, the next meeting's file and video transcripts: each opened by the checks only."""
    import shutil

    start, count = opened
    content = tmp_path / "content"
    shutil.copytree(inmind.build.ROOT / "content", content)
    monkeypatch.setattr(inmind.build, "OVERLAP_MIN_FILES", 1)
    start()
    site = run_build(content, tmp_path / "output")
    counts = count()
    assert site.status == 0, site.messages
    files = sorted(p for p in content.rglob("*.md") if p.is_file())
    assert any("transcripts" in p.parts for p in files) and any("agm" in p.parts for p in files)
    opened_files = {p.relative_to(content).as_posix(): counts[str(p.resolve())] for p in files}
    assert opened_files == dict.fromkeys(opened_files, 1)


def test_a_file_let_through_once_is_let_through_again_and_a_refused_one_stays_refused(tmp_path):
    from inmind import check_sources
    from inmind.errors import ContentError

    (tmp_path / "blog").mkdir()
    good, late = tmp_path / "blog" / "good.md", tmp_path / "blog" / "late.md"
    for path in (good, late):
        path.write_text("Title: T\n\nText.\n", encoding="utf-8")
    read = check_sources.Sources(["blog"])
    read.add(good, good.read_bytes(), markdown=True)
    settings = {"PATH": str(tmp_path), check_sources.SETTING: read}
    for _ in range(2):  # each reader of a file asks (content_safety, then video_embeds)
        assert check_sources.source(settings, str(good)).value("title") == "T"
        with pytest.raises(ContentError, match="did not read this file"):
            check_sources.source(settings, str(late))


def test_pelicans_content_cache_keeps_working_with_the_handover(tmp_path, mode):
    # Pelican pickles settings with cached content (authors keep them): the checks' reading must not go
    # into the cache, and a process handle in it lost the whole cache and failed the next build.
    import pickle

    content, cache = _site(tmp_path), tmp_path / "cache"
    options = {"CACHE_PATH": str(cache), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = run_build(content, tmp_path / "output", **options)
    assert first.status == 0, first.messages
    assert "Could not save cache" not in first.messages
    saved = pickle.loads(__import__("gzip").decompress((cache / "ArticlesGenerator-Readers").read_bytes()))
    assert len(saved) == 4 and b"number 3" not in pickle.dumps([v for k, v in saved.items() if "post-1" in k])
    post = content / "blog/2019/post-2.md"
    post.write_text(post.read_text(encoding="utf-8").replace("number 2", "number 2, edited"), encoding="utf-8")
    second = run_build(content, tmp_path / "output", **options)
    assert second.status == 0, second.messages
    assert "number 2, edited" in (second.output / "blog/2019/post-2/index.html").read_text(encoding="utf-8")
    assert "number 3" in (second.output / "blog/2019/post-3/index.html").read_text(encoding="utf-8")
