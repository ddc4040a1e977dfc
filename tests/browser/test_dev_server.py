"""The dev server in real Chromium: an edit appears without a manual reload; a broken file shows its problems."""

import pytest
from conftest import DEV_POST_URL as POST_URL
from conftest import WATCH_CSP, describe_violations, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def dev_site(dev_post_site):
    """The dev server over a one-post site, watching its files."""
    from inmind.serve import DevSite

    dev = DevSite("pelicanconf.py", dev_post_site.output, dev_post_site.overrides, port=0).watch_in_background()
    dev.site = dev_post_site
    yield dev
    dev.close()


@pytest.fixture
def dev_page(browser, dev_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.add_init_script(WATCH_CSP)
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"uncaught: {e}"))
    response = pg.goto(dev_site.url + POST_URL, wait_until="load")
    assert response.status == 200
    yield pg
    context.close()


def took_in(pg, dev_site):
    """Wait until the page has taken in the server's latest state through its event stream."""
    pg.wait_for_function("(g) => document.documentElement.dataset.inmindGeneration === String(g)",
                         arg=dev_site.status.snapshot()["generation"])


def test_edit_appears_by_itself_and_a_broken_file_shows_its_problems(dev_site, dev_page):
    from playwright.sync_api import expect

    post = dev_site.site.content / "blog/a.md"
    main = dev_page.locator("main")
    expect(main).to_contain_text("The first version of this post.")
    took_in(dev_page, dev_site)  # the page's event stream is connected before the file changes

    # The long waits below are for a rebuild (a quick render, then a full build in a process of its own), which a
    # machine busy with other tests can take tens of seconds over; each ends as soon as the page shows it.
    post.write_text(post.read_text(encoding="utf-8").replace("first version", "second version"), encoding="utf-8")
    expect(main).to_contain_text("The second version of this post.", timeout=60_000)

    post.write_text(post.read_text(encoding="utf-8").replace("Title: A good post", "Title:"), encoding="utf-8")
    alert = dev_page.locator("#inmind-dev-problems")
    expect(alert).to_be_visible(timeout=60_000)
    assert alert.get_attribute("role") == "alert"
    expect(alert).to_contain_text("blog/a.md:1")
    expect(alert).to_contain_text("Title")
    expect(alert).to_contain_text("Hint:")
    # The last good page stays underneath.
    expect(main).to_contain_text("The second version of this post.")
    violations = run_axe(dev_page)
    assert not violations, describe_violations(violations)

    # The dismiss button is reached with the keyboard, and hides the panel, also when the full build
    # that follows reports the same errors.
    # A full build is awaited here too; the wait ends as soon as the server says it is over.
    assert dev_site.status.wait_until(lambda s: not s["building"], timeout=120), "the full build did not end"
    button = alert.get_by_role("button", name="Hide these problems")
    for _ in range(60):
        dev_page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("the dismiss button cannot be reached with Tab")
    dev_page.keyboard.press("Enter")
    expect(alert).to_be_hidden()
    dev_site.status.failed(dev_site.status.snapshot()["problems"] + [
        {"location": "x.md:1", "path": "x.md", "line": 1, "severity": "warning", "message": "a warning", "hint": None}])
    took_in(dev_page, dev_site)
    expect(alert).to_be_hidden()

    # Fixing the file brings the page back up to date, with no panel.
    fixed = post.read_text(encoding="utf-8").replace("Title:", "Title: A good post").replace("second", "third")
    post.write_text(fixed, encoding="utf-8")
    expect(main).to_contain_text("The third version of this post.", timeout=60_000)
    expect(alert).to_have_count(0)
    assert dev_page.evaluate("window.__cspViolations") == []
    assert not dev_page.problems, dev_page.problems


def test_problems_are_escaped_text(dev_site, dev_page):
    from playwright.sync_api import expect

    hostile = {"location": "content/<img src=x onerror=alert(1)>.md:1", "path": "x", "line": 1, "severity": "error",
               "message": "<script>window.__pwned = 1</script>", "hint": "<b>bold</b>"}
    dev_site.status.failed([hostile])
    alert = dev_page.locator("#inmind-dev-problems")
    expect(alert).to_contain_text("<script>window.__pwned = 1</script>", timeout=10_000)
    expect(alert).to_contain_text("Hint: <b>bold</b>")
    assert alert.locator("img, script, b").count() == 0
    assert dev_page.evaluate("window.__pwned") is None


def test_the_browser_editor_is_never_covered_or_reloaded_by_the_dev_server(browser, dev_site):
    # An officer fixing a broken post in /admin/ must reach Login, and must not lose what they type to a reload.
    from playwright.sync_api import expect

    assert (dev_site.site.output / "admin" / "index.html").is_file(), "the one-post site has no editor"
    context = browser.new_context(viewport={"width": 375, "height": 812})
    pg = context.new_page()
    streams = []
    pg.on("request", lambda r: streams.append(r.url) if "/__inmind/events" in r.url else None)
    pg.goto(dev_site.url + "/admin/", wait_until="load")
    login = pg.get_by_role("button", name="Login")
    expect(login).to_be_visible(timeout=30_000)
    # The reload script stands down in the editor before it connects (it would open the stream as it runs, long
    # before Login shows): with no stream, no rebuild can cover or reload the page, whenever it comes.
    assert not streams, streams
    assert pg.evaluate("document.documentElement.dataset.inmindGeneration") is None
    pg.evaluate("window.__stillHere = true")
    dev_site.status.failed([{"location": "blog/a.md:1", "path": "blog/a.md", "line": 1, "severity": "error",
                             "message": "Title: is empty", "hint": "write the post's title"}])
    assert pg.locator("#inmind-dev-problems").count() == 0
    login.click(timeout=5_000)
    dev_site.status.built()
    assert pg.evaluate("window.__stillHere === true"), "the editor was reloaded after a rebuild"
    assert not streams, streams
    context.close()


def test_before_the_first_good_build_the_page_lists_the_problems_and_claims_no_last_good_page(browser, dev_post_site,
                                                                                             tmp_path):
    from playwright.sync_api import expect

    from inmind.serve import DevSite

    dev = DevSite("pelicanconf.py", tmp_path / "never-built", dev_post_site.overrides, port=0)
    try:
        dev.status.failed([{"location": "blog/a.md:1", "path": "blog/a.md", "line": 1, "severity": "error",
                            "message": "Title: is empty", "hint": "write the post's title"}])
        context = browser.new_context(viewport={"width": 375, "height": 812})
        pg = context.new_page()
        response = pg.goto(dev.url + "/", wait_until="load")
        assert response.status == 404
        expect(pg.get_by_role("heading", level=1)).to_have_text("The site is not built yet")
        alert = pg.locator("#inmind-dev-problems")
        expect(alert).to_contain_text("The site was not built: 1 problem to fix", timeout=10_000)
        expect(alert).to_contain_text("blog/a.md:1")
        assert "last good version" not in alert.inner_text()
        assert pg.evaluate("document.documentElement.scrollWidth") <= 375
        context.close()
    finally:
        dev.close()
