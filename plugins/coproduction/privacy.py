"""Pure: find an anonymous writer's real name in any text, however it is spelt, split or encoded.

Text and names are compared in one normalised form: Unicode NFKC, format characters (zero-width space,
soft hyphen, joiners) removed, accents folded, case folded, and every character that is not a letter
treated as a space. So "Philippa Marchbanks-Oduya", "philippa-marchbanks-oduya", "PHILIPPA_MARCHBANKS
ODUYA.jpg" and "Philippa%20Marchbanks&shy;-Oduyá" all become "philippa marchbanks oduya". A name split by
markup is found in the "views" of a text with tags, entities, Markdown links and escapes undone.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import html
import json
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from . import extract

# Letters NFD does not split into a base letter and an accent, folded by hand (after case folding); and
# Cyrillic and Greek letters that look like Latin ones, so "Philippа" with a Cyrillic "а" is still found.
FOLDS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th",
                       "ð": "d", "ı": "i", "ŉ": "n",
                       "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
                       "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q",
                       "ԝ": "w", "ӏ": "l", "ɡ": "g", "α": "a", "β": "b", "ε": "e", "η": "h", "ι": "i", "κ": "k", "ν": "v",
                       "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c",
                       "ĸ": "k", "ɑ": "a", "ɩ": "i", "օ": "o", "ս": "u", "ո": "n", "ց": "g", "ɒ": "a"})
# Latin letters NFKC keeps apart but that read as the plain letter: small capitals ("ᴘʜɪʟ"), letters with a
# hook or a stroke ("Ƥ", "ƀ", "ɏ"), letters in a square, a circle or brackets ("🅟", "⒫"). Their Unicode
# names say which letter they are, so every such letter is folded, not a list of the ones seen so far.
LATIN_LETTER_NAME = re.compile(
    r"(?:(?:NEGATIVE )?(?:SQUARED|CIRCLED) |PARENTHESIZED )?LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?"
    r"([A-Z])(?: WITH .+)?"
)
# The middle dot joins letters inside a word (Catalan "l·l"; NFKC turns "Ŀ" into "L" and one): removed like a
# format character, so "ĿA", "L·A" and "LA" are one word in a name and in the text alike. Arabic's tatweel only
# stretches a word ("فاطـــمة"): removed the same way.
JOINING_MARKS = "\u00b7\u0640"
# Scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Myanmar, Khmer), and Korean, which
# joins a particle to a name ("김민수가"): each letter is a word of its own, so a name is found inside a run of them.
SPACELESS = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
                       "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\U00020000-\U0003ffff]")
# Invisible characters that Unicode files as letters (Hangul fillers): removed like format characters.
INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0"
# Code points Unicode keeps for invisible characters, assigned or not (U+2065, U+FFF0 to U+FFF8, the tags plane):
# browsers draw an unassigned one as nothing, as a zero-width space, so "Phil\u2065ippa" shows the name whole.
IGNORABLE = re.compile("[\u2060-\u206f\ufff0-\ufff8\U000e0000-\U000e0fff]")
NON_LETTERS = re.compile(r"[\W\d_]+")
# A middle name, initial or nickname between the first name and the rest ("Philippa J. Marchbanks-Oduya",
# "Philippa Jane Marchbanks-Oduya", "Philippa 'Pip' Marchbanks-Oduya") names the writer as surely as the name does.
# A form holding MIDDLE (never a letter, so never in normalised text) matches one or two words of any kind there.
MIDDLE = "\u2026"
MIDDLE_WORDS = r"(?: [^ ]+){1,2}"
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# In a binary file, whatever is not printable ASCII, a Latin letter or an accent separates words.
BINARY_NOISE = re.compile(r"[^\x20-\x7e\u00a0-\u024f\u0300-\u036f]+")
# Bytes that are no part of any character BINARY_NOISE keeps: controls, and the lead bytes of every other character
# (those kept are ASCII, or two bytes led by C2 to C9, CC or CD). Made spaces before decoding; UTF-8 starts afresh
# at each lead byte, so every character kept is decoded from the same bytes, and only the spaces between differ.
BINARY_SEPARATORS = bytes(0x20 if b < 0x20 or b in (0x7F, 0xC0, 0xC1, 0xCA, 0xCB) or b >= 0xCE else b
                          for b in range(256))
# A tag ends at a ">" outside quotes (title="a>b" is one tag); a quoted value stops at a "<", so each "<" is read only
# as far as the next one, and a stray quote in the text costs no more than that. A comment is one piece however many
# tags it holds (up to a length: an unended one costs no more than that). Possessive, so nothing is tried twice.
TAG = re.compile(r"""<(?:!--(?s:.{0,4000}?)--|(?:[^<>"']++|"[^"<]*+"|'[^'<]*+')*+)>""")
MARKDOWN_LINK = re.compile(r"!?\[([^\[\]]*)\](?:\([^()]*\)|\[[^\[\]]*\])")
# Emphasis marks, escapes, and the brackets of a link by reference ("[ip]" with "[ip]: https://…" below).
EMPHASIS = re.compile(r"[*_~`\\\[\]]")
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
# Every reading in views() other than the text itself starts from one of these: an entity, a tag (and CDATA), a
# Markdown link, an emphasis mark, a %-escape or a \u escape. Most metadata (a title, a theme, a slug) has none.
MARKUP = re.compile(r"[&<\[\]*_~`\\%]")
# In a drawing, pieces of text placed side by side (<tspan x=...>) read as one word, whatever lies between the tags.
BETWEEN_TAGS = re.compile(r">\s+<")
JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
# A word spelt out letter by letter ("P h i l i p p a", "P.H.I.L.", "M-a-r-c-h") still reads as the word: three or
# more single letters, each apart from the next by up to three spaces or marks, are read joined as well.
SPELT_OUT = re.compile(r"\b[^\W\d_](?:\W{1,3}[^\W\d_]\b){2,}")  # \b, not lookarounds: several times quicker
LETTER_GAPS = re.compile(r"\W+")
# Characters that are not letters to the pattern above (so part of a gap) but fold into letters: "ⓟ", "™", "㎏", the
# Greek iota below (U+0345). tests/plugins/coproduction/test_coproduction_privacy_quick.py finds every one in Unicode
# and holds this list to it. One in a gap (up to three non-letters after a letter) could lose its letter as the run
# is joined.
LETTERLIKE = ("\u0345\u20a8\u2100-\u2101\u2103\u2105-\u2106\u2109\u2116\u2120-\u2122\u213b\u249c-\u24e9\u2e9f"
              "\u2ef3\u2f00-\u2fd5\u3196-\u319f\u3200-\u321e\u322a-\u3247\u3250\u3260-\u327e\u328a-\u32b0"
              "\u32c0-\u33ff\ufdfc\U0001f110-\U0001f12e\U0001f130-\U0001f16c\U0001f170-\U0001f189\U0001f190"
              "\U0001f1a5\U0001f200-\U0001f202\U0001f210-\U0001f23b\U0001f240-\U0001f248\U0001f250-\U0001f251")
LETTERLIKE_SYMBOL = re.compile(f"[{LETTERLIKE}]")
# Around a symbol in a gap: a single letter (no letter, digit or "_" just before it), the gap's other non-letters before
# and after the symbol, then a single letter; the gap is three characters at most (SPELT_OUT).
GAP_BEFORE = re.compile(r"(?<!\w)[^\W\d_](\W*)\Z")
GAP_AFTER = re.compile(r"(\W*)[^\W\d_](?!\w)")
# ASCII's non-letters (all but A to Z, a to z), as bytes: taken out of UTF-8 in one pass in C, which leaves every
# other character whole (each byte of one is 0x80 or over).
BELOW_E2 = bytes(range(0xE2))
ASCII_BYTES = bytes(range(0x80))
ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
NOT_ASCII_LETTERS = bytes(b for b in range(256) if not (b < 128 and chr(b).isalpha()))
# Pagefind writes each index file as gzip(signature + CBOR), and each page's fragment as gzip(signature + JSON).
PAGEFIND_SIGNATURE = b"pagefind_dcd"
PAGEFIND_SUFFIXES = (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter", ".pagefind")
# Office documents are zip archives: their properties (author, last saved by) and text are compressed
# inside. Each part is read, up to this many bytes in all (a "zip bomb" is read no further).
ZIP_BUDGET = 64 * 1024 * 1024
# Windows (a photo's EXIF XPAuthor) and PDF programs write author fields in UTF-16: a zero byte beside each letter.
UTF16_RUNS = ((re.compile(rb"(?:[\x20-\x7e\xa0-\xff]\x00){3,}"), "utf-16-le"),
              (re.compile(rb"(?:\x00[\x20-\x7e\xa0-\xff]){3,}"), "utf-16-be"))
# Every run of three or more in either byte order holds this (zero, letter, zero, letter, zero); it starts
# with a fixed byte, which the regex engine finds fast, so a file without it skips both searches.
UTF16_HINT = re.compile(rb"\x00[\x20-\x7e\xa0-\xff]\x00[\x20-\x7e\xa0-\xff]\x00")
# Each UTF-16 run is read whole, and without its first or last character, or both.
UTF16_CUTS = (slice(None), slice(1, None), slice(None, -1), slice(1, -1))


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    """Return what one character (after NFKC, case folding and NFD) becomes: "" for marks and format characters."""
    if (char in INVISIBLE_LETTERS or char in JOINING_MARKS or unicodedata.category(char) in ("Cf", "Mn", "Mc", "Me")
            or IGNORABLE.match(char)):
        return ""
    if SPACELESS.match(char):
        return f" {char} "
    # Again after case folding: the small letter of a capital the first pass did not know may be a variant ("Ʀ", "ʀ");
    # and a letter of another alphabet drawn like a Latin one. Only here, on small letters: Unicode's table reads a
    # capital "I" (and a Greek "Ι") as "l", where case folding has made it "i".
    return _look_alike(char).translate(FOLDS)


@functools.lru_cache(maxsize=8192)
def _latin_letter(char):
    """Return the plain letter a Latin letter variant reads as (by its Unicode name), or ``char`` itself."""
    # A capital and its small letter can be named differently ("O WITH MIDDLE TILDE", "BARRED O"): either will do.
    for each in (char, char.upper(), char.lower()):
        found = len(each) == 1 and LATIN_LETTER_NAME.fullmatch(unicodedata.name(each, ""))
        if found:
            return found.group(1).lower()
    return char


def _look_alike(char):
    """Return the ASCII letter a case-folded letter is drawn like (by its name, or Unicode's confusables), or ``char``."""
    latin = _latin_letter(char)
    if latin != char or ord(char) in FOLDS or not unicodedata.category(char).startswith("L"):
        return latin
    # The table knows some letters by their capital only (Coptic "Ⲩ", not "ⲩ"); case folding made them small.
    table = _confusable_letters()
    return table.get(char) or table.get(char.upper()) or char


@functools.cache
def _confusable_letters():
    """Return {letter: the ASCII letter it is confusable with} from Unicode's confusables (UTS #39), loaded once.

    Letters of other alphabets drawn like Latin ones (Cherokee "Ꮲ", Lisu "ꓑ", Coptic "ⲟ"): a reader sees the name.
    """
    from importlib.resources import files

    data = json.loads(files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8"))
    found = {}
    for char, glyphs in data.items():
        if len(char) != 1 or char.isascii() or not unicodedata.category(char).startswith("L"):
            continue
        latin = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalpha()]
        if latin:
            found[char] = latin[0].lower()
    return found


@functools.lru_cache(maxsize=8192)
def _fold_run(run):
    """Return one run of non-ASCII characters folded; cached, as pages repeat the same few (quotes, dashes)."""
    # Variants first: NFKC would make "⒫" into "(p)", three characters where a reader sees one letter.
    run = "".join(map(_latin_letter, run))
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", run).casefold())
    return "".join(map(_fold_char, text))


def _fold(match):
    return _fold_run(match.group())


# Punctuation and symbols nearly every page holds (the title's dash, the footer's ©, an ellipsis, quotes), most
# frequent first: none is or becomes a mark or a letter, and none composes with a neighbour, so each folds the same
# alone as inside any run of them, and has no case (tests/plugins/coproduction/test_coproduction_privacy.py holds
# every one to that). A text whose only non-ASCII characters are among these is folded by replacing each, without
# finding and folding its runs one by one.
COMMON_MARKS = ("\u2013\u00a9\u2026\u2019\u201c\u201d\u2018\u2014\u00a0\u00b7\u00ab\u00bb\u2022\u2192\u2190\u00d7"
                "\u00a3\u20ac\u00b0")


@functools.cache
def _common_folds():
    """Return (character, what it folds to) for each of COMMON_MARKS, from the same folding as any other run."""
    return tuple((char, _fold_run(char)) for char in COMMON_MARKS)


def _fold_common(text):
    """Return ``text`` folded when its only non-ASCII characters are COMMON_MARKS, else None."""
    rest, found = text, []
    for char, fold in _common_folds():
        if char in rest:
            rest = rest.replace(char, "")
            if fold != char:
                found.append((char, fold))
            if rest.isascii():  # a flag of the string: no need to look for the rarer ones
                break
    if not rest.isascii():
        return None
    for char, fold in found:
        text = text.replace(char, fold)
    return text


def folded(text):
    """Return ``text`` case folded and unaccented, its non-letters kept: what ``normalise`` then spaces out."""
    text = str(text)
    if text.isascii():
        return text.lower()  # for ASCII, lower() is casefold() and several times quicker
    common = _fold_common(text)
    if common is not None:
        return common.lower()  # ASCII and caseless marks: lower() is casefold() here too
    # Only the non-ASCII runs need Unicode's work (ASCII has no format characters, accents or
    # compatibility forms); marks are dropped, not composed, so a run is folded the same alone.
    text = NON_ASCII.sub(_fold, text)
    return text.lower() if text.isascii() else text.casefold()


def normalise(text):
    """Return ``text`` as lower-case unaccented letters, one space between runs of letters."""
    return NON_LETTERS.sub(" ", folded(text)).strip()


def name_forms(real_name, *, also=(), slugs=()):
    """Return the normalised forms to look for: the name, surname first and backwards (parts spaced or run together), slugs, ``also``.

    Backwards, word by word: a right-to-left block or table shows "Oduya-Marchbanks Philippa" as the name.
    """
    words = str(real_name).split()
    forms = []
    orders = [real_name] + ([" ".join([words[-1], *words[:-1]])] if len(words) > 1 else [])
    for order in [*orders, *also]:
        normalised = normalise(order)
        forms.extend(_joinings(normalised))
        forms.extend(_joinings(" ".join(reversed(normalised.split()))))
    if len(words) > 1:
        first = normalise(words[0])
        forms.extend(f"{first} {MIDDLE} {rest}" for rest in _joinings(normalise(" ".join(words[1:]))) if first)
    forms.extend(normalise(s) for s in slugs)
    return tuple(dict.fromkeys(f for f in forms if f))


def _joinings(normalised, limit=6):
    """Return ``normalised`` with each space kept or dropped ("a b c", "ab c", "a bc", "abc").

    A soft hyphen or zero-width space where the hyphen or space was, or camel case, runs the parts together.
    """
    parts = normalised.split()
    if not parts:
        return []
    if len(parts) > limit:
        return [normalised, "".join(parts)]
    found = []
    for mask in range(2 ** (len(parts) - 1)):
        text = parts[0]
        for index, part in enumerate(parts[1:]):
            text += ("" if mask >> index & 1 else " ") + part
        found.append(text)
    return found


@dataclass(frozen=True)
class HiddenName:
    """An anonymous writer: their public author slug and name, and the normalised forms of their real name."""

    slug: str
    public_name: str
    forms: tuple[str, ...]

    def __repr__(self):
        # Never print the forms: reprs end up in logs and tracebacks.
        return f"HiddenName(slug={self.slug!r}, public_name={self.public_name!r}, forms=<{len(self.forms)}>)"


class Plain(str):
    """Text read from a binary file: searched as it is, without the markup views."""


class Matcher:
    """Finds any form of any hidden name, as whole words, in normalised text."""

    def __init__(self, names):
        self.names = tuple(names)
        self._near = None
        self._owner = {}
        for name in self.names:
            for form in name.forms:
                self._owner.setdefault(form, name)
        # Longest first, so the fullest form is reported; spaces (or the ends) on both sides: whole words.
        alternatives = "|".join(_alternative(f) for f in sorted(self._owner, key=len, reverse=True))
        self._middle = tuple((re.compile(_alternative(f)), name) for f, name in self._owner.items() if MIDDLE in f)
        self._pattern = re.compile(rf"(?:^| )({alternatives})(?= |$)") if alternatives else None
        # Every form starts with a word that is a whole run of letters in the normalised text, so it is
        # also a substring of the folded text. A text holding none of these first words cannot hold a
        # name, and is passed over without the costly spacing out of every non-letter (most of the work).
        firsts = sorted({form.split(" ")[0] for form in self._owner}, key=len)
        self._anchors = tuple(a for i, a in enumerate(firsts) if not any(b in a for b in firsts[:i]))
        # The same with only their letters: what is looked for in a text's letters alone (a normalised form's words
        # are all letters; a form given some other way keeps its letters).
        self._letter_anchors = tuple(dict.fromkeys(NON_LETTERS.sub("", a) for a in self._anchors))
        # Most names are written in ASCII: their first words are then looked for among a text's ASCII letters alone
        # (every other character taken out, by bytes in C). A word of ASCII letters only that lies whole among all the
        # letters has no other letter inside it, so it lies whole among the ASCII ones too.
        self._ascii_anchors = (tuple(a.encode("ascii") for a in self._letter_anchors)
                               if all(a.isascii() for a in self._letter_anchors) else None)

    def __bool__(self):
        return self._pattern is not None

    def close(self, text):
        """Return a ``near.Near`` for a spelling within a few letters of a hidden name in ``text``, or None."""
        if self._near is None:
            from .near import NearMatcher  # it reads words the way this module does, so it imports from here

            self._near = NearMatcher(self.names)
        return self._near.find(text) if text else None

    def find_normalised(self, normalised):
        """Return the HiddenName found in already-normalised text, or None."""
        if self._pattern is None:
            return None
        found = self._pattern.search(normalised)
        if not found:
            return None
        text = found.group(1)
        return self._owner.get(text) or next(name for pattern, name in self._middle if pattern.fullmatch(text))

    def find(self, text, seen=None):
        """Return the first HiddenName found in any view of ``text`` (tags, entities, links undone), or None.

        ``seen``, a set kept across calls, skips a text already searched: a page and its .gz and .br copies.
        """
        if self._pattern is None or not text:
            return None
        if seen is not None:
            key = (isinstance(text, Plain), hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest())
            if key in seen:
                return None  # searched before, and nothing was found (a find stops the build)
            seen.add(key)
        readings, joinable = _readings(text, plain=isinstance(text, Plain))
        for view in readings:
            found, view_folded = self._search(view)
            if found:
                return found
            if view == joinable:
                joinable_folded = view_folded
        # Last, the reading with letters spelt out one by one joined ("P h i l" read as "Phil"). Joining only takes
        # out or spaces the gaps (runs of non-letters) between single letters, so the text's letters, folded, are the
        # same in the same order before and after: a form's first word found in the joined reading is found in those
        # letters too. Most texts hold none, and are spared the joining (on a picture's bytes read as text, half the
        # search). Not so when a gap could hold a letter-like symbol ("ⓟ", the iota below): such a text is always joined.
        if not _letterlike_in_gap(joinable):
            if not self._letters_hold_a_first_word(joinable_folded):
                return None
        spelt = spelt_out(joinable)
        return None if spelt in readings else self._search(spelt)[0]

    def _letters_hold_a_first_word(self, text):
        """Return True when the letters of folded ``text``, every non-letter taken out, hold a form's first word."""
        if self._ascii_anchors is not None:
            letters = text.encode("utf-8", "surrogatepass").translate(None, NOT_ASCII_LETTERS)
            return any(anchor in letters for anchor in self._ascii_anchors)
        letters = letters_only(text)
        return any(anchor in letters for anchor in self._letter_anchors)

    def _search(self, view):
        """Return (the HiddenName found in one reading, or None; the reading folded)."""
        view = folded(view)
        if not any(anchor in view for anchor in self._anchors):
            return None, view
        return self.find_normalised(NON_LETTERS.sub(" ", view).strip()), view


def _alternative(form):
    """Return the regular expression for one form: its text, and one or two words of any kind where it holds MIDDLE."""
    return MIDDLE_WORDS.join(re.escape(part) for part in form.split(f" {MIDDLE}"))


def _letterlike_in_gap(text):
    """Return True when a letter-like symbol in ``text`` could be in a gap between single letters (in a SPELT_OUT run)."""
    if text.isascii():
        return False
    # The pattern's scan is slow beside C's: first, is there a symbol at all among the characters left in UTF-8 once
    # ASCII and the common marks are taken out (a page's few dashes and quotes; a picture's accents)?
    rest = text.encode("utf-8", "surrogatepass").translate(None, ASCII_BYTES)
    if b"\xcd\x85" not in rest and not rest.translate(None, BELOW_E2):
        return False  # neither the iota below (CD 85) nor any character led by E2 or over (U+2000 up, the others)
    if LETTERLIKE_SYMBOL.search(_without_common_marks(rest).decode("utf-8", "surrogatepass")) is None:
        return False
    for symbol in LETTERLIKE_SYMBOL.finditer(text):
        at = symbol.start()
        before = GAP_BEFORE.search(text, max(0, at - 3), at)
        after = before and GAP_AFTER.match(text, at + 1, at + 4)
        if after and len(before.group(1)) + 1 + len(after.group(1)) <= 3:
            return True
    return False


def _without_common_marks(data):
    """Return UTF-8 ``data`` without COMMON_MARKS (each a whole character: UTF-8 never matches inside another)."""
    for mark in _common_mark_bytes():
        if mark in data:
            data = data.replace(mark, b"")
    return data


@functools.cache
def _common_mark_bytes():
    return tuple(char.encode("utf-8") for char in COMMON_MARKS)


def letters_only(text):
    """Return ``text`` with every non-letter taken out (``NON_LETTERS``): ASCII's and the common marks in C."""
    data = text.encode("utf-8", "surrogatepass").translate(None, ASCII_NON_LETTERS)
    if not data.isascii():
        data = _without_common_marks(data)
    text = data.decode("utf-8", "surrogatepass")
    return text if data.isascii() else NON_LETTERS.sub("", text)


def views(text):
    """Return the readings of ``text`` a name could hide in: raw, entities decoded, tags or Markdown removed."""
    readings, joinable = _readings(text)
    return list(dict.fromkeys([*readings, spelt_out(joinable)]))


def _readings(text, plain=False):
    """Return (the readings of ``text`` but one, none twice; the reading whose letters spelt out one by one are joined).

    ``plain``: text read from a binary file (``plain_views``): with %-escapes undone too, no markup undone.
    """
    if plain:
        return list(dict.fromkeys([text, unquote(text)])) if "%" in text else [text], text
    if MARKUP.search(text) is None:
        return [text], text  # nothing to decode or remove: no other reading
    unescaped = html.unescape(text)
    between_tags = TAG.split(unescaped)  # one pass for both readings: tags removed, and tags made spaces
    untagged = "".join(between_tags)
    unlinked = untagged
    for _ in range(8):  # links inside links' text: innermost first
        unlinked, count = MARKDOWN_LINK.subn(r"\1", unlinked)
        if not count:
            break
    unmarked = EMPHASIS.sub("", unlinked)
    found = [text, unescaped, untagged, " ".join(between_tags), unmarked, unquote(unescaped), unquote(unmarked)]
    if "\\u" in text:
        found.append(JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
    if "<![CDATA[" in text:
        # XML's literal sections (in an SVG's <text>, say) are text: the tag pattern would take them whole.
        found.append(TAG.sub("", html.unescape(CDATA.sub(r"\1", text))))
    # Letters spelt out one by one, in the plainest reading (entities, tags, links and emphasis undone): the text
    # as written has tags, whose letters read as spelt out ("</p><p><a"), and every reading would cost twice the time.
    return list(dict.fromkeys(found)), unmarked


def plain_views(text):
    """Return the readings of text read from a binary file (a PDF's page, a picture's notes): as it is, and spelt out.

    And with %-escapes undone: a PDF's link to a web address writes an accented name that way ("%C3%B3duya").
    """
    readings, joinable = _readings(text, plain=True)
    return list(dict.fromkeys([*readings, spelt_out(joinable)]))


def spelt_out(text):
    """Return ``text`` with each run of letters spelt out one by one ("P h i l") joined into a word."""
    return SPELT_OUT.sub(_joined, text) if SPELT_OUT.search(text) else text  # most texts have none: no copy


def _joined(match):
    # The run's commonest gap is the one between letters; any other ("  ", " - ", a line end) is between words.
    run = match.group()
    between_letters = Counter(LETTER_GAPS.findall(run)).most_common(1)[0][0]
    return LETTER_GAPS.sub(lambda gap: "" if gap.group() == between_letters else " ", run)


# --- output files ---


def _strings(value):
    """Yield every text string (keys included) inside decoded CBOR or JSON, in document order."""
    # A stack, not recursion: Pagefind's index is deep and wide, and nested generators cost a call per level.
    # Exact types first: Pagefind's index is mostly small lists of page numbers, stacked whole and each number
    # passed over as it is popped (quicker than filtering every list as it is stacked).
    stack = [value]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is list:
            push(reversed(item))
        elif kind is int:
            continue
        elif kind is str:
            yield item
        elif isinstance(item, str):
            yield item
        elif isinstance(item, bytes):
            yield item.decode("utf-8", "replace")
        elif isinstance(item, dict):
            for key, inner in reversed(item.items()):
                stack.append(inner)
                stack.append(key)
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))


def _pagefind_texts(data):
    """Yield the text inside one of Pagefind's files (gzip, signature, then JSON or CBOR)."""
    raw = _unpacked(".gz", data) or data
    body = raw[len(PAGEFIND_SIGNATURE):] if raw.startswith(PAGEFIND_SIGNATURE) else raw
    if body[:1] in (b"{", b"["):
        yield body.decode("utf-8", "replace")
        return  # a fragment: JSON text, read as it is
    yield _binary_text(body)
    import cbor2

    with _collector_paused():
        try:
            decoded = cbor2.loads(body)
        except Exception:  # noqa: BLE001 - not CBOR (the WebAssembly file): its raw text was read above
            return
        # One string per line: CBOR's length bytes are letters ("h" + "philippa") and would hide words.
        text = "\n".join(_strings(decoded))
        del decoded  # freed here, by reference counting
    yield text


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cycle collector while a word index is decoded.

    The index is hundreds of thousands of small lists, and every 700 new ones set the collector off, which
    then walks the whole build's objects too (a quarter of the index's reading in a build). What the
    decoding leaves is freed by reference counting; a cycle a hostile file might build (CBOR's shared
    values) waits for the collector's next run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extracted_blob(data):
    yield from _read(extract.blob(data))


def _extracted(data):
    """Yield the texts in a binary file's own structure (extract.py): XML ones read with their views."""
    yield from _read(extract.texts(data))


def picture_metadata_texts(data):
    """Yield the texts a picture carries besides its pixels (what the published copy leaves out), bytes after it too."""
    if data[:8] == PNG_SIGNATURE:
        yield from _png_texts(data)
        end = extract.picture_end(data)
        if end < len(data):
            yield from _extracted_blob(data[end:])
    else:
        yield from _read(extract.picture_metadata(data))


def _read(pieces):
    try:
        for text, markup in pieces:
            yield text if markup else Plain(text)
    except Exception:  # noqa: BLE001 - a file damaged past what a reader foresaw: its raw bytes were searched already
        return


def _zip_texts(data, depth):
    """Yield the texts of every part of a zip archive (an office document), within ZIP_BUDGET."""
    import io
    import zipfile

    budget, listed = ZIP_BUDGET, set()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # noqa: BLE001 - not a readable archive: its parts are read from their own headers below
        archive, infos = None, []
    for info in infos:
        listed.add(info.header_offset)
        if info.filename.endswith("/") or budget <= 0:
            continue
        try:
            with archive.open(info) as part:
                body = part.read(budget)
        except Exception:  # noqa: BLE001 - one part that cannot be read (encrypted, damaged) does not hide the others
            continue
        budget -= len(body)
        yield from file_texts(info.filename, body, _depth=depth + 1)
    # A part missing from the archive's list is still in its bytes, compressed: read from its own header.
    for name, body in extract.unlisted_zip_parts(data, listed, budget):
        yield from file_texts(name, body, _depth=depth + 1)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Inflated text is capped: a picture's text chunk is a caption or an author, never megabytes.
PNG_TEXT_LIMIT = 1 << 20


def _png_texts(data):
    """Yield the text of each of a PNG's text chunks, inflated where compressed (zTXt, iTXt).

    A chunk's text is not ended by a NUL but by the chunk's checksum, whose bytes may be letters that run
    into the last word; and compressed text shows in no run of bytes. So each chunk is read on its own.
    """
    at = len(PNG_SIGNATURE)
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        at += 12 + length
        if kind not in (b"tEXt", b"zTXt", b"iTXt"):
            if kind == b"iCCP":  # a colour profile, compressed after its name: its description is text
                name, _, packed = body.partition(b"\0")
                try:
                    body = name + b"\0" + zlib.decompressobj().decompress(packed[1:], PNG_TEXT_LIMIT)
                except zlib.error:
                    pass
            if kind[:1].islower():  # an ancillary chunk (EXIF in eXIf, a program's own): never the picture
                yield from _extracted_blob(body)
            continue
        keyword, _, rest = body.partition(b"\0")
        codec = "utf-8" if kind == b"iTXt" else "latin-1"
        if kind == b"iTXt":
            # compression flag and method, then the language tag and the translated keyword, each ending in NUL
            compressed, parts = rest[:1] == b"\x01", rest[2:].split(b"\0", 2)
            keyword += b" " + (parts[1] if len(parts) == 3 else b"")
            rest = parts[-1]
        else:
            compressed = kind == b"zTXt"
            rest = rest[1:] if compressed else rest  # zTXt: the compression method byte
        if compressed:
            try:
                rest = zlib.decompressobj().decompress(rest, PNG_TEXT_LIMIT)
            except zlib.error:
                continue
        text = keyword.decode(codec, "replace") + " " + rest.decode(codec, "replace")
        yield text if b"<" in rest else Plain(text)  # XMP is XML: its entities and tags are undone too


def _binary_text(data):
    """Return the readable text of binary bytes (letters of Latin scripts and printable ASCII), a space between runs."""
    # Separators made spaces first, by two passes in C (bytes, then the decoder's U+FFFD for what is not UTF-8),
    # leave the pattern only a few runs to replace: half the time, and the same characters kept in the same order.
    text = data.translate(BINARY_SEPARATORS).decode("utf-8", "replace").replace("\ufffd", " ")
    return Plain(BINARY_NOISE.sub(" ", text))


# Compressed files a contributor could commit beside a post, and the site's own .gz and .br copies.
COMPRESSED = (".gz", ".br", ".bz2", ".xz", ".lzma")


def _unpacked(suffix, data):
    """Return ``data`` decompressed, at most ZIP_BUDGET bytes of it (a small file can unpack to gigabytes), or None."""
    import bz2
    import lzma

    import brotli

    try:
        if suffix == ".gz":
            return zlib.decompressobj(wbits=31).decompress(data, ZIP_BUDGET)
        if suffix == ".br":
            return brotli.Decompressor().process(data, output_buffer_limit=ZIP_BUDGET)
        if suffix == ".bz2":
            return bz2.BZ2Decompressor().decompress(data, max_length=ZIP_BUDGET)
        return lzma.LZMADecompressor().decompress(data, max_length=ZIP_BUDGET)
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError, brotli.error):
        return None


def file_texts(name, data, _depth=0):
    """Yield the texts to search in a file's bytes: decompressed, decoded, Pagefind's files and office documents unpacked."""
    lower = name.lower()
    suffix = lower[lower.rfind("."):] if "." in lower else ""
    if suffix in COMPRESSED and _depth < 3:  # "x.gz.gz.gz…": each level could hold ZIP_BUDGET, so only a few
        unpacked = _unpacked(suffix, data)
        if unpacked is not None:
            yield from file_texts(name[:-len(suffix)], unpacked, _depth=_depth + 1)
            return
    if lower.endswith(PAGEFIND_SUFFIXES):
        yield from _pagefind_texts(data)
        return
    if data[:4] == b"PK\x03\x04" and _depth < 2:
        yield from _zip_texts(data, _depth)
    if data[:8] == PNG_SIGNATURE:
        yield from _png_texts(data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") and _depth < 2 and len(data) < ZIP_BUDGET:
        # Text saved as UTF-16 (an office document's XML part can be): read as text, entities and tags undone.
        yield data[2:].decode("utf-16-le" if data[0] == 0xFF else "utf-16-be", "replace")
    try:
        if data[:1] and (0x80 <= data[0] <= 0xC1 or data[0] >= 0xF5):
            # No UTF-8 text starts with this byte (a PNG's first, say): decoding would fail at once, after a copy.
            raise UnicodeDecodeError("utf-8", data[:1], 0, 1, "invalid start byte")
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # A picture or a program: only its runs of readable text (metadata such as an author field) count.
        yield _binary_text(data)
        runs = [m.group().decode(codec, "replace") for pattern, codec in UTF16_RUNS for m in pattern.finditer(data)
                ] if UTF16_HINT.search(data) else []
        if runs:
            # A byte of the file's structure just before or after a run can read as a letter stuck to the name.
            yield Plain("\n".join(run[cut] for run in runs for cut in UTF16_CUTS))
        yield from _extracted(data)
        return
    if data[:5] == b"%PDF-":
        yield from _extracted(data)  # a PDF all in ASCII: its strings and streams all the same
    yield text
    if lower.endswith(".svg"):
        yield BETWEEN_TAGS.sub("><", text)
        yield from extract.svg_drawn(text)
    if lower.endswith(".json"):
        try:
            yield "\n".join(_strings(json.loads(text)))
        except ValueError:
            pass
