"""Signal receivers: write the editor into the output folder at the end of every build."""

from __future__ import annotations

import html
import json
import logging
import shutil
from pathlib import Path

from inmind.config import plugin_name
from inmind.errors import SettingsError
from inmind.published import listed_posts

from . import model, page, settings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
# Decap's own files: the main script, the chunks it loads on demand, its WebAssembly and its licences.
PACKAGE_FILES = ("decap-cms.js", "[0-9]*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")


def check_settings(pelican):
    """Validate EDITOR once, before any content is read."""
    config = settings.merged(pelican.settings)
    # The editor's Author, Themes and role boxes are filled from the co-production plugin's registries and its
    # fields, so without that plugin it could only fail later, with a message about the editor's own code.
    names = {plugin_name(plugin).rpartition(".")[2] for plugin in pelican.settings.get("PLUGINS") or []}
    if config.enabled and "coproduction" not in names:
        raise SettingsError(
            'the browser editor (the "editor" plugin in PLUGINS) needs the "coproduction" plugin, whose lists of '
            "writers and themes it offers",
            hint='add "coproduction" to PLUGINS in pelicanconf.py, or turn the editor off with '
                 'EDITOR = {"enabled": False}')


def site_root(pelican_settings, folder):
    """Return the site's root as the editor's page addresses it: relative in preview, absolute when published."""
    if pelican_settings.get("RELATIVE_URLS") or not pelican_settings.get("SITEURL"):
        return "../" * len(folder.split("/"))
    return pelican_settings["SITEURL"].rstrip("/") + "/"


def site_icon(pelican_settings, root):
    """Return the theme's favicon addressed from the editor's folder, or None (the theme is copied later)."""
    static = Path(pelican_settings["THEME"]) / "static"
    for name in ("images/favicon.svg", "images/favicon.png"):
        if (static / name).is_file():
            return f"{root}{pelican_settings.get('THEME_STATIC_DIR', 'theme')}/{name}"
    return None


def package_copies(pelican_settings):
    """Return {output path: package file} for Decap's files, which /admin/ gets byte for byte (inmind.verbatim)."""
    config = settings.merged(pelican_settings)
    if not config.enabled:
        return {}
    package = model.ROOT / config.package_dir
    return {f"{config.path}/{source.name}": source for pattern in PACKAGE_FILES for source in sorted(package.glob(pattern))}


def write_editor(generators):
    """Write /admin/: Decap's files from the pinned npm package, our scripts, the config and the page."""
    pelican_settings = generators[0].settings
    output_path = generators[0].output_path
    config = settings.merged(pelican_settings)
    if not config.enabled:
        return
    package = model.ROOT / config.package_dir
    if not (package / "decap-cms.js").is_file():
        logger.warning(
            "editor: Decap CMS is not installed (%s is missing), so /%s/ is not written; run ./dev setup, which "
            "installs the npm packages pinned in package-lock.json", package / "decap-cms.js", config.path)
        return
    target = Path(output_path) / config.path
    target.mkdir(parents=True, exist_ok=True)
    for rel, source in package_copies(pelican_settings).items():
        shutil.copyfile(source, Path(output_path) / rel)
    for source in sorted(STATIC.iterdir()):
        if source.is_file():
            shutil.copyfile(source, target / source.name)
    content_root = Path(pelican_settings["PATH"])
    vocab = model.vocabulary(content_root, pelican_settings)
    local = config.local_backend is not None
    if not local:
        # The hosted /admin/config.json is a public file: it names only writers the site already shows, so a new
        # writer whose only post is a draft, scheduled or hidden is not announced (README "The browser editor").
        vocab["authors"] = model.published_authors(vocab["authors"], listed_posts(generators))
    declared = model.declarations(pelican_settings)
    root = site_root(pelican_settings, config.path)
    here = "" if root.startswith("../") else f"{root}{config.path}/"
    editor = {
        "cms": model.decap_config(pelican_settings, config, content_root, vocab, local=local),
        "format": model.format_spec(vocab["authors"], model.known_fields(pelican_settings), declared),
        "messages": model.messages(model.check_settings.merged(pelican_settings), model.upload_rules(pelican_settings),
                                   declared, local=local),
        # The preview pane uses the stylesheets the home page links (read by inmind-admin.js when it starts).
        "site_root": root,
        "problems_url": config.problems_url,
        "content_prefix": model.repo_path(content_root),
    }
    text = json.dumps(editor, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (target / "config.json").write_text(text, encoding="utf-8")
    csp = page.csp(config, local=local)
    (target / "index.html").write_text(
        page.html_page(pelican_settings.get("SITENAME", ""), csp, pelican_settings.get("REFERRER_POLICY"),
                       site_icon(pelican_settings, root), here),
        encoding="utf-8",
    )
    logger.info("editor: wrote /%s/ (Decap CMS)", html.escape(config.path))
