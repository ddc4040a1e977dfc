"""The ``ASSETS`` setting: defaults, merge and validation."""

from inmind.errors import SettingsError

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
    user = settings.get("ASSETS") or {}
    if not isinstance(user, dict):
        raise SettingsError("ASSETS must be a dictionary", hint="write ASSETS = {\"hash\": True} in the settings file")
    unknown = sorted(set(user) - set(DEFAULTS))
    if unknown:
        raise SettingsError(
            f"ASSETS has an unknown key {unknown[0]!r}",
            hint=f"valid keys are: {', '.join(sorted(DEFAULTS))}",
        )
    config = {**DEFAULTS, **user}
    for key in ("hash", "minify"):
        if not isinstance(config[key], bool):
            raise SettingsError(f"ASSETS[{key!r}] must be True or False, not {config[key]!r}")
    if not isinstance(config["bundles"], dict):
        raise SettingsError("ASSETS['bundles'] must map a bundle name to a list of source files")
    return config
