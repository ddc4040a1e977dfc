"""Reading and finding on a phone (375 × 667) in real Chromium: the story first, short tab paths, clean extracts."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
SERIES_POST = "/blog/2017/importance-of-co-production/"
WAIT = 20_000


@pytest.fixture
def phone(browser):
    """A fresh page the size of a small phone's screen."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_the_story_starts_within_the_first_screen_of_a_series_post(phone, served_site):
    # The sample post with the most roles and themes: the layout that used to push the story furthest down.
    phone.goto(served_site + SERIES_POST)
    expect(phone.locator(".app-article__series")).to_have_text(re.compile(r"^Part 1 of \d+ in the In Mind series$"))
    top = phone.evaluate("document.querySelector('.app-prose > p').getBoundingClientRect().top + window.scrollY")
    assert top <= 600, f"the first paragraph starts {top:.0f} px down"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _tab_stops_inside(pg, selector):
    """Press Tab through the page; return how many focus stops fall inside each element matching ``selector``."""
    counts = pg.evaluate(f"Array.from(document.querySelectorAll({selector!r}), () => 0)")
    for _ in range(400):
        pg.keyboard.press("Tab")
        state = pg.evaluate(
            f"""() => {{ const el = document.activeElement;
            const seen = el.hasAttribute('data-test-seen'); el.setAttribute('data-test-seen', '');
            const items = Array.from(document.querySelectorAll({selector!r}));
            return {{seen, tag: el.tagName, index: items.findIndex((item) => item.contains(el))}}; }}"""
        )
        if state["tag"] == "BODY" or state["seen"]:
            break
        if state["index"] >= 0:
            counts[state["index"]] += 1
    return counts


@pytest.mark.parametrize("path", ["/", "/archives/", "/themes/carers/", "/authors/communications-team/"])
def test_a_post_in_a_listing_costs_at_most_two_tab_stops(phone, served_site, path):
    phone.goto(served_site + path)
    counts = _tab_stops_inside(phone, ".app-post-list__item")
    assert counts, f"{path} lists no posts"
    assert max(counts) <= 2 and min(counts) >= 1, f"{path}: tab stops per post {counts}"


@pytest.mark.parametrize(("name", "title"), [("Maureen Costigan", "A seat at the table for carers"), ("Danny Whitfield", "Asked, not told")])
def test_a_search_for_a_writer_finds_their_post_with_a_clean_extract(phone, served_site, name, title):
    # Against the real Pagefind index of the sample site: the byline and theme list are not in the text.
    phone.goto(f"{served_site}/search/?q={quote(name)}")
    result = phone.locator(".app-search-result").filter(has=phone.get_by_role("link", name=title, exact=True))
    expect(result).to_have_count(1, timeout=WAIT)
    excerpt = result.locator(".app-search-result__excerpt").inner_text()
    assert name.split()[-1] in excerpt
    for noise in ("Written by", "minute read", "Themes:", "Part 1 of", "Service user or patient"):
        assert noise not in excerpt, f"{noise!r} in the extract {excerpt!r}"
    assert f"by {name}" in result.locator(".app-search-result__meta").inner_text().lower().replace(name.lower(), name)
