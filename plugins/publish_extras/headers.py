"""Pure: the ``_headers`` file (Netlify / Cloudflare Pages format) from settings and the output's file list."""

from __future__ import annotations

from collections.abc import Iterable

from inmind.urls import path_of

HEADER = (
    "# Response headers for hosts that read a _headers file (Netlify, Cloudflare Pages).\n"
    "# Written by plugins/publish_extras on every publish build: change the CSP setting in pelicanconf.py\n"
    "# or PUBLISH_EXTRAS in publishconf.py, never this file. Each path matches one Cache-Control rule only,\n"
    "# because hosts join or override values when several rules match.\n"
)


def base_path(site_url: str) -> str:
    """Return the path part of the site's address without a trailing slash ('' at a domain's root)."""
    return path_of(site_url).rstrip("/")


def csp_header(csp: str, header_only: Iterable[str]) -> str:
    """Return the CSP meta-tag value extended with directives only a header can carry."""
    directives = [d.strip() for d in csp.split(";") if d.strip()]
    names = {d.split()[0].lower() for d in directives}
    directives += [d.strip() for d in header_only if d.strip() and d.split()[0].lower() not in names]
    return "; ".join(directives)


def _is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


def cache_rules(files: Iterable[str], immutable: Iterable[str], immutable_cache: str, default_cache: str):
    """Return ``[(pattern, cache_control)]`` so that every file matches exactly one rule.

    ``files`` are output paths relative to the site root (``blog/2017/x/index.html``). Folders of
    hashed files get one ``/folder/*`` rule; folders holding no hashed folder get one short-cache
    ``/folder/*`` rule; folders that mix both are split into their files and subfolders.
    """
    files = sorted(set(files))
    present = sorted({d.strip("/") for d in immutable if any(_is_under(f, d.strip("/")) for f in files)})

    def mixed(folder):
        return any(_is_under(d, folder) and d != folder for d in present) if folder else True

    rules = []

    def walk(folder):
        prefix = f"{folder}/" if folder else ""
        if folder in present:
            rules.append((f"/{folder}/*", immutable_cache))
            return
        if not mixed(folder):
            rules.append((f"/{folder}/*", default_cache))
            return
        children = sorted({f[len(prefix):].split("/", 1)[0] for f in files if f.startswith(prefix)})
        for name in children:
            path = prefix + name
            if path in files:
                if name == "index.html":
                    rules.append((f"/{prefix}", default_cache))
                rules.append((f"/{path}", default_cache))
            else:
                walk(path)

    walk("")
    return rules


def sections(files: Iterable[str], separate: Iterable[str]) -> list[str]:
    """Return patterns covering every file outside the ``separate`` folders: one per top-level file or folder.

    Hosts join the headers of every rule that matches, so a folder with headers of its own (the editor,
    with its own CSP) must not also match the site-wide rule: the site-wide headers go on each other
    top-level entry instead of ``/*``.
    """
    separate = {folder.strip("/") for folder in separate}
    patterns = []
    for top in sorted({f.split("/", 1)[0] + ("/" if "/" in f else "") for f in files}):
        if top.endswith("/"):
            if top[:-1] not in separate:
                patterns.append(f"/{top}*")
        else:
            patterns += ["/", f"/{top}"] if top == "index.html" else [f"/{top}"]
    return patterns


def render(security: dict, rules, base: str = "", separate: dict | None = None, files: Iterable[str] = ()) -> str:
    """Return the text of the _headers file; ``separate`` maps folders to headers of their own."""
    lines = [HEADER]
    for pattern in sections(files, separate) if separate else ["/*"]:
        lines += ([""] if len(lines) > 1 else []) + [f"{base}{pattern}"]
        lines += [f"  {name}: {value}" for name, value in security.items()]
    for folder, own in sorted((separate or {}).items()):
        lines += ["", f"{base}/{folder.strip('/')}/*"] + [f"  {name}: {value}" for name, value in own.items()]
    for pattern, cache in rules:
        lines += ["", f"{base}{pattern}", f"  Cache-Control: {cache}"]
    return "\n".join(lines) + "\n"
