"""Pure: the characters no page, feed or calendar file may carry, and text with them left out."""

from __future__ import annotations

import re

# C0 and C1 controls (but tab and line ends), DEL and the Unicode noncharacters: XML 1.0 refuses most of them
# (one in a title or a post stopped every feed), HTML calls each a parse error, and none is ever meant.
# And the invisible direction characters (marks U+061C, U+200E, U+200F; embeddings, overrides and isolates
# U+202A-U+202E, U+2066-U+2069), which show letters or words in another order than they are written: "\u202eayudO"
# reads "Oduya", so a check of the written text (an anonymous writer's real name) would not see what readers see.
# Right-to-left text shows right to left without them; a whole paragraph can say dir="rtl".
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def printable(text):
    """Return ``text`` without the characters no page, feed or calendar file may carry."""
    return NOT_TEXT.sub("", text)


# What Word and Outlook type in place of plain characters: special hyphens and dashes, non-breaking spaces, curly
# quotes. They look the same on screen, so a refusal of a value holding them must say so, or nothing looks wrong.
LOOKALIKES = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00ad": "",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
})
LOOKALIKE_HINT = ("it has hyphens, spaces or quotes of the kind Word types as you write, which look the same but are "
                  "other characters: delete it and type it again by hand, such as {example}")


def plain_lookalikes(text):
    """Return ``text`` with Word's look-alike hyphens, spaces and quotes made plain ones."""
    return text.translate(LOOKALIKES)
