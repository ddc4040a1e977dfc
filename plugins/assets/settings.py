"""The ``ASSETS`` setting, as a typed object checked once per build."""

from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import flag, is_relative_path, is_text_list, load, mapping, relative_path


@dataclass(frozen=True)
class Assets:
    """ASSETS: which theme files are joined into which bundles, and how they are named."""

    NAME: ClassVar[str] = "ASSETS"
    EXAMPLE: ClassVar[str] = '{"hash": True}'

    # Folder inside the theme that holds the source files (not copied to the output as-is).
    source: str = relative_path("assets", inside="the theme folder")
    # Folder inside the output the bundles are written to.
    output_dir: str = relative_path("theme")
    # Bundle name -> source files (globs, relative to "source"), joined in this order.
    bundles: dict = mapping(
        {
            "css/site.css": ["css/tokens.css", "css/base.css", "css/components/*.css", "css/print.css"],
            "js/search.js": ["js/search.js"],
            "js/video.js": ["js/video.js"],
        },
        keys=is_relative_path, values=is_text_list, must="must map a bundle name to a list of source files",
    )
    # Content hash in file names, so hosts can cache them for a year (publish builds).
    hash: bool = flag(False)
    minify: bool = flag(False)


def merged(settings):
    """Return the checked ASSETS setting (checked once per settings object), or raise SettingsError."""
    return load(settings, Assets)
