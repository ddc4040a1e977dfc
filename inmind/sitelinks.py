"""Pure: links in a post's text to pages of this site, written so they work wherever the site is published.

A post links to a theme, role or group page by its slug (``{theme}carers``, ``{role}carer``, ``{group}carer``)
and to any page by its address from the site's root (``/themes/carers/``). As written, neither works on a site
published in a folder (SITEURL ``https://example.org/inmind``): a browser takes ``/themes/carers/`` to
``https://example.org/themes/carers/``, outside the site. The build writes each as the address Pelican gives
its own links on that page: SITEURL and the path, or a relative path in preview.
"""

from __future__ import annotations

import html
import re

from pelican.utils import get_relative_path, path_to_url

from inmind.errors import did_you_mean

# A form and the slug after it; Pelican reads its own {tag} and the older |tag|, so ours read both spellings.
FORM = re.compile(r"^(?:\{(\w+)\}|\|(\w+)\|)([^?#]*)(.*)$", re.DOTALL)
# One link of sanitised HTML: nh3 writes every attribute in double quotes, with '"' escaped inside.
HREF = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")', re.IGNORECASE)
# An address from the site's root; "//" and "/\" lead to another host in browsers and are left to the sanitiser.
FROM_ROOT = re.compile(r"^/(?![/\\])")


def site_url_of(item):
    """Return the address prefix Pelican gives links on ``item``'s own page (relative in preview)."""
    if item.settings.get("RELATIVE_URLS"):
        return path_to_url(get_relative_path(item.save_as or "index.html"))
    return item.settings.get("SITEURL", "")


def split(address, forms):
    """Return (form, slug, rest) for an address written ``{form}slug#rest`` in one of ``forms``, or None."""
    match = FORM.match(address)
    if not match or (match.group(1) or match.group(2)) not in forms:
        return None
    return match.group(1) or match.group(2), match.group(3).strip("/"), match.group(4)


def joined(site_url, path):
    """Return the address of ``path`` (from the site's root, without its "/") as seen from a page."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def rewrite(body, site_url, targets):
    """Return (``body`` with every {form}slug and root link as its address from the page, the unknown ones).

    ``targets`` maps each form to ``{slug: path from the site's root}``; an unknown slug is left as written and
    returned (as written) for the caller to report.
    """
    unknown = []

    def one(match):
        opening, raw, closing = match.groups()
        address = html.unescape(raw)
        found = split(address, targets)
        if found:
            form, slug, rest = found
            path = targets[form].get(slug)
            if path is None:
                unknown.append(address)
                return match.group(0)
            address = joined(site_url, path.lstrip("/")) + rest
        elif FROM_ROOT.match(address) and site_url:
            address = joined(site_url, address[1:])
        else:
            return match.group(0)
        return f"{opening}{html.escape(address, quote=True)}{closing}"

    return (HREF.sub(one, body) if "href" in body else body), unknown


# What each form links to, in the words of a message.
NOUNS = {"theme": "theme", "role": "role", "group": "group of writers"}
SHOWN = 40


def unknown_slug(address, form, slug, slugs, unpublished=()):
    """Return (message, hint) for a {form}slug link whose slug has no page: the nearest slug, then the list.

    ``unpublished`` are the slugs only a draft, scheduled or hidden post names (inmind.published): their page is
    written once such a post is published, so the message says so rather than that the slug is unknown.
    """
    noun = NOUNS.get(form, form)
    if slug and slug in unpublished:
        return (f'the link "{address}" goes to the {noun} "{slug}", which only a draft or unpublished post names, '
                "so it has no page yet",
                "the link works once that post is published; until then remove the link, or publish that post first")
    names = sorted(slugs)
    listed = ", ".join(names[:SHOWN]) + (", …" if len(names) > SHOWN else "")
    message = f'the link "{address}" names no {noun} "{slug}".{did_you_mean(slug, names)}' if slug else \
        f'the link "{address}" names no {noun} after {{{form}}}'
    hint = (f"write one of these after {{{form}}}, exactly as here: {listed}" if names
            else f"this site has no {noun} pages yet; remove the link")
    return message, hint
