"""The ``CONTENT_SAFETY`` setting: defaults, merge and validation."""

import re

from inmind.errors import SettingsError, merge_setting

# Elements whose content is dropped together with the tag (script text must never show as text).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
     "textarea", "select", "svg", "math", "xmp", "noembed", "noframes", "plaintext", "title", "head", "meta",
     "link", "base"}
)
# Never allowed, whatever the setting says: they run code, load other sites or collect input.
FORBIDDEN = DROPPED_WITH_CONTENT | {"form", "input", "button", "option", "label", "fieldset", "dialog", "canvas",
                                    "audio", "video", "source", "track", "picture", "portal", "html", "body"}

DEFAULTS = {
    # Extra elements to allow on top of what Markdown writes (e.g. ["kbd"] is already allowed).
    "extra_tags": [],
    # Extra attributes per element, {"td": ["lang"]}; "*" means every element.
    "extra_attributes": {},
    # Link and image addresses may only use these schemes (relative addresses are always fine).
    "url_schemes": ["http", "https", "mailto", "tel", "sms"],
    # rel added to links that leave the site.
    "link_rel": "noopener",
    # class names kept on elements (regular expressions, matched in full); others are dropped.
    "class_patterns": [
        r"footnote", r"footnote-ref", r"footnote-backref", r"language-[\w+#.-]+", r"toc", r"admonition(-title)?",
        r"app-align-(left|right|center)",
    ],
}


def merged(settings):
    """Return CONTENT_SAFETY merged over DEFAULTS, or raise SettingsError naming the bad key."""
    config = merge_setting(settings, "CONTENT_SAFETY", DEFAULTS, '{"extra_tags": ["kbd"]}')
    for key in ("extra_tags", "url_schemes", "class_patterns"):
        value = config[key]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v for v in value):
            raise SettingsError(f"CONTENT_SAFETY[{key!r}] must be a list of non-empty strings, not {value!r}")
    dangerous = sorted({t.lower() for t in config["extra_tags"]} & FORBIDDEN)
    if dangerous:
        raise SettingsError(
            f"CONTENT_SAFETY['extra_tags'] cannot allow <{dangerous[0]}>",
            hint="it can run code, load another site or collect input; videos come from the video plugin instead",
        )
    extra_attributes = config["extra_attributes"]
    if not isinstance(extra_attributes, dict) or not all(
        isinstance(k, str) and isinstance(v, list | tuple) and all(isinstance(a, str) for a in v)
        for k, v in extra_attributes.items()
    ):
        raise SettingsError("CONTENT_SAFETY['extra_attributes'] must map an element name to a list of attribute names")
    risky = sorted(
        a for names in extra_attributes.values() for a in names if a.lower().startswith("on") or a.lower() == "style"
    )
    if risky:
        raise SettingsError(
            f"CONTENT_SAFETY['extra_attributes'] cannot allow {risky[0]!r}",
            hint="event handlers and style attributes are blocked by the site's Content-Security-Policy",
        )
    if config["link_rel"] is not None and not isinstance(config["link_rel"], str):
        raise SettingsError("CONTENT_SAFETY['link_rel'] must be a string such as 'noopener', or None")
    for pattern in config["class_patterns"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SettingsError(f"CONTENT_SAFETY['class_patterns'] has a broken pattern {pattern!r}: {exc}") from None
    return config
