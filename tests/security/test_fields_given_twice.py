"""A field given twice is the writer's mistake at its second line, in the checks and the build alike.

Only Highlight:, Transcript: and Captions: take one line each of several values. Any other field given twice was
accepted silently (a second "Minutes: javascript:alert(1)" dropped unseen), read as a list by a plugin ('unknown role
group "carer carer"', a Share-image quoted as "['…', '…']"), or stopped the build as a fault in the site's code
(Series: twice: "TypeError: unhashable type: 'list'"; Translation: twice: "'list' object has no attribute 'lower'").
"""

from __future__ import annotations

import pytest
from conftest import NEXT_AGM, ROOT

HEAD = "Title: A post {}\nDate: 2026-01-01\nAuthor: Joe Rafferty\nSummary: A post.\nConsent: CF-2026-001\n"
PAGE = "Title: A page {}\nSummary: A page.\n"
AGM = ("Title: Annual General Meeting 2019\nDate: 2019-09-25 14:00\nAuthor: Communications Team\nSummary: Our AGM.\n"
       "Venue: The hall\nAnnual-report: https://example.org/report\nAnnual-report-title: Annual report\n")
# For the next meeting's file: a clock in mid-2031, with its dates not too far ahead.
NEXT = {"AGM": {"today": "2031-06-01 09:00"}, "CHECKS": {"latest_days_ahead": 3650}}


def post(name, fields):
    """Return a post named ``name`` whose fields end with ``fields`` (its own Title:, so no two share an address)."""
    return HEAD.format(name) + fields + "\nWords.\n"


def page(name, fields):
    """Return a page named ``name`` whose fields end with ``fields``."""
    return PAGE.format(name) + fields + "\nWords.\n"


def agm(year, fields):
    """Return the summary of the meeting in ``year`` whose fields end with ``fields``."""
    return AGM.replace("2019", str(year)) + fields + "\nWords.\n"


# {path: (text, the line of the second field, or of each)}
GIVEN_TWICE = {
    "blog/series.md": (post("series", "Series: In Mind\nSeries: In Mind\n"), 7),
    "blog/series-cased.md": (post("series-cased", "Series: In Mind\nseries: Other\nStatus: draft\n"), 7),
    "blog/series-index.md": (post("series-index", "Series: In Mind\nSeries_index: 1\nSeries_index: 2\n"), 8),
    "blog/series-index-alone.md": (post("series-index-alone", "Series_index: 1\nSeries_index: 2\n"), 7),
    "blog/themes.md": (post("themes", "Themes: carers\nThemes: recovery\n"), 7),
    "blog/auto-themes.md": (post("auto-themes", "Auto-themes: off\nAuto-themes: on\n"), 7),
    "blog/content-note.md": (post("content-note", "Content-note: Talks about grief.\nContent-note: About loss.\n"), 7),
    "blog/lang.md": (post("lang", "Lang: en\nLang: cy\n"), 7),
    "blog/role-group.md": (post("role-group", "Role-group: carer\nRole-group: carer\n"), 7),
    "blog/share-image.md": (post("share-image", "Share-image: {static}/images/a.png\n"
                                 "Share-image: {static}/images/a.png\nShare-image-alt: A garden\n"), 7),
    "blog/share-image-alt.md": (post("share-image-alt", "Share-image-alt: A garden\nShare-image-alt: A bench\n"), 7),
    "pages/series.md": (page("series", "Series: In Mind\nseries: Other\n"), 4),
    "pages/reviewed.md": (page("reviewed", "Reviewed: 2026-01-01\nReviewed: 2026-02-01\n"), 4),
    "pages/review-due.md": (page("review-due", "Review-due: 2027-01-01\nReview-due: 2027-02-01\n"), 4),
    "agm/2019.md": (agm(2019, "Venue: The other hall\n"), 8),
    "agm/2020.md": (agm(2020, "Minutes: https://example.org/minutes\nMinutes: javascript:alert(1)\n"), 9),
    "agm/2021.md": (agm(2021, "Annual-report-title: Report\n"), 8),
    "agm/2022.md": (agm(2022, "Attendance: online\nAttendance: mixed\n"), 9),
    "agm/next.md": (NEXT_AGM + "End: 2031-09-24 17:00\nOnline: https://meet.example.nhs.uk/agm\nAccess: A lift.\n"
                    "Questions: Ask us.\n", (10, 11, 12, 13)),
}

# Fields that take one line per value: never called given twice.
REPEATED = {
    "agm/2023.md": agm(2023, "Highlight: One thing.\nHighlight: Another.\n"),
    "blog/captions.md": post("captions", "Captions: checked\nCaptions: none\n"),
}


def _check(content, overrides):
    from inmind.check import check_site
    from inmind.config import load_settings

    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(content.parent / "cache"),
                                                       **overrides})
    return "\n".join(p.format() for p in check_site(settings, fatal_warnings=True) if p.severity == "error")


def _assert_plain(said):
    assert "fault in the site's code" not in said and "stopped" not in said and "Traceback" not in said, said


def test_a_field_given_twice_is_an_error_at_its_second_line_in_check_and_build(build_site):
    site = build_site({**{rel: text for rel, (text, _) in GIVEN_TWICE.items()}, **REPEATED}, **NEXT)
    assert site.status == 1
    for said in (site.messages, _check(site.content, NEXT)):
        _assert_plain(said)
        for rel, (_, lines) in GIVEN_TWICE.items():
            for line in lines if isinstance(lines, tuple) else (lines,):
                assert f"{rel}:{line}: error: " in said, (rel, line, said[-3000:])
        assert said.count("appears twice (first on line") >= len(GIVEN_TWICE) + 3, said
        assert not [line for line in said.splitlines() if "appears twice" in line and line.startswith(
            tuple(str(site.content / rel) for rel in REPEATED))], said


@pytest.mark.parametrize("twice", ["Series: In Mind\nSeries: In Mind\n", "Series_index: 1\nSeries_index: 2\n"
                                   "Series: In Mind\n", "Role-group: carer\nRole-group: carer\n",
                                   "Share-image-alt: A garden\nShare-image-alt: A bench\n"],
                         ids=["series", "series-index", "role-group", "share-image-alt"])
def test_a_build_told_to_let_a_field_given_twice_pass_reads_the_first(build_site, twice):
    site = build_site({"blog/a.md": post("a", twice)}, CHECKS={"severity": {"field-duplicate": "warning"}})
    assert site.status == 0, site.messages
    assert "blog/a.md:7: warning: " in site.messages
    _assert_plain(site.messages)
    assert "carer carer" not in site.messages and "['" not in site.messages


@pytest.mark.parametrize("lines", ["Translation: true\n", "Translation: true\nTranslation: false\n"],
                         ids=["once", "twice"])
def test_translation_is_not_a_field_of_this_site(build_site, lines):
    site = build_site({"blog/a.md": post("a", lines)})
    assert site.status == 0, site.messages
    for said in (site.messages, _check(site.content, {})):
        _assert_plain(said)
        assert '/blog/a.md:6: ' in said and '"Translation:" is not a field the site reads' in said, said
        assert "Transcript" not in said.split("blog/a.md:6:", 1)[1].split("\n")[0]
    assert "are translations" not in site.messages  # Pelican never sees it
    assert "A post a" in site.soup("index.html").get_text(" ")
    published = build_site({"blog/a.md": post("a", lines)}, fatal_warnings=True)
    assert published.status == 1 and "blog/a.md:6: error: " in published.messages
