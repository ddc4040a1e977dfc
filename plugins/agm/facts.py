"""What this plugin tells the rest of the site about itself: its content folder, addresses and hub page."""

from . import settings
from .model import OWN_KEYS


def content_types(pelican_settings):
    """Return {content folder: {"url": pattern, "save_as": pattern, "nouns": (one, many)}} for what this plugin publishes."""
    config = settings.merged(pelican_settings)
    return {config.path: {"url": config.url, "save_as": config.save_as, "nouns": ("an AGM summary", "AGM summaries")}}


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
