"""The ``PICTURES`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # Widths, in pixels, each picture is resized to (never wider than the picture itself). 400 suits a
    # phone, 800 a phone with a sharp screen, 1280 the 640-pixel column on a sharp laptop screen.
    "widths": [400, 800, 1280],
    # JPEG and WebP quality (0-100): 75 (cwebp's own default) looks the same as the original at these sizes,
    # and keeps an article with one photo under 150 KB on a phone even for a photo full of fine detail.
    "quality": 75,
    # Largest picture file an officer may add, in megabytes; bigger ones are usually straight off a camera.
    "max_mb": 2,
    # The article column's width at a 1280-pixel window (tokens.css --app-measure, 40rem): narrower
    # pictures are stretched or look small, so the checks warn.
    "column_px": 640,
    # How wide the picture is shown, for the browser to pick a size before it has the CSS (the column,
    # less the page's side padding on narrow screens).
    "sizes": "(min-width: 42rem) 40rem, calc(100vw - 2rem)",
}


def merged(settings):
    """Return PICTURES merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "PICTURES", DEFAULTS, '{"max_mb": 2}')
    widths = config["widths"]
    if (not isinstance(widths, list | tuple) or not widths
            or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 4000 for w in widths)):
        raise SettingsError(f"PICTURES['widths'] must be a list of widths in pixels (16 to 4000), not {widths!r}",
                            hint="for example [400, 800, 1280]")
    for key, low, high in (("quality", 1, 100), ("max_mb", 0.01, 100), ("column_px", 1, 4000)):
        value = config[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise SettingsError(f"PICTURES[{key!r}] must be a number from {low} to {high}, not {value!r}")
    if not isinstance(config["sizes"], str) or not config["sizes"].strip() or any(c in config["sizes"] for c in "<>\"'&"):
        raise SettingsError(f"PICTURES['sizes'] must be a plain sizes value, not {config['sizes']!r}")
    return {**config, "widths": sorted(set(widths))}
