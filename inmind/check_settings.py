"""The ``CHECKS`` setting of the editorial checker: defaults, merge and validation."""

from __future__ import annotations

from inmind.errors import SettingsError, did_you_mean

SEVERITIES = ("error", "warning", "off")

# Every check the editorial checker runs, with its default severity. Plugins add their own checks
# (unknown author or theme, video without transcript, HTML the sanitiser removes) and set their own.
CHECK_IDS = {
    "file-empty": "error",
    "file-binary": "error",
    "file-encoding": "error",
    "file-size": "error",
    "file-format": "warning",
    "title-missing": "error",
    "title-html": "error",
    "metadata-blank": "error",
    "metadata-duplicate": "error",
    "metadata-unknown": "warning",
    "date-missing": "error",
    "date-invalid": "error",
    "date-implausible": "error",
    "date-ambiguous": "warning",
    "summary-missing": "error",
    "summary-long": "warning",
    "status-unknown": "error",
    "slug-invalid": "error",
    "slug-duplicate": "error",
    "output-duplicate": "error",
    "image-alt-missing": "error",
    "image-alt-filename": "error",
    "link-text": "warning",
    "link-broken": "error",
    "link-draft": "warning",
    "heading-h1": "error",
    "heading-skip": "warning",
    "reading-age": "warning",
    "placeholder": "warning",
    "plugin-fault": "error",
}

DEFAULTS = {
    # Folders under the content PATH whose files are checked.
    "folders": ["blog", "agm", "pages", "transcripts"],
    # Metadata each folder's files must have.
    "required": {
        "blog": ["title", "date", "summary"],
        "agm": ["title", "date", "summary"],
        "pages": ["title", "summary"],
        "transcripts": [],  # a transcript's Title: is optional: the video's own title is used without one
    },
    # Longest Summary, in characters (it is the page description in search results and link previews).
    "summary_max": 300,
    # Largest content file, in kilobytes; a bigger one is almost always a pasted document or image data.
    "max_file_kb": 512,
    # Dates before this year, or further ahead than this many days, are almost certainly typing slips.
    "earliest_year": 2000,
    "latest_days_ahead": 366,
    # Highest acceptable reading age, per folder (None: not measured). NHS guidance aims for 9 to 11 for
    # public information; guest blogs are personal essays, so they are allowed a little more.
    "reading_age_max": {"blog": 14, "agm": 14, "pages": 14, "transcripts": None},
    # Texts shorter than this many words give unreliable readability figures, so they are not measured.
    "reading_age_min_words": 150,
    # Link text that does not say where the link goes (compared in lower case, punctuation ignored).
    "vague_link_text": [
        "click here", "click", "here", "read more", "more", "link", "this link", "this", "this page",
        "learn more", "find out more", "more info", "more information", "go", "see here", "continue",
    ],
    # Site paths made by plugins or the host, not by content files: links into them are not verified.
    # Plugins add their own (inmind/config.py: generated_paths).
    "generated_paths": ["feeds/", "theme/", "admin/", "sitemap.xml", "robots.txt", "404.html", "_headers"],
    # Output paths per content folder, for content types Pelican does not know; plugins declare their own
    # (inmind/config.py: content_types), and these override them.
    "save_as": {},
    "url": {},
    # Severity per check id: "error", "warning" or "off", e.g. {"reading-age": "off"}.
    "severity": {},
    # Keep each file's results in CACHE_PATH, so rebuilds re-check only the files that changed.
    "cache": True,
}


def _fail(message, hint=None):
    raise SettingsError(message, hint=hint)


def merged(settings):
    """Return CHECKS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    user = settings.get("CHECKS") or {}
    if not isinstance(user, dict):
        _fail("CHECKS must be a dictionary", 'write CHECKS = {"reading_age_max": {"blog": 14}} in the settings file')
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        _fail(
            f"CHECKS has an unknown key {unknown[0]!r}.{did_you_mean(unknown[0], DEFAULTS)}",
            f"valid keys are: {', '.join(sorted(DEFAULTS))}",
        )
    config = {**DEFAULTS, **user}
    # Dictionaries merge one level deep, so {"reading_age_max": {"blog": 12}} keeps the other folders.
    for key in ("required", "reading_age_max", "save_as", "url", "severity"):
        value = user.get(key, {})
        if key == "reading_age_max" and (isinstance(value, int | float) and not isinstance(value, bool)):
            value = dict.fromkeys(config["folders"], value)
        if not isinstance(value, dict):
            _fail(f"CHECKS[{key!r}] must be a dictionary, not {value!r}")
        config[key] = {**DEFAULTS[key], **value}
    for key in ("folders", "vague_link_text", "generated_paths"):
        value = config[key]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            _fail(f"CHECKS[{key!r}] must be a list of strings, not {value!r}")
    for key in ("summary_max", "max_file_kb", "earliest_year", "latest_days_ahead", "reading_age_min_words"):
        value = config[key]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            _fail(f"CHECKS[{key!r}] must be a whole number of 0 or more, not {value!r}")
    if not isinstance(config["cache"], bool):
        _fail(f"CHECKS['cache'] must be True or False, not {config['cache']!r}")
    for folder, limit in config["reading_age_max"].items():
        if limit is not None and (not isinstance(limit, int | float) or isinstance(limit, bool) or limit <= 0):
            _fail(f"CHECKS['reading_age_max'][{folder!r}] must be a number such as 14, or None, not {limit!r}")
    for folder, keys in config["required"].items():
        if not isinstance(keys, list | tuple) or not all(isinstance(k, str) for k in keys):
            _fail(f"CHECKS['required'][{folder!r}] must be a list of metadata names such as ['title', 'date']")
    known = CHECK_IDS
    for check_id, severity in config["severity"].items():
        if check_id not in known and known is CHECK_IDS:
            known = {**CHECK_IDS, **plugin_check_ids(settings)}  # asked only when a setting names one
        if check_id not in known:
            _fail(
                f"CHECKS['severity'] names an unknown check {check_id!r}.{did_you_mean(check_id, known)}",
                f"valid checks are: {', '.join(sorted(known))}",
            )
        if severity not in SEVERITIES:
            _fail(f"CHECKS['severity'][{check_id!r}] must be one of {', '.join(SEVERITIES)}, not {severity!r}")
    return config


def plugin_check_ids(settings):
    """Return ``{check id: default severity}`` of the checks the enabled plugins declare (inmind/config.py)."""
    from inmind.config import provided

    found = {}
    for _name, declare in provided(settings, "check_ids"):
        if not isinstance(declare, Exception):
            found.update(declare(settings))
    return found


def severity(config, check_id, default="error"):
    """Return the configured severity of a check id; a plugin passes its own ``default``."""
    return config["severity"].get(check_id, CHECK_IDS.get(check_id, default))
