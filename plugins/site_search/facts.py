"""What this plugin tells the rest of the site about itself: its search page and index folder."""

from . import settings


def site_pages(pelican_settings, content_root):
    """Return {save_as: what the page is} for the search page, when there is one."""
    config = settings.merged(pelican_settings)
    if not config.enabled or not config.page_save_as:
        return {}
    return {config.page_save_as: "the site's search page"}


def generated_paths(pelican_settings):
    """Return the folder of the index, which no content file names."""
    config = settings.merged(pelican_settings)
    return [config.output_dir.rstrip("/") + "/"] if config.enabled else []
