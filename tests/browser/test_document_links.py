"""A post whose text links to documents ("Annual report (PDF, 2 KB)"), in Chromium and the HTML checker."""

from __future__ import annotations

import pytest
from conftest import ROOT, describe_violations, run_axe, run_build, write_files
from file_samples import office, pdf

pytestmark = pytest.mark.browser

POST = """\
Title: Our papers for the year
Date: 2019-05-01 09:00
Author: Communications Team
Summary: The annual report, the minutes and the national picture.

Everything the board agreed this year is in the [annual report for 2019, with the accounts and the
quality account]({static}/documents/annual-report-2019.pdf), and the [minutes of the **September**
meeting]({static}/documents/minutes-september.docx) say how each decision was made.

- [Annual report as a PDF]({static}/documents/annual-report-2019.pdf)
- [The national survey of carers](https://example.org/national-carers-survey.pdf)
"""


@pytest.fixture(scope="module")
def documents_site(tmp_path_factory):
    """A small site with one post linking to two documents of its own and one elsewhere, served."""
    from inmind.serve import serve

    base = tmp_path_factory.mktemp("documents")
    content = base / "content"
    write_files(content, {"blog/2019/papers.md": POST, "documents/annual-report-2019.pdf": pdf(),
                          "documents/minutes-september.docx": office("docx")})
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    site = run_build(content, base / "output")
    assert site.status == 0, site.messages
    server = serve(site.output, "127.0.0.1", 0)
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_post_with_document_links_passes_axe_and_keeps_to_the_page(browser, documents_site, width):
    site, url = documents_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        pg.goto(f"{url}/blog/2019/our-papers-for-the-year/", wait_until="networkidle")
        names = pg.locator(".app-prose a").all_inner_texts()
        assert [" ".join(n.split()) for n in names][1:] == [
            "minutes of the September meeting (Word document, 1 KB)", "Annual report as a PDF",
            "The national survey of carers (PDF)"]
        assert names[0].endswith("(PDF, 1 KB)")
        violations = run_axe(pg)
        assert not violations, describe_violations(violations)
        widths = pg.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"scrolls sideways at {width} px: {widths}"
        shots = ROOT / "screenshots"
        shots.mkdir(exist_ok=True)
        pg.screenshot(path=str(shots / f"article-document-links-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.slow
def test_a_post_with_document_links_is_valid_html(documents_site):
    from test_html_validity import vnu_errors

    problems = vnu_errors(documents_site[0].output)
    assert not problems, "\n".join(problems)
