"""Pure: give each <img> of the sanitised body its sizes, srcset and lazy loading, from our own data only."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from file_vetting.links import linked_file

# The sanitiser (nh3) writes every attribute in double quotes with "<", ">" and '"' escaped, so a tag ends
# at the first ">".
IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
ATTR = re.compile(r'([^\s="/]+)(?:="([^"]*)")?')
STATIC = re.compile(r"^(?:\{static\}|\|static\|)")
# The attributes this step writes; an author's own values for them are replaced, never trusted.
OURS = ("src", "srcset", "sizes", "width", "height", "loading", "decoding")


def attributes(inner):
    """Return the attributes of an <img> tag as an ordered dict of unescaped values."""
    return {name.lower(): html.unescape(value or "") for name, value in ATTR.findall(inner)}


def target(src, item_dir):
    """Return the content-relative path a ``{static}`` picture address names, or None for any other address."""
    return linked_file(src, item_dir, forms=STATIC, from_root=False)


def url(site_path, site_url):
    """Return the address of a file of the site, as seen from the page (``site_url`` may be ``../..``)."""
    return f"{site_url.rstrip('/')}/{quote(site_path)}" if site_url else quote(site_path)


def tag(attrs, picture, site_url, sizes):
    """Return the <img> tag for ``attrs`` with ``picture``'s sizes; every value escaped."""
    kept = {k: v for k, v in attrs.items() if k not in OURS}
    out = {"src": url(picture["src"], site_url) if picture.get("resized") else attrs["src"]}
    out.update(kept)
    if picture.get("srcset"):
        out["srcset"] = ", ".join(f"{url(path, site_url)} {w}w" for path, w in picture["srcset"])
        out["sizes"] = sizes
    out["width"], out["height"] = str(picture["width"]), str(picture["height"])
    out["loading"], out["decoding"] = "lazy", "async"
    return "<img " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in out.items()) + ">"


def rewrite(body, lookup, site_url, sizes):
    """Return ``body`` with each <img> that ``lookup(src)`` knows given its sizes; other tags unchanged."""

    def one(match):
        attrs = attributes(match.group(1))
        picture = lookup(attrs.get("src", ""))
        return tag(attrs, picture, site_url, sizes) if picture else match.group(0)

    return IMG.sub(one, body) if "<img" in body.lower() else body
