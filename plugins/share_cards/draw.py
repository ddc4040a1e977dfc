"""Pure: draw a 1200 × 630 share card from a post's public title and series, in the theme's colours."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
VERSION = "1"  # bump when the drawing changes, so cached cards are drawn again
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


def draw(card, palette, bold, regular):
    """Return the card as PNG bytes."""
    background = palette.get("dark-blue", "#003087")
    text = palette.get("white", "#ffffff")
    accent = palette.get("focus", "#ffeb3b")
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, 24, HEIGHT], fill=accent)
    pen.text((MARGIN, 64), card.site, font=_font(bold, 40), fill=text)
    font, lines = _fit_title(card.title, bold)
    line_height = round(font.size * 1.2)
    top = (HEIGHT - line_height * len(lines)) // 2 + 10
    for number, line in enumerate(lines):
        pen.text((MARGIN, top + number * line_height), line, font=font, fill=text)
    if card.series:
        small = _font(regular, 34)
        series = card.series if small.getlength(card.series) <= WIDTH - 2 * MARGIN else card.series[:60] + "…"
        pen.text((MARGIN, HEIGHT - 64 - 34), series, font=small, fill=text)
    out = io.BytesIO()
    # Plain zlib level 6: optimize=True or a palette would save about 5 to 20 KB a card at three times the time.
    image.save(out, "PNG", compress_level=6)
    return out.getvalue()
