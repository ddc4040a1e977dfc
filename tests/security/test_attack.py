"""Holes a hostile or careless contributor found: each payload that got through, now refused or made harmless."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from escaping_tools import plugins_without_editor, site_files

PREVIEW = {"PLUGINS": plugins_without_editor("pelicanconf.py")}


def _post_with(body):
    files = site_files()
    files["blog/2020/post.md"] = files["blog/2020/post.md"] + "\n" + body
    return files


def _line_of(text, needle):
    return next(n for n, row in enumerate(text.split("\n"), start=1) if needle in row)


# --- A picture from another site is a third-party request on every page load ------------------------------------
# Browsers read "\" as "/" and drop tabs and line ends anywhere in an address, so each of these names evil.example.
OFF_SITE_PICTURES = [
    "https://evil.example/pixel.png", "HTTP://evil.example/pixel.png", "//evil.example/pixel.png",
    "\\\\evil.example/pixel.png", "/\\evil.example/pixel.png", "/\t/evil.example/pixel.png",
    " //evil.example/pixel.png", "&#47;&#47;evil.example/pixel.png",
]
ON_SITE_PICTURES = ["{static}/images/a.png", "|static|/images/a.png", "/images/a.png", "images/a.png", "../a.png"]


@pytest.mark.parametrize("address", OFF_SITE_PICTURES)
def test_sanitiser_drops_a_picture_address_on_another_site(address):
    from content_safety.sanitiser import removed, sanitise

    html = f'<p><img src="{address}" alt="A chart"></p>'
    assert "evil" not in sanitise(html)
    assert any("picture from another site" in what for what in removed(html)), removed(html)


@pytest.mark.parametrize("address", ON_SITE_PICTURES)
def test_sanitiser_keeps_a_picture_of_this_site(address):
    from content_safety.sanitiser import removed, sanitise

    html = f'<p><img src="{address}" alt="A chart"></p>'
    assert f'src="{address}"' in sanitise(html)
    assert removed(html) == []


@pytest.mark.parametrize("picture", ["![A chart of the year](https://evil.example/pixel.png)",
                                     '<img src="//evil.example/pixel.png" alt="A chart of the year">'])
def test_a_picture_from_another_site_stops_check_and_build_at_its_line(build_site, picture):
    from test_sources import _check

    files = _post_with(f"Our year in one picture.\n\n{picture}\n")
    site = build_site(files, **PREVIEW)
    line = _line_of(files["blog/2020/post.md"], "A chart of the year")
    assert site.status != 0
    found = re.search(rf"blog/2020/post\.md:{line}: error: (.*picture from another site.*)\n  hint: (.*)", site.messages)
    assert found, site.messages
    assert "content/images/" in found.group(2) and "Traceback" not in site.messages
    assert not (site.output / "blog").exists()
    checked = [p.format() for p in _check(site.content, "pelicanconf.py")]
    assert any(f"post.md:{line}: error: {found.group(1)}" in p for p in checked), checked


# --- An id in the text never takes the place of one the theme uses ------------------------------------------------
# "## Need help" got id="need-help" before the footer's crisis numbers, so every page's "Need help now?" link
# jumped to the writer's heading; two equal ids, or one with a space, also fail the Nu checker.
ID_BODY = """## Need help

Where I found help when I needed it.

## Series

<p id="maincontent">A paragraph that wants the skip link.</p>

<p id="app-header-search">Another that wants the search box's label.</p>

<p id="dup">One.</p>

<p id="dup">Two.</p>

<p id="two  words">Spaced.</p>

<p id="">Empty.</p>

<p id="need-help-2">Already taken by name.</p>

[Jump to my notes](#fn:1)[^1]

[^1]: A note.
"""


def test_unique_ids_keeps_every_id_valid_unique_and_off_the_themes():
    from content_safety.ids import theme_owns, unique_ids

    html = ('<h2 id="need-help">N</h2><p id="need-help">x id="need-help" y</p><p id="app-x">a</p>'
            '<p id="a b" title="id=&quot;q&quot;">b</p><p id="">c</p><p id="fn:1">d</p><p id="a-b">e</p>')
    out = unique_ids(html)
    ids = [tag.get("id") for tag in BeautifulSoup(out, "html.parser").find_all(True) if tag.has_attr("id")]
    assert len(ids) == len(set(ids)) == 6 and not any(theme_owns(i) or not i or " " in i for i in ids), ids
    assert "fn:1" in ids and 'x id="need-help" y' in out and 'title="id=&quot;q&quot;"' in out
    assert unique_ids(out) == out


def test_an_id_in_the_text_never_takes_the_themes_place(build_site):
    import collections

    site = build_site(_post_with(ID_BODY), **PREVIEW)
    assert site.status == 0, site.messages
    page = site.soup("blog/2020/post/index.html")
    ids = collections.Counter(tag["id"] for tag in page.select("[id]"))
    assert [i for i, n in ids.items() if n > 1 or not i.strip() or " " in i] == [], ids
    assert page.select_one("#need-help").name == "section" and "116 123" in page.select_one("#need-help").get_text()
    assert page.select_one("#maincontent").name == "main"
    assert page.select_one("#app-header-search").name == "input"
    prose = page.select_one(".app-prose")
    assert [h.get_text() for h in prose.select("h2[id]")] == ["Need help", "Series"]
    assert prose.select_one('a[href="#fn:1"]') and prose.select_one('[id="fn:1"]')


def test_every_id_the_theme_writes_beside_a_body_is_one_the_text_cannot_take(sample_site):
    from content_safety.ids import theme_owns

    checked = 0
    for path in sample_site.html_files():
        page = sample_site.soup(path.relative_to(sample_site.output).as_posix())
        prose = page.select_one(".app-prose")
        if prose is None:
            continue
        inside = {id(tag) for tag in prose.select("[id]")}
        for tag in page.select("[id]"):
            if id(tag) not in inside:
                assert theme_owns(tag["id"]), f"{path}: the theme's id {tag['id']!r} is not in content_safety.ids"
                checked += 1
    assert checked > 100


# --- A file name too long for the copies the site makes of it ---------------------------------------------------
# The disk refuses names over 255 bytes; the site writes "NAME-800w.0123456789.webp" beside a picture and
# "NAME.br" beside a drawing, so a 246-letter picture name stopped the build blaming "a title or Slug:",
# without the file's path, while invoke check said nothing.
def wide_png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1400, 800), (0, 94, 184)).save(out, format="PNG")
    return out.getvalue()


LONG_NAMES = [("p" * 246 + ".png", "picture"), ("s" * 250 + ".svg", "drawing"), ("é" * 100 + ".pdf", "document")]


@pytest.mark.parametrize("name, kind", LONG_NAMES, ids=[kind for _, kind in LONG_NAMES])
def test_a_file_name_too_long_for_the_sites_copies_is_named_by_check_and_build(build_site, name, kind):
    from file_samples import CLEAN_SVG, pdf
    from test_sources import _check

    data = {"picture": lambda: wide_png(), "drawing": lambda: CLEAN_SVG, "document": pdf}[kind]()
    files = _post_with(f"See [the file]({{static}}/images/{name}).\n")
    files[f"images/{name}"] = data
    site = build_site(files, settings_file="publishconf.py", **{"PLUGINS": plugins_without_editor("publishconf.py")})
    assert site.status != 0
    found = re.search(rf"images/{re.escape(name)}: error: (the file's name is \d+ characters long; the limit is \d+)"
                      r"\n  hint: (.*)", site.messages)
    assert found, site.messages[-2000:]
    assert "rename" in found.group(2) and "Traceback" not in site.messages and "Slug" not in site.messages
    assert not (site.output / "blog").exists()
    checked = [p.format() for p in _check(site.content, "publishconf.py")]
    assert any(f"images/{name}: error: {found.group(1)}" in p for p in checked), checked


def test_a_long_but_fitting_file_name_is_published(build_site):
    name = "p" * 140 + ".png"
    files = _post_with(f"![A red block of colour]({{static}}/images/{name})\n")
    files[f"images/{name}"] = wide_png()
    site = build_site(files, settings_file="publishconf.py", **{"PLUGINS": plugins_without_editor("publishconf.py")})
    assert site.status == 0, site.messages
    assert (site.output / "images" / name).is_file()


# --- One normalised form for writers' names -------------------------------------------------------------------------
# A name typed as "e" + combining accent (NFD, as macOS writes it), with a full-width letter or a soft hyphen reads
# the same to everyone, but was "not in authors.toml. Did you mean "Sébastien Plain"?" with the same-looking name.
REGISTERED = "S\u00e9bastien Plain"
SAME_NAME = {"nfd": "Se\u0301bastien Plain", "full-width": "S\u00e9bastien \uff30lain", "soft-hyphen": "S\u00e9bas\u00adtien Plain",
             "case and spaces": "s\u00e9bastien   PLAIN"}


@pytest.mark.parametrize("typed", list(SAME_NAME.values()), ids=list(SAME_NAME))
def test_a_writers_name_typed_in_another_unicode_form_is_the_same_writer(build_site, typed):
    from test_sources import _check

    files = site_files(author={"name": REGISTERED}, post=[("Consent", "CF-2020-001")])
    files["blog/2020/post.md"] = files["blog/2020/post.md"].replace(f"Author: {REGISTERED}", f"Author: {typed}")
    site = build_site(files, **PREVIEW)
    assert site.status == 0, site.messages
    assert _check(site.content, "pelicanconf.py") == []
    byline = site.soup("blog/2020/post/index.html").select_one(".app-byline__name")
    assert byline["href"].endswith("authors/sam-plain/")
    assert sorted(p.parent.name for p in site.output.glob("authors/*/index.html")) == ["sam-plain"]


def test_a_registry_listing_one_name_in_two_unicode_forms_is_refused(build_site):
    files = site_files(author={"name": REGISTERED})
    files["authors.toml"] += files["authors.toml"].replace(REGISTERED, SAME_NAME["nfd"]).replace("sam-plain", "sam-two")
    site = build_site(files, **PREVIEW)
    assert site.status != 0 and re.search(r"authors\.toml:\d+: error: this name is listed twice", site.messages), site.messages


# --- A role with no letters a web address can use ---------------------------------------------------------------
# A role's page is roles/SLUG/; "..." or an emoji made an empty slug, so its page was written at roles/ itself;
# an accented role lost its letters ("Ärztin" -> roles/rztin/).
@pytest.mark.parametrize("where", ["registry", "post"])
@pytest.mark.parametrize("role", ["...", "\U0001f642", "\u2014"])
def test_a_role_without_letters_is_refused_at_its_line_by_check_and_build(build_site, where, role):
    from test_sources import _check

    if where == "registry":
        files = site_files(author={"roles": [role, "Peer worker"]}, post=[("Consent", "CF-2020-001")])
        rel = "authors.toml"
        line = _line_of(files[rel], "roles =")
    else:
        files = site_files(post=[("Consent", "CF-2020-001"), ("Author", "Guest Writer"), ("Author-role", role),
                                 ("Role-group", "carer")])
        rel = "blog/2020/post.md"
        line = _line_of(files[rel], "Author-role:")
    site = build_site(files, **PREVIEW)
    found = re.search(rf"{re.escape(rel)}:{line}: error: (the role .* has no letters or numbers .*)\n  hint: (.*)",
                      site.messages)
    assert site.status != 0 and found, site.messages
    assert not (site.output / "roles").exists() and "Traceback" not in site.messages
    checked = [p.format() for p in _check(site.content, "pelicanconf.py")]
    assert any(f"{rel}:{line}: error: {found.group(1)}" in p for p in checked), checked


def test_an_accented_role_keeps_its_letters_in_its_address(build_site):
    site = build_site(site_files(author={"roles": ["\u00c4rztin f\u00fcr Familien", "Peer worker"]}), **PREVIEW)
    assert site.status == 0, site.messages
    assert (site.output / "roles" / "arztin-fur-familien" / "index.html").is_file()


# --- Hidden files: one rule for check and build -------------------------------------------------------------------
# The checks skip a file or folder whose name starts with "."; Pelican read them (its default "**/.*" never matches a
# bare name), so macOS's "._post.md" beside a copied post stopped the build ("the content checks did not read this
# file") while invoke check said nothing.
HIDDEN = {"blog/2020/.x.md": "Title: Sneaky\n\nSNEAKY-9Q\n", "blog/2020/._post.md": b"\x00\x05\x16\x07\x00\x02SNEAKY-9Q",
          "blog/.drafts/y.md": "Title: Sneaky\n\nSNEAKY-9Q\n", "images/.DS_Store": b"\x00\x00\x00\x01Bud1SNEAKY-9Q", "images/.x.svg": "<svg><script>SNEAKY-9Q</script></svg>",
          "documents/.secret.toml": "key = \"SNEAKY-9Q\"\n",
          "pages/.notes.md": "Title: Sneaky\n\nSNEAKY-9Q\n"}


@pytest.mark.parametrize("rel", list(HIDDEN))
def test_a_hidden_file_is_skipped_by_check_and_build_alike(build_site, rel):
    from test_sources import _check

    files = site_files(post=[("Consent", "CF-2020-001")])
    files[rel] = HIDDEN[rel]
    site = build_site(files, settings_file="publishconf.py", **{"PLUGINS": plugins_without_editor("publishconf.py")})
    assert site.status == 0, site.messages
    assert _check(site.content, "publishconf.py") == []
    assert not [p for p in site.output.rglob("*") if p.is_file() and b"SNEAKY-9Q" in p.read_bytes()]


def test_with_pelicans_own_ignore_pattern_check_and_build_still_name_the_same_hidden_file(build_site):
    # "**/.*" hides no bare name from Pelican, which then reads and copies dotfiles: the check must walk them too.
    from inmind.check import check_site
    from inmind.config import load_settings

    files = site_files(post=[("Consent", "CF-2020-001")])
    files["images/.x.svg"] = HIDDEN["images/.x.svg"]
    site = build_site(files, settings_file="publishconf.py", IGNORE_FILES=["**/.*"],
                      **{"PLUGINS": plugins_without_editor("publishconf.py")})
    built = re.search(r"images/\.x\.svg: error: (.*)", site.messages)
    assert site.status != 0 and built, site.messages
    settings = load_settings(ROOT / "publishconf.py", {"PATH": str(site.content), "IGNORE_FILES": ["**/.*"],
                                                         "CACHE_PATH": str(site.content.parent / "cache")})
    checked = [p.format() for p in check_site(settings, fatal_warnings=True)]
    assert any(f"images/.x.svg: error: {built.group(1)}" in p for p in checked), checked


# --- Series_index: the series plugin reads it with int() ---------------------------------------------------------
# "Series_index: abc" or "1.5" stopped the build with "the build stopped unexpectedly: ValueError: invalid literal
# for int()", no file or line, while invoke check said nothing.
@pytest.mark.parametrize("value", ["abc", "1.5", "three", "-2", "0", "\u0663", "12345", "2 of 5"])
def test_a_series_index_that_is_not_a_part_number_is_refused_at_its_line(build_site, value):
    from test_sources import _check

    files = site_files(post=[("Consent", "CF-2020-001"), ("Series", "In Mind"), ("Series_index", value)])
    line = _line_of(files["blog/2020/post.md"], "Series_index:")
    site = build_site(files, **PREVIEW)
    found = re.search(rf"blog/2020/post\.md:{line}: error: (Series_index.*)\n  hint: (.*)", site.messages)
    assert site.status != 0 and found, site.messages
    assert "unexpectedly" not in site.messages and "ValueError" not in site.messages
    checked = [p.format() for p in _check(site.content, "pelicanconf.py")]
    assert any(f"post.md:{line}: error: {found.group(1)}" in p for p in checked), checked


@pytest.mark.parametrize("value", ["1", "3", " 12 "])
def test_a_series_index_that_is_a_part_number_builds(build_site, value):
    site = build_site(site_files(post=[("Consent", "CF-2020-001"), ("Series", "In Mind"), ("Series_index", value)]),
                      **PREVIEW)
    assert site.status == 0, site.messages


# --- A withdrawn story's share picture ------------------------------------------------------------------------------
# "Pictures and documents that only withdrawn stories use are not published": the pictures in the text were left out,
# but the Share-image: one (often a photo of the writer) stayed at its address.
def _withdrawn_site(build_site, other_share=None):
    files = site_files(post=[("Consent", "CF-2020-001"), ("Status", "withdrawn"),
                             ("Share-image", "{static}/images/writer-photo.png"), ("Share-image-alt", "The writer")])
    files["images/writer-photo.png"] = wide_png()
    other = ("Title: Another post\nDate: 2020-06-01 09:00\nAuthor: Sam Plain\nSummary: Another.\nConsent: CF-2020-002\n"
             + (f"Share-image: {other_share}\nShare-image-alt: The writer\n" if other_share else "") + "\nJust words.\n")
    files["blog/2020/other.md"] = other
    site = build_site(files, settings_file="publishconf.py", **{"PLUGINS": plugins_without_editor("publishconf.py")})
    assert site.status == 0, site.messages
    return site


def test_a_withdrawn_storys_share_picture_is_not_published(build_site):
    site = _withdrawn_site(build_site)
    assert not (site.output / "images" / "writer-photo.png").exists()
    assert not list(site.output.glob("images/writer-photo*"))


def test_a_share_picture_another_story_uses_is_kept(build_site):
    site = _withdrawn_site(build_site, other_share="{static}/images/writer-photo.png")
    assert (site.output / "images" / "writer-photo.png").is_file()


# --- Attribute values HTML does not allow ---------------------------------------------------------------------------
# Each passed the allowlist (the attribute is allowed) and made the Nu checker fail the page, with no word from the check.
BAD_VALUES = [
    ('<p dir="sideways">x</p>', "dir"), ('<p lang="not a language">x</p>', "lang"), ('<ol start="abc"><li>x</li></ol>', "start"),
    ('<ol><li value="x">x</li></ol>', "value"), ('<table><thead><tr><th scope="sideways">H</th></tr></thead></table>', "scope"),
    ('<table><thead><tr><th colspan="0">H</th></tr></thead></table>', "colspan"),
    ('<table><tbody><tr><td rowspan="many">D</td></tr></tbody></table>', "rowspan"),
    ('<p><time datetime="next tuesday">Tuesday</time></p>', "datetime"), ('<p><del datetime="soon">old</del></p>', "datetime"),
    ('<p><ins datetime="2020-05-14T09:00">new</ins></p>', "datetime"),  # a time needs its zone here
    ('<p><a href="https://example.org/" hreflang="xx yy">example</a></p>', "hreflang"),
    ('<p><img src="/theme/images/share.png" alt="A card of the site" width="wide"></p>', "width"), ('<p><img src="/theme/images/share.png" alt="A card of the site" loading="soon"></p>', "loading"),
    ('<details open="no"><summary>S</summary>D</details>', "open"),
]
GOOD_VALUES = [
    '<p dir="rtl" lang="cy">x</p>', '<p lang="en-GB">x</p>', '<ol start="3" reversed=""><li value="7">x</li></ol>',
    '<table><thead><tr><th scope="col" colspan="2">H</th></tr></thead><tbody><tr><td rowspan="0">D</td></tr></tbody></table>',
    '<p><time datetime="2020-05-14">a</time><time datetime="2020-05-14T09:00">b</time><time datetime="09:00">c</time>'
    '<time datetime="PT2H">d</time><del datetime="2020-05-14T09:00+01:00">e</del></p>',
    '<p><img src="/a.png" alt="a" width="640" height="480" loading="lazy"></p>', '<details open=""><summary>S</summary>D</details>',
]


@pytest.mark.parametrize("html, name", BAD_VALUES, ids=[f"{n}-{i}" for i, (_, n) in enumerate(BAD_VALUES)])
def test_an_attribute_value_html_does_not_allow_is_removed_and_named(html, name):
    from content_safety.sanitiser import removed, sanitise

    assert f"{name}=" not in sanitise(html)
    assert [w for w in removed(html) if w.startswith(f"{name}=... attribute")], removed(html)


@pytest.mark.parametrize("html", GOOD_VALUES)
def test_an_attribute_value_html_allows_is_kept(html):
    from content_safety.sanitiser import removed, sanitise

    assert removed(html) == [] and sanitise(html).count("=") == html.count("=")


def test_a_bad_attribute_value_is_named_at_its_line_by_check_and_build_and_never_reaches_the_page(build_site,
                                                                                                  monkeypatch):
    from test_html_validity import vnu_errors
    from test_sources import _check

    import inmind.build

    body = "\n\n".join(html for html, _ in BAD_VALUES) + "\n"
    files = _post_with(body)
    site = build_site(files, **PREVIEW)
    lines = [_line_of(files["blog/2020/post.md"], html) for html, _ in BAD_VALUES]
    built = set(re.findall(r"blog/2020/post\.md:(\d+): error: (\w+)=\.\.\. attribute on <\w+> \(the value", site.messages))
    assert site.status != 0 and {int(n) for n, _ in built} == set(lines), site.messages
    checked = {p.format().splitlines()[0].split("post.md:")[1] for p in _check(site.content, "pelicanconf.py")
               if "is not one it can take" in p.message}
    assert {f"{n}: error: {w}" for n, w in built} <= {c.split("=...")[0] for c in checked}
    # Should the checks be switched off, the page still keeps none of them, and passes the Nu checker.
    real = inmind.build.preflight

    def without_html_removed(settings, fatal_warnings=False, sources=None):
        found = real(settings, fatal_warnings=fatal_warnings, sources=sources)
        return [p for p in found if "[html-removed]" not in p.message]

    monkeypatch.setattr(inmind.build, "preflight", without_html_removed)
    site = build_site(files, **PREVIEW)
    assert site.status == 0, site.messages
    assert [e for e in vnu_errors(site.output) if "/blog/2020/post/" in e] == []


@pytest.mark.parametrize("html", ['<p><time>Tuesday</time></p>', '<p><time datetime="next tuesday">Tuesday</time></p>',
                                  '<p><time class="x" datetime="">a <time datetime="2020-05-14">b</time> c</time></p>'])
def test_a_time_without_a_datetime_html_allows_becomes_plain_text(html):
    from content_safety.sanitiser import removed, sanitise

    out = sanitise(html)
    assert removed(html) and all(' datetime="' in tag for tag in re.findall(r"<time\b[^>]*>", out)), out
    assert out.count("<time") == out.count("</time>") and out.count("<span") == out.count("</span>")


def test_a_footnote_whose_label_has_a_space_still_links_to_its_note(build_site):
    site = build_site(_post_with("A point worth a note[^my note].\n\n[^my note]: The note itself.\n"), **PREVIEW)
    assert site.status == 0, site.messages
    prose = site.soup("blog/2020/post/index.html").select_one(".app-prose")
    for link in prose.select('a[href^="#"]'):
        target = link["href"][1:]
        assert " " not in target and prose.find(id=target) is not None, link


# --- Addresses written the way people type them -----------------------------------------------------------------------
# Each is a link a careless writer could make; each made the Nu checker fail the page, and the check said nothing.
TYPED_ADDRESSES = """<p><a href="tel:116 123">Samaritans on 116 123</a></p>

[Our annual report](<https://example.org/annual report.pdf>)

<p><a href="mailto:team @example.org">email the team</a></p>

<p><a href="https://example.org/a|b">a page with a pipe</a> and <a href="https://example.org/50%off">a sale</a></p>

<blockquote cite="https://example.org/a talk"><p>Quoted words here.</p></blockquote>

<p><time>Tuesday</time></p>

A point worth a note[^my note].

[^my note]: The note itself.
"""


def test_addresses_as_people_type_them_make_a_valid_page_that_still_links(build_site):
    from test_html_validity import vnu_errors

    site = build_site(_post_with(TYPED_ADDRESSES.replace("<p><time>Tuesday</time></p>\n\n", "")),
                      **PREVIEW)
    assert site.status == 0, site.messages
    hrefs = [a["href"] for a in site.soup("blog/2020/post/index.html").select(".app-prose a")]
    assert "tel:116123" in hrefs and "mailto:team@example.org" in hrefs
    assert "https://example.org/annual%20report.pdf" in hrefs and "https://example.org/50%25off" in hrefs
    assert [e for e in vnu_errors(site.output) if "/blog/2020/post/" in e] == []


def test_a_time_without_its_attribute_is_named_and_kept_as_text(build_site):
    files = _post_with(TYPED_ADDRESSES)
    site = build_site(files, **PREVIEW)
    line = _line_of(files["blog/2020/post.md"], "<time>")
    assert site.status != 0
    assert f"post.md:{line}: error: <time> element without a" in site.messages, site.messages


# --- A video's start time of thousands of digits ------------------------------------------------------------------
# "t=111…" (5,000 digits) stopped the video check with "ValueError: Exceeds the limit (4300 digits) for integer string
# conversion … use sys.set_int_max_str_digits" at line 1; an absurd one (t=99999999999999999999h) was embedded.
@pytest.mark.parametrize("start", ["1" * 5000, "99999999999999999999h", "1" * 7])
def test_a_start_time_no_video_has_is_refused_at_the_videos_line(build_site, start):
    files = _post_with(f"https://www.youtube.com/watch?v=dQw4w9WgXcQ&t={start}\n")
    line = _line_of(files["blog/2020/post.md"], "youtube.com")
    site = build_site(files, **PREVIEW)
    assert site.status != 0
    assert re.search(rf"post\.md:{line}: error: .*the start time .* is not a time", site.messages), site.messages
    assert "ValueError" not in site.messages and "stopped on this file" not in site.messages


@pytest.mark.parametrize("typed, written", [
    ("tel:116 123", "tel:116123"), ("sms:85 258?body=SHOUT now", "sms:85258?body=SHOUT%20now"),
    ("mailto:team @example.org", "mailto:team@example.org"),
    ("mailto:team@example.org?subject=Hello there", "mailto:team@example.org?subject=Hello%20there"),
    ("https://example.org/a b|c", "https://example.org/a%20b%7Cc"), ("https://example.org/50%off", "https://example.org/50%25off"),
    ("https://example.org/a%20b", "https://example.org/a%20b"), ("#fn:a b", "#fn:a b"), ("{static}/documents/a b.pdf", "{static}/documents/a b.pdf"),
])
def test_tidy_address_writes_the_one_form_html_allows(typed, written):
    from content_safety.sanitiser import tidy_address

    assert tidy_address(typed) == written and tidy_address(written) == written


# --- A file whose name has a space ------------------------------------------------------------------------------
# "Annual report.pdf" is a common name; Pelican wrote its address with the space, and the Nu checker failed the page.
def test_a_link_to_a_file_with_a_space_in_its_name_is_a_valid_address_that_reaches_it(build_site):
    from file_samples import CLEAN_SVG, pdf
    from test_html_validity import vnu_errors

    files = _post_with("Read [our annual report for 2019 (PDF)](<{static}/documents/Annual report 2019.pdf>) or "
                       "[the same]({static}/documents/Annual%20report%202019.pdf).\n\n"
                       "![A blue square with a darker edge](<{static}/images/blue square.svg>)\n")
    files["documents/Annual report 2019.pdf"] = pdf()
    files["images/blue square.svg"] = CLEAN_SVG
    site = build_site(files, **PREVIEW)
    assert site.status == 0, site.messages
    page = site.soup("blog/2020/post/index.html")
    hrefs = [a["href"] for a in page.select(".app-prose a")] + [img["src"] for img in page.select(".app-prose img")]
    assert hrefs and all(" " not in h for h in hrefs), hrefs
    from urllib.parse import unquote, urljoin

    for href in hrefs:
        assert (site.output / unquote(urljoin("blog/2020/post/", href))).is_file(), href
    assert [e for e in vnu_errors(site.output) if "/blog/2020/post/" in e] == []
