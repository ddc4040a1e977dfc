"""Pure: draw a 1200 × 630 share card from a post's public title and series, in the theme's colours."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageColor, ImageDraw, ImageFont, PngImagePlugin  # noqa: F401 - PNG support loaded now

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
VERSION = "2"  # bump when the drawing changes, so cached cards are drawn again
# A card is drawn as a mask (0 is the background, TEXT full text colour, ACCENT the accent bar) and saved
# with a palette that maps each mask level to its colour: the same picture as drawing in colour, to within
# 1 in 255 per channel, encoded in a tenth of the time and half the bytes of an RGB PNG.
TEXT, ACCENT = 254, 255
# zlib's fast levels (1 to 3) already halve the old RGB cards; level 6 would save 4 KB more at twice the time.
COMPRESS_LEVEL = 3
TOKEN = re.compile(r"--app-color-([a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b")
# Characters that draw nothing but could still change a card's key.
INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class Card:
    """What a card shows: public text only (the post's title, its series and the site's name)."""

    title: str
    series: str
    site: str

    def key(self, colours, fonts):
        """Return the content hash naming this card: its text, colours, fonts and drawing version."""
        parts = [VERSION, self.title, self.series, self.site, repr(sorted(colours.items())), *fonts]
        return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def colours(css):
    """Return ``{name: "#rrggbb"}`` from the theme's ``--app-color-*`` tokens."""
    return {name: value for name, value in TOKEN.findall(css)}


def clean(text):
    """Return ``text`` on one line without invisible characters."""
    return " ".join(INVISIBLE.sub("", str(text or "")).split())


def wrap(text, font, width, lines):
    """Return ``text`` broken into at most ``lines`` lines of ``width`` pixels, or None if it does not fit."""
    out, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if font.getlength(trial) <= width:
            current = trial
            continue
        if current:
            out.append(current)
        current = word
        if font.getlength(word) > width or len(out) >= lines:
            return None
    out.append(current)
    return out if len(out) <= lines else None


@lru_cache(maxsize=32)
def _font(path, size):
    # Reading a font file costs more than drawing a card's text; every card uses the same few.
    return ImageFont.truetype(path, size)


def _fit_title(title, path):
    for size in (76, 68, 60, 54, 48, 44):
        font = _font(path, size)
        lines = wrap(title, font, WIDTH - 2 * MARGIN, 4)
        if lines:
            return font, lines
    font = _font(path, 44)
    words, kept = title.split(" "), []
    # Too long even small: keep whole words that fit in four lines, and end with an ellipsis.
    for word in words:
        if wrap(" ".join([*kept, word]) + " …", font, WIDTH - 2 * MARGIN, 4) is None:
            break
        kept.append(word)
    shown = " ".join(kept) + " …" if kept else title[:40] + "…"
    return font, wrap(shown, font, WIDTH - 2 * MARGIN, 4) or [shown[:40]]


def _rgb(value):
    return ImageColor.getrgb(value)[:3]


def palette_of(palette):
    """Return the PNG palette: mask level ``i`` (0 to TEXT) blends background into text; ACCENT is the accent."""
    return list(_levels(palette.get("dark-blue", "#003087"), palette.get("white", "#ffffff"),
                        palette.get("focus", "#ffeb3b")))


@lru_cache(maxsize=8)
def _levels(background, text, accent):
    # Every card of a build has the same three colours: work out their 256 entries once.
    background, text = _rgb(background), _rgb(text)
    levels = []
    for level in range(TEXT + 1):
        levels += [(b * (TEXT - level) + t * level + TEXT // 2) // TEXT for b, t in zip(background, text, strict=True)]
    return tuple(levels + list(_rgb(accent)))


@lru_cache(maxsize=8)
def _base(site, series, bold, regular):
    # What every card of a site and series shares (the accent bar, the site's name, the series line) is
    # drawn once; each card then adds only its title. The parts never overlap, so the order is free.
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, 24, HEIGHT], fill=ACCENT)
    pen.text((MARGIN, 64), site, font=_font(bold, 40), fill=TEXT)
    if series:
        small = _font(regular, 34)
        series = series if small.getlength(series) <= WIDTH - 2 * MARGIN else series[:60] + "…"
        pen.text((MARGIN, HEIGHT - 64 - 34), series, font=small, fill=TEXT)
    return image


def draw(card, palette, bold, regular):
    """Return the card as PNG bytes."""
    image = _base(card.site, card.series, bold, regular).copy()
    pen = ImageDraw.Draw(image)
    font, lines = _fit_title(card.title, bold)
    line_height = round(font.size * 1.2)
    top = (HEIGHT - line_height * len(lines)) // 2 + 10
    for number, line in enumerate(lines):
        pen.text((MARGIN, top + number * line_height), line, font=font, fill=TEXT)
    image.putpalette(palette_of(palette))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=COMPRESS_LEVEL)
    return out.getvalue()
