"""The search page leads with the urgent-help box when the words ask for help and whenever nothing is found."""

import re
from urllib.parse import quote

import pytest
from conftest import describe_violations, run_axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
WAIT = 20_000
BOX = "[data-app-search-help]"


def open_search(pg, base, query):
    pg.goto(f"{base}/search/?q={quote(query)}")
    expect(pg.locator("#app-search-input")).to_be_visible(timeout=WAIT)
    if query:
        expect(pg.locator("[data-app-search-status]")).to_have_text(re.compile(r"\S"), timeout=WAIT)


# The last four are how people in distress type it; "I want to die" found one post and hid the box.
@pytest.mark.parametrize("query", ["suicide", "Self-Harm", "suicidal thoughts", "crisis", "I need urgent help",
                                   "I want to die", "better off dead", "i dont want to live anymore", "how to end it all",
                                   "i cant go on", "I can't cope", "nothing to live for", "please help me",
                                   # Each found posts on the sample site and hid the box (a phone reader test).
                                   "kill me", "i want to end it", "ending my life", "I feel hopeless",
                                   "i feel worthless", "no hope", "my son wants to die", "my dad is not safe"])
def test_a_query_that_asks_for_help_leads_with_the_urgent_help_box(page, served_site, query):
    open_search(page, served_site, query)
    box = page.locator(BOX)
    expect(box).to_be_visible()
    hrefs = box.locator("a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert {"tel:111", "tel:116123", "sms:85258?&body=SHOUT", "tel:999"} <= set(hrefs)
    above = page.evaluate(f"""() => {{ const box = document.querySelector({BOX!r}).getBoundingClientRect();
        const after = [...document.querySelectorAll('.app-search-result, [data-app-search-empty]:not([hidden])')];
        return after.every((el) => el.getBoundingClientRect().top >= box.bottom); }}""")
    assert above, "the help box must come before the results"
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert not page.console_messages


def test_every_no_results_state_shows_the_box(page, served_site):
    open_search(page, served_site, "zqxvjwpfluggle")
    expect(page.locator("[data-app-search-status]")).to_have_text(re.compile("^No results"))
    expect(page.locator(BOX)).to_be_visible()


def test_an_ordinary_search_with_results_and_the_empty_page_do_not_show_it(page, served_site):
    open_search(page, served_site, "carers")
    expect(page.locator(".app-search-result").first).to_be_visible(timeout=WAIT)
    expect(page.locator(BOX)).to_be_hidden()
    open_search(page, served_site, "")
    expect(page.locator(BOX)).to_be_hidden()


def test_without_javascript_the_box_is_there(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{served_site}/search/?q=suicide")
    expect(pg.locator(BOX)).to_be_visible()
    context.close()


def test_a_result_shows_its_content_note(page, served_site):
    open_search(page, served_site, "Asked, not told")
    note = page.locator(".app-search-result", has_text="Asked, not told").locator(".app-content-note-tag")
    expect(note).to_contain_text("Content note: This post talks about a time of severe depression", timeout=WAIT)
