"""Every page type in real Chromium: axe-core, keyboard, 320 px reflow, console and CSP, screenshots."""

from urllib.parse import urlsplit

import pytest
from conftest import ROOT, WATCH_CSP, describe_violations, run_axe

pytestmark = pytest.mark.browser

# One page of every page type of the sample site: (name, address, expected HTTP status).
PAGE_TYPES = [
    ("home", "/", 200),
    ("article", "/blog/2018/caring-from-a-distance/", 200),
    ("article-in-series", "/blog/2017/asked-not-told/", 200),
    ("page", "/about/", 200),
    ("accessibility", "/accessibility/", 200),
    ("archives", "/archives/", 200),
    ("year-archive", "/archives/2018/", 200),
    ("author", "/authors/danny-whitfield/", 200),
    ("authors", "/authors/", 200),
    ("themes", "/themes/", 200),
    ("theme", "/themes/co-production/", 200),
    ("theme-without-posts", "/themes/secure-services/", 200),  # only the sample's draft has it
    ("role-group", "/voices/service-user/", 200),
    ("role", "/roles/specialist-chaplain/", 200),
    ("voices", "/voices/", 200),
    ("agm-hub", "/agm/", 200),
    ("agm", "/agm/2018/", 200),
    ("search", "/search/?q=carers", 200),
    ("search-urgent-help", "/search/?q=suicide", 200),
    ("404", "/no/such/page/", 404),
    ("draft", "/drafts/co-producing-research-in-a-secure-hospital/", 200),
]
IDS = [name for name, _, _ in PAGE_TYPES]
SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture
def open_page(browser, served_site):
    """Open an address in a fresh context of the given width; record console errors, failures and outside requests."""
    contexts = []

    def _open(path, status=200, width=1280, height=900, scheme="light"):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        contexts.append(context)
        pg = context.new_page()
        pg.problems = []
        pg.add_init_script(WATCH_CSP)
        pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        pg.on("pageerror", lambda e: pg.problems.append(f"uncaught: {e}"))
        pg.on("requestfailed", lambda r: pg.problems.append(f"failed request: {r.url} {r.failure}"))

        def _outside(request):
            host = urlsplit(request.url).hostname
            if request.url.startswith(("http:", "https:")) and host != "127.0.0.1":
                pg.problems.append(f"request to another site: {request.url}")

        pg.on("request", _outside)
        response = pg.goto(served_site + path, wait_until="networkidle")
        assert response.status == status, f"{path}: HTTP {response.status}"
        return pg

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_axe_finds_no_violations(open_page, name, path, status):
    pg = open_page(path, status)
    violations = run_axe(pg)
    assert not violations, f"{name} {path}:\n{describe_violations(violations)}"


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_axe_finds_no_violations_in_dark_mode(open_page, name, path, status):
    pg = open_page(path, status, width=375, scheme="dark")
    # The page really is dark (tokens.css), so a pass is not the light page checked twice.
    assert pg.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    background = pg.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 26, 30)", background
    violations = run_axe(pg)
    assert not violations, f"{name} {path} (dark):\n{describe_violations(violations)}"


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_no_console_errors_csp_violations_or_outside_requests(open_page, name, path, status):
    pg = open_page(path, status)
    pg.wait_for_timeout(200)
    problems = pg.problems + pg.evaluate("window.__cspViolations")
    # The 404 page itself arrives with status 404, which Chromium reports as a console error.
    if status == 404:
        problems = [p for p in problems if "status of 404" not in p]
    assert not problems, f"{name} {path}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_skip_link_is_first_and_moves_focus_to_main(open_page, name, path, status):
    pg = open_page(path, status)
    pg.keyboard.press("Tab")
    focused = pg.evaluate(
        """() => { const el = document.activeElement, box = el.getBoundingClientRect(), style = getComputedStyle(el);
        return {cls: el.className, text: el.textContent.trim(), width: box.width, height: box.height,
                top: box.top, background: style.backgroundColor}; }"""
    )
    assert focused["cls"] == "app-skip-link" and focused["text"] == "Skip to main content", focused
    # Visible when focused, with the yellow focus background.
    assert focused["width"] > 50 and focused["height"] > 20 and focused["top"] >= 0, focused
    assert focused["background"] == "rgb(255, 235, 59)", focused
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.id") == "maincontent"
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.getElementById('maincontent').contains(document.activeElement)"), (
        "the next Tab after the skip link should stay inside main"
    )


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_no_horizontal_scrolling_at_320_px(open_page, name, path, status):
    # 320 CSS pixels is what a 1280 px wide window shows at 400% zoom (WCAG 1.4.10 Reflow).
    pg = open_page(path, status, width=320, height=640)
    widths = pg.evaluate("({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})")
    assert widths["scroll"] <= widths["client"], f"{name} {path} scrolls sideways at 320 px: {widths}"


@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_every_target_outside_running_text_is_24_px_on_a_phone(open_page, name, path, status):
    # WCAG 2.2 target size (2.5.8), without leaning on the spacing exception; links inside a sentence, list item or
    # table cell of text are the inline exception.
    pg = open_page(path, status, width=375, height=812)
    small = pg.evaluate("""() => [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
      .filter((el) => { const box = el.getBoundingClientRect(), style = getComputedStyle(el);
        if (!box.width || style.visibility === 'hidden' || el.closest('.app-visually-hidden, .app-skip-link')) return false;
        if (el.matches('.app-skip-link')) return false;
        const inline = style.display === 'inline' && el.parentElement.closest('p, li, td, dd, figcaption');
        return !inline && (box.width < 24 || box.height < 24); })
      .map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`)""")
    assert not small, f"{name} {path}: targets under 24 x 24 px: {small}"


@pytest.mark.parametrize(("width", "scheme"), [(375, "light"), (1280, "light"), (375, "dark")])
@pytest.mark.parametrize(("name", "path", "status"), PAGE_TYPES, ids=IDS)
def test_screenshots(open_page, name, path, status, width, scheme):
    """Save each page type at phone and desktop widths, and dark on a phone, into screenshots/ for people to review."""
    pg = open_page(path, status, width=width, height=900, scheme=scheme)
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}-{width}{'-dark' if scheme == 'dark' else ''}.png"
    pg.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 1000


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/blog/2017/asked-not-told/", "/agm/2017/"], ids=["article-in-series", "agm"])
def test_screenshots_in_print(open_page, path, width):
    """Save how a post and an AGM summary print (site, Trust and address on top, transcripts open)."""
    pg = open_page(path, width=width)
    pg.emulate_media(media="print")
    SCREENSHOTS.mkdir(exist_ok=True)
    name = "article-in-series" if "blog" in path else "agm"
    target = SCREENSHOTS / f"print-{name}-{width}.png"
    pg.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 1000


def test_print_shows_the_content_without_navigation(open_page):
    pg = open_page("/blog/2017/asked-not-told/")
    pg.emulate_media(media="print")
    shown = pg.evaluate(
        """() => Object.fromEntries(['.app-nav', '.app-header__search', '.app-breadcrumb', '.app-prev-next', 'main']
            .map((s) => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))"""
    )
    assert shown == {".app-nav": False, ".app-header__search": False, ".app-breadcrumb": False, ".app-prev-next": False, "main": True}


@pytest.mark.parametrize("path", ["/blog/2017/asked-not-told/", "/"])
def test_every_focused_link_is_dark_text_on_yellow(open_page, path):
    pg = open_page(path)
    links = 0
    for _ in range(300):
        pg.keyboard.press("Tab")
        state = pg.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
            const again = el.hasAttribute('data-test-seen'); el.setAttribute('data-test-seen', '');
            return {tag: el.tagName, again, text: (el.textContent || '').trim().slice(0, 40),
                    color: s.color, background: s.backgroundColor}; }"""
        )
        if state["tag"] == "BODY" or state["again"]:
            break
        if state["tag"] == "A":
            links += 1
            assert (state["color"], state["background"]) == ("rgb(33, 43, 50)", "rgb(255, 235, 59)"), state
    assert links > 20


# --- /admin/, the browser editor: rules of its own ---------------------------------------------------------
# The public pages above never load the editor and keep their rules. The editor (Decap CMS) needs a CSP of its
# own; its axe results in every view are in tests/browser/test_editor.py, which lists Decap's known faults.
# Here, on the sign-in screen a visitor can reach: no request leaves this computer, no CSP violation, no
# axe violation. The only tolerated failure is its look for the local file server of `./dev edit`, which
# is not running here.


def test_editor_sign_in_screen_keeps_to_its_own_rules(open_page):
    pg = open_page("/admin/")
    pg.get_by_role("button", name="Login").wait_for()
    local_backend = "127.0.0.1:8081"
    problems = [p for p in pg.problems + pg.evaluate("window.__cspViolations") if local_backend not in p
                and "ERR_CONNECTION_REFUSED" not in p]
    assert not problems, "\n".join(problems)
    violations = run_axe(pg)
    assert not violations, describe_violations(violations)
    csp = pg.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    site_csp = open_page("/").locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert csp != site_csp and "'unsafe-eval'" in csp and "'unsafe-eval'" not in site_csp
