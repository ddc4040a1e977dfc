"""Pictures and documents that only drafts and scheduled posts use are left out of the publish build, as those
posts are: a draft's photo (whose writer may not have consented yet) or an embargoed post's document was
published at the address its file name gives, before the post, or without it ever going live."""

from __future__ import annotations

import pytest
from escaping_tools import plugins_without_editor
from file_samples import pdf, picture

LIVE = "Title: Live post\nDate: 2018-01-02 10:00\nAuthor: Communications Team\nSummary: A plain summary.\n\n" \
       "![A shared picture]({static}/images/shared.png)\n"
DRAFT = ("Title: Draft post\nDate: 2018-01-03 10:00\nAuthor: Communications Team\nSummary: A plain summary.\n"
         "Status: draft\nShare-image: {static}/images/draft-card.png\nShare-image-alt: A card\n\n"
         "![A draft picture]({static}/images/draft-photo.png)\n\n![A shared picture]({static}/images/shared.png)\n\n"
         "Read [the plan]({static}/documents/draft-plan.pdf).\n")
LATER = ("Title: Later post\nDate: 2099-12-20 10:00\nAuthor: Communications Team\nSummary: A plain summary.\n\n"
         "![An embargoed picture]({static}/images/embargoed.png)\n")
DRAFT_PAGE = "Title: Draft page\nSummary: A page.\nStatus: draft\n\n![A page picture]({static}/images/page-photo.png)\n"
FILES = {
    "blog/2018/live.md": LIVE, "blog/2018/draft.md": DRAFT, "blog/2099/later.md": LATER, "pages/draft.md": DRAFT_PAGE,
    "images/shared.png": picture("PNG"), "images/draft-photo.png": picture("PNG"), "images/draft-card.png": picture("PNG"),
    "images/embargoed.png": picture("PNG"), "images/page-photo.png": picture("PNG"), "documents/draft-plan.pdf": pdf(),
}
LEFT_OUT = ("draft-photo", "draft-card", "draft-plan", "embargoed", "page-photo")


def _published(site):
    return sorted(p.relative_to(site.output).as_posix() for p in site.output.rglob("*") if p.is_file()
                  and p.parent.name in ("images", "documents") and not p.parent.parent.name == "theme")


def test_files_only_unpublished_posts_use_are_left_out_of_the_publish_build(build_site):
    site = build_site(FILES, settings_file="publishconf.py", PLUGINS=plugins_without_editor("publishconf.py"),
                      CHECKS={"latest_days_ahead": 36500})
    assert site.status == 0, site.messages
    published = _published(site)
    assert "images/shared.png" in published  # a published post shows it too
    leaked = [rel for rel in published if rel.split("/")[1].startswith(LEFT_OUT)]
    assert leaked == [], leaked
    # One share card, the live post's: a draft's or a scheduled post's would show its title.
    assert len(list(site.path("share-cards").glob("*.png"))) == 1


@pytest.mark.parametrize("settings_file", ["pelicanconf.py"])
def test_the_preview_keeps_the_files_of_the_drafts_it_shows(build_site, settings_file):
    site = build_site(FILES, settings_file=settings_file, PLUGINS=plugins_without_editor(settings_file),
                      CHECKS={"latest_days_ahead": 36500})
    assert site.status == 0, site.messages
    names = {rel.split("/")[1].split(".")[0] for rel in _published(site)}
    assert set(LEFT_OUT) <= names, names
