"""The ``PUBLISH_EXTRAS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

IMMUTABLE = "public, max-age=31536000, immutable"

DEFAULTS = {
    # robots.txt: lines "Disallow: <path>" for these paths (relative to the site root), plus the sitemap address.
    "robots": True,
    "robots_disallow": [],
    # The sitemap file written by pelican-sitemap (its SITEMAP setting's format decides the extension).
    "sitemap": "sitemap.xml",
    # _headers for Netlify and Cloudflare Pages (hosts that do not read it serve it as a harmless file).
    "headers_file": "_headers",
    # Added to the CSP setting in the header only: a <meta> CSP cannot carry these directives.
    "csp_header_only": ["frame-ancestors 'none'"],
    # Sent with every response, in this order (with the CSP and REFERRER_POLICY settings before them).
    "headers": {
        "X-Content-Type-Options": "nosniff",
        # Powerful features the site never uses, off for it and for the video frames it embeds.
        # Autoplay, fullscreen and picture-in-picture stay at the browser default so videos work.
        "Permissions-Policy": (
            "browsing-topics=(), camera=(), display-capture=(), geolocation=(), interest-cohort=(), "
            "microphone=(), payment=(), usb=()"
        ),
        "Cross-Origin-Opener-Policy": "same-origin",
    },
    # Folders with security headers of their own (the browser editor): {folder: {header: value}}. Their CSP
    # is the one in the folder's index.html <meta> tag; the site-wide rules are written so as not to match them.
    "separate": {},
    # Folders (relative to the output) whose files carry a content hash in their names: cached for a year.
    "immutable": ["theme/css", "theme/js", "pagefind/fragment", "pagefind/index", "pagefind/filter"],
    "immutable_cache": IMMUTABLE,
    # Everything else (HTML, feeds, images, Pagefind's entry files): short, so corrections reach readers quickly.
    "default_cache": "public, max-age=300",
    # Cloudflare Pages reads at most 100 rules; beyond this the short-cache rules are left to the host's default.
    "max_rules": 100,
    # .gz and .br copies of text files, written last, for servers that send precompressed files
    # (nginx gzip_static/brotli_static, Caddy precompressed). Smaller files gain nothing.
    "compress": True,
    "compress_extensions": [".atom", ".css", ".html", ".js", ".json", ".svg", ".txt", ".xml"],
    "compress_min_size": 256,
    # Brotli 8 is within 10% of the smallest (11) at a thirtieth of the time: measured in docs/benchmarks.md.
    "brotli_quality": 8,
}

_BOOLS = ("robots", "compress")
_STRINGS = ("sitemap", "headers_file", "immutable_cache", "default_cache")
_LISTS = ("robots_disallow", "csp_header_only", "immutable", "compress_extensions")


def merged(settings):
    """Return PUBLISH_EXTRAS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "PUBLISH_EXTRAS", DEFAULTS, '{"robots": True}')
    for key in _BOOLS:
        if not isinstance(config[key], bool):
            raise SettingsError(f"PUBLISH_EXTRAS[{key!r}] must be True or False, not {config[key]!r}")
    for key in _STRINGS:
        if not isinstance(config[key], str) or not config[key].strip():
            raise SettingsError(f"PUBLISH_EXTRAS[{key!r}] must be a non-empty string, not {config[key]!r}")
    for key in _LISTS:
        value = config[key]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"PUBLISH_EXTRAS[{key!r}] must be a list of strings, not {value!r}")
    headers = config["headers"]
    if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise SettingsError("PUBLISH_EXTRAS['headers'] must map header names to string values")
    for name, value in headers.items():
        if "\n" in value or ":" in name or not name.strip():
            raise SettingsError(f"PUBLISH_EXTRAS['headers'] has an invalid header {name!r}: {value!r}")
        if name.lower() in ("content-security-policy", "referrer-policy", "cache-control"):
            raise SettingsError(
                f"PUBLISH_EXTRAS['headers'] must not set {name}",
                hint="the policies come from the CSP and REFERRER_POLICY settings, which the pages' <meta> tags "
                "also use, and caching from 'immutable'/'default_cache': each fact lives in one place",
            )
    separate = config["separate"]
    if not isinstance(separate, dict) or not all(
        isinstance(folder, str) and folder.strip("/") and isinstance(own, dict)
        and all(isinstance(k, str) and isinstance(v, str) and "\n" not in v for k, v in own.items())
        for folder, own in separate.items()
    ):
        raise SettingsError("PUBLISH_EXTRAS['separate'] must map folder names to {header: value} dictionaries")
    if not isinstance(config["max_rules"], int) or config["max_rules"] < 4:
        raise SettingsError(f"PUBLISH_EXTRAS['max_rules'] must be a whole number of at least 4, not {config['max_rules']!r}")
    if not isinstance(config["compress_min_size"], int) or config["compress_min_size"] < 0:
        raise SettingsError(f"PUBLISH_EXTRAS['compress_min_size'] must be a number of bytes, not {config['compress_min_size']!r}")
    quality = config["brotli_quality"]
    if not isinstance(quality, int) or isinstance(quality, bool) or not 0 <= quality <= 11:
        raise SettingsError(f"PUBLISH_EXTRAS['brotli_quality'] must be a whole number from 0 to 11, not {quality!r}")
    bad = [e for e in config["compress_extensions"] if not e.startswith(".") or e in (".gz", ".br")]
    if bad:
        raise SettingsError(
            f"PUBLISH_EXTRAS['compress_extensions'] has {bad[0]!r}", hint="list extensions with a dot, like \".html\"; never .gz or .br"
        )
    return config


def site_url(settings):
    """Return SITEURL, which must be absolute for a sitemap and robots.txt to be valid."""
    url = (settings.get("SITEURL") or "").rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise SettingsError(
            f"the publish build needs an absolute SITEURL, not {url!r}",
            hint="set the SITE_URL environment variable, for example SITE_URL=https://inmind.example.nhs.uk",
        )
    return url
