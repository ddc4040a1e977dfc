"""Site search in real Chromium against the built sample site on 127.0.0.1."""

import re
from urllib.parse import quote, urlsplit

import pytest
from conftest import describe_violations, run_axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NONSENSE = "zqxvjwpfluggle"
# Generous, because other builds may share the machine's two cores; a passing search takes well under a second.
WAIT = 20_000
# Results shown at first and per "Show more results" (search.js PAGE_SIZE).
BATCH = 5


@pytest.fixture
def search_page(page, served_site):
    """The page fixture, recording every request so none may leave 127.0.0.1."""
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    outside = [url for url in page.requests if urlsplit(url).hostname not in ("127.0.0.1", None) and not url.startswith("data:")]
    assert not outside, f"requests left 127.0.0.1: {outside}"
    errors = [m.text for m in page.console_messages]
    assert not errors, f"console errors (CSP violations included): {errors}"


def open_search(pg, base, query="", extra=""):
    """Open the search page for ``query`` and wait until it has said how many results there are."""
    pg.goto(f"{base}/search/?q={quote(query)}{extra}")
    status = pg.locator("[data-app-search-status]")
    # The form is shown once Pagefind has loaded; typing before that would go nowhere.
    expect(pg.locator("#app-search-input")).to_be_visible(timeout=WAIT)
    if query or extra:
        expect(status).to_have_text(re.compile(r"\S"), timeout=WAIT)
    return status


def result_links(pg):
    return pg.locator(".app-search-result__link")


def open_filters(pg):
    """Open the "Filter results" panel and wait for its groups."""
    pg.locator(".app-search-filters__summary").click()
    expect(pg.locator(".app-search-filters__legend").first).to_be_visible(timeout=WAIT)


def filter_group(pg, name):
    """The filter group called ``name`` ("Theme", "Who wrote it", …), opened."""
    group = pg.locator(".app-search-filters__group", has=pg.locator("summary", has_text=name))
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    return group


def total_results(pg):
    """The number of results the status line announces."""
    return int(re.match(r"(\d+) results? ", pg.inner_text("[data-app-search-status]")).group(1))


def show_all_results(pg):
    """Press "Show more results" until every result is on the page."""
    more = pg.locator("[data-app-search-more]")
    while more.is_visible():
        shown = result_links(pg).count()
        more.click()
        expect(result_links(pg)).not_to_have_count(shown, timeout=WAIT)


def result_titled(pg, title):
    """The one result whose title link is exactly ``title``."""
    return pg.locator(".app-search-result").filter(has=pg.get_by_role("link", name=title, exact=True))


def carers_posts(sample_site):
    """URLs of the sample posts with at least one carer among their authors, from the built HTML."""
    urls = set()
    for html in sample_site.output.rglob("index.html"):
        if "drafts" in html.parts:
            continue
        groups = sample_site.soup(html).select('[data-pagefind-body] [data-pagefind-filter="role group"]')
        if any(g.get_text(strip=True) == "Carer" for g in groups):
            urls.add("/" + html.parent.relative_to(sample_site.output).as_posix() + "/")
    return urls


def test_co_production_finds_the_first_in_mind_guest_blog(search_page, served_site):
    status = open_search(search_page, served_site, "co-production")
    count = int(re.match(r"(\d+) results? for co-production$", status.inner_text()).group(1))
    assert result_links(search_page).count() == min(count, BATCH)
    titles = result_links(search_page).all_inner_texts()
    assert "Importance of co-production" in titles, f"not among the first {BATCH}: {titles}"
    first = result_titled(search_page, "Importance of co-production")
    assert first.locator(".app-search-result__excerpt mark").count() >= 1
    assert "co-production" in first.locator(".app-search-result__excerpt mark").first.inner_text().lower()
    assert first.locator("time[datetime]").get_attribute("datetime") == "2017-10-02"
    assert first.locator(".app-search-result__themes").inner_text().startswith("Themes: ")
    href = first.locator("a").get_attribute("href")
    assert href == "/blog/2017/importance-of-co-production/"


def test_more_results_are_shown_on_request_with_focus_on_the_first_new_one(search_page, served_site):
    status = open_search(search_page, served_site, "the")
    total = int(re.match(r"(\d+) results? for the$", status.inner_text()).group(1))
    assert total > BATCH, "the sample content should give more than one batch of results for 'the'"
    more = search_page.locator("[data-app-search-more]")
    assert more.inner_text() == f"Show more results ({BATCH} of {total} shown)"
    more.focus()
    search_page.keyboard.press("Enter")
    expect(result_links(search_page)).to_have_count(min(total, 2 * BATCH), timeout=WAIT)
    assert result_links(search_page).nth(BATCH).evaluate("a => a === document.activeElement")
    assert more.is_hidden() == (total <= 2 * BATCH)
    show_all_results(search_page)
    assert result_links(search_page).count() == total


def test_aintree_finds_the_2017_agm_summary(search_page, served_site):
    status = open_search(search_page, served_site, "Aintree")
    assert status.inner_text().endswith("for Aintree")
    agm = result_titled(search_page, "Annual General Meeting 2017")
    assert agm.count() == 1
    assert agm.locator("a").get_attribute("href") == "/agm/2017/"
    assert agm.locator(".app-search-result__type").inner_text() == "AGM"
    assert "Aintree" in agm.locator(".app-search-result__excerpt mark").all_inner_texts()


def test_role_group_filter_narrows_results_to_carers_posts(search_page, served_site, sample_site):
    expected = carers_posts(sample_site)
    assert expected, "the sample content should have posts by carers"
    status = open_search(search_page, served_site, "care")
    before = total_results(search_page)
    open_filters(search_page)
    filter_group(search_page, "Who wrote it").get_by_label(re.compile(r"^Carer\b")).check()
    expect(status).to_contain_text("filtered by who wrote it: Carer", timeout=WAIT)
    show_all_results(search_page)
    hrefs = {link.get_attribute("href") for link in result_links(search_page).all()}
    assert hrefs and hrefs <= expected
    assert len(hrefs) < before
    assert re.match(rf"{len(hrefs)} results? for care, filtered by who wrote it: Carer$", status.inner_text())
    assert "role+group=Carer" in search_page.url or "role%20group=Carer" in search_page.url


def test_filters_work_without_a_search_term_and_come_from_the_address(search_page, served_site, sample_site):
    status = open_search(search_page, served_site, "", "&role+group=Carer")
    group = search_page.locator(".app-search-filters__group", has=search_page.locator("summary", has_text="Who wrote it"))
    # A group with a chosen option arrives open, so the reader sees why the results are narrowed.
    expect(group).to_have_attribute("open", "", timeout=WAIT)
    assert group.get_by_label(re.compile(r"^Carer\b")).is_checked()
    show_all_results(search_page)
    hrefs = {link.get_attribute("href") for link in result_links(search_page).all()}
    assert hrefs == carers_posts(sample_site)
    assert "filtered by who wrote it: Carer" in status.inner_text()


def test_the_filter_index_is_fetched_only_when_the_filters_are_opened(search_page, served_site):
    open_search(search_page, served_site, "carers")
    assert not [url for url in search_page.requests if "/filter/" in url]
    details = search_page.locator("[data-app-search-details]")
    assert details.get_attribute("open") is None
    open_filters(search_page)
    assert [url for url in search_page.requests if "/filter/" in url]
    groups = search_page.locator(".app-search-filters__legend").all_inner_texts()
    assert groups == ["Theme", "Who wrote it", "Type", "Year"]
    # Each group is folded until asked for, and labelled for screen readers where its boxes are.
    assert search_page.locator(".app-search-filters__group[open]").count() == 0
    assert search_page.locator(".app-search-filters legend").all_text_contents() == groups
    theme = filter_group(search_page, "Theme")
    assert re.match(r"^\(\d+\)$", theme.locator(".app-search-filters__count").first.inner_text())


def test_a_nonsense_word_gives_a_clear_no_results_message(search_page, served_site):
    status = open_search(search_page, served_site, NONSENSE)
    assert status.inner_text() == f"No results for {NONSENSE}."
    assert result_links(search_page).count() == 0
    suggestions = search_page.locator("[data-app-search-empty]")
    assert suggestions.is_visible()
    assert "checking your spelling" in suggestions.inner_text()
    assert suggestions.locator("a[href$='/themes/']").count() == 1
    assert suggestions.locator("a[href$='/archives/']").count() == 1
    # Somewhere to go next: the themes with most posts and the latest posts.
    headings = suggestions.locator("h3").all_inner_texts()
    assert headings == ["Themes", "Recent posts"]
    assert suggestions.locator("a[href*='/themes/']").count() >= 4
    assert suggestions.locator("a[href*='/blog/']").count() == 3


def test_the_header_search_box_lands_on_results_from_another_page(search_page, served_site):
    search_page.goto(f"{served_site}/blog/2017/importance-of-co-production/")
    search_page.fill("#app-header-search", "carers")
    search_page.press("#app-header-search", "Enter")
    search_page.wait_for_url(re.compile(r"/search/\?q=carers$"))
    expect(search_page.locator("[data-app-search-status]")).to_have_text(re.compile(r"\S"), timeout=WAIT)
    assert search_page.input_value("#app-search-input") == "carers"
    assert re.match(r"\d+ results? for carers$", search_page.inner_text("[data-app-search-status]"))
    assert result_links(search_page).count() >= 1


def test_results_update_as_you_type_and_the_address_follows(search_page, served_site):
    open_search(search_page, served_site)
    assert search_page.inner_text("[data-app-search-status]") == ""
    search_page.locator("#app-search-input").press_sequentially("Aintree", delay=30)
    status = search_page.locator("[data-app-search-status]")
    expect(status).to_contain_text("Aintree", timeout=WAIT)
    assert search_page.url.endswith("/search/?q=Aintree")
    assert "Aintree" in search_page.title()
    search_page.fill("#app-search-input", "")
    expect(status).to_have_text("", timeout=WAIT)
    assert search_page.url.endswith("/search/")
    assert result_links(search_page).count() == 0


def test_the_status_is_a_polite_live_region(search_page, served_site):
    open_search(search_page, served_site, "carers")
    status = search_page.locator("[data-app-search-status]")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert status.is_visible()


def test_axe_passes_on_the_search_page_with_results(search_page, served_site):
    open_search(search_page, served_site, "co-production")
    assert result_links(search_page).count() >= 1
    violations = run_axe(search_page)
    assert not violations, describe_violations(violations)


def test_axe_passes_with_no_results(search_page, served_site):
    open_search(search_page, served_site, NONSENSE)
    violations = run_axe(search_page)
    assert not violations, describe_violations(violations)


def test_keyboard_reaches_the_results_then_the_filters_and_can_use_them(search_page, served_site):
    open_search(search_page, served_site, "co-production")
    before = total_results(search_page)
    search_page.focus("#app-search-input")
    search_page.keyboard.press("Tab")  # the Search button
    search_page.keyboard.press("Tab")
    # Results come first (on a phone they are not pushed down by the filters), then the filters.
    assert search_page.evaluate("document.activeElement.classList.contains('app-search-result__link')")
    for _ in range(30):
        search_page.keyboard.press("Tab")
        if search_page.evaluate("document.activeElement.matches('.app-search-filters__summary')"):
            break
    assert search_page.evaluate("document.activeElement.matches('.app-search-filters__summary')")
    search_page.keyboard.press("Enter")
    expect(search_page.locator(".app-search-filters__legend").first).to_be_visible(timeout=WAIT)
    search_page.keyboard.press("Tab")
    assert search_page.evaluate("document.activeElement.matches('.app-search-filters__legend')")
    search_page.keyboard.press("Enter")
    search_page.keyboard.press("Tab")
    focused = search_page.evaluate("[document.activeElement.name, document.activeElement.value]")
    assert focused[0] == "theme", focused
    search_page.keyboard.press("Space")
    expect(search_page.locator("[data-app-search-status]")).to_contain_text("filtered by", timeout=WAIT)
    assert total_results(search_page) <= before


def test_filter_options_are_big_enough_to_tap_and_empty_ones_are_hidden(search_page, served_site):
    open_search(search_page, served_site, "garden")
    open_filters(search_page)
    theme = filter_group(search_page, "Theme")
    options = theme.locator(".app-search-filters__item:visible")
    expect(options.first).to_be_visible(timeout=WAIT)
    for box in options.all():
        assert box.bounding_box()["height"] >= 40
        assert not box.inner_text().endswith("(0)"), box.inner_text()
    # Every theme of the index is an option somewhere, but only those with a result are shown.
    assert theme.locator(".app-search-filters__item").count() > options.count()


def test_results_come_before_the_filters_on_a_phone(browser, served_site):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        pg = context.new_page()
        open_search(pg, served_site, "carers")
        expect(result_links(pg).first).to_be_visible(timeout=WAIT)
        first, filters = result_links(pg).first.bounding_box(), pg.locator(".app-search-filters").bounding_box()
        assert first["y"] < filters["y"] and first["y"] < 667
        # One search box: the header has none on the search page.
        assert pg.locator("input[type=search]").count() == 1
    finally:
        context.close()


def test_without_javascript_the_page_explains_and_offers_other_ways(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{served_site}/search/?q=carers")
        fallback = pg.locator("[data-app-search-fallback]")
        assert fallback.is_visible()
        assert "Search needs JavaScript" in fallback.inner_text()
        assert fallback.locator("a[href='../themes/']").is_visible()
        assert fallback.locator("a[href='../archives/']").is_visible()
        assert not pg.locator("#app-search-input").is_visible()
    finally:
        context.close()


def test_search_reads_a_videos_transcript_but_never_the_players_own_words(search_page, served_site):
    # "Play video Connects to YouTube Watch on YouTube … press CC" was in the extract of every result with a video.
    status = open_search(search_page, served_site, "press CC")
    assert status.inner_text() == "No results for press CC."
    open_search(search_page, served_site, "recorded")  # in the 2017 video's transcript
    agm = result_titled(search_page, "Annual General Meeting 2017")
    expect(agm).to_have_count(1, timeout=WAIT)
    excerpt = agm.locator(".app-search-result__excerpt").inner_text()
    assert "recorded" in excerpt and not any(w in excerpt for w in ("Play video", "Watch on", "Video length")), excerpt
