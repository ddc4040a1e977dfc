"""Settings for local preview builds (``invoke build`` / ``./dev serve``)."""

# --- Site identity (the one place for these facts) ---
SITENAME = "In Mind"
SITESUBTITLE = "Guest blogs on co-production, and our Annual General Meeting hub"
TRUST_NAME = "Mersey Care NHS Foundation Trust"
# The Trust's main website, linked from the header and footer ("" for no link), and its logo: an .svg or
# .png in content/images/, shown beside its name in the header ("" for none). Never a file on another site.
TRUST_URL = "https://www.merseycare.nhs.uk/"
TRUST_LOGO = ""
AUTHOR = "Communications Team"
SITEURL = ""
RELATIVE_URLS = True
DEFAULT_LANG = "en-GB"
TIMEZONE = "Europe/London"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

# --- Content ---
PATH = "content"
ARTICLE_PATHS = ["blog"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "documents"]
# Transcripts and AGM summaries are read by our plugins, not as ordinary articles or pages.
ARTICLE_EXCLUDES = ["agm", "transcripts", "pages"]
PAGE_EXCLUDES = ["agm", "transcripts", "blog"]
# Files and folders whose names start with "." (macOS's "._post.md", editors' notes) are never content: the build
# skips them as the checks do (inmind.check reads this same list). Pelican's own "**/.*" never matches a bare name.
IGNORE_FILES = [".*"]
DEFAULT_CATEGORY = "Guest blogs"
# With category pages switched off Pelican gives posts no category, and then fails writing drafts;
# every post gets this one (no category pages are written: CATEGORY_SAVE_AS is empty below).
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_PAGINATION = 10
SUMMARY_MAX_LENGTH = 50
TYPOGRIFY = False
# Metadata is plain text, escaped wherever it is printed; Pelican would otherwise run Summary: through
# Markdown and print it as HTML. Only the sanitised post body (and our plugins' own markup) is HTML.
FORMATTED_FIELDS = []
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# --- URLs: folders with index.html, so addresses stay short and stable ---
ARTICLE_URL = "blog/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "blog/{date:%Y}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
# A Lang: line never moves a file: Pelican's own patterns wrote a post in Welsh to /SLUG-cy.html, outside blog/,
# where the checks never looked for it (the pages say DEFAULT_LANG either way).
ARTICLE_LANG_URL, ARTICLE_LANG_SAVE_AS = ARTICLE_URL, ARTICLE_SAVE_AS
DRAFT_LANG_URL, DRAFT_LANG_SAVE_AS = DRAFT_URL, DRAFT_SAVE_AS
PAGE_LANG_URL, PAGE_LANG_SAVE_AS = PAGE_URL, PAGE_SAVE_AS
DRAFT_PAGE_LANG_URL, DRAFT_PAGE_LANG_SAVE_AS = "drafts/pages/{slug}.html", "drafts/pages/{slug}.html"
# Themes and roles replace Pelican's categories and tags.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "authors"]
TEMPLATE_PAGES = {"404.html": "404.html"}
# "/page/N/" can never collide with another slug, unlike Pelican's default "{name}{number}".
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# --- Feeds: off in preview; publishconf.py turns them on ---
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# --- Theme ---
THEME = "theme"
# Every template escapes what it prints; HTML is printed only when it is markupsafe.Markup (our plugins'
# own markup, JSON-LD) or the sanitised body (`content | safe`). The rest are Pelican's defaults, except
# auto_reload: templates never change during a build (each build makes new environments), and with it on
# every include and import checks its file's date again, about 27,000 times at 1,000 posts.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "auto_reload": False}
THEME_STATIC_DIR = "theme"
MENUITEMS_FIRST = []  # the theme builds its own menu from NAV_ITEMS
NAV_ITEMS = [
    ("Home", ""),
    ("All posts", "archives/"),
    ("Themes", "themes/"),
    ("AGM hub", "agm/"),
    ("About", "about/"),
]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
# The one Content-Security-Policy: the theme's <meta> tag and the host's _headers file both use it.
# 'wasm-unsafe-eval' lets the search index's WebAssembly run; frame-src admits only the two video hosts.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
)
# Likewise one Referrer-Policy for the <meta name="referrer"> tag and the _headers file.
REFERRER_POLICY = "strict-origin-when-cross-origin"

# --- Plugins: ours live in plugins/, each with one dict setting ---
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["series", "assets", "content_safety", "file_vetting", "article_extras", "site_search", "video_embeds", "agm",
           "coproduction", "editor", "scheduling", "pictures", "safeguarding", "share_cards"]
# Only Markdown (and sanitised HTML) is read; content_safety refuses .rst. Should docutils ever run, it may
# neither pass raw HTML through nor pull in other files.
DOCUTILS_SETTINGS = {"raw_enabled": False, "file_insertion_enabled": False}
ASSETS = {"hash": False, "minify": False}
# A video without a transcript is a warning here and an error in publish builds.
VIDEO_EMBEDS = {"transcript_required": "warning"}
# No AGM feed in preview, like the other feeds; publishconf.py turns it on.
AGM = {"feed_atom": None}
ARTICLE_EXTRAS = {"words_per_minute": 200}
# The browser editor at /admin/ (plugins/editor); `./dev edit` opens it on this working copy.
EDITOR = {"path": "admin", "local_backend": "http://127.0.0.1:8081/api/v1"}

# Under each post, the preview shows how it will look when shared (publishconf.py turns it off).
SHARE_CARDS = {"preview": True}

# --- Preview conveniences ---
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
