"""Baseline (a) for the benchmarks: plain Pelican, its default theme, no plugins, the same posts.

Only what is needed to read the synthetic corpus is set; everything else is Pelican's default
(feeds, categories, tags and author pages included), so this is "Pelican out of the box".
The benchmark passes PATH and OUTPUT_PATH as overrides.
"""

SITENAME = "In Mind (plain Pelican baseline)"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
PATH = "content"
# The same posts and pages as the site; AGM summaries are read by a plugin of ours, so leave them out.
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = ["agm", "pages"]
PAGE_EXCLUDES = ["agm", "blog"]
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
