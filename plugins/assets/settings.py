"""The ``ASSETS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError, merge_setting

DEFAULTS = {
    # Folder inside the theme that holds the source files (not copied to the output as-is).
    "source": "assets",
    # Folder inside the output the bundles are written to.
    "output_dir": "theme",
    # Bundle name -> source files (globs, relative to "source"), joined in this order.
    "bundles": {
        "css/site.css": ["css/tokens.css", "css/base.css", "css/components/*.css", "css/print.css"],
        "js/search.js": ["js/search.js"],
        "js/video.js": ["js/video.js"],
    },
    # Content hash in file names, so hosts can cache them for a year (publish builds).
    "hash": False,
    "minify": False,
}


def merged(settings):
    """Return ASSETS merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "ASSETS", DEFAULTS, '{"hash": True}')
    for key in ("hash", "minify"):
        if not isinstance(config[key], bool):
            raise SettingsError(f"ASSETS[{key!r}] must be True or False, not {config[key]!r}")
    if not isinstance(config["bundles"], dict):
        raise SettingsError("ASSETS['bundles'] must map a bundle name to a list of source files")
    return config
