"""Signal receivers: robots.txt, _headers, compressed copies, and reproducible sitemap dates."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from inmind.errors import SettingsError

from . import compress, headers, robots, settings

logger = logging.getLogger(__name__)
META_CSP = re.compile(r"""<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


# The run's early compressor: started at initialized, fed at content_written, emptied at "compress".
_state = {}


def _stop_compressor():
    compressor = _state.pop("compressor", None)
    if compressor is not None:
        compressor.close()


def check_settings(pelican):
    """Validate PUBLISH_EXTRAS and SITEURL once, before any content is read; get the compression ready."""
    config = settings.merged(pelican.settings)
    settings.site_url(pelican.settings)
    _stop_compressor()  # a run that failed before "compress" left its compressor behind
    _state.clear()
    if config.compress:
        _state["compressor"] = compress.EarlyCompressor(config.compress_extensions, config.compress_min_size,
                                                        config.brotli_quality)
        _state["output"] = Path(pelican.output_path)


def compress_soon(path, context=None, **_):
    """Compress a page or feed Pelican has just written, on a worker thread while Pelican renders the next one.

    With the first, the files already in the output (those plugins wrote once everything was read, such as
    the editor's scripts) are queued too.
    """
    compressor = _state.get("compressor")
    if compressor is None:
        return
    compressor.add(path)
    if not _state.get("scanned"):
        _state["scanned"] = True
        for existing in _state["output"].rglob("*"):
            if existing.is_file():
                compressor.add(existing, again=False)


def newest_date(generators):
    """Return the newest date of any published article or page, or None."""
    dates = []
    for generator in generators:
        for attr in ("articles", "pages"):
            dates += [item.date for item in getattr(generator, attr, []) or [] if getattr(item, "date", None)]
    return max(dates, default=None)


def date_index_pages(generators):
    """Give index pages (home, archives, authors…) the newest content date as their sitemap lastmod.

    pelican-sitemap dates pages without a date of their own with the time the plugin was imported,
    which makes every build differ; the newest content date is both reproducible and true.
    """
    try:
        from pelican.plugins.sitemap import sitemap as sitemap_plugin
    except ImportError:  # the sitemap plugin is not installed: nothing to date
        return
    newest = newest_date(generators)
    if newest is not None:
        sitemap_plugin.generator.now = newest


def output_files(output: Path, skip: set[str]):
    """Return every file in the output as a path relative to it."""
    return [p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file() and p.name not in skip]


def write_extras(pelican):
    """Write robots.txt and _headers once every other finalized receiver has written its files."""
    config = settings.merged(pelican.settings)
    site_url = settings.site_url(pelican.settings)
    output = Path(pelican.output_path)
    if config.robots:
        text = robots.robots_txt(site_url, config.sitemap, config.robots_disallow)
        (output / "robots.txt").write_text(text, encoding="utf-8")

    early = _state.get("compressor")
    copies = {p.relative_to(output).as_posix() for p in early.written()} if early is not None else set()
    # Compressed copies made while the pages were written are not part of the site's list of files yet.
    files = [f for f in output_files(output, {config.headers_file}) if f not in copies]
    rules = headers.cache_rules(files, config.immutable, config.immutable_cache, config.default_cache)
    security = security_headers(pelican.settings, config)
    separate = separate_headers(output, config, security)
    security_rules = len(headers.sections(files, separate)) + len(separate) if separate else 1
    if len(rules) + security_rules > config.max_rules:
        rules = [rule for rule in rules if rule[1] == config.immutable_cache]
        logger.info(
            "publish_extras: more than %d header rules; short-cache rules left to the host's default",
            config.max_rules,
        )
    text = headers.render(security, rules, headers.base_path(site_url), separate, files)
    (output / config.headers_file).write_text(text, encoding="utf-8")


def security_headers(pelican_settings, config):
    """Return the site-wide security headers: the CSP and Referrer-Policy settings, then the configured ones."""
    security = {"Content-Security-Policy": headers.csp_header(pelican_settings["CSP"], config.csp_header_only)}
    if pelican_settings.get("REFERRER_POLICY"):
        security["Referrer-Policy"] = pelican_settings["REFERRER_POLICY"]
    security.update(config.headers)
    return security


def separate_headers(output: Path, config, security):
    """Return {folder: headers} for the separate folders present: their own page's CSP, then their overrides."""
    separate = {}
    for folder, own in sorted(config.separate.items()):
        page = output / folder.strip("/") / "index.html"
        if not page.is_file():
            continue
        match = META_CSP.search(page.read_text(encoding="utf-8", errors="replace"))
        if not match:
            raise SettingsError(f"PUBLISH_EXTRAS['separate'] names {folder!r}, whose index.html has no CSP <meta> tag")
        csp = html.unescape(match.group(1) or match.group(2) or "")
        separate[folder.strip("/")] = {**security, "Content-Security-Policy": headers.csp_header(csp, config.csp_header_only), **own}
    return separate


def write_compressed(pelican):
    """Write .gz and .br copies of every text file, after robots.txt, _headers and the search index exist."""
    config = settings.merged(pelican.settings)
    compressor = _state.pop("compressor", None)
    early = compressor.finish() if compressor is not None else {}
    if not config.compress:
        return
    count = compress.compress_tree(
        Path(pelican.output_path), config.compress_extensions, config.compress_min_size, config.brotli_quality,
        early=early,
    )
    logger.info("publish_extras: wrote %d compressed copies", count)
