"""Keeping an anonymous writer's real name out of one content object as it is read: replaced or refused."""

from __future__ import annotations

import logging

from markupsafe import Markup, escape

from inmind.errors import ContentError, metadata_line

from . import privacy, private

logger = logging.getLogger(__name__)


def _refuse(content, found, what, key=None):
    source = getattr(content, "source_path", None)
    line = metadata_line(source, key) if key else next(private.find_in_text(privacy.Matcher([found]), private.read_text(source)), (1,))[0]
    return ContentError(
        private.contains_real_name(what, found),
        path=source,
        line=line,
        hint=private.FOUND_HINT,
    )


def protect_real_names(content, state):
    """Refuse a real name in any address; replace one written out plainly in text; refuse any other form."""
    matcher = state.matcher
    for key in ("slug", "url", "save_as"):
        value = getattr(content, key, None)
        found = matcher.find(value) if isinstance(value, str) else None
        if found is not None:
            raise _refuse(content, found, f"the web address ({key})", key.capitalize() if key == "slug" else key)
    for author in getattr(content, "authors", None) or []:
        found = matcher.find(author.name)
        if found is not None and state.registry.find(author.name) is None:
            raise _refuse(content, found, "the Author field", "Author")
    replaced = None
    for key, value in list(content.metadata.items()):
        if isinstance(value, str):
            # A summary is kept as its escaped text (Markup): replace in the text, then escape it again.
            text = value.unescape() if isinstance(value, Markup) else value
            new = _replace(text, state)
            if new != text:
                new = Markup(escape(new)) if isinstance(value, Markup) else new
                replaced = key
                content.metadata[key] = new
                if key == "summary":
                    content._summary = new
                elif not isinstance(getattr(type(content), key, None), property):
                    setattr(content, key, new)
        elif isinstance(value, list) and any(isinstance(v, str) for v in value):
            new = [_replace(v, state) if isinstance(v, str) else v for v in value]
            if new != value:
                replaced = key
                content.metadata[key] = new
                setattr(content, key, new)
    for attribute in ("title", "_content", "_summary"):
        value = getattr(content, attribute, None)
        if isinstance(value, str):
            new = _replace(value, state)
            if new != value:
                replaced = attribute
                setattr(content, attribute, new)
    # Whatever a plain replacement could not reach (a name split by markup, in a link, spelt another way)
    # stops the build: text cannot be rewritten safely around it.
    for key, value in content.metadata.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            found = matcher.find(item) if isinstance(item, str) else None
            if found is not None:
                raise _refuse(content, found, f"the {key} field", key.capitalize())
    # The body is left to the source check before the build and the output check after it: reading every
    # body through all the views a third time would cost more than it adds.
    for attribute in ("title", "_summary"):
        value = getattr(content, attribute, None)
        found = matcher.find(value) if isinstance(value, str) else None
        if found is not None:
            raise _refuse(content, found, "this file")
    if replaced:
        source = getattr(content, "source_path", None)
        logger.warning(
            "%s: the real name of an anonymous author is written in this file; it was replaced with their public "
            "name. Remove it from the file: it must never be published.",
            source,
        )


def _replace(text, state):
    for pattern, public in state.replacements:
        text = pattern.sub(public, text)
    return text
