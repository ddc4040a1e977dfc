"""Pure: the characters no page, feed or calendar file may carry, and text with them left out."""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and line ends), DEL and the Unicode noncharacters: XML 1.0 refuses most of them
# (one in a title or a post stopped every feed), HTML calls each a parse error, and none is ever meant.
# And the two direction overrides (U+202D, U+202E), which show the letters after them backwards: "\u202eayudO"
# reads "Oduya", so a check of the written text (an anonymous writer's real name) would not see what readers
# see. Right-to-left text needs neither; embeddings and isolates (U+202A, U+202B, U+2066-U+2069) stay.
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202d\u202e\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def printable(text):
    """Return ``text`` without the characters no page, feed or calendar file may carry."""
    return NOT_TEXT.sub("", text)
