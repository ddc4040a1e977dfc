"""Pure: the metadata this plugin adds, declared once for the browser editor (plugins/editor lays it out)."""

from __future__ import annotations

from . import rules, settings


def _sentence(text):
    return text[:1].upper() + text[1:] + "."


def editor_fields(pelican_settings):
    """Return the editor's view of Consent, Content-note, Status: withdrawn, the review dates and Crisis-help."""
    config = settings.merged(pelican_settings)
    pattern = config.consent_pattern
    example = rules.example(pattern)
    return [
        {"key": "consent", "folders": ["blog"], "widget": "string",
         # The checker's own regex, anchored as fullmatch is and with the spaces it strips allowed.
         "pattern": rf"^\s*(?:{config.consent_regex.pattern})\s*$",
         "message": f"Consent: {rules.CONSENT_INVALID.format(pattern=pattern)}, such as {example}",
         "hint": _sentence(rules.CONSENT_HINT.format(example=example))
         + f" Writers in the {' and '.join(sorted(config.consent_exempt_groups))} groups need none."},
        {"key": "content-note", "folders": ["blog", "pages", "agm"], "widget": "text",
         "hint": _sentence(rules.NOTE_HINT)},
        {"key": "status", "folders": ["blog", "pages"], "options": [
            {"label": "Withdrawn: taken down at the writer's request (its address says so)", "value": rules.WITHDRAWN}]},
        {"key": "reviewed", "folders": ["pages", "agm"], "widget": "date",
         "hint": "The date the page was last checked for accuracy (YYYY-MM-DD)."},
        {"key": "review-due", "folders": ["pages", "agm"], "widget": "date",
         "hint": "When it should next be checked; after this date ./dev check gives a reminder."},
        {"key": "crisis-help", "folders": ["pages"], "widget": "select", "options": ["yes"],
         "hint": "Choose 'yes' to show the urgent-help box at the top of this page."},
    ]
