"""The reading-age check: two character-based formulas, averaged, with names counted as ordinary words."""

from __future__ import annotations

import re

from inmind.check_file import ATX_HEADING, LIST_ITEM, REFERENCE_DEF, SETEXT, TAG
from inmind.source import prose_lines

PROPER_NOUNS = re.compile(r"(?<=[a-z,;] )[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*")


# --- Readability ---------------------------------------------------------------------------------------------


def _paragraphs(src):
    """Yield (first line, Markdown text) of each paragraph or list item of prose."""
    current, start = [], None
    for number, raw in prose_lines(src):
        line = raw.strip()
        first = line[:1]
        skip = (not line or first in "#|=-" and (ATX_HEADING.match(line) or SETEXT.match(line) or first == "|")
                or line.startswith(("*[", "[^")) or first == "[" and REFERENCE_DEF.match(line)
                or first == "<" and line.endswith(">") and TAG.fullmatch(line))
        item = not skip and LIST_ITEM.match(raw)
        if skip or item:
            if current:
                yield start, " ".join(current)
            current, start = [], None
            if skip:
                continue
            line = raw[item.end():].strip()
        if start is None:
            start = number
        current.append(line.lstrip("> "))
    if current:
        yield start, " ".join(current)


_PROSE_SUBS = [
    # No "[" inside the brackets and no "(" inside the parentheses: linear time on any input.
    (re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"), " "),  # images
    (re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1"),  # links: keep their text
    (re.compile(r"\[([^\[\]\n]*)\]\[[^\[\]\n]*\]"), r"\1"),
    (re.compile(r"\[\^[^\[\]\n]*\]"), ""),  # footnote marks
    (re.compile(r"<?(?:https?://|www\.)\S+>?"), " "),
    (TAG, " "),
    (re.compile(r"[*_`~#|]+"), " "),
]
_SENTENCE_END = re.compile(r"[.!?:;][\"')\]’”]*$")


def _prose(paragraphs):
    """Return the plain text of Markdown paragraphs, each ending a sentence."""
    text = "\n".join(paragraphs)
    for pattern, replacement in _PROSE_SUBS:
        text = pattern.sub(replacement, text)
    sentences = []
    for paragraph in text.split("\n"):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            # list items and captions end a sentence, whether or not they have a full stop
            sentences.append(paragraph if _SENTENCE_END.search(paragraph) else paragraph + ".")
    return " ".join(sentences)


def _check_readability(item, report, config):
    limit = config["reading_age_max"].get(item.folder)
    if limit is None:
        return
    paragraphs = list(_paragraphs(item.source))
    text = _prose(p for _, p in paragraphs)
    if len(text.split()) < config["reading_age_min_words"]:
        return
    import textstat

    # Names (Care Quality Commission, Aintree Racecourse) are not words a writer can simplify, so each
    # run of capitalised words inside a sentence counts as one ordinary word.
    measured = PROPER_NOUNS.sub("name", text)
    # Two character-based formulas (no pronunciation dictionary, so no downloads and the same answer
    # everywhere), averaged; a US school grade plus 5 is the UK reading age.
    grade = (textstat.automated_readability_index(measured) + textstat.coleman_liau_index(measured)) / 2
    age = round(grade + 5)
    if age <= limit:
        return
    shown = f"about {age}" if age <= 25 else "more than 25"
    longest = (0, item.source.body_line)
    for line, paragraph in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", _prose([paragraph])):
            words = len(sentence.split())
            if words > longest[0]:
                longest = (words, line)
    report.add("reading-age", item, longest[1], f"the reading age of this text is {shown}; the limit for "
               f"{item.folder} is {limit:g}",
               f"the longest sentence ({longest[0]} words) starts on this line; shorter sentences and everyday words "
               "help (NHS guidance aims for a reading age of 9 to 11)")
