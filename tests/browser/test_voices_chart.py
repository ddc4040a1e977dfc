"""The "whose voices" chart in real Chromium: its text is at least the body's size on a phone, with no sideways scroll."""

import pytest
from conftest import copy_registries, run_build, write_files

pytestmark = pytest.mark.browser

# Each text of the chart as drawn on the screen: its font size times the scale the SVG is shown at.
DRAWN_SIZES = """() => [...document.querySelectorAll('svg.app-chart text')].map(
    (t) => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))"""


def post(year, author):
    return (f"Title: Notes from {year}\nDate: {year}-03-01 09:00\nAuthor: {author}\nSummary: A year.\n\n"
            "Words about working together.\n")


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory):
    """A site with a post in each of ten years, by staff and carers: the chart's widest case (three bands)."""
    from inmind.serve import serve

    base = tmp_path_factory.mktemp("voices")
    content = base / "content"
    content.mkdir()
    copy_registries(content)
    write_files(content, {f"blog/{year}/p.md": post(year, "Tom Brennan" if year % 2 else "Maureen Costigan")
                          for year in range(2015, 2025)})
    site = run_build(content, base / "output")
    assert site.status == 0, site.messages
    server = serve(site.output, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("which", ["sample", "ten-years"])
def test_chart_text_is_at_least_the_bodys_size_without_sideways_scroll(browser, served_site, ten_years, which, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        pg = context.new_page()
        pg.goto((served_site if which == "sample" else ten_years) + "/voices/")
        sizes = pg.evaluate(DRAWN_SIZES)
        body = pg.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert sizes and body >= 16
        assert min(sizes) >= body - 0.05, f"chart text {min(sizes):.1f} px, body {body} px at {width} px"
        # Never much larger than the body either: the chart is one part of the page, not its headline.
        assert max(sizes) <= max(body, 16) * 1.25, f"chart text {max(sizes):.1f} px at {width} px"
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
