"""Click-to-play videos in real Chromium: nothing leaves the machine before play, then one titled nocookie iframe."""

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import describe_violations, run_axe

pytestmark = pytest.mark.browser

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
});
"""


def _video_pages(site):
    """Return the address of every built page that has a video."""
    pages = []
    for html in site.html_files():
        if "data-app-video" in html.read_text(encoding="utf-8"):
            rel = html.relative_to(site.output).as_posix()
            pages.append("/" + rel.removesuffix("index.html"))
    return pages


@pytest.fixture
def guarded(browser):
    """Open pages in contexts that record every request and stop any that would leave 127.0.0.1."""
    contexts = []

    def _open(url, javascript=True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        contexts.append(context)
        pg = context.new_page()
        pg.requests, pg.outside, pg.errors = [], [], []

        def _route(route):
            request_url = route.request.url
            pg.requests.append(request_url)
            if request_url.startswith(("http:", "https:")) and urlsplit(request_url).hostname != "127.0.0.1":
                pg.outside.append(request_url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", _route)
        pg.add_init_script(WATCH_CSP)
        pg.on("pageerror", lambda e: pg.errors.append(f"uncaught: {e}"))
        pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" and "Security Policy" in m.text else None)
        pg.goto(url, wait_until="networkidle")
        return pg

    yield _open
    for context in contexts:
        context.close()


def test_the_sample_site_has_videos_on_blog_and_agm_pages(sample_site):
    pages = _video_pages(sample_site)
    # The hub lists past meetings one line each: their videos are on each year's page.
    assert "/agm/2019/" in pages and "/blog/2018/using-my-story-at-work/" in pages and "/agm/" not in pages, pages


def test_no_request_leaves_the_machine_before_play(sample_site, served_site, guarded):
    for path in _video_pages(sample_site):
        pg = guarded(served_site + path)
        assert pg.outside == [], f"{path} asked {pg.outside} before play"
        assert pg.requests, "the request recorder saw nothing"
        # The script ran: the play button is shown and usable, and no player exists yet.
        assert pg.locator(".app-video__play").first.is_visible(), path
        assert pg.locator("iframe").count() == 0, path
        assert pg.evaluate("window.__cspViolations") == [] and pg.errors == [], (path, pg.errors)


def _press_play_with_the_keyboard(pg, index=0):
    button = pg.locator(".app-video__play").nth(index)
    button.focus()
    assert pg.evaluate("document.activeElement.classList.contains('app-video__play')")
    pg.keyboard.press("Enter")
    pg.wait_for_selector("iframe", state="attached")


def test_play_builds_one_nocookie_iframe_with_id_start_title_and_focus(served_site, guarded):
    pg = guarded(served_site + "/agm/2019/")
    assert pg.outside == []
    title = pg.locator("figure.app-video").first.get_attribute("data-video-title")
    _press_play_with_the_keyboard(pg)
    frames = pg.locator("iframe")
    assert frames.count() == 1
    src = urlsplit(frames.first.get_attribute("src"))
    query = parse_qs(src.query)
    assert (src.scheme, src.hostname, src.path) == ("https", "www.youtube-nocookie.com", "/embed/Zp4Hs9Wd1eQ")
    assert query["start"] == ["95"] and query["dnt"] == ["1"] and query["autoplay"] == ["1"]
    assert frames.first.get_attribute("title") == title and title.strip()
    assert "fullscreen" in frames.first.get_attribute("allow")
    assert pg.evaluate("document.activeElement.tagName") == "IFRAME"
    assert pg.locator(".app-video__play").count() == 0
    # The only outside request is the player the reader asked for (stopped here by the test).
    pg.wait_for_timeout(300)
    assert pg.outside and all(urlsplit(u).hostname == "www.youtube-nocookie.com" for u in pg.outside), pg.outside
    assert pg.evaluate("window.__cspViolations") == []


def test_play_on_a_vimeo_video(served_site, guarded):
    pg = guarded(served_site + "/agm/2018/")
    _press_play_with_the_keyboard(pg)
    frame = pg.locator("iframe")
    assert frame.count() == 1
    src = urlsplit(frame.first.get_attribute("src"))
    assert (src.hostname, src.path) == ("player.vimeo.com", "/video/287419356")
    assert parse_qs(src.query)["dnt"] == ["1"]
    assert frame.first.get_attribute("title")
    assert pg.evaluate("document.activeElement.tagName") == "IFRAME"


def test_without_javascript_the_watch_link_is_there_and_works(served_site, guarded):
    pg = guarded(served_site + "/agm/2019/", javascript=False)
    link = pg.locator(".app-video__watch a").first
    assert link.is_visible()
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=Zp4Hs9Wd1eQ&t=95s"
    assert "on YouTube" in link.inner_text()
    # No button that would do nothing, and the transcript still opens.
    assert not pg.locator(".app-video__play").first.is_visible()
    link.focus()
    assert pg.evaluate("document.activeElement.href") == "https://www.youtube.com/watch?v=Zp4Hs9Wd1eQ&t=95s"
    pg.locator(".app-video__summary").first.click()
    assert pg.locator(".app-video__transcript").first.get_attribute("open") is not None
    assert pg.outside == []


def test_transcript_opens_with_the_keyboard(served_site, guarded):
    pg = guarded(served_site + "/blog/2018/using-my-story-at-work/")
    summary = pg.locator(".app-video__summary").first
    summary.focus()
    pg.keyboard.press("Enter")
    assert pg.locator(".app-video__transcript").first.get_attribute("open") is not None
    assert pg.locator(".app-video__transcript-body").first.is_visible()


@pytest.mark.parametrize("path", ["/agm/", "/agm/2019/", "/agm/2018/"])
def test_axe_passes_on_agm_pages_and_json_ld_is_no_csp_problem(served_site, guarded, path):
    pg = guarded(served_site + path)
    violations = run_axe(pg)
    assert violations == [], describe_violations(violations)
    assert pg.evaluate("window.__cspViolations") == [] and pg.errors == [], pg.errors
    if path != "/agm/":
        assert pg.locator('script[type="application/ld+json"]').count() >= 1
