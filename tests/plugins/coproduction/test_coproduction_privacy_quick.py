"""The real-name search's quick paths give exactly what the full ones give: common marks, binary text, word indexes,
readings, and the pattern that replaces a real name written out."""

import functools
import re
import unicodedata

import pytest
from coproduction import privacy, vocabulary
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

NAME = "Philippa Marchbanks-Oduya"
HIDDEN = privacy.HiddenName("a-carer", "A carer", privacy.name_forms(NAME, slugs=["philippa-marchbanks-oduya"]))
MATCHER = privacy.Matcher([HIDDEN])


def _folded_in_full(text):
    """What ``folded`` did before the quick path for common marks: every non-ASCII run folded on its own."""
    text = privacy.NON_ASCII.sub(privacy._fold, str(text))
    return text.lower() if text.isascii() else text.casefold()


@functools.cache
def _second_halves():
    """Return every character that is the second of two in some character's canonical decomposition."""
    found = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(chr(int(parts[1], 16)))
    return found


@pytest.mark.parametrize("char", list(privacy.COMMON_MARKS))
def test_each_common_mark_folds_the_same_alone_as_beside_anything(char):
    # Neither a mark nor a letter, and nothing it becomes is a mark, sorts among marks or composes with what
    # comes before it: so a run of these folds as each one does alone, and case changes none of them.
    assert unicodedata.category(char)[0] in "PSZ"
    variant = privacy._latin_letter(char)
    compatible = unicodedata.normalize("NFKD", variant)
    cased = unicodedata.normalize("NFKC", variant).casefold()
    for part in compatible + cased + unicodedata.normalize("NFD", cased):
        assert unicodedata.combining(part) == 0, (char, part)
        assert unicodedata.category(part)[0] != "M", (char, part)
        assert part not in _second_halves(), (char, part)
    fold = privacy._fold_run(char)
    assert fold.lower() == fold.casefold() == fold
    # Replacing one mark never makes another that the replacing after it would fold again.
    assert not any(other in fold and other != privacy._fold_run(other) for other in privacy.COMMON_MARKS)


HOSTILE = ["\u0301", "\u0338", "\u0345", "\u200b", "\u00ad", "ß", "İ", "ﬁ", "Ｐ", "Р", "ᴘ", "Ƥ", "⒫", "ǅ", "\u1100",
           "\u1161", "\u3099", "ﾊ", "ﾞ", "=", "<", "I", "s", "a", "Z", " ", "-"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list(privacy.COMMON_MARKS) + HOSTILE), max_size=20))
@example(["=", "\u2013", "\u0338"])  # a mark after a common one: the whole text takes the full path
@example(["\u2026", "\u00a0", "\u00b7", "I", "\u2019"])
def test_folding_with_common_marks_is_exactly_the_full_folding(pieces):
    text = "".join(pieces)
    assert privacy.folded(text) == _folded_in_full(text)


@pytest.mark.parametrize(
    "text",
    [
        "Written by Philippa Marchbanks\u2013Oduya \u00a9 2026 \u2026",
        "\u201cPhilippa\u201d Marchbanks\u2014Oduya",
        "Phil\u00b7ippa\u00a0Marchbanks-Oduya \u2026",  # a middle dot inside the word is dropped, as before
        "Thanks \u2013 P\u0301hilippa Marchbanks-Oduya \u2013 who helped",  # a mark: the full path, still found
        "\u2018\uff30hilippa\u2019 Marchbanks-Oduya",  # a full-width letter among common marks
        "\u2022 Marchbanks\u2011Oduya, \u1d18hilippa \u2192",  # a non-breaking hyphen and a small capital
    ],
)
def test_a_name_among_common_marks_is_found_however_written(text):
    assert MATCHER.find(text) is HIDDEN
    assert MATCHER.find(f"<p>{text}</p>") is HIDDEN


def _binary_text_in_full(data):
    """The readable text of binary bytes as it was found before: decoded, then every other run made one space."""
    return privacy.BINARY_NOISE.sub(" ", data.decode("utf-8", "replace"))


BYTES = [b"\x00", b"\x01", b"\x1f", b"\x7f", b"\x80", b"\xbf", b"\xc0", b"\xc1", b"\xc2", b"\xc3", b"\xc9", b"\xca",
         b"\xcc", b"\xcd", b"\xce", b"\xe2", b"\xef", b"\xf0", b"\xf5", b"\xff", b"\xa9", b"\x8f", b"\xb0", b" ",
         b"a", b"Z", "é".encode(), "\u0301".encode(), "\u2013".encode(), "\u0250".encode(), "\u0370".encode(),
         "\u0085".encode(), "\ufffd".encode(), b"Philippa", b"Oduya"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(BYTES), max_size=30))
@example([b"\xe2", b"Philippa"])  # a lead byte made a space: the letters after it are the same
@example([b"\xc3", "é".encode(), b"\x80"])
def test_binary_text_keeps_the_same_letters_in_the_same_order(parts):
    data = b"".join(parts)
    quick, full = privacy._binary_text(data), _binary_text_in_full(data)
    assert isinstance(quick, privacy.Plain)
    # Only the spaces between runs may differ: the same characters kept, in the same places between separators.
    assert re.split(r" +", quick.strip(" ")) == re.split(r" +", full.strip(" "))
    assert privacy.normalise(quick) == privacy.normalise(full)


@pytest.mark.parametrize("start", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\x80", b"\xc1", b"\xf5"])
def test_a_name_in_a_binary_file_is_found_whatever_its_first_byte(start):
    data = start + b"\x00\xe2\x80" + "Philippa Marchb\u00e1nks\u0301-Oduya".encode() + b"\xff\x01"
    texts = list(privacy.file_texts("card.png", data))
    assert any(isinstance(t, privacy.Plain) for t in texts)
    assert any(MATCHER.find(t) is HIDDEN for t in texts)


def test_a_text_file_starting_with_a_letter_outside_ascii_is_still_read_as_text():
    texts = list(privacy.file_texts("note.txt", "\u00c9t\u00e9: Phil&shy;ippa Marchbanks-Oduya".encode()))
    assert texts and not isinstance(texts[-1], privacy.Plain)  # read with its views: the entity is undone
    assert MATCHER.find(texts[-1]) is HIDDEN


def _strings_in_full(value):
    """Every string in decoded CBOR or JSON, in document order, read by recursion."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("utf-8", "replace")
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings_in_full(key)
            yield from _strings_in_full(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _strings_in_full(inner)


LEAVES = st.one_of(st.integers(), st.text(max_size=6), st.binary(max_size=4), st.booleans(), st.none(), st.floats())
TREES = st.recursive(LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=5), st.tuples(inner, inner),
                                                      st.dictionaries(st.text(max_size=3), inner, max_size=3)),
                     max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(TREES)
@example([[["philippa", [[3, [1, 2], []], [4, [], [5]]], []], 7, "oduya"]])  # the shape of Pagefind's word index
def test_every_string_of_a_word_index_is_read_in_order(tree):
    assert list(privacy._strings(tree)) == list(_strings_in_full(tree))


def _views_in_full(text):
    """The readings of a text as they were made before tags were split out once for two of them."""
    from html import unescape
    from urllib.parse import unquote

    unescaped = unescape(text)
    unlinked = untagged = privacy.TAG.sub("", unescaped)
    for _ in range(8):
        unlinked, count = privacy.MARKDOWN_LINK.subn(r"\1", unlinked)
        if not count:
            break
    unmarked = privacy.EMPHASIS.sub("", unlinked)
    found = [text, unescaped, untagged, privacy.TAG.sub(" ", unescaped), unmarked, unquote(unescaped), unquote(unmarked)]
    if "\\u" in text:
        found.append(privacy.JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
    if "<![CDATA[" in text:
        found.append(privacy.TAG.sub("", unescape(privacy.CDATA.sub(r"\1", text))))
    # Then the plainest reading with letters spelt out one by one ("P h i l") joined.
    found.append(privacy.spelt_out(unmarked))
    return list(dict.fromkeys(found))


MARKUP = ["<", ">", "<b>", "</b>", "<>", "&lt;", "&gt;", "&amp;", "&#60;", "[", "]", "(x)", "*", "%3C", "%20", "\\u0050",
          "<![CDATA[", "]]>", "Phil", "ippa", " ", "Oduya", "\u2013", "&", "%", "_", "~", "`", "\\", "!", "(", ")", "'"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MARKUP), max_size=16))
@example(["<b>", "<b>", "Phil", "</b>", "ippa"])  # tags side by side: one space for each
@example(["Phil", "ippa", "(", "Oduya", ")", "!", "'"])  # no markup at all: the text is its only reading
@example(["Phil", "%", "50", "ippa"])
def test_the_readings_of_a_text_are_those_made_in_full(pieces):
    text = "".join(pieces)
    assert privacy.views(text) == _views_in_full(text)
    assert MATCHER.find(text) == MATCHER.find(text + "<i></i>")  # the quick path for plain text finds the same


@pytest.mark.parametrize("text", ["Philippa Marchbanks-Oduya", "PHILIPPA\u00a0MARCHBANKS\u2011ODUYA",
                                  "Marchbanks-Oduya, Philippa", "philippa.marchbanks.oduya", "P\u200bhilippa Marchbanks-Oduya"])
def test_a_name_in_plain_metadata_is_found_without_any_markup_around_it(text):
    assert privacy.views(text) == [text]
    assert MATCHER.find(text) is HIDDEN


def _name_pattern_in_full(name):
    """The pattern that replaced a real name written out, as it was made before: "not after a letter" first."""
    words = [re.escape(w) for w in str(name).split()]
    return re.compile(r"(?<!\w)" + r"[\s\u00a0]+".join(words) + r"(?!\w)", re.IGNORECASE)


REAL_NAMES = ["Zephyrine Quillfeather", "Siobhán O'Neill", "J Smith", "(Ann) Lee", "İlkay Şahin", "Kai Sky", "Ann"]
AROUND = ["Zephyrine", "zephyrine", "ZEPHYRINE", "Quillfeather", " ", "\u00a0", "\n", "x", "_", "1", ".", "(", ")",
          "İ", "ı", "ſ", "\u212a", "Siobhán", "SIOBHÁN", "O'Neill", "o'neill", "J", "j", "Smith", "Ann", "ann", "Lee",
          "lkay", "Şahin", "ai", "Sky", "-", "é"]


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(REAL_NAMES), st.lists(st.sampled_from(AROUND), max_size=12))
@example("Zephyrine Quillfeather", ["Zephyrine", " ", "Quillfeather"])  # at the very start of the text
@example("Zephyrine Quillfeather", ["x", "Zephyrine", " ", "Quillfeather"])  # after a letter: not a name
@example("Kai Sky", ["\u212a", "ai", "\u00a0", "ſ", "ky"])  # the Kelvin sign and the long s match, as before
@example("(Ann) Lee", ["(", "ann", ")", "\n", "Lee"])
def test_a_real_name_written_out_is_replaced_exactly_where_it_was(name, pieces):
    text = "".join(pieces)
    assert vocabulary.name_pattern(name).sub("A carer", text) == _name_pattern_in_full(name).sub("A carer", text)


# --- The reading with letters spelt out one by one is joined only when the text's letters hold a form's first word ---
# Joining takes out or spaces the gaps (up to three non-letters) between single letters, and nothing else; so, when
# folding adds the letters of each character to those of the others ("additive", held below for every character and
# every composition of two in Unicode) and no gap holds a symbol that folds to a letter (LETTERLIKE, held below to
# every such symbol in Unicode), the joined reading's letters are the text's letters: a first word found in the
# one is found in the other. The end-to-end test hides a name in every way the search knows and compares the quick
# search with every reading searched in full.

NOT_A_LETTER = re.compile(r"[\W\d_]")


def _letters(text):
    """The letters of ``text`` folded, as NON_LETTERS defines them, by the pattern itself."""
    return privacy.NON_LETTERS.sub("", privacy.folded(text))


@functools.cache
def _folding_letters():
    """Return every character that is no letter to the patterns but folds (alone) to one or more letters."""
    fold = privacy._fold_run.__wrapped__  # not the cache: a million characters would flush it for nothing
    found = set()
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or not re.match(r"\W", char):
            continue
        if NOT_A_LETTER.sub("", fold(char)):
            found.add(char)
    return found


def test_every_symbol_that_folds_to_a_letter_is_letterlike():
    letterlike = {chr(c) for c in range(0x110000) if privacy.LETTERLIKE_SYMBOL.match(chr(c))}
    missing = sorted(_folding_letters() - letterlike)
    assert not missing, [f"U+{ord(c):04X}" for c in missing]
    # Each is a non-letter to the pattern that spells out letters, so it can be in a gap (and is looked for there).
    assert all(re.match(r"\W", c) for c in letterlike)
    # The quick test for a symbol looks for U+0345 by its bytes and the others by a lead byte of E2 or over, once
    # ASCII and the common marks (none a symbol) are taken out.
    assert sorted(letterlike)[0] == "\u0345" and sorted(letterlike)[1] >= "\u2000"
    assert not letterlike & set(privacy.COMMON_MARKS)


def test_folding_two_characters_that_compose_adds_the_letters_of_each():
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) != 2 or parts[0].startswith("<"):
            continue
        first, second = (chr(int(p, 16)) for p in parts)
        for pair in (first + second, unicodedata.normalize("NFC", first + second)):
            assert _letters(pair) == _letters(first) + _letters(second), f"U+{code:04X}"


LETTERS_AND_MORE = ["a", "Z", "é", "e", "\u0301", "\u0345", "α", "Α", "ω", "\u0313", "ß", "ı", "İ", "\u0307", "ﬁ", "Ｐ",
                    "Р", "ᴘ", "Ƥ", "⒫", "ⓟ", "™", "㎏", "\u1100", "\u1161", "\u11a8", "가", "ﾊ", "ﾞ", "\u3099", "中",
                    "\u00ad", "\u200b", "\u0640", "·", "ŀ", "Ŀ", "\u115f", "ǅ", "Σ", "ς", " ", "-", ".", "  ", "_", "1",
                    "²", "①", "\ud800", "&", "<", "\n", "\u20a8", "\U0001f130", "\u2e9f", *privacy.COMMON_MARKS]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(LETTERS_AND_MORE), max_size=24))
@example(["Ｐ", "\u0301", " ", "h", " ", "\u0345", "i"])
@example(["α", "-", "\u0345", "-", "α", " ", "b"])
def test_folding_adds_the_letters_of_each_character(pieces):
    text = "".join(pieces)
    assert _letters(text) == "".join(_letters(c) for c in text)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(LETTERS_AND_MORE + ["a", "b", "-", " "]), max_size=24))
@example(["a", " ", "b", "⒫", "c", "⒫", "d"])
@example(["a", "\u0345", "b", "\u0345", "c"])
@example(["a", "-", "b", "-", "\u0345", "-", "c"])  # a gap of three after a run's second letter
@example(["x", "a", "\u0345", "b", "-", "c"])  # "xa" is no single letter: no run there
def test_joining_letters_spelt_out_keeps_the_letters_unless_a_gap_holds_a_letterlike_symbol(pieces):
    text = "".join(pieces)
    joined = [run.group() for run in privacy.SPELT_OUT.finditer(text)]
    if any(privacy.LETTERLIKE_SYMBOL.search(run) for run in joined):
        assert privacy._letterlike_in_gap(text)  # the quick test never misses a symbol inside a run that is joined
    if not privacy._letterlike_in_gap(text):
        assert _letters(privacy.spelt_out(text)) == _letters(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40) | st.lists(st.sampled_from(LETTERS_AND_MORE), max_size=24).map("".join))
def test_letters_only_takes_out_exactly_the_non_letters(text):
    assert privacy.letters_only(text) == privacy.NON_LETTERS.sub("", text)


# Names in ASCII once folded, and names that are not (Cyrillic "ж", Chinese, Arabic, Hangul): two ways of looking.
REAL = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøαß", min_size=1, max_size=7)
                | st.text(alphabet="aeждлиωй李明مد가", min_size=1, max_size=5), min_size=1, max_size=3)
GAPS = [" ", "  ", ".", "-", " - ", "\u00ad", "\u200b", "⒫", "ⓟ", "\u0345", "™", "&nbsp;", "<b></b>", "<!-- x -->",
        "<i title='a>b'></i>", "&#32;", "%20", "\n"]
TWISTS = ["none", "entities", "spelt", "tag", "comment", "reference", "odd", "reversed", "link"]


def _entities(word):
    return "".join(f"&#{ord(c)};" if i % 2 else c for i, c in enumerate(word))


def _odd(word):
    """A word in full-width letters, small capitals or with combining accents, by turns."""
    out = []
    for i, char in enumerate(word):
        if char.isascii() and i % 3 == 0:
            out.append(chr(ord(char) - 0x61 + 0xFF41))  # full-width
        elif i % 3 == 1:
            out.append(char + "\u0301")
        else:
            out.append(char.upper())
    return "".join(out)


@st.composite
def hidden_names(draw):
    """Return (real name, a text that may hide it in one of the ways the search knows, as Plain or not)."""
    words = draw(REAL)
    name = " ".join(words)
    shown = list(reversed(words)) if draw(st.booleans()) else list(words)
    twist = draw(st.sampled_from(TWISTS))
    gap = draw(st.sampled_from(GAPS))
    written = []
    for word in shown:
        if twist == "entities":
            word = _entities(word)
        elif twist == "spelt":
            word = gap.join(word)
        elif twist == "tag" and len(word) > 1:
            word = word[:1] + draw(st.sampled_from(["<b>", "</b><b>", "<span title=\"x>y\">"])) + word[1:]
        elif twist == "comment" and len(word) > 1:
            word = word[:1] + "<!-- <p>note</p> -->" + word[1:]
        elif twist == "reference" and len(word) > 1:
            word = word[:1] + "[" + word[1:] + "]"
        elif twist == "odd":
            word = _odd(word)
        elif twist == "link":
            word = f"[{word}](https://example.org/)"
        written.append(word)
    between = draw(st.sampled_from([" ", "  ", " - ", "&nbsp;", "\u00a0", gap]))
    noise = draw(st.lists(st.sampled_from(LETTERS_AND_MORE + GAPS), max_size=8).map("".join))
    keep = draw(st.booleans())  # else a near miss: the last letter dropped
    body = between.join(written) if keep else between.join(written)[:-1]
    text = draw(st.sampled_from(["{n}{b}{n}", "Thanks to {b}.", "{n} {b}", "<p>{b}</p>{n}"])).format(n=noise, b=body)
    return name, (privacy.Plain(text) if draw(st.booleans()) else text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden_names())
@example(("zephyrine quillfeather", "z⒫e⒫p⒫h⒫y⒫r⒫i⒫n⒫e Quillfeather"))
@example(("ann lee", privacy.Plain("a\u0345n\u0345n l\u0345e\u0345e")))
@example(("ann lee", "A N N <!-- c --> L E E"))
def test_the_quick_search_finds_a_hidden_name_exactly_when_every_reading_searched_in_full_does(case):
    name, text = case
    hidden = privacy.HiddenName("x", "X", privacy.name_forms(name))
    matcher = privacy.Matcher([hidden])
    assert matcher.find(text) == _find_in_full(matcher, text), (name, text)


def _find_in_full(matcher, text):
    """Every reading, the joined one too, normalised and searched in full (no first-word check, nothing passed over)."""
    from urllib.parse import unquote

    plain = [text, privacy.spelt_out(text), *([unquote(text)] if "%" in text else [])]
    for view in plain if isinstance(text, privacy.Plain) else privacy.views(text):
        found = matcher.find_normalised(privacy.normalise(view))
        if found:
            return found
    return None


@pytest.mark.parametrize("text", ["z⒫e⒫p⒫h⒫y⒫r⒫i⒫n⒫e  q⒫u⒫i⒫l⒫l⒫f⒫e⒫a⒫t⒫h⒫e⒫r",
                                  privacy.Plain("\u0345".join("ZEPHYRINE") + " ; " + "\u0345".join("QUILLFEATHER")),
                                  "<p>Thanks, Q™U™I™L™L™F™E™A™T™H™E™R, Z™E™P™H™Y™R™I™N™E!</p>"])
def test_a_name_spelt_out_with_letterlike_gaps_is_found_only_because_such_a_text_is_always_joined(text, monkeypatch):
    hidden = privacy.HiddenName("x", "X", privacy.name_forms("Zephyrine Quillfeather"))
    assert privacy.Matcher([hidden]).find(text) is hidden
    # The symbols' own letters hide the name from the text's letters: without the rule, the quick search missed it.
    monkeypatch.setattr(privacy, "_letterlike_in_gap", lambda text: False)
    assert privacy.Matcher([hidden]).find(text) is None


@pytest.mark.parametrize("iota", [True, False])
def test_a_name_spelt_out_in_a_pictures_bytes_is_found_beside_an_iota_below_or_not(iota):
    # A picture's bytes read as text hold accents, the iota below among them: next to a letter it makes the text joined.
    before = b"\x02a" + "\u0345".encode() + b"\x02" if iota else b"\x02a\x02"
    data = b"\x89PNG\r\n\x1a\n\x00" + before + b"\x02Z e p h y r i n e  Q u i l l f e a t h e r\xff"
    hidden = privacy.HiddenName("x", "X", privacy.name_forms("Zephyrine Quillfeather"))
    texts = list(privacy.file_texts("card.png", data))
    assert any(privacy._letterlike_in_gap(t) for t in texts) is iota
    assert any(privacy.Matcher([hidden]).find(t) is hidden for t in texts)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(LETTERS_AND_MORE + ["ab", "ж", "李", "ab́c"]), max_size=20).map("".join),
       st.sampled_from([("ab",), ("abc", "ca"), ("ж",), ("李",), ("ab", "ж")]))
@example("a–b", ("ab",))
@example("aéb", ("ab",))  # a letter outside ASCII inside: the ASCII look may say yes, never no when it is there
def test_the_first_word_look_among_letters_never_misses_one(text, firsts):
    matcher = privacy.Matcher([privacy.HiddenName("x", "X", tuple(f + " q" for f in firsts))])
    assert (matcher._ascii_anchors is None) == (not all(f.isascii() for f in firsts))
    folded = privacy.folded(text)
    if any(first in privacy.NON_LETTERS.sub("", folded) for first in firsts):
        assert matcher._letters_hold_a_first_word(folded)
    if matcher._ascii_anchors is None:  # looked for among all the letters: exactly
        assert matcher._letters_hold_a_first_word(folded) == any(f in privacy.NON_LETTERS.sub("", folded) for f in firsts)
