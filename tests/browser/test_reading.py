"""Reading and finding on a phone (375 × 667) in real Chromium: the story first, short tab paths, clean extracts."""

import re
from urllib.parse import quote

import pytest
from conftest import NEXT_AGM
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


def test_on_a_noted_post_help_shares_the_site_names_row_and_the_story_follows_the_note(phone, served_site):
    # A reader in distress: help at the top right of the first row, the note, then the story on the first screens.
    phone.goto(served_site + "/blog/2017/asked-not-told/")
    box = phone.evaluate("""() => {
      const rect = (s) => { const r = document.querySelector(s).getBoundingClientRect();
                            return {top: r.top + scrollY, bottom: r.bottom + scrollY, width: r.width, height: r.height}; };
      return {name: rect('.app-header__logo'), help: rect('.app-header__help'), note: rect('.app-content-note'),
              story: rect('.app-prose > p'),
              navTops: [...document.querySelectorAll('.app-nav a')].map((a) => a.getBoundingClientRect().top)};
    }""")
    name, hlp = box["name"], box["help"]
    assert hlp["top"] < name["bottom"] and hlp["bottom"] > name["top"], "help is not on the site name's row"
    assert min(hlp["width"], hlp["height"]) >= 44, "the help link is smaller than a comfortable 44 px target"
    assert len(set(box["navTops"])) == 1, "the main menu wraps onto a second row"
    assert box["note"]["bottom"] < box["story"]["top"] <= 600, f"the first paragraph starts {box['story']['top']:.0f} px down"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# A carer's guest post with the longest title that fits three lines on a phone, a content note and a video.
NOTED_GUEST_POST = """Title: Looking after Mum when every ward in the city was full
Date: 2024-05-14 09:00
Author: A carer
Summary: A carer writes about the winter her mum waited for a hospital bed, and what helped the family.
Consent: CF-2024-014
Content-note: This post talks about self-harm and waiting for a hospital bed.
Themes: carers

I look after my mum. Last winter she became very unwell and needed a bed on a ward, but every ward was full.

## What helped

A nurse from the crisis team sat with us and explained what would happen next.

[video: Waiting together | 3:05](https://www.youtube.com/watch?v=q3VtR8xLk2A)

## Transcript

A nurse talks about what families can do while they wait.
"""


@pytest.fixture
def noted_guest_post(browser, build_site):
    """The noted guest post built into a small site and served; yields (page factory, address)."""
    from inmind.serve import serve

    site = build_site({"blog/2024/waiting.md": NOTED_GUEST_POST})
    assert site.status == 0, site.messages
    server = serve(site.output, "127.0.0.1", 0)
    contexts = []

    def open_at(width, height=667):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        pg = context.new_page()
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/blog/2024/looking-after-mum-when-every-ward-in-the-city-was-full/")
        return pg

    yield open_at
    for context in contexts:
        context.close()
    server.shutdown()


def test_a_long_titled_noted_post_starts_its_story_within_600_px_on_a_phone(noted_guest_post):
    pg = noted_guest_post(375)
    box = pg.evaluate("""() => {
      const rect = (s) => { const r = document.querySelector(s).getBoundingClientRect();
                            return {top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height}; };
      return {title: rect('h1'), help: rect('.app-header__help'), search: rect('.app-header__search'), note: rect('.app-content-note'),
              story: rect('.app-prose > p'), lineHeight: parseFloat(getComputedStyle(document.querySelector('h1')).lineHeight)};
    }""")
    assert round(box["title"]["height"] / box["lineHeight"]) == 3, "the title should take three lines at 375 px"
    # Help and search stay on the first screen above the story: nothing was hidden to make room.
    assert box["help"]["bottom"] < 60 and box["search"]["bottom"] < box["title"]["top"]
    assert box["title"]["bottom"] < box["note"]["top"] < box["note"]["bottom"] < box["story"]["top"] <= 600, box


@pytest.mark.parametrize("width", [320, 375])
def test_a_noted_post_with_a_video_never_scrolls_sideways_and_its_crumbs_are_24_px_targets(noted_guest_post, width):
    pg = noted_guest_post(width)
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    sizes = pg.evaluate("[...document.querySelectorAll('.app-breadcrumb a')].map((a) => a.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 24, sizes


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


PAST_AGM = """\
Title: Annual General Meeting {year}
Date: {year}-09-25 14:00
Author: Communications Team
Summary: What happened at the {year} meeting.
Venue: Town Hall, High Street, Bootle L20 7AE

The meeting was held.
"""


def test_a_future_agm_leads_the_hub_with_a_calendar_file_that_parses(build_site, browser):
    from icalendar import Calendar

    from inmind.serve import serve

    files = {"agm/next.md": NEXT_AGM, **{f"agm/{y}.md": PAST_AGM.format(year=y) for y in (2028, 2029, 2030)}}
    site = build_site(files, AGM={"today": "2031-06-01 09:00"}, CHECKS={"latest_days_ahead": 3650})
    assert site.status == 0, site.messages
    server = serve(site.output, "127.0.0.1", 0)
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    try:
        pg = context.new_page()
        pg.goto(f"http://127.0.0.1:{server.server_address[1]}/agm/")
        lead = pg.locator(".app-agm-next")
        expect(lead).to_contain_text("Wednesday 24 September 2031, 2pm to 4:30pm")
        # First on the page, and its heading within the first screen of a phone.
        heading_top = lead.locator("h2").bounding_box()["y"]
        assert heading_top < PHONE["height"], heading_top
        assert heading_top < pg.locator(".app-agm-past").bounding_box()["y"]
        for words in ("Step-free entrance", "Join the meeting online", "agm@example.nhs.uk"):
            expect(lead).to_contain_text(words)
        with pg.expect_download() as download:
            lead.get_by_role("link", name=re.compile(r"^Add to calendar")).click()
        data = open(download.value.path(), "rb").read()
        (event,) = Calendar.from_ical(data).walk("VEVENT")
        assert str(event["summary"]) == "Annual General Meeting 2031"
        assert event.decoded("dtstart").isoformat() == "2031-09-24T13:00:00+00:00"
        assert pg.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
        server.shutdown()


def test_a_printed_post_names_the_site_and_prints_its_transcript_open(phone, served_site):
    # invoke screenshots saves the printed pages (print-*.png) for a person to look at.
    phone.goto(served_site + "/agm/2017/")
    phone.emulate_media(media="print")
    text = phone.locator("body").inner_text()
    assert text.lstrip().startswith("In Mind"), text[:200]
    assert "Mersey Care NHS Foundation Trust" in text[:200] and "/agm/2017/" in text[:300]
    transcript = phone.locator(".app-video__transcript-body").first
    assert transcript.is_visible(), "the transcript of a closed <details> should print"
    assert transcript.inner_text().strip()[:40] in text
    for hidden in (".app-nav", ".app-header__search", ".app-video__player", ".app-breadcrumb"):
        assert phone.locator(hidden).first.is_hidden(), hidden
    phone.goto(served_site + "/blog/2017/importance-of-co-production/")
    phone.emulate_media(media="print")
    assert phone.locator(".app-related, .app-series").first.is_hidden()


@pytest.mark.parametrize("path", ["/blog/2018/using-my-story-at-work/", "/search/?q=i+want+to+die"])
def test_every_crisis_number_in_a_list_is_a_32_px_target_in_body_size_text(phone, served_site, path):
    # Someone in distress taps these on a phone: a 17 px line of the footer's small print is too small to hit.
    phone.goto(served_site + path)
    phone.locator(".app-crisis-list__link").first.wait_for(state="visible" if "search" in path else "attached")
    links = phone.evaluate("""() => [...document.querySelectorAll('.app-crisis-list .app-crisis-list__link')]
      .filter((a) => a.getBoundingClientRect().width)
      .map((a) => { const r = a.getBoundingClientRect();
                    return {text: a.textContent, width: r.width, height: r.height, font: parseFloat(getComputedStyle(a).fontSize)}; })""")
    assert len(links) >= 4, links
    small = [link for link in links if link["height"] < 32 or link["width"] < 24 or link["font"] < 16]
    assert not small, f"{path}: crisis numbers too small to tap or read: {small}"


BROKEN_ACROSS_LINES = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => { const range = document.createRange(); range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1; })
  .map((el) => el.textContent.trim())"""


@pytest.mark.parametrize("path", ["/", "/blog/2018/using-my-story-at-work/", "/themes/carers/", "/blog/2017/asked-not-told/"])
def test_a_bylines_date_and_reading_time_never_break_inside_on_a_phone(phone, served_site, path):
    # "12 / February 2018" and "3 / minute read" across two lines read badly: each wraps whole.
    phone.goto(served_site + path)
    assert phone.locator(".app-byline time").count() >= 2
    broken = phone.evaluate(BROKEN_ACROSS_LINES, ".app-byline time")
    assert not broken, f"{path}: byline dates or reading times broken across lines: {broken}"
    # Nor is the "·" before them left alone at the end of a line: each part after the first is one box.
    split = phone.evaluate("""() => [...document.querySelectorAll('.app-byline__part + .app-byline__part')]
      .filter((part) => new Set([...part.getClientRects()].filter((r) => r.width >= 1)  // not a space the line ends on
        .map((r) => Math.round(r.bottom))).size > 1)
      .map((part) => part.textContent.trim())""")
    assert not split, f"{path}: a byline separator ends a line: {split}"


def test_a_short_byline_name_and_role_stay_on_one_line_on_a_phone(phone, served_site):
    # The line breaks before the date rather than inside "service user" to keep the date beside it.
    phone.goto(served_site + "/blog/2017/asked-not-told/")
    assert phone.locator(".app-byline__part").first.text_content().strip() == "By Danny Whitfield, service user"
    assert not phone.evaluate(BROKEN_ACROSS_LINES, ".app-byline__part:first-child")


@pytest.mark.parametrize("path", ["/agm/", "/agm/2018/", "/authors/maureen-costigan/"])
def test_every_term_of_a_list_of_facts_is_bold_so_it_reads_as_a_label(phone, served_site, path):
    # "When", "Where", "Getting in" on the hub and "Date", "Venue" on a summary looked like one more line of text.
    phone.goto(served_site + path)
    weights = phone.evaluate("[...document.querySelectorAll('main dt')].map((dt) => getComputedStyle(dt).fontWeight)")
    assert weights and set(weights) == {"700"}, weights
