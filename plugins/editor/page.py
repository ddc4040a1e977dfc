"""Pure: the editor's HTML page and its Content-Security-Policy."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

# Loaded in this order: the manual-init flag, Decap, our format and date box, then our set-up (which calls CMS.init).
SCRIPTS = ("inmind-manual-init.js", "decap-cms.js", "inmind-format.js", "inmind-date.js", "inmind-problems.js",
           "inmind-admin.js")


def origin(url):
    """Return scheme://host[:port] of an address."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp(config, *, local):
    """Return the editor's CSP: the configured policy plus the local backend and sign-in helper it talks to."""
    extra = []
    if local and config.local_backend:
        extra.append(origin(config.local_backend))
    if config.base_url:
        extra.append(origin(config.base_url))
    directives = []
    for directive in (d.strip() for d in config.csp.split(";") if d.strip()):
        if directive.split()[0] == "connect-src" and extra:
            directive = " ".join([directive, *sorted(set(extra))])
        directives.append(directive)
    return "; ".join(directives)


def html_page(sitename, policy, referrer=None, icon=None, base=""):
    """Return /admin/index.html: no inline script or style, so the CSP needs no hashes.

    ``base`` is the editor folder's address when pages use absolute addresses (publish builds).
    """
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy, quote=False)}">',
        '<meta name="robots" content="noindex, nofollow">',
    ]
    if referrer:
        head.append(f'<meta name="referrer" content="{escape(referrer)}">')
    head.append(f"<title>Editor · {escape(sitename)}</title>")
    if icon:
        head.append(f'<link rel="icon" href="{escape(icon)}">')
    head.append(f'<link rel="stylesheet" href="{escape(base)}inmind-admin.css">')
    head += [f'<script src="{escape(base + name)}"></script>' for name in SCRIPTS]
    return "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n" + "\n".join(head) + "\n</head>\n<body>\n</body>\n</html>\n"
