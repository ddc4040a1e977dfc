"""Pure rules: consent, content notes, safe language and review dates, each one function over a parsed file.

Every rule takes an ``inmind.source.Source`` and returns Problems; ``invoke check`` and the build's preflight
both call them through ``checks.check``. Check ids are in brackets at the end of each message.
"""

from __future__ import annotations

import datetime
import re

from inmind.errors import Problem
from inmind.source import PLACEHOLDER, prose_lines
from inmind.text import LOOKALIKE_HINT, plain_lookalikes

from . import language

WITHDRAWN = "withdrawn"
# Severity of what may never block publishing: the publish build upgrades warnings, not notices.
NOTICE = "notice"
# Officers in the Communications Team read this too: it says where the reference is, not whom to ask.
CONSENT_HINT = ("add a line such as 'Consent: {example}' with the reference printed on the writer's signed consent "
                "form; it holds no names or other personal data, and the post cannot be published without it")
NOTE_HINT = ("add a line such as 'Content-note: This post talks about self-harm.' at the top, so readers can "
             "choose whether to read on; the page adds where to get help")
# The words of a wrong Consent: value, shared with the browser editor's refusal (fields.py).
CONSENT_INVALID = "is not a consent reference like {pattern}"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_withdrawn(source):
    """Return True when the file says ``Status: withdrawn``."""
    return (source.value("status") or "").strip().lower() == WITHDRAWN


def is_draft(source):
    """Return True when the file says ``Status: draft``."""
    return (source.value("status") or "").strip().lower() == "draft"


def example(pattern):
    """Return an example reference for a consent pattern: ``CF-YYYY-NNN`` gives ``CF-2026-001``."""
    year = str(datetime.date.today().year)
    out, runs = [], re.findall(r"Y+|N+|[^YN]+", pattern)
    for run in runs:
        if run[0] == "Y":
            out.append(year if len(run) == 4 else "0" * len(run))
        elif run[0] == "N":
            out.append("0" * (len(run) - 1) + "1")
        else:
            out.append(run)
    return "".join(out)


def severities(config):
    """Return ``{check id: default severity}`` of the rules whose severity ``CHECKS["severity"]`` may change."""
    return {"consent-duplicate": "error", "consent-invalid": "error", "consent-missing": config.required_severity,
            "content-note-missing": config.required_severity}


def consent(path, source, groups, config, severity=None):
    """Return problems with the file's Consent: line; ``groups`` are its writers' role groups (None: unknown).

    ``severity(check_id)`` gives each problem's severity (by default the plugin's own, from ``severities``).
    """
    severity = severity or severities(config).__getitem__
    values = source.values("consent")
    pattern, regex = config.consent_pattern, config.consent_regex
    problems = []
    if len(values) > 1:
        problems.append(Problem(path, values[1][1], severity("consent-duplicate"), "Consent: appears more than once; a post has one "
                                "consent reference [consent-duplicate]", "keep the one for this post, delete the other"))
    if values:
        value, line = values[0]
        if value.strip().startswith(PLACEHOLDER):
            # ./dev new's line for a guest: no consent yet. A draft can be previewed; publishing stops here.
            problems.append(Problem(path, line, severity("consent-missing"), f"Consent: still says \"{PLACEHOLDER} "
                                    "...\", not the reference of the writer's signed consent form [consent-missing]",
                                    CONSENT_HINT.format(example=example(pattern))))
        elif value.strip() and not regex.fullmatch(value.strip()):
            shown = value.strip() if len(value) <= 40 else value.strip()[:40] + "…"
            # "CF‑2026‑014" with Word's non-breaking hyphens looks right: say what is wrong with it.
            hint = LOOKALIKE_HINT if regex.fullmatch(plain_lookalikes(value.strip())) else CONSENT_HINT
            problems.append(Problem(path, line, severity("consent-invalid"), f'"{shown}" {CONSENT_INVALID.format(pattern=pattern)} '
                                    "[consent-invalid]", hint.format(example=example(pattern))))
        return problems
    if groups is not None and groups and groups <= config.consent_exempt_groups:
        return problems
    line = source.line("author") or source.line("authors") or source.line("title", 1)
    problems.append(Problem(path, line, severity("consent-missing"), "this post is by a writer outside "
                            f"the {' and '.join(sorted(config.consent_exempt_groups))} groups and has no "
                            "Consent: line [consent-missing]", CONSENT_HINT.format(example=example(pattern))))
    return problems


def _texts(source):
    """Yield (line, text) for the title, summary and every prose line: what a reader sees."""
    for key in ("title", "summary"):
        for value, line in source.values(key):
            yield line, value
    yield from prose_lines(source)


def _read(source):
    """Return (rows of _texts, their text joined by line breaks, where each row starts, the text folded), once."""
    kept = source.__dict__.get("_safeguarding_text")
    if kept is None:
        rows = list(_texts(source))
        text = "\n".join(t for _, t in rows)
        starts, offset = [], 0
        for _, t in rows:
            starts.append(offset)
            offset += len(t) + 1
        kept = source.__dict__["_safeguarding_text"] = (rows, text, starts, language.fold(text))
    return kept


def _matches(matcher, source):
    """Yield (line, matched text) for every match of a ``language.Matcher``, also across a line break in a paragraph."""
    rows, text, starts, folded = _read(source)
    index = 0
    for match in matcher.finditer(text, folded):
        while index + 1 < len(starts) and starts[index + 1] <= match.start():
            index += 1
        yield rows[index][0], " ".join(match.group(0).split())


def _first_topic(source, language):
    """Return (line, words) of the first topic that needs a content note, or None; found once per file and list."""
    found = source.__dict__.setdefault("_safeguarding_topic", {})
    if language.topics not in found:
        found[language.topics] = next(_matches(language.topics, source), None)
    return found[language.topics]


def content_note(path, source, language, config, severity=None):
    """Return a problem when the post discusses suicide, self-harm or overdose and has no Content-note: line."""
    severity = severity or severities(config).__getitem__
    if source.values("content-note"):
        return []
    found = _first_topic(source, language)
    if found is None:
        return []
    line, words = found
    return [Problem(path, line, severity("content-note-missing"), f'this post talks about "{words}" and has no '
                    "Content-note: line [content-note-missing]", NOTE_HINT)]


def safe_language(path, source, language):
    """Return a notice for each phrase the media guidelines advise against, and each method word to review."""
    problems = []
    for phrase in language.phrases:
        for line, words in _matches(phrase.matcher, source):
            problems.append(Problem(path, line, NOTICE, f'"{words}": write {phrase.suggest} instead '
                                    f"[safe-language]", f"{phrase.why} (Samaritans media guidelines)"))
    if _first_topic(source, language) is not None:
        for line, words in _matches(language.means, source):
            problems.append(Problem(path, line, NOTICE, f'"{words}" may describe a method or means; an editor '
                                    "should read this sentence [means-review]", "leave out details of how someone "
                                    "harmed themselves or could; say what happened in general words"))
    return problems


def review_date(value):
    """Return the date in a Reviewed: or Review-due: value (YYYY-MM-DD), or None if it is not one."""
    value = value.strip()
    if not ISO.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def review_dates(path, source, today):
    """Return problems with Reviewed: and Review-due:, and a notice when the review is overdue."""
    problems, dates = [], {}
    for key, name in (("reviewed", "Reviewed"), ("review-due", "Review-due")):
        for value, line in source.values(key)[:1]:
            date = review_date(value)
            if date is None:
                shown = value.strip()[:40]
                problems.append(Problem(path, line, "error", f'{name}: "{shown}" is not a date written as YYYY-MM-DD '
                                        "[review-date-invalid]", f"write it as, for example, {name}: {today:%Y-%m-%d}"))
            else:
                dates[key] = (date, line)
    if "reviewed" in dates and "review-due" in dates and dates["review-due"][0] < dates["reviewed"][0]:
        problems.append(Problem(path, dates["review-due"][1], "error", "Review-due: is before Reviewed: "
                                "[review-date-invalid]", "the next review comes after the last one; check the years"))
    elif "review-due" in dates and dates["review-due"][0] < today:
        due, line = dates["review-due"]
        problems.append(Problem(path, line, NOTICE, f"the review was due on {due:%-d %B %Y} [review-overdue]",
                                "review the page, then update Reviewed: and Review-due: (this never stops publishing)"))
    if "reviewed" in dates and dates["reviewed"][0] > today:
        problems.append(Problem(path, dates["reviewed"][1], "error", "Reviewed: is in the future "
                                "[review-date-invalid]", "write the date the page was last reviewed"))
    return problems
