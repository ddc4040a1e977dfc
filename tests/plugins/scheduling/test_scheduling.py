"""Day-first dates, posts held until their time by an injected clock, the preview banner and publish's list."""

import datetime as dt
from pathlib import Path

import pytest
from scheduling import settings as scheduling_settings
from scheduling.schedule import goes_live
from scheduling.waiting import describe, left_out

from inmind.source import day_first, read_date

UTC = dt.UTC


def post(title, slug, date, extra=""):
    return (f"Title: {title}\nDate: {date}\nAuthor: Communications Team\nSlug: {slug}\n"
            f"Summary: The summary of {title.lower()}.\n{extra}\nSome words about co-production and recovery.\n")


@pytest.mark.parametrize(("written", "meant"), [
    ("05/12/2026", dt.datetime(2026, 12, 5)),
    ("05/12/2026 09:30", dt.datetime(2026, 12, 5, 9, 30)),
    ("5/2/26", dt.datetime(2026, 2, 5)),
    ("31.01.2026 18:00", dt.datetime(2026, 1, 31, 18, 0)),
    ("2026-05-12 09:00", dt.datetime(2026, 5, 12, 9, 0)),
])
def test_slash_dates_are_read_day_first(written, meant):
    assert read_date(written).replace(tzinfo=None) == meant


def test_day_first_leaves_other_text_alone():
    assert day_first("12 May 2026") == "12 May 2026"
    assert day_first("2026/05/12") == "2026/05/12"  # year first is not a UK slash date
    assert day_first("13/13/2026") == "2026-13-13"  # the checker then names month 13


def test_checker_reads_05_12_2026_as_5_december_and_names_an_impossible_month(tmp_path):
    from conftest import ROOT, write_files

    from inmind.build import load_settings
    from inmind.check import check_site

    content = tmp_path / "content"
    write_files(content, {"blog/2026/a.md": post("Dated the UK way", "uk", "05/12/2026 09:00"),
                          "blog/2026/b.md": post("Dated the US way", "us", "12/31/2026")})
    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CHECKS": {"cache": False}})
    problems = check_site(settings)
    text = "\n".join(p.format() for p in problems)
    assert not [p for p in problems if p.path.endswith("a.md") and p.line == 2]  # slashes have one reading
    assert 'b.md:2: error: "12/31/2026" has no month 31' in text
    assert "read day first, the UK way" in text


def test_build_shows_05_12_2026_as_5_december(build_site):
    site = build_site({"blog/2026/a.md": post("Dated the UK way", "uk-way", "05/12/2026 09:00")})
    assert site.status == 0, site.messages
    time = site.soup("blog/2026/uk-way/index.html").select_one(".app-prose, article").find_previous("time") \
        or site.soup("blog/2026/uk-way/index.html").find("time")
    assert time["datetime"].startswith("2026-12-05")


TODAY_AT_NINE = "2026-12-05 09:00"  # a post dated today at 09:00 (London is on UTC in December)


@pytest.mark.parametrize(("now", "published"), [
    ("2026-12-05T08:59+00:00", False),
    ("2026-12-05T09:00+00:00", True),
    ("2026-12-05T10:07+00:00", True),
])
def test_post_dated_today_is_published_after_its_time_and_not_before(build_site, now, published):
    site = build_site({"blog/2026/today.md": post("Out this morning", "out-this-morning", TODAY_AT_NINE),
                       "blog/2019/old.md": post("An older post", "older", "2019-05-01 09:00")},
                      settings_file="publishconf.py", SCHEDULING={"now": now})
    assert site.status == 0, site.messages
    page = site.path("blog/2026/out-this-morning/index.html")
    assert page.exists() is published
    home = site.path("index.html").read_text(encoding="utf-8")
    assert ("Out this morning" in home) is published
    assert "An older post" in home


def test_preview_marks_a_scheduled_post_with_its_time_and_run(build_site):
    site = build_site({"blog/2026/later.md": post("Later today", "later-today", TODAY_AT_NINE)},
                      SCHEDULING={"now": "2026-12-05T06:00+00:00"})
    assert site.status == 0, site.messages
    banner = site.soup("blog/2026/later-today/index.html").select_one(".app-scheduled-banner")
    text = " ".join(banner.get_text().split())
    assert "Scheduled for 5 December 2026 at 09:00" in text
    assert "at about 5 December 2026 at 09:07" in text


def test_a_published_post_has_no_scheduled_banner(build_site):
    site = build_site({"blog/2019/old.md": post("An older post", "older", "2019-05-01 09:00")})
    assert site.soup("blog/2019/older/index.html").select_one(".app-scheduled-banner") is None


def test_goes_live_at_the_first_run_at_or_after_the_time():
    at = dt.datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert goes_live(at, 7) == dt.datetime(2026, 12, 5, 9, 7, tzinfo=UTC)
    assert goes_live(at.replace(minute=7), 7) == at.replace(minute=7)
    assert goes_live(at.replace(minute=8), 7) == dt.datetime(2026, 12, 5, 10, 7, tzinfo=UTC)


def test_publish_lists_drafts_and_scheduled_posts_with_when_they_go_live(tmp_path):
    from conftest import write_files

    content = tmp_path / "content"
    write_files(content, {"blog/2026/a.md": post("Later", "later", "05/12/2026 09:00"),
                          "blog/2026/b.md": post("Unfinished", "unfinished", "2026-01-01 09:00", "Status: draft\n"),
                          "blog/2019/c.md": post("Old", "old", "2019-05-01 09:00")})
    settings = {"PATH": str(content), "ARTICLE_PATHS": ["blog"], "TIMEZONE": "Europe/London",
                "SCHEDULING": {"now": "2026-12-05T08:00+00:00"}}
    lines = describe(left_out(settings), settings, tmp_path)
    assert lines[0] == "Left out of this publish build:"
    assert "content/blog/2026/a.md: scheduled; it goes live with the publish run at 5 December 2026 at 09:07" in lines[1]
    assert lines[2].startswith("  content/blog/2026/b.md: draft;")
    assert len(lines) == 3


@pytest.mark.parametrize("bad", [{"now": "tomorrow"}, {"now": "2026-12-05T09:00"}, {"run_minute": 60},
                                 {"run_minute": True}, {"minute": 5}])
def test_wrong_setting_is_named(bad):
    from inmind.errors import SettingsError

    with pytest.raises(SettingsError, match="SCHEDULING"):
        scheduling_settings.merged({"SCHEDULING": bad})


def test_workflow_runs_at_the_minute_the_site_promises():
    import re

    text = (Path(__file__).parents[3] / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    crons = re.findall(r'^\s*- cron: "([^"]+)"', text, re.MULTILINE)
    assert crons == [f"{scheduling_settings.Scheduling().run_minute} * * * *"]
