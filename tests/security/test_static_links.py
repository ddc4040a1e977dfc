"""A {static} or {attach} link publishes only what the site publishes anyway: a file in STATIC_PATHS that passes vetting.

Pelican copies every file a {static} link names, wherever it is in content/. The rule lives once, in
file_vetting (``publish_problems``): ``invoke check`` says it at the link's line, the build refuses the file in
the same words, and Pelican run without the checks in front still publishes no byte of it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, copy_registries, write_files
from file_samples import CLEAN_SVG, office, pdf, picture
from file_vetting import walk
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

POST = """Title: A post with a file
Date: 2019-05-01 09:00
Author: Communications Team
Summary: A summary.

Read [the file]({link}).
"""
OUTSIDE = "this file is outside the folders the site publishes files from (content/images/ or content/documents/)"
TOML = ".toml files cannot be published"
MARK = b"PAYLOAD-static-link-7Q"

# (link in blog/2019/a.md, {path under content/: bytes}, the file the link names, the words both must say)
CASES = [
    ("{static}/extra/report.pdf", {"extra/report.pdf": pdf(MARK.decode())}, "extra/report.pdf", OUTSIDE),
    ("{static}/report.pdf", {"report.pdf": pdf(MARK.decode())}, "report.pdf", OUTSIDE),
    ("{static}/extra/chart.png", {"extra/chart.png": picture("PNG") + MARK}, "extra/chart.png", OUTSIDE),
    ("{static}/extra/figures.csv", {"extra/figures.csv": b"a,b\n" + MARK}, "extra/figures.csv", OUTSIDE),
    ("{static}/extra/notes.txt", {"extra/notes.txt": MARK}, "extra/notes.txt", OUTSIDE),
    ("{static}/extra/square.svg", {"extra/square.svg": CLEAN_SVG.replace(b"</svg>", b"<!--" + MARK + b"--></svg>")},
     "extra/square.svg", OUTSIDE),
    ("{static}/extra/minutes.docx", {"extra/minutes.docx": office("docx", extra_parts=[("docProps/x.xml", MARK)])},
     "extra/minutes.docx", OUTSIDE),
    ("{static}/images/../extra/report.pdf", {"extra/report.pdf": pdf(MARK.decode())}, "extra/report.pdf", OUTSIDE),
    ("{static}/extra/my%20report.pdf", {"extra/my report.pdf": pdf(MARK.decode())}, "extra/my report.pdf", OUTSIDE),
    ("{attach}near.pdf", {"blog/2019/near.pdf": pdf(MARK.decode())}, "blog/2019/near.pdf", OUTSIDE),
    ("{attach}../../extra/report.pdf", {"extra/report.pdf": pdf(MARK.decode())}, "extra/report.pdf", OUTSIDE),
    ("{static}/images/private/report.pdf", {"images/private/report.pdf": pdf(MARK.decode())},
     "images/private/report.pdf", OUTSIDE),  # STATIC_EXCLUDES below
    ("{static}/authors.toml", {}, "authors.toml", TOML),
    ("{static}/themes.toml", {}, "themes.toml", TOML),
    ("{static}/images/../authors.toml", {}, "authors.toml", TOML),
    ("{attach}../../authors.toml", {}, "authors.toml", TOML),
]
EXCLUDES = {"STATIC_EXCLUDES": ["images/private"]}


def _check(content, tmp_path):
    from inmind.check import check_site
    from inmind.config import load_settings

    settings = load_settings(ROOT / "pelicanconf.py", {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"),
                                                       **EXCLUDES})
    return [p for p in check_site(settings) if p.severity == "error"]


def _pelican_alone(tmp_path, content):
    """Run Pelican with our plugins but without the checks in front; return (output folder, logged messages)."""
    import logging

    from pelican import Pelican

    from inmind.build import _disconnect_plugins, load_settings

    output = tmp_path / "raw" / "output"
    settings = load_settings(ROOT / "pelicanconf.py", {
        "PATH": str(content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path / "raw-cache"), **EXCLUDES})
    _disconnect_plugins()
    records = []
    handler = logging.Handler()
    # As the build's log collector does: the ContentError being handled when the refusal is logged.
    handler.emit = lambda record: records.append(sys.exc_info()[1])
    logging.getLogger("file_vetting").addHandler(handler)
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger("file_vetting").removeHandler(handler)
    return output, [error.message for error in records if error is not None]


@pytest.mark.parametrize(("link", "files", "named", "words"), CASES, ids=[c[0] for c in CASES])
def test_a_link_to_a_file_outside_the_published_folders_is_refused_by_check_and_build_in_the_same_words(
        build_site, tmp_path, link, files, named, words):
    site = build_site({"blog/2019/a.md": POST.format(link=link), **files}, **EXCLUDES)
    post = site.content / "blog/2019/a.md"

    expected = f'{post}:6: error: the link "{link}" names a file the site does not publish: {words}'
    found = [p.format() for p in _check(site.content, tmp_path)]
    assert any(f.startswith(expected + "\n  hint: ") for f in found), found

    assert site.status == 1, site.messages
    assert expected.replace(f"{post}", "") in site.messages.replace(str(post), "")
    assert "Traceback" not in site.messages and not site.output.exists()

    # The build's own rule, with the checks out of the way: the same words, and nothing of the file published.
    output, said = _pelican_alone(tmp_path, site.content)
    assert (output / "index.html").exists()
    assert words in said
    name = Path(named).name
    for path in output.rglob("*"):
        assert path.name != name, f"{named} was published as {path.relative_to(output)}"
        if path.is_file() and named != "authors.toml" and named != "themes.toml":
            assert MARK not in path.read_bytes(), f"{named} reached {path.relative_to(output)}"


@pytest.mark.parametrize("link", ["{static}/documents/report.pdf", "{static}../../documents/report.pdf",
                                  "{attach}../../documents/report.pdf", "{static}./../../documents/report.pdf"])
def test_a_link_to_a_published_folder_still_works(build_site, link):
    site = build_site({"blog/2019/a.md": POST.format(link=link), "documents/report.pdf": pdf()})
    assert site.status == 0, site.messages
    assert any(p.name == "report.pdf" for p in site.output.rglob("*"))
    assert _hrefs(site) == ["../../../documents/report.pdf"]


def _hrefs(site):
    """Return the addresses of the links to the file in the built post."""
    page = site.output / "blog/2019/a-post-with-a-file/index.html"
    return [a["href"] for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a")
            if a.get_text().startswith("the file")]


# Pelican finds a file by its path as written (only a path from the post's own folder is tidied), and copies a
# {static} file by that path with only %20 read: each of these passed the checks, which tidy every path, and was
# published as written ("{static}/images/../documents/report.pdf", a broken link) or stopped the build at a file
# "documents/report%2Epdf" with no line. Each is named at its line, with the link to write instead.
PLAIN = "{static}/documents/report.pdf"
NOT_PLAIN = [("{static}/images/../documents/report.pdf", PLAIN), ("{static}/documents/./report.pdf", PLAIN),
             ("{static}/documents//report.pdf", PLAIN),
             ("{static}/documents/report.pdf/.", PLAIN), ("{static}/documents/report%2Epdf", PLAIN),
             ("{static}%2Fdocuments%2Freport.pdf", PLAIN), ("{static}/%64ocuments/report.pdf", PLAIN),
             ("{static}../../documents/report%2epdf", "{static}../../documents/report.pdf"),
             ("{attach}../../documents/re%70ort.pdf", "{attach}../../documents/report.pdf"),
             ("{filename}/blog/2019/../2019/b.md", "{filename}/blog/2019/b.md")]


@pytest.mark.parametrize(("link", "plain"), NOT_PLAIN, ids=[c[0] for c in NOT_PLAIN])
def test_a_link_written_in_a_form_the_build_does_not_read_is_named_with_the_form_to_write(build_site, link, plain):
    other = POST.replace("A post with a file", "Another post").replace("Read [the file]({link}).", "Words.")
    files = {"documents/report.pdf": pdf(), "blog/2019/b.md": other}
    site = build_site({"blog/2019/a.md": POST.format(link=link), **files})
    assert site.status == 1 and not site.output.exists()
    expected = (f'content/blog/2019/a.md:6: error: the link "{link}" would not work as it is written: the build does '
                f'not read "..", "./", "//" or %-codes in the path of a file [link-broken]\n  hint: write it as "{plain}"')
    assert expected in site.messages, site.messages
    assert "Traceback" not in site.messages and "cannot be read" not in site.messages

    (site.content / "blog/2019/a.md").write_text(POST.format(link=plain), encoding="utf-8")
    fixed = build_site()
    assert fixed.status == 0, fixed.messages
    assert all("{" not in href for href in _hrefs(fixed)) and len(_hrefs(fixed)) == 1


@pytest.mark.parametrize(("target", "hint"), [("notes/todo.txt", "link to a post or page with {filename}"),
                                              ("documents/report.pdf", 'write it as "{static}/documents/report.pdf"'),
                                              ("blog/2019/notes.txt", "link to a post or page with {filename}")])
def test_a_filename_link_to_a_file_that_is_no_post_or_page_is_named_at_its_line(build_site, target, hint):
    link = "{filename}/" + target
    site = build_site({"blog/2019/a.md": POST.format(link=link), target: pdf() if target.endswith(".pdf") else "x\n"})
    assert site.status == 1 and not site.output.exists()
    assert (f'content/blog/2019/a.md:6: error: the link "{link}" names a file that is not a post or a page, so the link '
            f"would not work [link-broken]\n  hint: {hint}") in site.messages, site.messages


# {attach} moves a file beside the one page that links to it: with a second link to the same file (from any page, in
# any form) Pelican leaves it where it is, and the publish build stopped in Pelican's words, without a line.
ATTACH = "{attach}../../documents/report.pdf"
SHARED = [
    ("another post links it with {static}", {"blog/2019/b.md": "{static}/documents/report.pdf"}, "[the file]({attach})"),
    ("another post attaches it too", {"blog/2019/b.md": ATTACH}, "[the file]({attach})"),
    ("the same post links it twice", {}, "[the file]({attach}) and [again]({attach})"),
    ("the same post links it with {static} too", {}, "[the file]({attach}) and [again]({static}/documents/report.pdf)"),
    ("two other posts link it", {"blog/2019/b.md": ATTACH, "blog/2019/c.md": "{static}/documents/report.pdf"},
     "[the file]({attach})"),
]


@pytest.mark.parametrize(("others", "text"), [c[1:] for c in SHARED], ids=[c[0] for c in SHARED])
def test_an_attached_file_that_another_link_names_is_named_at_the_attach_line(build_site, others, text):
    files = {"documents/report.pdf": pdf(), "blog/2019/a.md": POST.replace("Read [the file]({link})",
                                                                         "Read " + text.replace("{attach}", ATTACH))}
    for rel, link in others.items():
        files[rel] = POST.replace("A post with a file", "Another post").format(link=link)
    site = build_site(files, fatal_warnings=True)
    assert site.status == 1 and not site.output.exists()
    assert (f'content/blog/2019/a.md:6: error: the link "{ATTACH}" would move the file beside this page, but ') \
        in site.messages, site.messages
    assert 'hint: write "{static}/documents/report.pdf" in every link to it instead' in site.messages
    assert "cannot relocate" not in site.messages and "Traceback" not in site.messages
    said = "2 other links name" if len(others) == 2 else "another link names"  # plain words, never "link(s)"
    assert f"but {said} the same file, so the build cannot" in site.messages, site.messages


# Whatever path a writer makes of folders, "." and "..", doubled slashes and %-codes: a link the checks let through is
# a working link on the published page.
NOISE = st.lists(st.sampled_from([".", "..", "", "%2E", "%2e%2e", "images", "blog", "2019", "documents"]), max_size=3)
FOLDER = st.sampled_from(["documents", "%64ocuments", "document%73"])
NAME = st.sampled_from(["report.pdf", "report%2Epdf", "%72eport.pdf"])


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(absolute=st.booleans(), parts=st.tuples(NOISE, FOLDER, NOISE, NAME, NOISE))
@example(absolute=True, parts=([], "documents", ["."], "report.pdf", []))
@example(absolute=False, parts=(["..", ".."], "documents", [], "report%2Epdf", []))
def test_a_link_the_checks_pass_works_on_the_published_page(tmp_path_factory, absolute, parts):
    from conftest import run_build

    before, folder, middle, name, after = parts
    segments = [*before, folder, *middle, name, *after]
    link = "{static}" + ("/" if absolute else "") + "/".join(segments)
    base = tmp_path_factory.mktemp("site")
    write_files(base / "content", {"blog/2019/a.md": POST.format(link=link), "documents/report.pdf": pdf()})
    copy_registries(base / "content")
    site = run_build(base / "content", base / "output")
    assert "Traceback" not in site.messages and "cannot be read" not in site.messages, site.messages
    if site.status == 0:
        assert _hrefs(site) == ["../../../documents/report.pdf"], (link, site.messages)
    else:
        assert 'content/blog/2019/a.md:6: error: the link "' in site.messages, site.messages


# --- one rule for the walk (what Pelican copies from STATIC_PATHS) and for links ---

PARTS = st.sampled_from(["images", "documents", "extra", "private", "ignored~", ".", "..", "a"])


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.lists(st.lists(PARTS, min_size=1, max_size=4), min_size=1, max_size=6))
def test_a_linked_file_is_in_the_static_folders_exactly_when_the_walk_finds_it(tmp_path_factory, layout):
    content = tmp_path_factory.mktemp("content")
    settings = {"PATH": str(content), "STATIC_PATHS": ["images", "documents"], "STATIC_EXCLUDES": ["documents/private"],
                "IGNORE_FILES": ["*~"], "ARTICLE_PATHS": ["blog"], "PAGE_PATHS": ["pages"]}
    written = []
    for parts in layout:
        rel = os.path.normpath("/".join([*parts, "f.pdf"]))
        if rel.startswith(".."):
            continue  # outside content/: vet refuses it before any folder rule
        write_files(content, {rel: pdf()})
        written.append(rel)
    walked = {os.path.relpath(p, content) for p in walk.static_files(settings)}
    for parts in layout:
        rel = "/".join([*parts, "f.pdf"])
        if os.path.normpath(rel).startswith(".."):
            assert not walk.in_static_folders(rel, settings)
            continue
        assert walk.in_static_folders(rel, settings) == (os.path.normpath(rel) in walked), rel


@pytest.mark.parametrize("where", ["extra/card.png", "blog/2019/card.png"])
def test_a_share_image_outside_the_published_folders_is_refused_in_the_same_words(build_site, tmp_path, where):
    post = ("Title: A post with a picture\nDate: 2019-05-01 09:00\nAuthor: Communications Team\nSummary: A summary.\n"
            f"Share-image: {{static}}/{where}\nShare-image-alt: A card\n\nText.\n")
    site = build_site({"blog/2019/a.md": post, where: picture("PNG")})
    expected = f'{site.content / "blog/2019/a.md"}:5: error: Share-image "{{static}}/{where}": {OUTSIDE}'
    assert any(p.format().startswith(expected) for p in _check(site.content, tmp_path)), \
        [p.format() for p in _check(site.content, tmp_path)]
    assert site.status == 1 and f'Share-image "{{static}}/{where}": {OUTSIDE}' in site.messages


@pytest.mark.parametrize(("key", "target", "words"), [("Annual-report", "authors.toml", TOML),
                                                      ("Minutes", "extra/minutes.pdf", OUTSIDE)])
def test_an_agm_document_outside_the_published_folders_is_refused_in_the_same_words(build_site, tmp_path, key, target,
                                                                                     words):
    summary = ("Title: Annual General Meeting 2019\nDate: 2019-09-25 14:00\nAuthor: Communications Team\n"
               f"Summary: Our meeting.\nVenue: Bootle Town Hall, Oriel Road, Bootle L20 7AE\n{key}: {{static}}/{target}\n"
               "\nWe met.\n")
    site = build_site({"agm/2019.md": summary, "extra/minutes.pdf": pdf()})
    expected = f"{site.content / 'agm/2019.md'}:6: error: the {key.lower().replace('-', ' ')} link cannot be used: {words}"
    assert any(p.format().startswith(expected) for p in _check(site.content, tmp_path)), \
        [p.format() for p in _check(site.content, tmp_path)]
    assert site.status == 1 and f"link cannot be used: {words}" in site.messages
