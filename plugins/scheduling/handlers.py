"""Signal receivers: read dates day first, hold posts until they are due, and mark scheduled posts in preview."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pelican import readers
from pelican.utils import order_content

from inmind.source import read_date

from . import settings
from .schedule import clock, goes_live, is_due, when_text


def validate_settings(pelican):
    """Stop the build at once if SCHEDULING is wrong."""
    settings.merged(pelican.settings)


def read_dates_day_first(pelican):
    """Make the build read Date: with the checker's own rule (inmind.source.read_date): 05/12/2026 is 5 December."""
    # METADATA_PROCESSORS is Pelican's public table of how each metadata field is read.
    readers.METADATA_PROCESSORS["date"] = lambda value, _settings: read_date(value)


def _scheduled(article):
    # Only a post its writer did not mark as a draft is waiting for its date.
    return str(article.metadata.get("status", "published")).strip().lower() != "draft"


def hold_until_due(generator):
    """Publish builds: a post is listed only once its time has come by the build's clock (SCHEDULING['now'])."""
    if generator.settings.get("WITH_FUTURE_DATES", True):
        return  # the preview shows every post, scheduled ones with a banner
    now = clock(settings.merged(generator.settings))
    # Pelican has already sorted by the computer's clock; sort again by ours, which tests can set.
    everything = [*generator.articles, *[a for a in generator.drafts if _scheduled(a)]]
    due = [a for a in everything if is_due(a.date, now)]
    waiting = [a for a in everything if not is_due(a.date, now)]
    for article in due:
        article.status = "published"
    for article in waiting:
        article.status = "draft"
    generator.articles = order_content(due, generator.settings.get("ARTICLE_ORDER_BY", "reverse-date"))
    generator.drafts = [a for a in generator.drafts if not _scheduled(a)] + waiting
    generator.context["scheduled_posts"] = [
        (article, goes_live(article.date, settings.merged(generator.settings).run_minute)) for article in waiting
    ]


def mark_scheduled(generator):
    """Preview builds: give each post dated after now the text of its "Scheduled for …" banner."""
    config = settings.merged(generator.settings)
    now = clock(config)
    zone = ZoneInfo(generator.settings.get("TIMEZONE") or "UTC")
    for article in [*generator.articles, *generator.drafts]:
        if not is_due(article.date, now) and _scheduled(article):
            run = goes_live(article.date, config.run_minute)
            article.scheduled_for = when_text(article.date, zone)
            article.goes_live = when_text(run, zone)
