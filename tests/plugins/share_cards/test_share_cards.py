"""Share cards: a valid 1200 × 630 PNG per post from public text, cached by content; a post's own Share-image."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import child_pid, outlives_kill_9
from file_vetting.kinds import EXTENSIONS
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
    assert "field-unknown" not in site.messages


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


def _on_the_line(colour, background, text, slack=1):
    """Return True when ``colour`` is a blend of ``background`` and ``text`` (to within ``slack`` per channel)."""
    span = [t - b for b, t in zip(background, text, strict=True)]
    channel = max(range(3), key=lambda i: abs(span[i]))
    share = (colour[channel] - background[channel]) / span[channel]
    return 0 <= share <= 1 and all(abs(background[i] + share * span[i] - colour[i]) <= slack + 0.5 for i in range(3))


@pytest.mark.parametrize("tokens", [
    ":root { --app-color-dark-blue: #003087; --app-color-white: #fff; --app-color-focus: #ffeb3b; }",
    ":root { --app-color-dark-blue: #fff; --app-color-white: #000; --app-color-focus: #123; }",
])
def test_every_pixel_is_the_accent_or_a_blend_of_background_and_text(tokens):
    palette = draw.colours(tokens)
    png = draw.draw(draw.Card("Our ward garden: naïve café 🌱", "In Mind series", "In Mind"), palette,
                    settings.ShareCards().font, settings.ShareCards().font_regular)
    rgb = lambda name: Image.new("RGB", (1, 1), palette[name]).getpixel((0, 0))  # noqa: E731
    background, text, accent = rgb("dark-blue"), rgb("white"), rgb("focus")
    with Image.open(io.BytesIO(png)) as image:
        colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 16)}
    assert background in colours and text in colours and accent in colours  # glyphs have solid insides
    assert len(colours) > 50  # the edges are smoothed, not jagged
    assert all(c == accent or _on_the_line(c, background, text) for c in colours)


def test_the_same_card_is_the_same_bytes():
    card = draw.Card("Our ward garden", "In Mind series", "In Mind")
    fonts = settings.ShareCards().font, settings.ShareCards().font_regular
    assert draw.draw(card, {}, *fonts) == draw.draw(draw.Card(*vars(card).values()), {}, *fonts)


def _cards(site):
    return {p.name: p.read_bytes() for p in sorted(site.output.joinpath("share-cards").iterdir())}


def test_cards_drawn_in_a_second_process_are_those_drawn_in_the_build(build_site, tmp_path, monkeypatch):
    files = {f"blog/2026/p{n}.md": POST.format(title=f"Post number {n} about the garden", extra="") for n in range(4)}
    inline = build_site(files, CACHE_PATH=str(tmp_path / "cache-inline"))
    assert inline.status == 0, inline.messages
    expected = _cards(inline)
    monkeypatch.setattr(handlers, "BACKGROUND_MIN_CARDS", 1)
    started = []
    real = handlers.Drawer.__init__

    def counted(self, jobs):
        started.append(len(jobs))
        real(self, jobs)

    monkeypatch.setattr(handlers.Drawer, "__init__", counted)
    background = build_site(files, CACHE_PATH=str(tmp_path / "cache-background"))
    assert background.status == 0, background.messages
    assert started == [4]
    assert len(expected) == 4 and _cards(background) == expected
    assert "_state" in vars(handlers) and not handlers._state  # the run waited for its drawer and let it go


def test_a_drawer_that_fails_fails_the_build_in_words_and_keeps_the_last_good_site(build_site, tmp_path, monkeypatch):
    import errno

    files = {f"blog/2026/p{n}.md": POST.format(title=f"Post number {n}", extra="") for n in range(3)}
    good = build_site(files)
    assert good.status == 0, good.messages
    before = sorted(p.relative_to(good.output) for p in good.output.rglob("*"))

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(handlers, "BACKGROUND_MIN_CARDS", 1)
    monkeypatch.setattr(draw, "draw", full)
    site = build_site({"blog/2026/p0.md": POST.format(title="A new title to draw", extra="")},
                      CACHE_PATH=str(tmp_path / "cold"))
    assert site.status == 1
    assert "the disk is full" in site.messages and "Traceback" not in site.messages, site.messages
    assert sorted(p.relative_to(site.output) for p in site.output.rglob("*")) == before


def test_the_shared_parts_of_cards_follow_each_cards_own_site_and_series():
    fonts = settings.ShareCards().font, settings.ShareCards().font_regular

    def band(card, top, bottom):
        with Image.open(io.BytesIO(draw.draw(card, {}, *fonts))) as image:
            return image.crop((draw.MARGIN, top, draw.WIDTH - draw.MARGIN, bottom)).tobytes()

    series_band = (draw.HEIGHT - 100, draw.HEIGHT - 20)
    with_series = band(draw.Card("Title", "In Mind series", "In Mind"), *series_band)
    without = band(draw.Card("Title", "", "In Mind"), *series_band)
    other_series = band(draw.Card("Title", "Carers' voices series", "In Mind"), *series_band)
    assert set(without) == {0} and len(set(with_series)) > 2 and with_series != other_series
    assert band(draw.Card("Title", "", "In Mind"), 50, 120) != band(draw.Card("Title", "", "Another site"), 50, 120)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_with_kill_9_leaves_no_card_drawer_behind(tmp_path):
    # A killed build cannot stop its drawer; the drawer must end by itself rather than draw into a dead build.
    pid_file = tmp_path / "drawer.pid"
    script = tmp_path / "killed.py"
    script.write_text(
        "import os, time\n"
        "from pathlib import Path\n"
        "from share_cards import draw, handlers\n"
        "def slow(*args):\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(120)\n"
        "draw.draw = slow\n"
        f"handlers.Drawer([(None, None, (), Path({str(tmp_path / 'card.png')!r}), Path({str(tmp_path / 'out.png')!r}))])\n"
        "time.sleep(120)\n"
    )
    process = subprocess.Popen([sys.executable, str(script)], env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        drawer = child_pid(pid_file, process)
    except BaseException:
        process.kill()
        raise
    assert not outlives_kill_9(process, drawer), "the card drawer outlived the build that started it"



def _jobs(tmp_path, count):
    fonts = settings.ShareCards().font, settings.ShareCards().font_regular
    (tmp_path / "out").mkdir()
    return [(draw.Card(f"Post number {n} about the garden", "", "In Mind"), {}, fonts,
             tmp_path / "cache" / f"{n}.png", tmp_path / "out" / f"{n}.png") for n in range(count)]


def test_the_build_draws_the_cards_left_while_it_waits_each_card_once(tmp_path, monkeypatch):
    import time

    log, real, parent = tmp_path / "drawn.log", draw.draw, os.getpid()

    def logged(card, *args):
        if os.getpid() != parent:
            time.sleep(0.5)  # the drawer, starved of processor time by the rest of the machine
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {card.title}\n")
        return real(card, *args)

    monkeypatch.setattr(draw, "draw", logged)
    jobs = _jobs(tmp_path, 12)
    drawer = handlers.Drawer(jobs)
    drawer.wait()
    lines = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    titles = [title for _pid, title in lines]
    assert sorted(titles) == sorted(card.title for card, *_ in jobs), "a card was drawn twice, or not at all"
    # The build drew some itself rather than sit waiting (said by who drew them, not by a clock a busy machine slows).
    assert {pid for pid, _title in lines} == {str(parent), str(drawer._process.pid)}
    for card, palette, fonts, _cached, target in jobs:
        assert target.read_bytes() == real(card, palette, *fonts)


def test_cards_are_claimed_once_from_either_end():
    import multiprocessing

    claims = multiprocessing.get_context("fork").Array("i", [0, 5])
    taken = [handlers.claim(claims), handlers.claim(claims, last=True), handlers.claim(claims),
             handlers.claim(claims, last=True), handlers.claim(claims), handlers.claim(claims),
             handlers.claim(claims, last=True)]
    assert taken == [0, 4, 1, 3, 2, None, None]


def test_a_card_is_never_seen_half_copied_in_the_site(tmp_path, monkeypatch):
    # The finalized steps before finish_cards walk the output while the drawer copies; a card there is whole or absent.
    import shutil

    jobs = _jobs(tmp_path, 2)
    handlers.make_cards(jobs[:1])
    real, seen = shutil.copyfile, []

    def half_then_fail(source, target):
        seen.append(target)
        Path(target).write_bytes(Path(source).read_bytes()[:100])
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copyfile", half_then_fail)
    with pytest.raises(OSError):
        handlers.make_cards(jobs[1:])
    target = jobs[1][4]
    assert not target.exists(), "a half-copied card was left where the site's steps read pictures"
    assert seen and Path(seen[0]).suffix.lower() not in EXTENSIONS, "copied under a name read as a picture"
    monkeypatch.setattr(shutil, "copyfile", real)
    handlers.make_cards(jobs[1:])
    assert target.read_bytes() == jobs[1][3].read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["0.png", "1.png"]
