"""An HTML file among the posts and pages stops every build at its path, whatever CHECKS says: the checks cannot
vouch for its title, address or text, and Pelican would have judged it alone (a slug of 'admin' took the editor's page)."""

import pytest
from conftest import copy_registries, run_build, write_files

GOOD = {"pages/about.md": "Title: About us\nSummary: Who we are.\n\nWe are a Trust.\n"}
PAGES = {
    "admin.html": '<html><head><title>Admin</title><meta name="slug" content="admin"></head><body>x</body></html>',
    "untitled.htm": "<html><head></head><body><p>No title at all.</p></body></html>",
    "out.html": '<html><head><title>Out</title><meta name="slug" content="../../x"></head><body>x</body></html>',
    "home.HTML": '<html><head><title>Home</title><meta name="save_as" content="index.html"></head><body>x</body></html>',
    "plain.html": "<html><head><title>A plain page</title><meta name='summary' content='S.'></head><body>Hi</body></html>",
}


@pytest.mark.parametrize("settings_file", ["pelicanconf.py", "publishconf.py"])
@pytest.mark.parametrize("severity", [None, "off"])
@pytest.mark.parametrize("name", list(PAGES))
def test_an_html_page_stops_the_build_at_its_path(tmp_path, name, severity, settings_file):
    content = tmp_path / "content"
    write_files(content, GOOD)
    copy_registries(content)
    output = tmp_path / "output"
    good = run_build(content, output, settings_file)
    assert good.status == 0, good.messages
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    write_files(content, {f"pages/{name}": PAGES[name]})
    overrides = {"CHECKS": {"severity": {"file-format": severity}}} if severity else {}
    bad = run_build(content, output, settings_file, **overrides)
    assert bad.status == 1, bad.messages
    assert f"pages/{name}:1: error: this HTML file is not published: pages are written in Markdown" in bad.messages
    assert "hint: copy its words into a .md file" in bad.messages and "Traceback" not in bad.messages
    assert "Skipping" not in bad.messages  # the checks said it first, in words; Pelican never read the file
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
