"""axe-core finds nothing on the safeguarding boxes and on the page at a withdrawn story's address."""

import shutil

import pytest
from conftest import ROOT, describe_violations, run_axe, run_build
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WITHDRAWN = """\
Title: A story taken down
Date: 2019-03-04 09:00
Author: Danny Whitfield
Consent: CF-2019-044
Slug: a-story-taken-down
Summary: Taken down.
Status: withdrawn

Text.
"""
NOTE = """\
Title: A hard year
Date: 2019-05-01 09:00
Modified: 2019-06-01 09:00
Author: Communications Team
Summary: A short post.
Content-note: This post talks about self-harm.

That night I rang 111, then 999.
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    from inmind.serve import serve

    base = tmp_path_factory.mktemp("safeguarding")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "blog" / "2019" / "withdrawn.md").write_text(WITHDRAWN, encoding="utf-8")
    (content / "blog" / "2019" / "note.md").write_text(NOTE, encoding="utf-8")
    site = run_build(content, base / "output")
    assert site.status == 0, site.messages
    server = serve(site.output, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.mark.parametrize("path, selector", [
    ("/blog/2019/a-story-taken-down/", "main h1"),
    ("/blog/2019/a-hard-year/", ".app-content-note"),
    ("/contribute/", ".app-urgent-help"),
    ("/about/", ".app-review-dates"),
    ("/", ".app-content-note-tag"),
])
@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violations(browser, served, path, selector, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(served + path, wait_until="networkidle")
    expect(pg.locator(selector).first).to_be_visible()
    violations = run_axe(pg)
    context.close()
    assert not violations, describe_violations(violations)
    assert not errors, errors


def test_the_header_link_moves_focus_to_the_help(browser, served):
    context = browser.new_context(viewport={"width": 375, "height": 667})
    pg = context.new_page()
    pg.goto(served + "/blog/2019/a-hard-year/")
    # The help link is among the first few tab stops: skip link, site name, then help (before the Trust's website).
    stops = []
    for _ in range(4):
        pg.keyboard.press("Tab")
        stops.append(pg.evaluate("document.activeElement.textContent.trim()"))
        if stops[-1] == "Need help now?":
            break
    assert stops[-1] == "Need help now?", stops
    pg.keyboard.press("Enter")
    expect(pg.locator("#need-help")).to_be_in_viewport()
    context.close()
