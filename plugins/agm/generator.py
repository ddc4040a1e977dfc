"""The AGM generator: read content/agm/*.md, write each meeting's page, the hub and the feed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from inmind.errors import ContentError
from inmind.pagemeta import PageMeta

from . import model, settings
from .contents import AGM

logger = logging.getLogger(__name__)


class AGMGenerator(Generator):
    """Generate AGM pages, the AGM hub and the AGM feed."""

    def __init__(self, *args, **kwargs):
        self.agms = []
        self.hidden_agms = []
        self.draft_agms = []
        super().__init__(*args, **kwargs)
        self.config = settings.merged(self.settings)

    def _read(self, relpath):
        """Check and read one summary; raise ContentError for the first problem."""
        full = Path(self.path) / relpath
        text = full.read_text(encoding="utf-8")
        for problem in model.check(str(full), text, model.parse_header(text), self.path):
            raise ContentError(problem.message, path=problem.path, line=problem.line, hint=problem.hint)
        agm = self.readers.read_file(base_path=self.path, path=relpath, content_class=AGM, context=self.context)
        metadata = agm.metadata
        agm.venue = model.first(metadata.get("venue"))
        agm.highlights = model.as_list(metadata.get("highlight"))
        agm.documents = model.documents(metadata, agm.date.year)
        agm.attendance = model.first(metadata.get("attendance")).lower() or "in person"
        agm.videos = getattr(agm, "videos", [])
        agm.has_video = bool(agm.videos)
        agm.previous_agm = agm.next_agm = None
        return agm

    def generate_context(self):
        """Read every summary, check it, and put the meetings on the context, newest first."""
        by_year = {}
        for relpath in sorted(self.get_files(self.config["path"])):
            try:
                agm = self._read(relpath)
            except ContentError:
                # Our log collector takes the ContentError being handled, with its file and line.
                logger.error("agm: could not process %s", relpath)
                self._add_failed_source_path(relpath)
                continue
            except Exception:
                logger.error("agm: could not process %s", relpath, exc_info=self.settings.get("DEBUG", False))
                self._add_failed_source_path(relpath)
                continue
            if agm.status == "draft":
                self.draft_agms.append(agm)
            elif agm.status == "hidden":
                self.hidden_agms.append(agm)
            else:
                if agm.year in by_year:
                    try:
                        raise ContentError(
                            f"there are two AGM summaries for {agm.year}",
                            path=agm.source_path,
                            line=model.line_of_key(Path(agm.source_path).read_text(encoding="utf-8"), "date"),
                            hint=f"{by_year[agm.year].relative_source_path} is the other; keep one summary per year",
                        )
                    except ContentError:
                        logger.error("agm: could not process %s", relpath)
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
            summary = Markup(model.first(agm.metadata.get("summary"))).unescape()
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
        self.context["agms"] = self.agms
        self.context["agm_hub_url"] = self.config["hub_url"]
        self.context["agm_feed_url"] = self.config["feed_atom"]

    def refresh_metadata_intersite_links(self):
        """Resolve {filename} links in summaries once every generator has read its content."""
        for agm in (*self.agms, *self.hidden_agms, *self.draft_agms):
            agm.refresh_metadata_intersite_links()

    def generate_output(self, writer):
        """Write each meeting's page, the hub and (when configured) the Atom feed."""
        relative = self.settings["RELATIVE_URLS"]
        for agm in (*self.agms, *self.hidden_agms, *self.draft_agms):
            writer.write_file(
                agm.save_as, self.get_template(agm.template), self.context,
                agm=agm, article=agm, relative_urls=relative, url=agm.url,
            )
        writer.write_file(
            self.config["hub_save_as"], self.get_template("agm_hub"), self.context,
            relative_urls=relative, url=self.config["hub_url"],
            has_video=any(agm.has_video for agm in self.agms),
        )
        if self.config["feed_atom"]:
            writer.write_feed(
                self.agms, self.context, self.config["feed_atom"],
                feed_title=self.config["feed_title"],
            )
            logger.debug("agm: wrote %s", os.path.join(self.output_path, self.config["feed_atom"]))
