"""The reading-age check: two character-based formulas, averaged, with names counted as ordinary words."""

from __future__ import annotations

import re

from inmind.check_file import ATX_HEADING, LIST_ITEM, REFERENCE_DEF, SETEXT, TAG
from inmind.source import prose_lines

# A run of capitalised words after a lower-case letter, comma or semicolon and a space. The capital comes first
# and the look back after it, so that the search skips from capital to capital.
PROPER_NOUNS = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[\w'’-]+(?:\s[A-Z][\w'’-]+)*")


# --- The two formulas ----------------------------------------------------------------------------------------
# They count as textstat 0.7.13 does, number for number (tests/test_check_readability.py compares them with
# textstat on hostile text). textstat itself is not used here: importing it loads NLTK (0.4 s in every checking
# process) and it runs two regular expressions over each sentence again to count its words.

# A run between spaces with no letter or digit: the space before it and the run, or the run at the start.
# Matching the space rather than looking behind for it lets the search skip ahead from space to space.
_PUNCTUATION_ONLY = re.compile(r"\s[^\w\s]+(?=\s|\Z)")
_PUNCTUATION_FIRST = re.compile(r"[^\w\s]+(?=\s|\Z)")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _punctuation_only(text):
    """Return how many runs between spaces in ``text`` hold no letter or digit."""
    return len(_PUNCTUATION_ONLY.findall(text)) + (1 if _PUNCTUATION_FIRST.match(text) else 0)


def _count_sentences(text, punctuation_only, runs=None):
    """Return textstat's sentence count: runs up to . ! or ?, leaving out those of two words or fewer.

    ``punctuation_only`` is ``_punctuation_only(text)``. A sentence starts with a letter or digit, so only its
    last run can lack one without being such a run of the whole text: a sentence of more runs than that count
    plus three has three words or more, and only the others are counted word by word. ``runs`` counts a
    sentence's runs between spaces (by default, splitting it).
    """
    if not text:
        return 0
    runs = runs or (lambda sentence: len(sentence.split()))
    sentences = _SENTENCE.findall(text)
    short = 0
    for sentence in sentences:
        count = runs(sentence)
        if count <= 2 or count < punctuation_only + 4 and count - _punctuation_only(sentence) <= 2:
            short += 1
    return max(1, len(sentences) - short)


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else 0.0


def _single_spaced_runs(sentence):
    return sentence.count(" ") + 1


def readability_indexes(text, *, single_spaced=False):
    """Return (Automated Readability Index, Coleman-Liau index) of ``text``, as textstat computes them.

    ``single_spaced``: the text has no space but single " " between runs, none at either end (as _prose makes
    it), so runs are counted by its spaces instead of splitting it.
    """
    if single_spaced:
        spaces = text.count(" ")
        runs, characters = (spaces + 1 if text else 0), len(text) - spaces
    else:
        tokens = text.split()
        runs, characters = len(tokens), len("".join(tokens))
    punctuation_only = _punctuation_only(text)
    words = runs - punctuation_only
    sentences = _count_sentences(text, punctuation_only, _single_spaced_runs if single_spaced else None)
    # ARI: characters other than spaces per run between spaces, and words per sentence.
    chars_per_word, words_per_sentence = _ratio(characters, runs), _ratio(words, sentences)
    ari = 0.0 if chars_per_word == 0 or words_per_sentence == 0 else \
        (4.71 * chars_per_word) + (0.5 * words_per_sentence) - 21.43
    # Coleman-Liau: letters and digits per 100 words, and sentences per 100 words.
    letters = _ratio(characters - len(_PUNCTUATION.findall(text)), words) * 100
    per_hundred = _ratio(sentences, words) * 100
    cli = 0.0 if letters == 0 or per_hundred == 0 else (0.058 * letters) - (0.296 * per_hundred) - 15.8
    return ari, cli


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
    # No "[" inside the brackets and no "(" inside the parentheses: linear time on any input. Each pattern
    # comes with texts one of which every match holds: a text without them is not searched.
    (re.compile(r"!\[[^\[\]\n]*\]\([^()\n]*\)"), " ", ("![",)),  # images
    (re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)"), r"\1", ("](",)),  # links: keep their text
    (re.compile(r"\[([^\[\]\n]*)\]\[[^\[\]\n]*\]"), r"\1", ("][",)),
    (re.compile(r"\[\^[^\[\]\n]*\]"), "", ("[^",)),  # footnote marks
    (re.compile(r"<?(?:https?://|www\.)\S+>?"), " ", ("http", "www.")),
    (TAG, " ", ("<",)),
    (re.compile(r"[*_`~#|]+"), " ", tuple("*_`~#|")),
]
_CLOSING = "\"')]’”"


def _ends_sentence(paragraph):
    """Say whether a paragraph (one line) ends with . ! ? : or ;, closing quotes and brackets aside."""
    return paragraph.rstrip(_CLOSING)[-1:] in (".", "!", "?", ":", ";")


def _prose(paragraphs):
    """Return the plain text of Markdown paragraphs, each ending a sentence."""
    text = "\n".join(paragraphs)
    for pattern, replacement, needed in _PROSE_SUBS:
        if any(need in text for need in needed):
            text = pattern.sub(replacement, text)
    sentences = []
    for paragraph in text.split("\n"):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            # list items and captions end a sentence, whether or not they have a full stop
            sentences.append(paragraph if _ends_sentence(paragraph) else paragraph + ".")
    return " ".join(sentences)


def _check_readability(item, report, config):
    limit = config["reading_age_max"].get(item.folder)
    if limit is None:
        return
    paragraphs = list(_paragraphs(item.source))
    text = _prose(p for _, p in paragraphs)
    if (text.count(" ") + 1 if text else 0) < config["reading_age_min_words"]:  # _prose leaves one space between words
        return
    # Names (Care Quality Commission, Aintree Racecourse) are not words a writer can simplify, so each
    # run of capitalised words inside a sentence counts as one ordinary word.
    measured = PROPER_NOUNS.sub("name", text)
    # Two character-based formulas (no pronunciation dictionary, so no downloads and the same answer
    # everywhere), averaged; a US school grade plus 5 is the UK reading age.
    ari, cli = readability_indexes(measured, single_spaced=True)  # the names' runs left one space each side
    grade = (ari + cli) / 2
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
