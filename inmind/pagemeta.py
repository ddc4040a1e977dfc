"""What the theme's <head> partial needs for one page; filled in by the plugins that make pages."""

import json
from dataclasses import dataclass

from markupsafe import Markup

# Inside <script> the HTML parser looks only for "</script" and "<!--"; escaping every <, > and & as JSON
# \u escapes means no value (a title "</script><script>...") can end or comment out the data block.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data, indent=None):
    """Return ``data`` as JSON that is safe inside <script type="application/ld+json">, marked safe for templates."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return Markup(text.translate(_SCRIPT_ESCAPES))


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
    json_ld: Markup | None = None
