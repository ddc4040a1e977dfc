"""The editor's date box (plugins/editor/static/inmind-date.js), run in node: the checker's words for a date that does not exist."""

from __future__ import annotations

import calendar
import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool
from editor import model
from hypothesis import given, settings
from hypothesis import strategies as st

from inmind import check_file

RUNNER = Path(__file__).resolve().parent / "date_runner.js"


@pytest.fixture(scope="session")
def date_box():
    """Return run(values) -> [{problem, input, back, written}] from the real date box code."""
    node = shutil.which("node")
    require_tool(node, "node (nodejs)")

    def run(values):
        payload = json.dumps({"words": model.date_words(), "values": values})
        result = subprocess.run([node, str(RUNNER)], input=payload, capture_output=True, text=True, timeout=60, check=True)
        return json.loads(result.stdout)

    return run


def expected(year, month, day, hour, minute):
    """The checker's words for one ISO date (inmind/check_file.py), or "" for a real one."""
    value = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}"
    if not 1 <= month <= 12:
        return check_file.no_such_month(value, f"{month:02d}")
    days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days:
        return check_file.no_such_day(day, calendar.month_name[month], year, days)
    if hour > 23 or minute > 59:
        return check_file.unreadable_date(value)
    return ""


def test_the_words_are_the_checkers_with_places_to_fill():
    words = model.date_words()
    assert words["no_such_day"] == "there is no %{day} %{month} %{year}: %{month} %{year} has %{days} days"
    assert words["months"][10] == "November" and len(words["months"]) == 12


def test_known_dates(date_box):
    found = date_box(["2026-11-31 09:00", "2024-02-29 10:30", "2100-02-29", "2026-11-30", "5 May 2026", ""])
    assert [f["problem"] for f in found] == [
        "there is no 31 November 2026: November 2026 has 30 days", "",
        "there is no 29 February 2100: February 2100 has 28 days", "", "", ""]
    # A real date goes to the picker and back unchanged; one the picker cannot show is never turned into another.
    assert [f["input"] for f in found] == ["", "2024-02-29T10:30", "", "2026-11-30T00:00", "", ""]
    assert found[1]["back"] == "2024-02-29 10:30"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25),
                          st.integers(0, 61)), min_size=1, max_size=50))
def test_every_date_gets_the_checkers_words(date_box, dates):
    values = [f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{n:02d}" for y, m, d, h, n in dates]
    found = date_box(values)
    for value, parts, result in zip(values, dates, found, strict=True):
        assert result["problem"] == expected(*parts), value
        # The picker shows a date only when it is real, and then exactly the written one.
        assert (result["input"] == value.replace(" ", "T")) == (not result["problem"]), (value, result)


def test_the_chosen_date_is_written_out_the_uk_way(date_box):
    found = date_box(["2026-12-01 09:00", "2026-12-01", "2024-02-29 23:59", "0001-01-01", "9999-12-31 00:00",
                      "0099-03-01", "2026-11-31 09:00", "2026-13-01", "5 May 2026", "", "2026-12-01 24:00"])
    assert [f["written"] for f in found] == [
        "Tuesday 1 December 2026 at 09:00", "Tuesday 1 December 2026", "Thursday 29 February 2024 at 23:59",
        "Monday 1 January 1", "Friday 31 December 9999 at 00:00", "Sunday 1 March 99", "", "", "", "", ""]
    # Written out beside the box only: the value the file gets stays in its ISO form.
    assert found[0]["back"] == "2026-12-01 09:00"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31, 23, 59)),
                min_size=1, max_size=60))
def test_every_real_date_is_written_out_as_python_names_it(date_box, moments):
    values = [f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}" for m in moments]
    for moment, result in zip(moments, date_box(values), strict=True):
        assert result["written"] == (f"{calendar.day_name[moment.weekday()]} {moment.day} "
                                     f"{calendar.month_name[moment.month]} {moment.year} at {moment:%H:%M}")
