"""Signal receivers: check the fonts once, then give every post its share picture (its own, or a drawn card)."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import shutil
from pathlib import Path

from file_vetting import settings as vetting_settings
from file_vetting.walk import publish_problems
from pelican.generators import ArticlesGenerator
from PIL import Image, ImageFont

from inmind import children
from inmind.errors import ContentError, SettingsError, metadata_line
from inmind.files import is_file
from inmind.media_cache import forget_unused

from . import draw, settings

CACHE_FOLDER = "share-cards"
# Below this many cards to draw, a second process costs more than it saves: they are drawn in the build's own.
BACKGROUND_MIN_CARDS = 50
# The drawing process runs at a lower priority: Pelican's own process is the build's critical path.
NICENESS = 10
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
        try:
            ImageFont.truetype(font, 12)
        except OSError as exc:  # a file that is not a font: say which setting, not "a fault in the site's code"
            raise SettingsError(f"the font for share cards cannot be read: {font} ({exc})",
                                hint="SHARE_CARDS['font'] and ['font_regular'] must name .ttf or .otf font files") from None


def _palette(settings_):
    tokens = Path(settings_.get("THEME") or "theme") / settings.merged(settings_).tokens
    try:
        return draw.colours(tokens.read_text(encoding="utf-8"))
    except OSError:
        return {}


def problem(value, alt, root, vetting, site_settings):
    """Return (message, hint) for what is wrong with a Share-image and its alt text, or None."""
    rel = value.removeprefix("{static}").removeprefix("|static|").lstrip("/")
    target = Path(root) / rel
    hint = "put the picture in content/images/ and write Share-image: {static}/images/its-name.jpg"
    if not value.startswith(("{static}", "|static|")) or ".." in Path(rel).parts:
        return f'Share-image "{value}" must name a picture of the site, such as {{static}}/images/garden.jpg', hint
    if not is_file(target):
        return f'Share-image "{value}" does not exist', hint
    if target.suffix.lower() not in SHARE_KINDS:
        return f'Share-image "{value}" must be a .jpg or .png (social sites do not show other kinds)', hint
    # The site's rule for every file it publishes as it is: vetted, and in one of its static folders.
    refused = publish_problems(target, root, site_settings, vetting)
    if refused:
        return f'Share-image "{value}": {refused[0].message}', refused[0].hint
    if not alt:
        return NO_ALT
    return None


def _own_picture(article, root, vetting, site_settings):
    """Return the post's Share-image as a share dict, or None; a wrong one is an error with its line."""
    value = str(article.metadata.get("share-image") or "").strip()
    if not value:
        return None
    alt = " ".join(str(article.metadata.get("share-image-alt") or "").split())
    found = problem(value, alt, root, vetting, site_settings)
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
    """Give every post ``share_card``: its Share-image, or a card drawn (or taken from the cache) from its title.

    A card's name and size do not depend on its pixels, so pages can name it at once; the cards
    themselves are drawn while Pelican writes the pages (in a second process on a large site), and
    ``finish_cards`` waits for them before anything else reads the output folder.
    """
    jobs = []
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
        # A publish build writes no drafts (scheduled posts wait among them): their cards would show their titles.
        drafts = generator.drafts if generator.settings.get("DRAFT_SAVE_AS") else []
        for article in [*generator.articles, *drafts]:
            own = _own_picture(article, generator.settings["PATH"], vetting, generator.settings)
            if own:
                article.share_card = own
                continue
            card = draw.Card(draw.clean(article.title), _series(article), site)
            key = card.key(palette, stamps)
            name = f"{key[:20]}.png"
            output.mkdir(parents=True, exist_ok=True)
            jobs.append((card, palette, fonts, cache / key[:2] / f"{key}.png", output / name))
            article.share_card = {"path": f"{config.folder}/{name}", "width": draw.WIDTH, "height": draw.HEIGHT,
                                  "alt": f"{card.title}: {site}", "type": "image/png"}
    _stop_drawer()
    built = generators[0].settings if generators else {}
    if built and not built.get("DRAFT_SAVE_AS"):
        # A publish build: once every card is in place, the cache keeps only this build's (inmind.media_cache).
        _state["forget"] = (Path(built.get("CACHE_PATH") or "cache") / CACHE_FOLDER, [job[3] for job in jobs])
    to_draw = sum(not cached.is_file() for _, _, _, cached, _ in jobs)
    if to_draw >= BACKGROUND_MIN_CARDS and "fork" in multiprocessing.get_all_start_methods():
        _state["drawer"] = Drawer(jobs)
    else:
        make_cards(jobs)


def make_cards(jobs):
    """Draw each card the cache lacks into the cache, and copy every card into the site being built."""
    for card, palette, fonts, cached, target in jobs:
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            temp = cached.with_name(f".{cached.name}.{os.getpid()}")
            temp.write_bytes(draw.draw(card, palette, *fonts))
            os.replace(temp, cached)
        # Into the site through a name no step reads as a picture, then renamed: the drawer copies while the
        # finalized steps before finish_cards (the published copies' rewrite, the early real-name search) walk the
        # output, and a card caught half-copied was refused as a damaged picture.
        part = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            shutil.copyfile(cached, part)
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)


# The run's card drawer: draw_cards starts it, finish_cards waits for it (finalized), a new run stops a stale one.
_state = {}


class Drawer:
    """``make_cards`` in a forked process, on the core Pelican leaves free while it writes the pages.

    The drawer takes the jobs from the front; the build, once it has to wait for the cards, draws the
    rest from the back itself rather than sit idle, so each card is drawn once, by whoever gets to it first.
    """

    def __init__(self, jobs):
        context = multiprocessing.get_context("fork")
        self._jobs = jobs
        # [next job from the front, end of the jobs left]: the drawer and the build each claim one at a time.
        self._claims = context.Array("i", [0, len(jobs)])
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_drawer_child,
                                        args=(writer, self._reader, jobs, os.getpid(), self._claims), daemon=True)
        self._process.start()
        writer.close()

    def wait(self):
        """Wait until every card is in place, drawing those still left; raise what stopped the drawing, if anything."""
        try:
            while (index := claim(self._claims, last=True)) is not None:
                make_cards([self._jobs[index]])
        except BaseException:
            self.stop()
            raise
        try:
            failure = self._reader.recv()
        except EOFError:
            failure = RuntimeError("the share card process stopped without a word")
        finally:
            self._process.join()
            self._reader.close()
        if failure is not None:
            raise failure

    def stop(self):
        """End the drawer at once (the build stopped before it waited for it)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._reader.close()


# How long a claim waits for the other side's (a moment's) hold on the claims; a side killed holding it stops the other
# from taking more, never from finishing: the build then waits for the drawer's word, as before.
CLAIM_WAIT = 5.0


def claim(claims, *, last=False):
    """Return the index of the next job left (the first, or the ``last``) and take it, or None when none is left."""
    lock = claims.get_lock()
    if not lock.acquire(timeout=CLAIM_WAIT):
        return None
    try:
        if claims[0] >= claims[1]:
            return None
        if last:
            claims[1] -= 1
            return claims[1]
        claims[0] += 1
        return claims[0] - 1
    finally:
        lock.release()


def _drawer_child(writer, reader, jobs, parent_pid, claims=None):
    reader.close()
    failure = None
    try:
        # A build killed with kill -9 cannot stop its drawer; it must not go on drawing into a dead build.
        children.die_with_parent(parent_pid)
        if NICENESS:
            os.nice(NICENESS)
        if claims is None:
            make_cards(jobs)
        while claims is not None and (index := claim(claims)) is not None:
            make_cards([jobs[index]])
    except BaseException as exc:  # noqa: BLE001 - the build reports it when it waits (finish_cards)
        failure = exc
    try:
        writer.send(failure)
    except Exception:  # noqa: BLE001 - an exception that cannot be pickled still fails the build, in words
        writer.send(RuntimeError(f"{failure.__class__.__name__}: {failure}"))
    finally:
        writer.close()
        os._exit(0)


def _stop_drawer():
    _state.pop("forget", None)  # a run that stopped before finish_cards forgets nothing in the next
    drawer = _state.pop("drawer", None)
    if drawer is not None:
        drawer.stop()


# A build that stops with an error never reaches finalized; end its drawer with the process.
atexit.register(_stop_drawer)


def finish_cards(pelican):
    """Wait until every share card is drawn and in the site, before the finishing steps read the output folder."""
    drawer = _state.pop("drawer", None)
    if drawer is not None:
        drawer.wait()
    forget = _state.pop("forget", None)
    if forget is not None:
        forget_unused(*forget)
