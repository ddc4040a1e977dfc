"""Signal receivers: check the fonts once, then give every post its share picture (its own, or a drawn card)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from file_vetting import settings as vetting_settings
from file_vetting.vet import vet
from pelican.generators import ArticlesGenerator
from PIL import Image

from inmind.errors import ContentError, SettingsError, metadata_line

from . import draw, settings

CACHE_FOLDER = "share-cards"
SHARE_KINDS = (".jpg", ".jpeg", ".png")
# A picture without its alt text, in the build's words (the browser editor refuses it in the same words).
NO_ALT = ("Share-image has no Share-image-alt",
          "add 'Share-image-alt:' describing the picture for people who cannot see it")


def validate_settings(pelican):
    """Stop the build at once if SHARE_CARDS is wrong or its fonts are not installed."""
    config = settings.merged(pelican.settings)
    for font in (config.font, config.font_regular):
        if not Path(font).is_file():
            raise SettingsError(f"the font for share cards is not installed: {font}",
                                hint="run ./dev setup, which installs Debian's fonts-liberation (or: sudo apt-get "
                                     "install fonts-liberation); SHARE_CARDS['font'] can name another .ttf file")


def _palette(settings_):
    tokens = Path(settings_.get("THEME") or "theme") / settings.merged(settings_).tokens
    try:
        return draw.colours(tokens.read_text(encoding="utf-8"))
    except OSError:
        return {}


def problem(value, alt, root, vetting):
    """Return (message, hint) for what is wrong with a Share-image and its alt text, or None."""
    rel = value.removeprefix("{static}").removeprefix("|static|").lstrip("/")
    target = Path(root) / rel
    hint = "put the picture in content/images/ and write Share-image: {static}/images/its-name.jpg"
    if not value.startswith(("{static}", "|static|")) or ".." in Path(rel).parts:
        return f'Share-image "{value}" must name a picture of the site, such as {{static}}/images/garden.jpg', hint
    if not target.is_file():
        return f'Share-image "{value}" does not exist', hint
    if target.suffix.lower() not in SHARE_KINDS:
        return f'Share-image "{value}" must be a .jpg or .png (social sites do not show other kinds)', hint
    refused = vet(target, root, vetting)
    if refused:
        return f'Share-image "{value}": {refused[0].message}', refused[0].hint
    if not alt:
        return NO_ALT
    return None


def _own_picture(article, root, vetting):
    """Return the post's Share-image as a share dict, or None; a wrong one is an error with its line."""
    value = str(article.metadata.get("share-image") or "").strip()
    if not value:
        return None
    alt = " ".join(str(article.metadata.get("share-image-alt") or "").split())
    found = problem(value, alt, root, vetting)
    if found:
        path = article.source_path
        raise ContentError(found[0], path=path, line=metadata_line(path, "Share-image"), hint=found[1])
    rel = value.removeprefix("{static}").removeprefix("|static|").lstrip("/")
    with Image.open(Path(root) / rel) as image:
        width, height = image.size
    return {"path": Path(rel).as_posix(), "width": width, "height": height, "alt": alt,
            "type": "image/png" if rel.lower().endswith(".png") else "image/jpeg"}


def _series(article):
    series = getattr(article, "series", None)
    name = series.get("name") if isinstance(series, dict) else article.metadata.get("series")
    return f"{draw.clean(name)} series" if name else ""


def draw_cards(generators):
    """Give every post ``share_card``: its Share-image, or a card drawn (or taken from the cache) from its title."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        config = settings.merged(generator.settings)
        vetting = vetting_settings.merged(generator.settings)
        palette = _palette(generator.settings)
        fonts = (config.font, config.font_regular)
        stamps = [f"{Path(f).name}:{os.stat(f).st_size}" for f in fonts]
        cache = Path(generator.settings.get("CACHE_PATH") or "cache") / CACHE_FOLDER
        output = Path(generator.output_path) / config.folder
        site = draw.clean(generator.settings.get("SITENAME", ""))
        for article in [*generator.articles, *generator.drafts]:
            own = _own_picture(article, generator.settings["PATH"], vetting)
            if own:
                article.share_card = own
                continue
            card = draw.Card(draw.clean(article.title), _series(article), site)
            key = card.key(palette, stamps)
            cached = cache / key[:2] / f"{key}.png"
            if not cached.is_file():
                cached.parent.mkdir(parents=True, exist_ok=True)
                temp = cached.with_name(f".{cached.name}.{os.getpid()}")
                temp.write_bytes(draw.draw(card, palette, *fonts))
                os.replace(temp, cached)
            name = f"{key[:20]}.png"
            output.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, output / name)
            article.share_card = {"path": f"{config.folder}/{name}", "width": draw.WIDTH, "height": draw.HEIGHT,
                                  "alt": f"{card.title}: {site}", "type": "image/png"}
