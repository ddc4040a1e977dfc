"""Pure: what scheduling means for the Date: field, declared once for the browser editor (plugins/editor)."""

from __future__ import annotations

from inmind.source import SLASH_DATE

from . import settings


def editor_fields(pelican_settings):
    """Return the editor's view of Date: a future date schedules the post; slash dates are read day first."""
    minute = settings.merged(pelican_settings).run_minute
    return [
        {"key": "date", "folders": ["blog", "agm"],
         # The editor reads a date such as 05/12/2026 09:00 the way the build does (inmind.source.day_first).
         "day_first": SLASH_DATE.pattern,
         "hint": "When it goes on the site. A date in the future schedules it: it goes live at the first hourly "
                 f"update after that time ({minute} minutes past each hour), and until then the preview marks "
                 "it 'Scheduled'."},
    ]
