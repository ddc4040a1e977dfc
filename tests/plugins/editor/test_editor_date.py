"""The editor's date box (plugins/editor/static/inmind-date.js), run in node: the checker's words for a date that does not exist."""

from __future__ import annotations

import calendar
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
    """Return run(values) -> [{problem, input, back}] from the real date box code."""
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
