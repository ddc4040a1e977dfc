"""Pure: Share-image and Share-image-alt, declared once for the browser editor (plugins/editor lays them out)."""

from __future__ import annotations

from .handlers import NO_ALT, SHARE_KINDS


def editor_fields(pelican_settings):
    """Return the editor's view of a post's own share picture and its alt text (needed when a picture is set)."""
    kinds = ", ".join(sorted({k.lstrip(".") for k in SHARE_KINDS}))
    return [
        {"key": "share-image", "folders": ["blog"], "widget": "image",
         "hint": f"Optional: the picture shown when the post is shared ({kinds}). Without one, a card is drawn "
                 "from the title."},
        {"key": "share-image-alt", "folders": ["blog"], "widget": "string", "required_with": "share-image",
         "message": f"{NO_ALT[0]}: {NO_ALT[1]}",
         "hint": "Describe the share picture for people who cannot see it (needed when a picture is chosen)."},
    ]
