"""What the theme's <head> partial needs for one page; filled in by the plugins that make pages."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageMeta:
    """Title, description, share-card details and optional JSON-LD for one page's <head>."""

    title: str
    description: str
    og_type: str = "website"
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    tags: tuple = ()
    json_ld: str | None = None
