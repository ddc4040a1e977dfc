"""Signal receivers: write the editor into the output folder at the end of every build."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
from pathlib import Path

from . import model, page, settings

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
# Decap's own files: the main script, the chunks it loads on demand, its WebAssembly and its licences.
PACKAGE_FILES = ("decap-cms.js", "[0-9]*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
STYLESHEET = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet["']?[^>]*\bhref=["']([^"'>\s]+)""", re.IGNORECASE)


def check_settings(pelican):
    """Validate EDITOR once, before any content is read."""
    settings.merged(pelican.settings)


def site_stylesheets(output, folder):
    """Return the stylesheets the site's pages link, as addresses relative to the editor's folder."""
    for name in ("index.html", "404.html"):
        page_file = Path(output) / name
        if page_file.is_file():
            links = STYLESHEET.findall(page_file.read_text(encoding="utf-8", errors="replace"))
            depth = "../" * len(folder.split("/"))
            return [link if re.match(r"^(https?:)?/", link) else depth + link for link in links]
    return []


def site_icon(output, folder):
    """Return the site's favicon as an address relative to the editor's folder, or None."""
    for name in ("theme/images/favicon.svg", "theme/images/favicon.png"):
        if (Path(output) / name).is_file():
            return "../" * len(folder.split("/")) + name
    return None


def write_editor(pelican):
    """Write /admin/: Decap's files from the pinned npm package, our scripts, the config and the page."""
    config = settings.merged(pelican.settings)
    if not config["enabled"]:
        return
    package = model.ROOT / config["package_dir"]
    if not (package / "decap-cms.js").is_file():
        logger.warning(
            "editor: Decap CMS is not installed (%s is missing), so /%s/ is not written; run ./dev setup, which "
            "installs the npm packages pinned in package-lock.json", package / "decap-cms.js", config["path"])
        return
    target = Path(pelican.output_path) / config["path"]
    target.mkdir(parents=True, exist_ok=True)
    for pattern in PACKAGE_FILES:
        for source in sorted(package.glob(pattern)):
            shutil.copyfile(source, target / source.name)
    for source in sorted(STATIC.iterdir()):
        if source.is_file():
            shutil.copyfile(source, target / source.name)
    content_root = Path(pelican.settings["PATH"])
    vocab = model.vocabulary(content_root, pelican.settings)
    local = config["local_backend"] is not None
    editor = {
        "cms": model.decap_config(pelican.settings, config, content_root, vocab, local=local),
        "format": model.format_spec(vocab["authors"]),
        "messages": model.messages(model.check_settings.merged(pelican.settings)),
        "preview_styles": site_stylesheets(pelican.output_path, config["path"]),
        "problems_url": config["problems_url"],
        "content_prefix": model.repo_path(content_root),
    }
    text = json.dumps(editor, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    (target / "config.json").write_text(text, encoding="utf-8")
    csp = page.csp(config, local=local)
    (target / "index.html").write_text(
        page.html_page(pelican.settings.get("SITENAME", ""), csp, pelican.settings.get("REFERRER_POLICY"),
                       site_icon(pelican.output_path, config["path"])),
        encoding="utf-8",
    )
    logger.info("editor: wrote /%s/ (Decap CMS)", html.escape(config["path"]))
