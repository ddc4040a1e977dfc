"""Settings for the production build (``invoke publish``); only what differs from preview."""

import os

# Builds run from the project folder (./dev, invoke, python -m inmind.build), so pelicanconf imports from there.
from pelicanconf import *  # noqa: F403

# Set SITE_URL in the environment for each host; the default is where the Trust hosts it.
SITEURL = os.environ.get("SITE_URL", "https://inmind.example.nhs.uk").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
AUTHOR_FEED_ATOM = "feeds/authors/{slug}.atom.xml"

ASSETS = {"hash": True, "minify": True}
VIDEO_EMBEDS = {**VIDEO_EMBEDS, "transcript_required": "error"}  # noqa: F405
AGM = {**AGM, "feed_atom": "feeds/agm.atom.xml"}  # noqa: F405
SHARE_CARDS = {**SHARE_CARDS, "preview": False}  # noqa: F405
# The hosted editor signs in to GitHub and opens pull requests on this repository (set by GitHub Actions;
# EDITOR_REPO overrides it); the sign-in helper's address is EDITOR_AUTH_URL (see docs/editing.md).
EDITOR = {
    **EDITOR,  # noqa: F405
    "local_backend": None,
    "problems_url": None,
    "repo": os.environ.get("EDITOR_REPO") or os.environ.get("GITHUB_REPOSITORY", ""),
    "base_url": os.environ.get("EDITOR_AUTH_URL", ""),
}

# --- Only published content: posts dated in the future wait for their time (plugins/scheduling holds
# them by its clock; the deploy workflow runs hourly, so they go live within the hour); drafts and
# scheduled posts are never written (preview them with `./dev serve`).
WITH_FUTURE_DATES = False
# Every draft pattern, the languages' too: a draft (or a scheduled post) with a Lang: line was written by
# Pelican's DRAFT_LANG_SAVE_AS to drafts/ on the live site.
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""

# --- Production extras: sitemap, robots.txt, _headers, precompressed copies ---
# pelican-sitemap (installed, pinned) writes sitemap.xml; plugins/publish_extras writes robots.txt and
# _headers, then .gz and .br copies last, after the search index and asset bundles.
PLUGINS = [*PLUGINS, "pelican.plugins.sitemap", "publish_extras"]  # noqa: F405
SITEMAP = {
    "format": "xml",
    # Only pages worth finding from a search engine: not the 404 page, the search page or list pages 2, 3….
    "exclude": [r"^404\.html$", r"^search/", r"(^|/)page/\d+/$", r"^drafts/", rf"^{EDITOR['path']}/"],  # noqa: F405
    "changefreqs": {"articles": "monthly", "pages": "monthly", "indexes": "daily"},
}
PUBLISH_EXTRAS = {
    "sitemap": "sitemap.xml",
    "compress": True,
    # The editor is for officers, not for search engines, and has a CSP of its own (from its page's <meta>).
    # A GitHub sign-in pop-up must keep its link back to the editor, which "same-origin" would cut.
    "robots_disallow": [f"{EDITOR['path']}/"],  # noqa: F405
    "separate": {EDITOR["path"]: {"Cross-Origin-Opener-Policy": "same-origin-allow-popups"}},  # noqa: F405
}
