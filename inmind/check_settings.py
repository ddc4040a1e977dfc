"""The ``CHECKS`` setting of the editorial checker: a typed object from the one settings loader (inmind.typed_settings)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from inmind.errors import SettingsError, did_you_mean
from inmind.typed_settings import Frozen, Invalid, custom, flag, frozen, is_real_number, load, number, shown, strings

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
    "field-blank": "error",
    "field-duplicate": "error",
    "field-unknown": "warning",
    "field-broken": "error",
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
    "link-address": "warning",
    "field-in-text": "warning",
    "address-as-text": "warning",
    "heading-h1": "error",
    "heading-skip": "warning",
    "list-broken": "warning",
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


def _merged_over(key, check_each):
    """Return a check for a dict setting merged one level deep over its default, each entry checked."""

    def check(value):
        if not isinstance(value, dict):
            raise Invalid(f"must be a dictionary, not {shown(value)}")
        merged = {**DEFAULTS[key], **value}
        for name, item in merged.items():
            check_each(name, item)
        return frozen(merged)

    return check


def _required_names(folder, keys):
    if not isinstance(keys, list | tuple) or not all(isinstance(k, str) for k in keys):
        raise Invalid(f"[{folder!r}] must be a list of metadata names such as ['title', 'date']")


def _reading_age(folder, limit):
    if limit is not None and (not is_real_number(limit) or limit <= 0):
        raise Invalid(f"[{folder!r}] must be a number such as 14, or None, not {shown(limit)}")


def _reading_ages(value):
    # One number is the limit for every folder: Checks.check spreads it over the folders once they are known.
    if is_real_number(value):
        return value
    return _merged_over("reading_age_max", _reading_age)(value)


def _severity(check_id, chosen):
    if not isinstance(check_id, str):
        raise Invalid(f"names an unknown check {shown(check_id)}", f"valid checks are: {', '.join(sorted(CHECK_IDS))}")
    if chosen not in SEVERITIES:
        raise Invalid(f"[{check_id!r}] must be one of {', '.join(SEVERITIES)}, not {shown(chosen)}")


def _whole(default):
    return number(default, whole=True, low=0, must="must be a whole number of 0 or more")


@dataclass(frozen=True)
class Checks:
    """CHECKS: which folders the checker reads, what each file must have, its limits and each check's severity."""

    NAME: ClassVar[str] = "CHECKS"
    EXAMPLE: ClassVar[str] = '{"reading_age_max": {"blog": 14}}'

    folders: tuple = strings(DEFAULTS["folders"])
    required: Frozen = custom(DEFAULTS["required"], _merged_over("required", _required_names))
    summary_max: int = _whole(DEFAULTS["summary_max"])
    max_file_kb: int = _whole(DEFAULTS["max_file_kb"])
    earliest_year: int = _whole(DEFAULTS["earliest_year"])
    latest_days_ahead: int = _whole(DEFAULTS["latest_days_ahead"])
    reading_age_max: Frozen = custom(DEFAULTS["reading_age_max"], _reading_ages)
    reading_age_min_words: int = _whole(DEFAULTS["reading_age_min_words"])
    vague_link_text: tuple = strings(DEFAULTS["vague_link_text"])
    generated_paths: tuple = strings(DEFAULTS["generated_paths"])
    save_as: Frozen = custom(DEFAULTS["save_as"], _merged_over("save_as", lambda _folder, _pattern: None))
    url: Frozen = custom(DEFAULTS["url"], _merged_over("url", lambda _folder, _pattern: None))
    severity: Frozen = custom(DEFAULTS["severity"], _merged_over("severity", _severity))
    cache: bool = flag(DEFAULTS["cache"])

    def check(self):
        """Spread one reading age over every folder; return the setting as the checker uses it."""
        if isinstance(self.reading_age_max, Frozen):
            return None
        spread = dict.fromkeys(self.folders, self.reading_age_max)
        for folder, limit in spread.items():
            try:
                _reading_age(folder, limit)
            except Invalid as error:
                raise Invalid(error.message, key="reading_age_max") from None
        return dataclasses.replace(self, reading_age_max=frozen(spread))

    def as_dict(self):
        """Return the setting as a plain dict, for the checker to add what the plugins declare."""
        return {spec.name: getattr(self, spec.name) for spec in dataclasses.fields(self)}


def merged(settings):
    """Return the checked CHECKS setting (checked once per settings object), or raise SettingsError naming the bad key.

    A check id in ``severity`` that the checker does not know may be a plugin's: the plugins are asked only then.
    """
    checks = load(settings, Checks)
    unknown = [check_id for check_id in checks.severity if check_id not in CHECK_IDS]
    if unknown:
        known = {**CHECK_IDS, **plugin_check_ids(settings)}
        for check_id in unknown:
            if check_id not in known:
                raise SettingsError(
                    f"CHECKS['severity'] names an unknown check {check_id!r}.{did_you_mean(check_id, known)}",
                    hint=f"valid checks are: {', '.join(sorted(known))}",
                )
    return checks


def plugin_check_ids(settings):
    """Return ``{check id: default severity}`` of the checks the enabled plugins declare (inmind/config.py)."""
    from inmind.config import provided

    found = {}
    for _name, declare in provided(settings, "check_ids"):
        if not isinstance(declare, Exception):
            found.update(declare(settings))
    return found


def severity(config, check_id, default="error"):
    """Return the configured severity of a check id; a plugin passes its own ``default``.

    ``config`` is the CHECKS setting (``merged``) or the checker's dict made from it.
    """
    chosen = config.severity if isinstance(config, Checks) else config["severity"]
    return chosen.get(check_id, CHECK_IDS.get(check_id, default))
