"""Share cards: a valid 1200 × 630 PNG per post from public text, cached by content; a post's own Share-image."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from share_cards import draw, handlers, settings

from inmind.errors import SettingsError

POST = """Title: {title}
Date: 2026-01-05 09:00
Author: Communications Team
Summary: A post about the ward garden.
{extra}
Some words about co-production.
"""
PAGE = "blog/2026/{slug}/index.html"


def _card(site, slug):
    doc = site.soup(PAGE.format(slug=slug))
    src = doc.find("meta", property="og:image")["content"]
    return doc, (site.path(PAGE.format(slug=slug)).parent / src).resolve()


def test_a_post_gets_a_valid_1200_by_630_png_card_and_large_image_metadata(build_site):
    site = build_site({"blog/2026/a.md": POST.format(title="Our ward garden", extra="")})
    assert site.status == 0, site.messages
    doc, card = _card(site, "our-ward-garden")
    assert card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(card) as image:
        image.verify()
    with Image.open(card) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert doc.find("meta", property="og:image:width")["content"] == "1200"
    assert doc.find("meta", property="og:image:height")["content"] == "630"
    assert doc.find("meta", property="og:image:alt")["content"] == "Our ward garden: In Mind"


def test_cards_use_the_themes_colours():
    css = ":root { --app-color-dark-blue: #123456; --app-color-white: #fff; --app-color-focus: #ffeb3b; }"
    palette = draw.colours(css)
    png = draw.draw(draw.Card("A title", "", "In Mind"), palette, settings.ShareCards().font,
                    settings.ShareCards().font_regular)
    with Image.open(io.BytesIO(png)) as image:
        assert image.convert("RGB").getpixel((600, 600)) == (0x12, 0x34, 0x56)
        assert image.convert("RGB").getpixel((5, 300)) == (0xff, 0xeb, 0x3b)


@pytest.mark.parametrize("title", [
    "A", "Supercalifragilisticexpialidocious" * 3, " ".join(["word"] * 80), "<script>alert(1)</script> & \u202e",
    "Ćwiczenia, café, naïve, 🌱 garden", "A\u200bB\u0000C",
])
def test_any_title_draws_a_card_of_the_right_size(title):
    png = draw.draw(draw.Card(draw.clean(title), "In Mind series", "In Mind"), {}, settings.ShareCards().font,
                    settings.ShareCards().font_regular)
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1200, 630)


def test_cards_are_cached_by_content_so_a_rebuild_draws_none(build_site, monkeypatch):
    files = {"blog/2026/a.md": POST.format(title="Our ward garden", extra="")}
    first = build_site(files)
    _, card = _card(first, "our-ward-garden")
    before = card.read_bytes()
    monkeypatch.setattr(draw, "draw", lambda *a: pytest.fail("a cached card was drawn again"))
    site = build_site(files)
    assert site.status == 0, site.messages
    assert _card(site, "our-ward-garden")[1].read_bytes() == before


def test_a_changed_title_gets_a_new_card(build_site, tmp_path):
    first = build_site({"blog/2026/a.md": POST.format(title="Our ward garden", extra="Slug: garden\n")})
    old = _card(first, "garden")[0].find("meta", property="og:image")["content"]
    (tmp_path / "content/blog/2026/a.md").write_text(POST.format(title="Our ward garden in June", extra="Slug: garden\n"))
    site = build_site()
    assert _card(site, "garden")[0].find("meta", property="og:image")["content"] != old


def test_a_cards_key_holds_only_public_text():
    card = draw.Card("Title", "In Mind series", "In Mind")
    assert set(vars(card)) == {"title", "series", "site"}  # never an author, so never a real name


def _photo(size=(1200, 630)):
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "JPEG")
    return out.getvalue()


def test_a_posts_own_share_image_and_its_alt_text(build_site):
    site = build_site({"images/garden.jpg": _photo(),
                       "blog/2026/a.md": POST.format(title="Our ward garden", extra="Share-image: {static}/images/garden.jpg\n"
                                                     "Share-image-alt: Lavender in flower in the ward garden\n")})
    assert site.status == 0, site.messages
    doc = site.soup(PAGE.format(slug="our-ward-garden"))
    assert doc.find("meta", property="og:image")["content"].endswith("images/garden.jpg")
    assert doc.find("meta", property="og:image:alt")["content"] == "Lavender in flower in the ward garden"
    assert doc.find("meta", property="og:image:type")["content"] == "image/jpeg"
    assert "metadata-unknown" not in site.messages


@pytest.mark.parametrize(("extra", "message"), [
    ("Share-image: {static}/images/garden.jpg\n", "Share-image has no Share-image-alt"),
    ("Share-image: images/garden.jpg\nShare-image-alt: A garden\n", "must name a picture of the site"),
    ("Share-image: {static}/images/gone.jpg\nShare-image-alt: A garden\n", "does not exist"),
    ("Share-image: {static}/../../etc/passwd\nShare-image-alt: A garden\n", "must name a picture of the site"),
])
def test_a_wrong_share_image_stops_the_build_at_its_line(build_site, extra, message):
    site = build_site({"images/garden.jpg": _photo(), "blog/2026/a.md": POST.format(title="Our ward garden", extra=extra)})
    assert site.status == 1
    assert "blog/2026/a.md:5: error: " in site.messages and message in site.messages, site.messages
    assert site.messages.count(message) == 1  # named by the checks; the build's own guard stays quiet


def test_preview_shows_how_the_post_looks_when_shared_and_publish_does_not(build_site):
    files = {"blog/2026/a.md": POST.format(title="Our ward garden", extra="")}
    site = build_site(files)
    box = site.soup(PAGE.format(slug="our-ward-garden")).select_one(".app-share-preview")
    assert box.select_one(".app-share-preview__title").get_text() == "Our ward garden"
    assert box.select_one(".app-share-preview__summary").get_text() == "A post about the ward garden."
    assert box.select_one(".app-share-preview__address").get_text() == "…/blog/2026/our-ward-garden/"
    assert box.select_one("img")["alt"] == "Our ward garden: In Mind"
    quiet = build_site(files, SHARE_CARDS={"preview": False})
    assert quiet.soup(PAGE.format(slug="our-ward-garden")).select_one(".app-share-preview") is None
    from conftest import ROOT

    from inmind.build import load_settings

    assert settings.merged(load_settings(ROOT / "publishconf.py")).preview is False


def test_a_missing_font_is_a_clear_error():
    class Pelican:
        settings = {"SHARE_CARDS": {"font": "/nonexistent/Font.ttf"}}

    with pytest.raises(SettingsError, match="font for share cards is not installed") as raised:
        handlers.validate_settings(Pelican())
    assert "fonts-liberation" in raised.value.hint


@pytest.mark.parametrize("bad", [{"preview": "yes"}, {"font": ""}, {"colour": "red"}])
def test_a_wrong_setting_is_named(bad):
    with pytest.raises(SettingsError, match="SHARE_CARDS"):
        settings.merged({"SHARE_CARDS": bad})
