"""An article with one 3000-pixel photo, in real Chromium at phone width: what it weighs, and that it stays accessible.

Lighthouse is not installed here, so the page weight is measured in Chromium itself: every response the page
needs, after scrolling to the end so the lazily loaded photo is fetched too.
"""

import io

import pytest
from conftest import describe_violations, run_axe
from PIL import Image, ImageChops, ImageFilter

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
BUDGET = 150 * 1024


def _photo():
    """A 3000 × 2000 picture made as a photograph is: broad areas of colour, soft edges and fine grain."""
    size = (3000, 2000)
    light = Image.linear_gradient("L").resize(size).point(lambda v: 128 + v // 2).convert("RGB")
    scene = ImageChops.multiply(Image.new("RGB", size, (75, 130, 125)), light)
    grain = Image.effect_noise((750, 500), 40).resize(size, Image.BICUBIC).filter(ImageFilter.GaussianBlur(1))
    image = Image.blend(scene, Image.merge("RGB", (grain, grain, grain)), 0.35)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _serve(build_site, **settings):
    from inmind.serve import serve

    site = build_site({
        "images/garden.jpg": _photo(),
        "blog/2026/a.md": "Title: Our ward garden in June\nDate: 2026-01-05 09:00\nAuthor: Communications Team\n"
                          "Summary: What a summer of planting taught patients and staff.\n\n"
                          "Patients and staff planted the ward garden together this spring.\n\n"
                          "![Volunteers planting lavender in the ward garden]({static}/images/garden.jpg)\n\n"
                          "By June the lavender was in flower, and the garden had become a place to talk.\n",
    }, **settings)
    assert site.status == 0, site.messages
    server = serve(site.output, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.server_address[1]}/blog/2026/our-ward-garden-in-june/"


@pytest.fixture
def photo_site(build_site):
    # As readers get it: without the preview's "how it looks when shared" box (and its card picture).
    server, address = _serve(build_site, SHARE_CARDS={"preview": False})
    try:
        yield address
    finally:
        server.shutdown()


def test_the_preview_of_a_scheduled_post_with_a_photo_stays_accessible_on_a_phone(browser, build_site):
    server, address = _serve(build_site, SCHEDULING={"now": "2026-01-01T00:00+00:00"})
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(address)
        assert page.locator(".app-scheduled-banner").is_visible()
        page.locator(".app-share-preview").scroll_into_view_if_needed()
        violations = run_axe(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
        server.shutdown()
    assert not violations, describe_violations(violations)


def test_an_article_with_one_photo_weighs_under_150_kb_on_a_phone(browser, photo_site):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)
    page = context.new_page()
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(photo_site, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0)")
    page.wait_for_load_state("networkidle")
    chosen = page.evaluate("document.querySelector('.app-prose img').currentSrc")
    violations = run_axe(page)
    context.close()
    total = sum(sizes.values())
    print(f"page weight at 375 px (2x): {total / 1024:.0f} KB")  # the figure docs/benchmarks.md quotes
    assert chosen.endswith(".webp") and "-800w." in chosen, chosen  # 343 CSS px on a 2x screen
    assert "garden.jpg" not in " ".join(sizes), "the 3000-pixel original was fetched"
    assert total < BUDGET, f"{total / 1024:.0f} KB: " + ", ".join(f"{u.rsplit('/', 1)[-1]} {s}" for u, s in sizes.items())
    assert not violations, describe_violations(violations)
