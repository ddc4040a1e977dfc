"""Settings for the production build (``invoke publish``); only what differs from preview."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

# Set SITE_URL in the environment for each host; the default is where the Trust hosts it.
SITEURL = os.environ.get("SITE_URL", "https://inmind.example.nhs.uk").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
AUTHOR_FEED_ATOM = "feeds/authors/{slug}.atom.xml"

ASSETS = {"hash": True, "minify": True}
