"""Signal receivers: crisis contacts on the context, withdrawn stories taken out, boxes' facts on content."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from inmind.source import parse

from . import language, linking, rules, settings, withdrawal

logger = logging.getLogger(__name__)
WITHDRAWN_KEY = "safeguarding_withdrawn"


def load(generator):
    """Check the setting and put the crisis contacts and search words on the shared context, once per run."""
    context = generator.context
    if WITHDRAWN_KEY in context:
        return
    config = settings.merged(generator.settings)
    context["crisis_contacts"] = language.load_contacts(config.contacts)
    context["crisis_search_words"] = language.load_language(config.language).search_words
    context[WITHDRAWN_KEY] = []


def _withdraw(generator, metadata, kind):
    if str(metadata.get("status", "")).strip().lower() != rules.WITHDRAWN:
        return
    url, save_as = withdrawal.address(metadata, generator.settings, kind)
    generator.context.setdefault(WITHDRAWN_KEY, []).append(Withdrawn(url=url, save_as=save_as))
    # "skip" makes Pelican's reader return a stub: no content object is made, so no plugin, list, feed,
    # author page, count or search index ever sees the story. This is the first signal that has the
    # metadata, so nothing can run before it.
    metadata["status"] = "skip"


def withdraw_article(generator, metadata):
    """Record a withdrawn post's address and stop Pelican making an article of it."""
    _withdraw(generator, metadata, "ARTICLE")


def withdraw_page(generator, metadata):
    """Record a withdrawn page's address and stop Pelican making a page of it."""
    _withdraw(generator, metadata, "PAGE")


def annotate(content):
    """Give content its content note and review dates, and make the crisis numbers in its text links."""
    metadata = getattr(content, "metadata", {}) or {}
    if getattr(content, "_content", None):
        # Only text outside links, code and buttons changes, so the result is the same whether other
        # plugins' content_object_init receivers (video embeds) run before or after this one.
        contacts = language.load_contacts(settings.merged(content.settings).contacts)
        content._content = linking.link_numbers(content._content, contacts)
    note = metadata.get("content-note")
    content.content_note = " ".join(note) if isinstance(note, list) else (str(note).strip() if note else None)
    content.reviewed = rules.review_date(str(metadata.get("reviewed", "")))
    content.review_due = rules.review_date(str(metadata.get("review-due", "")))
    modified, date = getattr(content, "modified", None), getattr(content, "date", None)
    content.updated = modified if modified and date and modified.date() > date.date() else None


def _content_texts(root, left_out=frozenset(), drafts_left_out=False):
    """Return (texts of files this build does not publish, texts of every other content file) under the content folder.

    Withdrawn stories are never published; drafts and scheduled posts (``left_out``, by their real path) are not in
    a publish build, which writes no drafts.
    """
    unpublished, others = [], []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if path.suffix.lower() not in (".md", ".markdown", ".html", ".htm", ".toml"):
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            markdown = path.suffix.lower() in (".md", ".markdown")
            source = parse(text) if markdown else None
            gone = markdown and (rules.is_withdrawn(source) or os.path.realpath(path) in left_out
                                 or (drafts_left_out and rules.is_draft(source)))
            (unpublished if gone else others).append(text)
    return unpublished, others


def drop_pictures(generator):
    """Leave out of the copy every picture or document that only stories this build does not publish use."""
    drafts_left_out = not generator.settings.get("DRAFT_SAVE_AS")
    # A publish build holds scheduled posts back (plugins/scheduling); the preview shows them, files and all.
    left_out = frozenset(os.path.realpath(article.source_path)
                         for article, _run in generator.context.get("scheduled_posts") or ())
    if not generator.context.get(WITHDRAWN_KEY) and not drafts_left_out and not left_out:
        return
    unpublished, others = _content_texts(generator.path, left_out, drafts_left_out)
    paths = [static.source_path.replace(os.sep, "/") for static in generator.staticfiles]
    drop = withdrawal.pictures_to_drop(paths, unpublished, others)
    if not drop:
        return
    # The context holds this same list; change it in place so the files are never copied.
    generator.staticfiles[:] = [s for s in generator.staticfiles if s.source_path.replace(os.sep, "/") not in drop]
    static_content = generator.context.get("static_content", {})
    for key in [k for k, v in static_content.items() if v.source_path.replace(os.sep, "/") in drop]:
        del static_content[key]
    logger.info("safeguarding: %d file(s) used only by stories this build does not publish left out", len(drop))


@dataclass(frozen=True)
class Withdrawn:
    """Where a withdrawn story was; the sitemap skips it as it is not published."""

    url: str
    save_as: str
    status: str = rules.WITHDRAWN


class WithdrawnGenerator(Generator):
    """Writes the short "removed at the writer's request" page at each withdrawn story's address."""

    def generate_context(self):
        """Nothing to read: the addresses were recorded while the stories were skipped."""

    def generate_output(self, writer):
        """Write one page per withdrawn story, holding nothing of it."""
        config = settings.merged(self.settings)
        template = self.get_template(config.withdrawn_template)
        for item in self.context.get(WITHDRAWN_KEY, []):
            # `page` is what the sitemap reads: its status keeps the address out of sitemap.xml.
            writer.write_file(item.save_as, template, self.context, page=Withdrawn(url="", save_as="", status=item.status),
                              no_index=True, relative_urls=self.settings["RELATIVE_URLS"])
