"""Pure: the text of robots.txt."""

from __future__ import annotations

from collections.abc import Iterable

from .headers import base_path


def robots_txt(site_url: str, sitemap: str, disallow: Iterable[str] = ()) -> str:
    """Return robots.txt allowing everything except ``disallow`` and naming the sitemap's absolute address."""
    base = base_path(site_url)
    rules = [f"Disallow: {base}/{path.lstrip('/')}" for path in disallow] or ["Allow: /"]
    return "User-agent: *\n" + "\n".join(rules) + f"\n\nSitemap: {site_url.rstrip('/')}/{sitemap.lstrip('/')}\n"
