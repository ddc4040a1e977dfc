"""The ``PICTURES`` setting, as a typed object checked once per build."""

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import Invalid, custom, is_real_number, load, number, shown, text


def _widths(widths):
    if (not isinstance(widths, list | tuple) or not widths
            or not all(is_real_number(w, whole=True) and 16 <= w <= 4000 for w in widths)):
        raise Invalid(f"must be a list of widths in pixels (16 to 4000), not {shown(widths)}",
                      hint="for example [400, 800, 1280]")
    return tuple(sorted(set(widths)))


def _plain(sizes):
    # The value goes into an HTML attribute as it is: nothing that could close it or start markup.
    if any(c in sizes for c in "<>\"'&"):
        raise Invalid(f"must be a plain sizes value, not {shown(sizes)}")
    return sizes


@dataclass(frozen=True)
class Pictures:
    """PICTURES: the sizes each picture is resized to, and the limits the checks apply."""

    NAME: ClassVar[str] = "PICTURES"
    EXAMPLE: ClassVar[str] = '{"max_mb": 2}'

    # Widths, in pixels, each picture is resized to (never wider than the picture itself). 400 suits a
    # phone, 800 a phone with a sharp screen, 1280 the 640-pixel column on a sharp laptop screen.
    widths: tuple = custom([400, 800, 1280], _widths)
    # JPEG and WebP quality (0-100): 75 (cwebp's own default) looks the same as the original at these sizes,
    # and keeps an article with one photo under 150 KB on a phone even for a photo full of fine detail.
    quality: int = number(75, low=1, high=100)
    # Largest picture file an officer may add, in megabytes; bigger ones are usually straight off a camera.
    max_mb: float = number(2, low=0.01, high=100)
    # The article column's width at a 1280-pixel window (tokens.css --app-measure, 40rem): narrower
    # pictures are stretched or look small, so the checks warn.
    column_px: int = number(640, low=1, high=4000)
    # How wide the picture is shown, for the browser to pick a size before it has the CSS (the column,
    # less the page's side padding on narrow screens).
    sizes: str = text("(min-width: 42rem) 40rem, calc(100vw - 2rem)", then=_plain)


def merged(settings):
    """Return the checked PICTURES setting (checked once per settings object), or raise SettingsError."""
    return load(settings, Pictures)
