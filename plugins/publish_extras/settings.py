"""The ``PUBLISH_EXTRAS`` setting, as a typed object checked once per build."""

from dataclasses import dataclass
from typing import ClassVar

from inmind.errors import SettingsError
from inmind.typed_settings import (
    Invalid,
    flag,
    is_text,
    load,
    mapping,
    number,
    relative_path,
    shown,
    strings,
    text,
)

IMMUTABLE = "public, max-age=31536000, immutable"
# Each of these comes from its own setting (the CSP and REFERRER_POLICY, which the pages' <meta> tags also use,
# and the cache rules): a second copy in 'headers' would contradict it.
OWNED_ELSEWHERE = ("content-security-policy", "referrer-policy", "cache-control")


def _is_header_value(value):
    return is_text(value) and "\n" not in value


def _is_headers(value):
    return isinstance(value, dict) and all(is_text(k) and _is_header_value(v) for k, v in value.items())


def _is_folder(value):
    return is_text(value) and bool(value.strip("/"))


def _headers(found):
    for name, value in found.items():
        if "\n" in value or ":" in name or not name.strip():
            raise Invalid(f"has an invalid header {shown(name)}: {shown(value)}")
        if name.lower() in OWNED_ELSEWHERE:
            raise Invalid(
                f"must not set {name}",
                hint="the policies come from the CSP and REFERRER_POLICY settings, which the pages' <meta> tags "
                "also use, and caching from 'immutable'/'default_cache': each fact lives in one place",
            )
    return found


def _extensions(found):
    bad = [e for e in found if not e.startswith(".") or e in (".gz", ".br")]
    if bad:
        raise Invalid(f"has {shown(bad[0])}", hint="list extensions with a dot, like \".html\"; never .gz or .br")
    return found


@dataclass(frozen=True)
class PublishExtras:
    """PUBLISH_EXTRAS: robots.txt, the _headers file and its cache rules, and the compressed copies."""

    NAME: ClassVar[str] = "PUBLISH_EXTRAS"
    EXAMPLE: ClassVar[str] = '{"robots": True}'

    # robots.txt: lines "Disallow: <path>" for these paths (relative to the site root), plus the sitemap address.
    robots: bool = flag(True)
    robots_disallow: tuple = strings([])
    # The sitemap file written by pelican-sitemap (its SITEMAP setting's format decides the extension).
    sitemap: str = relative_path("sitemap.xml")
    # _headers for Netlify and Cloudflare Pages (hosts that do not read it serve it as a harmless file).
    headers_file: str = relative_path("_headers")
    # Added to the CSP setting in the header only: a <meta> CSP cannot carry these directives.
    csp_header_only: tuple = strings(["frame-ancestors 'none'"])
    # Sent with every response, in this order (with the CSP and REFERRER_POLICY settings before them).
    headers: dict = mapping(
        {
            "X-Content-Type-Options": "nosniff",
            # Powerful features the site never uses, off for it and for the video frames it embeds.
            # Autoplay, fullscreen and picture-in-picture stay at the browser default so videos work.
            "Permissions-Policy": (
                "browsing-topics=(), camera=(), display-capture=(), geolocation=(), interest-cohort=(), "
                "microphone=(), payment=(), usb=()"
            ),
            "Cross-Origin-Opener-Policy": "same-origin",
        },
        must="must map header names to string values", then=_headers,
    )
    # Folders with security headers of their own (the browser editor): {folder: {header: value}}. Their CSP
    # is the one in the folder's index.html <meta> tag; the site-wide rules are written so as not to match them.
    separate: dict = mapping({}, keys=_is_folder, values=_is_headers,
                             must="must map folder names to {header: value} dictionaries")
    # Folders (relative to the output) whose files carry a content hash in their names: cached for a year.
    immutable: tuple = strings(["theme/css", "theme/js", "pagefind/fragment", "pagefind/index", "pagefind/filter"])
    immutable_cache: str = text(IMMUTABLE)
    # Everything else (HTML, feeds, images, Pagefind's entry files): short, so corrections reach readers quickly.
    default_cache: str = text("public, max-age=300")
    # Cloudflare Pages reads at most 100 rules; beyond this the short-cache rules are left to the host's default.
    max_rules: int = number(100, whole=True, low=4)
    # .gz and .br copies of text files, written last, for servers that send precompressed files
    # (nginx gzip_static/brotli_static, Caddy precompressed). Smaller files gain nothing.
    compress: bool = flag(True)
    compress_extensions: tuple = strings([".atom", ".css", ".html", ".js", ".json", ".svg", ".txt", ".xml"],
                                         then=_extensions)
    compress_min_size: int = number(256, whole=True, low=0, must="must be a number of bytes")
    # Brotli 8 is within 10% of the smallest (11) at a thirtieth of the time: measured in docs/benchmarks.md.
    brotli_quality: int = number(8, whole=True, low=0, high=11)


def merged(settings):
    """Return the checked PUBLISH_EXTRAS setting (checked once per settings object), or raise SettingsError."""
    return load(settings, PublishExtras)


def site_url(settings):
    """Return SITEURL, which must be absolute for a sitemap and robots.txt to be valid."""
    url = (settings.get("SITEURL") or "").rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise SettingsError(
            f"the publish build needs an absolute SITEURL, not {url!r}",
            hint="set the SITE_URL environment variable, for example SITE_URL=https://inmind.example.nhs.uk",
        )
    return url
