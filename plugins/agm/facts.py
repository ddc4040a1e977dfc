"""What this plugin tells the rest of the site about itself: its content folder, addresses and hub page."""

from . import settings
from .model import OWN_KEYS


def content_types(pelican_settings):
    """Return {content folder: {"url", "save_as", "nouns": (one, many), "clash"}} for what this plugin publishes."""
    config = settings.merged(pelican_settings)
    # A year's page comes from its Date:, never from a Slug:, and the usual clash is a summary beside the
    # next meeting's file for the same year: the hint says what the editor does then (README, AGM summaries).
    clash = (f"each meeting has one file, its year taken from Date:; once a meeting has its summary, delete "
             f"{config.path}/{config.next_file} or change it to the following meeting, in the same change")
    # A draft summary is an Article's draft (contents.py): it is written where the site's drafts go, never to its year.
    drafts = {"draft_url": pelican_settings.get("DRAFT_URL"), "draft_save_as": pelican_settings.get("DRAFT_SAVE_AS")}
    return {config.path: {"url": config.url, "save_as": config.save_as, "nouns": ("an AGM summary", "AGM summaries"),
                          "clash": clash, **drafts}}


def metadata_fields(pelican_settings):
    """Return {field: folders} for the fields only an AGM summary has, which this plugin reads."""
    return dict.fromkeys(OWN_KEYS, (settings.merged(pelican_settings).path,))


def own_field_files(pelican_settings):
    """Return the content files whose fields this plugin checks and names itself: the next meeting's (upcoming.py)."""
    config = settings.merged(pelican_settings)
    return {f"{config.path}/{config.next_file}"}


def site_pages(pelican_settings, content_root):
    """Return {save_as: what the page is} for the pages this plugin makes itself."""
    return {settings.merged(pelican_settings).hub_save_as: "the site's agm page"}
