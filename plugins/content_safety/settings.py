"""The ``CONTENT_SAFETY`` setting, as a typed object checked once per build."""

import re
from dataclasses import dataclass
from typing import ClassVar

from inmind.typed_settings import Invalid, is_text_list, load, mapping, shown, strings, text

# Elements whose content is dropped together with the tag (script text must never show as text).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
     "textarea", "select", "svg", "math", "xmp", "noembed", "noframes", "plaintext", "title", "head", "meta",
     "link", "base"}
)
# Never allowed, whatever the setting says: they run code, load other sites or collect input.
FORBIDDEN = DROPPED_WITH_CONTENT | {"form", "input", "button", "option", "label", "fieldset", "dialog", "canvas",
                                    "audio", "video", "source", "track", "picture", "portal", "html", "body"}


def _no_forbidden(tags):
    dangerous = sorted({t.lower() for t in tags} & FORBIDDEN)
    if dangerous:
        raise Invalid(f"cannot allow <{dangerous[0]}>",
                      hint="it can run code, load another site or collect input; videos come from the video plugin "
                           "instead")
    return tags


def _no_risky(attributes):
    risky = sorted(a for names in attributes.values() for a in names if a.lower().startswith("on") or a.lower() == "style")
    if risky:
        raise Invalid(f"cannot allow {shown(risky[0])}",
                      hint="event handlers and style attributes are blocked by the site's Content-Security-Policy")
    return attributes


def _compiles(patterns):
    for pattern in patterns:
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            raise Invalid(f"has a broken pattern {shown(pattern)}: {exc}") from None
    return patterns


@dataclass(frozen=True)
class ContentSafety:
    """CONTENT_SAFETY: what the sanitiser allows on top of what Markdown writes."""

    NAME: ClassVar[str] = "CONTENT_SAFETY"
    EXAMPLE: ClassVar[str] = '{"extra_tags": ["kbd"]}'

    # Extra elements to allow on top of what Markdown writes (e.g. ["kbd"] is already allowed).
    extra_tags: tuple = strings([], filled=True, then=_no_forbidden)
    # Extra attributes per element, {"td": ["lang"]}; "*" means every element.
    extra_attributes: dict = mapping({}, values=is_text_list,
                                     must="must map an element name to a list of attribute names", then=_no_risky)
    # Link and image addresses may only use these schemes (relative addresses are always fine).
    url_schemes: tuple = strings(["http", "https", "mailto", "tel", "sms"], filled=True)
    # rel added to links that leave the site.
    link_rel: str | None = text("noopener", empty=True, optional=True, must="must be a string such as 'noopener', or None")
    # class names kept on elements (regular expressions, matched in full); others are dropped.
    class_patterns: tuple = strings(
        [
            r"footnote", r"footnote-ref", r"footnote-backref", r"language-[\w+#.-]+", r"toc", r"admonition(-title)?",
            r"app-align-(left|right|center)",
        ],
        filled=True, then=_compiles,
    )


def merged(settings):
    """Return the checked CONTENT_SAFETY setting (checked once per settings object), or raise SettingsError."""
    return load(settings, ContentSafety)


def typed(config=None):
    """Return ``config`` as a ContentSafety: as it is, or a partial CONTENT_SAFETY dict checked over the defaults."""
    return config if isinstance(config, ContentSafety) else merged({"CONTENT_SAFETY": config or {}})
