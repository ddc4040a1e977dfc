"""The "whose voices" chart: drawn for a 320 px phone whatever the years and groups, so its text never shrinks."""

import datetime
from collections import namedtuple

from bs4 import BeautifulSoup
from coproduction import chart, model, vocabulary
from hypothesis import given, settings
from hypothesis import strategies as st

Post = namedtuple("Post", "date groups")
# Half the width of the widest text the chart centres on a point (a bold four-digit year at 16 px).
HALF_YEAR = 20


def drawn(posts):
    voices = model.voices(posts, lambda post: post.groups, vocabulary.GROUPS)
    return voices, BeautifulSoup(str(chart.voices_svg(voices)), "html.parser")


_POSTS = st.lists(
    st.builds(Post, st.integers(2005, 2030).map(lambda y: datetime.datetime(y, 6, 1)),
              st.sets(st.sampled_from([g.slug for g in vocabulary.GROUPS]), min_size=1, max_size=3)),
    max_size=40,
)


@settings(max_examples=80, deadline=None)
@given(_POSTS)
def test_the_width_and_the_text_size_never_change_with_the_data(posts):
    voices, svg = drawn(posts)
    root = svg.select_one("svg")
    assert root["viewbox"].split()[:3] == ["0", "0", str(chart.WIDTH)] and root["width"] == str(chart.WIDTH) == "288"
    texts = root.find_all("text")
    for text in texts:
        size = text.get("font-size") or text.find_parent("g")["font-size"]
        assert float(size) >= 16, text
        x = float(text["x"])
        left, right = (x - HALF_YEAR, x + HALF_YEAR) if text.get("text-anchor") == "middle" else (x, x)
        assert 0 <= left and right <= chart.WIDTH, text
    for shape in root.select("rect, line"):
        for name in ("x", "x1", "x2"):
            if shape.has_attr(name):
                assert 0 <= float(shape[name]) <= chart.WIDTH - 8, shape
    years = [t.get_text() for t in texts if t.get("font-weight") == "bold"]
    assert years == [str(y.year) for y in voices.years]
    rows = [g.label for g, total in zip(voices.groups, voices.totals, strict=True) if total]
    bands = -(-len(voices.years) // chart.BAND_YEARS) or 1
    labels = [t.get_text() for t in texts if t.get("x") == "0"]
    assert labels == rows * bands


def test_ten_years_come_in_bands_of_four_each_labelled():
    posts = [Post(datetime.datetime(2016 + n, 1, 1), {"carer" if n % 2 else "staff"}) for n in range(10)]
    _, svg = drawn(posts)
    bold = [t for t in svg.find_all("text") if t.get("font-weight") == "bold"]
    assert [[t.get_text() for t in bold if t.find_parent("g") is group] for group in
            [b.find_parent("g") for b in bold[::4]]] == [["2016", "2017", "2018", "2019"], ["2020", "2021", "2022", "2023"],
                                                         ["2024", "2025"]]
    assert [t.get_text() for t in svg.find_all("text") if t.get("x") == "0"] == ["Staff", "Carer"] * 3
