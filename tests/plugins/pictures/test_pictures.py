"""Pictures: resized copies with srcset and sizes, cached by content; SVG sizes; checks at path:line."""

from __future__ import annotations

import io

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pictures import markup, resize, settings
from pictures.checks import check
from PIL import Image

from inmind.errors import SettingsError

POST = """Title: A post with a photo
Date: 2026-01-05 09:00
Author: Communications Team
Summary: A post with one photo of the garden.

Some words about co-production.

{body}
"""


def photo(width=3000, height=2000, fmt="JPEG", **save):
    """Return a photo-like picture: noise, so it compresses like a real photograph does."""
    image = Image.effect_noise((width // 10, height // 10), 60).convert("RGB").resize((width, height))
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 70} if fmt == "JPEG" else {}) | save)
    return out.getvalue()


def sideways_photo():
    """A 2000 × 1000 picture stored turned, with the EXIF turn (6) that phone cameras write."""
    image = Image.new("RGB", (1000, 2000), "green")
    exif = image.getexif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_3000_pixel_jpeg_becomes_srcset_copies_with_width_and_height(build_site):
    site = build_site({"images/garden.jpg": photo(),
                       "blog/2026/a.md": POST.format(body="![Volunteers planting the garden]({static}/images/garden.jpg)")})
    assert site.status == 0, site.messages
    img = site.soup("blog/2026/a-post-with-a-photo/index.html").select_one(".app-prose img")
    assert (img["width"], img["height"]) == ("1280", "853")
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert img["sizes"] == settings.Pictures().sizes
    assert img["alt"] == "Volunteers planting the garden"
    candidates = [c.strip().split(" ") for c in img["srcset"].split(",")]
    assert [w for _, w in candidates] == ["400w", "800w", "1280w"]
    page_dir = site.path("blog/2026/a-post-with-a-photo/index.html").parent
    for address, width in candidates:
        file = (page_dir / address).resolve()
        with Image.open(file) as copy:
            assert copy.format == "WEBP" and copy.width == int(width[:-1])
    with Image.open((page_dir / img["src"]).resolve()) as fallback:
        assert fallback.format == "JPEG" and fallback.size == (1280, 853)


def test_copies_are_cached_by_content_so_a_rebuild_makes_none(build_site, tmp_path, monkeypatch):
    files = {"images/garden.jpg": photo(1600, 900),
             "blog/2026/a.md": POST.format(body="![The garden in June]({static}/images/garden.jpg)")}
    assert build_site(files).status == 0
    made = []
    monkeypatch.setattr(resize, "_save", lambda *args: made.append(args))
    site = build_site(files)
    assert site.status == 0, site.messages
    assert made == []
    assert site.soup("blog/2026/a-post-with-a-photo/index.html").select_one(".app-prose img")["srcset"]
    # A changed picture under the same name gets new copies (and new names, so no cache serves the old one).
    (tmp_path / "content/images/garden.jpg").write_bytes(photo(1700, 900))
    monkeypatch.undo()
    site = build_site()
    assert "1280w" in site.soup("blog/2026/a-post-with-a-photo/index.html").select_one(".app-prose img")["srcset"]


def test_a_publish_build_keeps_a_scheduled_posts_copies_and_forgets_a_removed_pictures(build_site, tmp_path,
                                                                                        monkeypatch):
    # The hourly publish run would otherwise make a scheduled post's copies again every hour, or keep for good those of
    # a picture no post shows any more (inmind.media_cache).
    monkeypatch.setenv("SITE_URL", "https://inmind.test.nhs.uk")
    later = POST.replace("2026-01-05", "2026-06-05").replace("A post with a photo", "A later post")
    files = {"images/garden.jpg": photo(1600, 900), "images/pond.jpg": photo(1500, 900),
             "blog/2026/a.md": POST.format(body="![The pond in June]({static}/images/pond.jpg)"),
             "blog/2026/b.md": later.format(body="![The garden in June]({static}/images/garden.jpg)")}
    clock = {"SCHEDULING": {"now": "2026-02-01T00:00+00:00"}}  # the later post is scheduled
    site = build_site(files, settings_file="publishconf.py", **clock)
    assert site.status == 0, site.messages
    cache = tmp_path / "cache" / "pictures"
    first = {p.name for p in cache.rglob("*.*")}
    assert not list(site.output.rglob("garden*")) and list(site.output.rglob("pond*"))
    (tmp_path / "content/blog/2026/a.md").write_text(POST.format(body="No picture now."), encoding="utf-8")
    made = []
    monkeypatch.setattr(resize, "_save", lambda *args: made.append(args))
    site = build_site(settings_file="publishconf.py", **clock)
    assert site.status == 0, site.messages
    assert made == [], "the scheduled post's copies were made again"
    left = {p.name for p in cache.rglob("*.*")}
    assert left and left < first, "the pond's copies are still in the cache"


def test_a_phone_photo_stored_sideways_is_sized_upright(tmp_path):
    path = tmp_path / "phone.jpg"
    path.write_bytes(sideways_photo())
    assert resize.size_of(path) == (2000, 1000)
    fallback, webp = resize.copies(path, "images/phone.jpg", path.read_bytes(), settings.merged({}), tmp_path / "c")
    assert (fallback.width, fallback.height) == (1280, 640)
    with Image.open(fallback.cached) as copy:
        assert copy.size == (1280, 640)
        assert not copy.getexif()  # no camera metadata (and no GPS position) is published


@pytest.mark.parametrize(("svg", "size"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"></svg>', (300, 150)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0,0,40.4,20"/>', (40, 20)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="60" viewBox="0 0 3 3"/>', (120, 60)),
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 8 4"/>', (8, 4)),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', None),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 -1 4"/>', None),
    (b"not xml at all", None),
])
def test_svg_size_comes_from_width_and_height_or_the_viewbox(svg, size):
    assert resize.svg_size(svg) == size


def test_an_svg_is_served_as_it_is_with_width_and_height(build_site):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" height="150"/></svg>'
    site = build_site({"images/chart.svg": svg,
                       "blog/2026/a.md": POST.format(body="![Bar chart of attendance]({static}/images/chart.svg)")})
    assert site.status == 0, site.messages
    img = site.soup("blog/2026/a-post-with-a-photo/index.html").select_one(".app-prose img")
    assert img["src"].endswith("images/chart.svg") and not img.has_attr("srcset")
    assert (img["width"], img["height"], img["loading"]) == ("300", "150", "lazy")


def test_markup_replaces_the_authors_own_sizes_and_escapes_every_value():
    body = ('<p><img alt="a &quot;&gt; onerror=&quot;x" src="{static}/images/a.jpg" srcset="https://evil.example 1w" '
            'width="9999" title="&lt;b&gt;"></p><p><img src="https://elsewhere.example/b.jpg" alt="b"></p>')
    picture = {"resized": True, "src": "images/a-800w.1.jpg", "width": 800, "height": 400,
               "srcset": [("images/a-400w.1.webp", 400), ("images/a-800w.1.webp", 800)]}
    out = markup.rewrite(body, lambda src: picture if src.startswith("{static}") else None, "../..", "100vw")
    assert 'alt="a &quot;&gt; onerror=&quot;x"' in out and 'title="&lt;b&gt;"' in out
    assert "evil" not in out and "9999" not in out
    assert 'srcset="../../images/a-400w.1.webp 400w, ../../images/a-800w.1.webp 800w"' in out
    assert '<img src="https://elsewhere.example/b.jpg" alt="b">' in out  # not ours: untouched


@pytest.mark.parametrize(("src", "item_dir", "rel"), [
    ("{static}/images/a.jpg", "blog/2026", "images/a.jpg"),
    ("{static}../../images/a%20b.jpg", "blog/2026", "images/a b.jpg"),
    ("|static|/images/a.jpg", "", "images/a.jpg"),
    ("{static}/../../etc/passwd", "blog", None),
    ("images/a.jpg", "blog", None),
    ("https://example.org/a.jpg", "blog", None),
])
def test_target_resolves_static_addresses_only_inside_the_content_folder(src, item_dir, rel):
    assert markup.target(src, item_dir) == rel


_PART = st.sampled_from(["images", "a b.jpg", "a%20b.jpg", "..", ".", "", "blog", "é.png", "%2e%2e"])


@hypothesis_settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(["{static}", "|static|", "{attach}", "/", "//", "", "https://x.org/"]),
       parts=st.lists(_PART, max_size=6), item_dir=st.sampled_from(["", "blog", "blog/2026"]),
       tail=st.sampled_from(["", "?v=1", "#top"]))
def test_a_picture_names_the_same_file_a_link_to_it_would(prefix, parts, item_dir, tail):
    # One rule (file_vetting.links.linked_file) for where a {static} address leads, for pictures and document links
    # alike: a copy of it in the pictures plugin could drift (a ".." that climbs out, say) from the file vetted.
    from file_vetting.links import linked_file

    src = prefix + "/".join(parts) + tail
    rel = markup.target(src, item_dir)
    if prefix in ("{static}", "|static|"):
        assert rel == linked_file(src, item_dir)
    else:
        assert rel is None  # only {static} is a picture of the site: the checks name any other address
    assert rel is None or (".." not in rel.split("/") and not rel.startswith("/"))


def _check(tmp_path, body, files=(), **config):
    content = tmp_path / "content"
    for name, data in dict(files).items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    post = content / "blog/2026/a.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    text = POST.format(body=body)
    post.write_text(text, encoding="utf-8")
    return [p.format() for p in check(str(post), text, {}, {"PATH": str(content), **config})]


def test_a_relative_picture_address_gets_its_line_and_the_fix(tmp_path):
    found = _check(tmp_path, "Text.\n\n![The ward garden](images/garden.jpg)", {"images/garden.jpg": photo(800, 600)})
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path}/content/blog/2026/a.md:10: error: the picture address "
                               '"images/garden.jpg" does not say it is a file of the site')
    assert 'Did you mean "{static}/images/garden.jpg"?' in found[0]


def test_a_refused_picture_outside_the_static_folders_gets_the_posts_line(tmp_path):
    # No STATIC_PATHS walk names this file, but the {static} link would still publish it: the post says so.
    found = _check(tmp_path, '<img src="{static}/images/fake.jpg" alt="A fake">',
                   {"images/fake.jpg": b"<html><script>alert(1)</script></html>"})
    assert len(found) == 1 and ":8: error: the picture \"{static}/images/fake.jpg\" cannot be published: " \
        "this file is named as a JPEG picture, but it is a web page" in found[0]


@pytest.mark.parametrize("name", ["fake.jpg", "nested/Fake picture.PNG"])
def test_a_refused_picture_gets_one_message_in_the_check_and_in_the_build(build_site, name):
    from inmind.build import load_settings
    from inmind.check import check_site

    site = build_site({f"images/{name}": b"<html><script>alert(1)</script></html>",
                       "blog/2026/a.md": POST.format(body=f"![A fake]({{static}}/images/{name.replace(' ', '%20')})")})
    settings = {**load_settings(ROOT / "pelicanconf.py"), "PATH": str(site.content),
                "CACHE_PATH": str(site.content.parent / "check-cache")}
    checked = [p for p in check_site(settings) if p.severity == "error"]
    assert len(checked) == 1, [p.format() for p in checked]
    assert checked[0].path.endswith(name) and checked[0].line is None
    assert site.status != 0 and site.messages.count("is named as a") == 1, site.messages


def test_a_picture_over_the_limit_and_a_narrow_picture_are_named(tmp_path):
    big = photo(2400, 1600, quality=100)
    assert len(big) > 1024 * 1024
    found = _check(tmp_path, "![A big photo]({static}/images/big.jpg)\n\n![A small one]({static}/images/small.png)",
                   {"images/big.jpg": big, "images/small.png": photo(500, 300, "PNG")}, PICTURES={"max_mb": 1})
    assert any(":8: error: the picture \"{static}/images/big.jpg\" is" in f and "the limit is 1 MB [picture-size]" in f
               for f in found)
    assert any(":10: warning: the picture \"{static}/images/small.png\" is 500 pixels wide, narrower than the "
               "640-pixel article column" in f for f in found)
    assert len(found) == 2


def test_pictures_in_code_and_other_sites_pictures_are_left_alone(tmp_path):
    assert _check(tmp_path, "    ![x](images/in-code.jpg)\n\n`![y](images/z.jpg)`\n\n![Logo](https://nhs.example/l.png)") == []


def test_the_checks_gate_the_build_for_a_relative_address(build_site):
    site = build_site({"images/garden.jpg": photo(800, 600),
                       "blog/2026/a.md": POST.format(body="![The garden](images/garden.jpg)")})
    assert site.status == 1
    assert "blog/2026/a.md:8: error: the picture address" in site.messages
    assert site.messages.count("images/garden.jpg\" does not say") == 1


@pytest.mark.parametrize("bad", [{"widths": []}, {"widths": [0]}, {"widths": "400"}, {"quality": 0},
                                 {"max_mb": True}, {"sizes": '100vw" onload="x'}, {"width": 3}])
def test_a_wrong_setting_is_named(bad):
    with pytest.raises(SettingsError, match="PICTURES"):
        settings.merged({"PICTURES": bad})


def test_plan_never_enlarges():
    assert resize.plan(3000, [400, 800, 1280]) == [400, 800, 1280]
    assert resize.plan(900, [400, 800, 1280]) == [400, 800, 900]
    assert resize.plan(300, [400, 800, 1280]) == [300]


def test_a_missing_static_picture_is_named_once_with_the_nearest_name(build_site):
    site = build_site({"images/garden.jpg": photo(1400, 900),
                       "blog/2026/a.md": POST.format(body="![The garden in June]({static}/images/gardn.jpg)")})
    assert site.status == 1
    assert ('blog/2026/a.md:8: error: the link "{static}/images/gardn.jpg" points to a file that does not exist. '
            'Did you mean "{static}/images/garden.jpg"? [link-broken]') in site.messages
    assert "such as {static}/images/garden.jpg" in site.messages
    assert site.messages.count("gardn.jpg") == 1


def test_any_alt_and_title_keep_one_img_with_the_same_text():
    from bs4 import BeautifulSoup
    from content_safety.sanitiser import sanitise

    picture = {"resized": True, "src": "images/a-800w.1.jpg", "width": 800, "height": 400,
               "srcset": [("images/a-400w.1.webp", 400)]}

    @hypothesis_settings(max_examples=300, deadline=None)
    @given(st.text(), st.text())
    def check_one(alt, title):
        tag = BeautifulSoup("<img>", "html.parser").img
        tag["src"], tag["alt"], tag["title"] = "{static}/images/a.jpg", alt, title
        body = sanitise(f"<p>{tag}</p>")
        out = BeautifulSoup(markup.rewrite(body, lambda src: picture, "..", "100vw"), "html.parser")
        before = BeautifulSoup(body, "html.parser").img
        imgs = out.find_all("img")
        assert len(imgs) == (1 if before else 0)
        if before:
            assert imgs[0].get("alt") == before.get("alt") and imgs[0].get("title") == before.get("title")
            assert imgs[0]["srcset"] == "../images/a-400w.1.webp 400w"
            assert not [a for a in imgs[0].attrs if a.startswith("on")]

    check_one()


@pytest.mark.slow
def test_a_page_with_a_sized_photo_a_scheduled_banner_and_a_share_preview_is_valid_html(build_site):
    from test_html_validity import vnu_errors

    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"><rect width="300" height="150"/></svg>'
    body = "![Volunteers planting the garden]({static}/images/garden.jpg)\n\n![Bar chart]({static}/images/c.svg)"
    site = build_site({"images/garden.jpg": photo(1400, 900), "images/c.svg": svg,
                       "blog/2026/a.md": POST.format(body=body)}, SCHEDULING={"now": "2026-01-01T00:00+00:00"})
    assert site.status == 0, site.messages
    page = site.soup("blog/2026/a-post-with-a-photo/index.html")
    assert page.select_one(".app-scheduled-banner") and page.select_one(".app-share-preview")
    problems = vnu_errors(site.path("blog/2026/a-post-with-a-photo"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "when"), [
    ("IMG_20261128_142233.jpg", "28 November 2026 at 14:22"),          # Android cameras
    ("PXL_20261128_142233123.jpg", "28 November 2026 at 14:22"),       # Pixel
    ("20261128_142233.jpg", "28 November 2026 at 14:22"),              # Samsung
    ("Screenshot_20261128-142233.png", "28 November 2026 at 14:22"),
    ("WhatsApp Image 2026-11-28 at 14.22.33.jpeg", "28 November 2026 at 14:22"),
])
def test_a_camera_named_picture_is_told_its_name_says_when_it_was_taken(tmp_path, name, when):
    # The published copy has no EXIF date, but the name it is published under still says when it was taken.
    found = _check(tmp_path, f"![The garden]({{static}}/images/{name.replace(' ', '%20')})",
                   {f"images/{name}": photo(800, 600, "PNG" if name.endswith(".png") else "JPEG")})
    assert len(found) == 1, found
    assert f":8: warning: the picture's name says when it was taken ({when})" in found[0]
    assert "[picture-name]" in found[0] and "rename the file to say what it shows" in found[0]


@pytest.mark.parametrize("name", ["ward-garden.jpg", "agm-2026-09-24.jpg", "annual-report-2019.png", "IMG_1234.jpg",
                                  "20261399_142233.jpg", "team-20261128-1.jpg"])
def test_a_picture_named_for_what_it_shows_or_without_a_time_is_left_alone(tmp_path, name):
    data = photo(800, 600, "PNG" if name.endswith(".png") else "JPEG")
    assert _check(tmp_path, f"![The garden]({{static}}/images/{name})", {f"images/{name}": data}) == []


def _long(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def test_a_long_screenshot_gets_webp_copies_only_as_tall_as_webp_holds(build_site):
    # 1280 × 20,000: the 1280-wide WebP copy would be 20,000 pixels tall, past WebP's 16,383, and the build stopped
    # ("Image size exceeds WebP limit") though the checks found nothing wrong.
    site = build_site({"images/rota.png": _long(1280, 20000), "images/thin.png": _long(300, 20000),
                       "blog/2026/a.md": POST.format(body="![The ward rota for March]({static}/images/rota.png)\n\n"
                                                          "![The ward rota for April]({static}/images/thin.png)")})
    assert site.status == 0, site.messages
    rota, thin = site.soup("blog/2026/a-post-with-a-photo/index.html").select(".app-prose img")
    page_dir = site.path("blog/2026/a-post-with-a-photo/index.html").parent
    assert [c.strip().split(" ")[1] for c in rota["srcset"].split(",")] == ["400w", "800w"]
    for address in [c.strip().split(" ")[0] for c in rota["srcset"].split(",")]:
        with Image.open((page_dir / address).resolve()) as copy:
            assert copy.format == "WEBP" and copy.height <= resize.WEBP_MAX
    with Image.open((page_dir / rota["src"]).resolve()) as fallback:
        assert fallback.format == "PNG" and fallback.size == (1280, 20000)
    assert not thin.get("srcset") and (thin["width"], thin["height"]) == ("300", "20000")
