"""The Atom feeds per theme and role group, written with feedgenerator's Atom1Feed."""

from __future__ import annotations

import datetime as dt
import posixpath

from feedgenerator import Atom1Feed
from markupsafe import Markup
from pelican.utils import set_date_tzinfo

from inmind.urls import host_of


class AtomFeed(Atom1Feed):
    """An Atom feed whose <updated> never depends on the clock, so two builds give the same bytes."""

    def __init__(self, *args, quiet_date, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiet_date = quiet_date

    def latest_post_date(self):
        """Return the newest entry's date, or for an empty feed the site's newest post date."""
        return super().latest_post_date() if self.items else self.quiet_date


def relative_url(url, folder):
    """Return ``posixpath.relpath(url or ".", folder or ".")`` for the site's own relative addresses, without the file system.

    relpath makes both absolute with the working folder first (two system calls per link, 1,760 links a build); for two relative paths
    with no ".." the answer is plain string work. Anything else goes to relpath itself.
    """
    target = [part for part in (url or "").split("/") if part and part != "."]
    start = [part for part in (folder or "").split("/") if part and part != "."]
    if (url or "").startswith("/") or (folder or "").startswith("/") or ".." in target or ".." in start:
        return posixpath.relpath(url or ".", folder or ".")
    common = 0
    for mine, theirs in zip(target, start, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + target[common:]) or "."


def day(date):
    """Return ``f"{date:%Y-%m-%d}"`` by datetime's own strftime: Pelican's SafeDatetime formats each part apart, five times slower."""
    return dt.datetime.strftime(date, "%Y-%m-%d")


def write_feed(target, path, site_url, settings, *, title, description, page_url, posts, quiet_date, limit):
    """Write one Atom feed to ``target``: absolute links when SITEURL is absolute, else links relative to the feed."""
    site_url = (site_url or "").rstrip("/")
    absolute = site_url.startswith(("http://", "https://"))
    host = host_of(site_url) if absolute else "localhost"
    folder = posixpath.dirname(path)

    def link(url):
        if absolute:
            return f"{site_url}/{url}"
        relative = relative_url(url, folder)
        return relative + "/" if (not url or url.endswith("/")) and not relative.endswith("/") else relative

    base = site_url if absolute else relative_url(".", folder)
    feed = AtomFeed(
        quiet_date=quiet_date,
        title=title,
        link=link(page_url),
        description=description,
        language=settings.get("DEFAULT_LANG"),
        feed_url=link(path),
        feed_guid=link(path) if absolute else f"tag:{host},2000-01-01:/{path}",
        author_name=settings.get("TRUST_NAME") or settings.get("SITENAME"),
        subtitle=description,
    )
    timezone = settings.get("TIMEZONE")
    for post in posts[:limit]:
        names = [p.name for p in getattr(post, "author_profiles", [])] or [str(a) for a in getattr(post, "authors", [])]
        feed.add_item(
            title=Markup(post.title).striptags(),
            link=link(post.url),
            description=post.metadata.get("summary") or None,
            content=post.get_content(base),
            unique_id=f"tag:{host},{day(post.date)}:/{post.url}",
            author_name=", ".join(names) or None,
            pubdate=set_date_tzinfo(post.date, timezone),
            updateddate=set_date_tzinfo(post.modified, timezone) if hasattr(post, "modified") else None,
            categories=[t.label for t in getattr(post, "themes", [])],
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
