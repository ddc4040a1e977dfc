"""Feeds (coproduction/feeds.py): links worked out without the file system, the same bytes as posixpath.relpath gave."""

import datetime as dt
import posixpath

import pytest
from conftest import copy_registries, run_build, write_files
from coproduction import feeds
from hypothesis import given
from hypothesis import strategies as st
from pelican.utils import SafeDatetime
from test_coproduction_templates import FILES

# Parts a path may be made of: the site's own, and what a careless setting or slug could bring.
PARTS = ["", ".", "..", "blog", "2024", "themes", "carers", "feeds", "voices", "a b", "café", "%20", "ﬁ", "x.atom.xml",
         "index.html", "עברית", "page"]
paths = st.builds(lambda lead, parts, trail: lead + "/".join(parts) + trail,
                  st.sampled_from(["", "", "", "/", "./"]), st.lists(st.sampled_from(PARTS), max_size=6),
                  st.sampled_from(["", "/", "//"]))


@given(paths, paths)
def test_relative_url_is_what_relpath_says(url, folder):
    assert feeds.relative_url(url, folder) == posixpath.relpath(url or ".", folder or ".")


@pytest.mark.parametrize(("url", "folder", "expected"), [
    ("blog/2024/a/", "feeds/themes", "../../blog/2024/a"),
    ("themes/carers/", "themes/carers", "."),  # a feed beside its own page
    ("themes/carers/page/2/", "themes/carers", "page/2"),
    ("themes/", "themes/carers", ".."),
    ("", "feeds/themes", "../.."),
    (".", "", "."),
])
def test_relative_url_examples(url, folder, expected):
    assert feeds.relative_url(url, folder) == expected


@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_day_is_pelicans_own_format(date):
    safe = SafeDatetime(date.year, date.month, date.day, date.hour, date.minute, date.second, date.microsecond)
    assert feeds.day(safe) == f"{safe:%Y-%m-%d}"


# Titles and summaries with every character a feed must escape, odd Unicode and a guest role (the pages' own), and
# feeds placed beside their theme's pages (a common prefix with the page's address) and deeper than the default.
FEED_PATHS = {"theme_feed": "themes/{slug}/feed.atom.xml", "group_feed": "feeds/a/b/voices/{slug}.atom.xml"}


def _files(output):
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
@pytest.mark.parametrize("feed_paths", [{}, FEED_PATHS], ids=["default", "beside-pages"])
def test_every_file_is_byte_identical_to_relpath_and_pelicans_dates(tmp_path, monkeypatch, settings_file, feed_paths):
    content = tmp_path / "content"
    content.mkdir()
    copy_registries(content)
    write_files(content, FILES)
    overrides = {"COPRODUCTION": {"per_page": 1, **feed_paths}}
    now = run_build(content, tmp_path / "now" / "output", settings_file, **overrides)
    assert now.status == 0, now.messages
    # As the feeds were written before: posixpath.relpath for every link, Pelican's strftime for every day.
    monkeypatch.setattr(feeds, "relative_url", lambda url, folder: posixpath.relpath(url or ".", folder or "."))
    monkeypatch.setattr(feeds, "day", lambda date: f"{date:%Y-%m-%d}")
    before = run_build(content, tmp_path / "before" / "output", settings_file, **overrides)
    assert before.status == 0, before.messages
    ours, theirs = _files(now.output), _files(before.output)
    assert sorted(ours) == sorted(theirs)
    written = [rel for rel in ours if rel.endswith(".atom.xml") and not rel.startswith("agm")]
    assert len(written) > 20, written  # every theme's and group's feed is among the files compared
    differing = [rel for rel in ours if ours[rel] != theirs[rel]]
    assert not differing, differing[:20]
    if feed_paths:
        carers = ours["themes/carers/feed.atom.xml"].decode()
        # The feed's own theme page is its folder: "./" in a preview, the full address in a publish build.
        assert ('href="./"' in carers) == (settings_file == "pelicanconf.py")
        assert "feeds/a/b/voices/volunteer.atom.xml" in ours
