"""The AGM generator: read content/agm/*.md, write each meeting's page, the hub, the feed and the next meeting's calendar file."""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from feedgenerator import Atom1Feed
from file_vetting.handlers import document_sizes
from file_vetting.links import note
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join, set_date_tzinfo

from inmind import check_sources, urls
from inmind.errors import ContentError, Problem
from inmind.pagemeta import PageMeta
from inmind.source import as_list, first

from . import model, settings, upcoming
from .contents import AGM

logger = logging.getLogger(__name__)
EMPTY_FEED_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # a site with no posts at all: still the same every build


class _QuietFeed(Atom1Feed):
    """An Atom feed whose empty form is dated by ``quiet_date`` rather than the clock."""

    quiet_date = EMPTY_FEED_DATE

    def latest_post_date(self):
        """Return the newest entry's date, or ``quiet_date`` when there are none."""
        return super().latest_post_date() if self.items else self.quiet_date


def _as_error(problem):
    """Return ``problem`` as the ContentError that stops the build."""
    return problem if isinstance(problem, ContentError) else ContentError(
        problem.message, path=problem.path, line=problem.line, hint=problem.hint, severity=problem.severity)


class AGMGenerator(Generator):
    """Generate AGM pages, the AGM hub and the AGM feed."""

    def __init__(self, *args, **kwargs):
        self.agms = []
        self.hidden_agms = []
        self.draft_agms = []
        self.next_meeting = None
        self.next_state = None
        super().__init__(*args, **kwargs)
        self.config = settings.merged(self.settings)

    def _read(self, relpath):
        """Check and read one summary; raise ContentError for the first problem."""
        full = Path(self.path) / relpath
        # The checks' reading of the file (inmind.check_sources), which Pelican's readers take too: read once.
        source = check_sources.source(self.settings, full)
        for problem in model.check(str(full), source, self.path, self.settings):
            raise _as_error(problem)
        agm = self.readers.read_file(base_path=self.path, path=relpath, content_class=AGM, context=self.context)
        metadata = agm.metadata
        agm.date_line = source.line("date", 1)
        agm.venue = first(metadata.get("venue"))
        agm.highlights = as_list(metadata.get("highlight"))
        agm.documents = model.documents(metadata, agm.date.year, self._document_note)
        agm.attendance = first(metadata.get("attendance")).lower() or "in person"
        agm.videos = getattr(agm, "videos", [])
        agm.has_video = bool(agm.videos)
        agm.previous_agm = agm.next_agm = None
        return agm

    def _document_note(self, address, title):
        """Return "PDF, 2.1 MB" for a document link, in the words and size a link in a post gets."""
        return note(address, document_sizes("", self.settings, self.context), title)

    def generate_context(self):
        """Read every summary, check it, and put the meetings on the context, newest first."""
        by_year = {}
        next_relpath = f"{self.config.path}/{self.config.next_file}"
        for relpath in sorted(self.get_files(self.config.path)):
            if Path(relpath).as_posix() == next_relpath:
                self._read_next(relpath)
                continue
            try:
                agm = self._read(relpath)
            except ContentError:
                self._leave_out(relpath)
                continue
            except Exception:
                self._leave_out(relpath, traceback=self.settings.get("DEBUG", False))
                continue
            if agm.status == "draft":
                self.draft_agms.append(agm)
            elif agm.status == "hidden":
                self.hidden_agms.append(agm)
            else:
                if agm.year in by_year:
                    self._leave_out(relpath, Problem(
                        agm.source_path, agm.date_line, "error", f"there are two AGM summaries for {agm.year}",
                        f"{by_year[agm.year].relative_source_path} is the other; keep one summary per year",
                    ))
                    continue
                by_year[agm.year] = agm
            self.add_source_path(agm)
            self.add_static_links(agm)

        self.agms = sorted(by_year.values(), key=lambda a: a.date, reverse=True)
        for newer, older in zip(self.agms, self.agms[1:], strict=False):
            newer.previous_agm, older.next_agm = older, newer
        site_url = self.settings.get("SITEURL", "")
        for agm in (*self.agms, *self.hidden_agms, *self.draft_agms):
            absolute = site_url if site_url.startswith("http") else None
            # Metadata is text; the summary alone is kept as its escaped HTML (for feeds), so unescape it once.
            summary = Markup(first(agm.metadata.get("summary"))).unescape()
            agm.json_ld = model.event_json_ld(
                name=agm.title,
                start=agm.date,
                venue=agm.venue,
                organizer=self.settings.get("TRUST_NAME") or self.settings.get("SITENAME"),
                organizer_url=f"{absolute}/" if absolute else None,
                description=summary,
                attendance=agm.attendance,
                url=f"{absolute}/{agm.url}" if absolute else None,
            )
            agm.page_meta = PageMeta(title=agm.title, description=summary or self.settings.get("SITESUBTITLE", ""))
        self.next_state = upcoming.state(self.next_meeting, self.agms, self._now())
        self.context["agms"] = self.agms
        self.context["agm_next"] = self.next_meeting if self.next_state else None
        self.context["agm_next_state"] = self.next_state
        self.context["agm_calendar_url"] = self.config.calendar_save_as if self.next_state == "upcoming" else None
        self.context["agm_next_json_ld"] = self._next_json_ld() if self.next_state == "upcoming" else None
        self.context["agm_hub_url"] = self.config.hub_url
        self.context["agm_feed_url"] = self.config.feed_atom

    def _read_next(self, relpath):
        """Check and read the next meeting's file; a problem is logged with its line and the file left out."""
        full = Path(self.path) / relpath
        timezone = self.settings.get("TIMEZONE") or "UTC"
        try:
            source = check_sources.source(self.settings, full)
        except ContentError as error:
            self._leave_out(relpath, error)
            return
        for problem in upcoming.check(str(full), source, timezone):
            self._leave_out(relpath, problem)
            return
        self.next_meeting = upcoming.read(str(full), source, timezone)

    def _leave_out(self, relpath, problem=None, *, traceback=False):
        """Leave a file out of the build and log why: ``problem``, or else the exception being handled."""
        if problem is not None:
            try:
                raise _as_error(problem)
            except ContentError:
                self._leave_out(relpath)
            return
        # Our log collector (inmind/build.py) takes the exception being handled, with its file and line.
        logger.error("agm: could not process %s", relpath, exc_info=traceback)
        self._add_failed_source_path(relpath)

    def _now(self):
        """Return the moment the next meeting is compared with: AGM['today'] in tests, else now."""
        if self.config.today:
            from pelican.utils import get_date, set_date_tzinfo

            return set_date_tzinfo(get_date(self.config.today), self.settings.get("TIMEZONE") or "UTC")
        return datetime.now(UTC)

    def _absolute(self, path):
        """Return ``path`` as a full address on the published site, or "" in preview."""
        site_url = self.settings.get("SITEURL", "")
        return f"{site_url}/{path}" if site_url.startswith("http") else ""

    def _next_json_ld(self):
        """Return schema.org Event JSON-LD for the next meeting."""
        meeting = self.next_meeting
        return model.event_json_ld(
            name=meeting.title,
            start=meeting.start,
            venue=meeting.venue,
            organizer=self.settings.get("TRUST_NAME") or self.settings.get("SITENAME"),
            organizer_url=self.settings.get("TRUST_URL") or None,
            description=meeting.summary,
            attendance="mixed" if meeting.online else "in person",
            url=self._absolute(self.config.hub_url) or None,
        )

    def _write_calendar(self):
        """Write the next meeting's .ics file: the same bytes for the same content, whatever the day."""
        host = urls.host_of(self.settings.get("TRUST_URL") or self.settings.get("SITEURL") or "") or "localhost"
        data = upcoming.calendar(
            self.next_meeting,
            uid_host=host,
            product=self.settings.get("TRUST_NAME") or self.settings.get("SITENAME"),
            page_url=self._absolute(self.config.hub_url),
        )
        target = Path(self.output_path) / self.config.calendar_save_as
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def refresh_metadata_intersite_links(self):
        """Resolve {filename} links in summaries once every generator has read its content."""
        for agm in (*self.agms, *self.hidden_agms, *self.draft_agms):
            agm.refresh_metadata_intersite_links()

    def _write_feed(self, writer):
        """Write the Atom feed; with no summaries its <updated> is the site's newest post, so builds agree."""
        feed = writer.write_feed(self.agms, self.context, url=self.config.feed_atom, feed_title=self.config.feed_title)
        if not self.agms:
            # feedgenerator dates an empty feed by the clock; the hub links the feed, so it is written anyway.
            newest = max((p.date for p in self.context.get("articles") or []), default=None)
            feed.__class__ = _QuietFeed
            feed.quiet_date = set_date_tzinfo(newest, self.settings.get("TIMEZONE")) if newest else EMPTY_FEED_DATE
        path = sanitised_join(self.output_path, self.config.feed_atom)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fp:
            feed.write(fp, "utf-8")
        signals.feed_written.send(path, context=self.context, feed=feed)

    def generate_output(self, writer):
        """Write each meeting's page, the hub and (when configured) the Atom feed."""
        relative = self.settings["RELATIVE_URLS"]
        for agm in (*self.agms, *self.hidden_agms, *self.draft_agms):
            writer.write_file(
                agm.save_as, self.get_template(agm.template), self.context,
                agm=agm, article=agm, relative_urls=relative, url=agm.url,
            )
        writer.write_file(
            self.config.hub_save_as, self.get_template("agm_hub"), self.context,
            relative_urls=relative, url=self.config.hub_url,
        )
        if self.next_state == "upcoming":
            self._write_calendar()
        if self.config.feed_atom:
            self._write_feed(writer)
            logger.debug("agm: wrote %s", os.path.join(self.output_path, self.config.feed_atom))
