"""The faster tagger gives exactly what the plain one gave: every score, every piece of evidence, in order.

The reference below is the tagger's scoring as it was before it was made faster (eighth round of issue 17),
kept word for word apart from names, so that a later speed-up can be checked against it the same way.
The splitting into words has a plain reference too, one character at a time, checked on odd text of every kind.
"""

import functools
import itertools
import re

import markdown
import pytest
from coproduction.learned import compile_learned
from coproduction.phrases import (
    _ABBREVIATION,
    _END,
    _IGNORE,
    GROUPS,
    IN_LIST,
    SPECIFIC,
    _abbreviates,
    _in_list,
    _split,
    html_to_text,
    word_count,
    words,
)
from coproduction.tagger import Evidence, Score
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.tagging import evaluate

# --- the reference: the plain tagger -----------------------------------------------------------------------


# Splitting, one character at a time: what phrases.py says it does, written the obvious way.
_REFERENCE_KEPT = {",": ",", "(": "(", ")": ")", "[": "(", "]": ")"}
_REFERENCE_MARKS = set(".;:!?{}<>\"/\\|*+=%$#@~^`\u201c\u201d\u2013\u2014\u2026")
_REFERENCE_HYPHENS = {"-", "\u2010", "\u2011"}
_REFERENCE_APOSTROPHES = {"'", "\u2019", "\u2018"}


def reference_split(text):
    words, marks, word = [], 0, []
    for char in text.lower():
        if char in _REFERENCE_APOSTROPHES:
            continue  # dropped: "carer's" is "carers"
        if char in _REFERENCE_KEPT or char in _REFERENCE_MARKS or char == "&" or char in _REFERENCE_HYPHENS or char.isspace():
            if word:
                words.append("".join(word))
                word = []
            if char in _REFERENCE_KEPT:
                words.append(_REFERENCE_KEPT[char])
                marks += 1
            elif char in _REFERENCE_MARKS:
                words.append(".")
                marks += 1
            elif char == "&":
                words.append("and")
        else:
            word.append(char)
    if word:
        words.append("".join(word))
    return words, marks


def reference_count(learned, tokens):
    found = {}
    for token in filter(learned.spellings.__contains__, tokens):
        word = learned.spellings[token]
        found[word] = found.get(word, 0) + 1
    return found


def reference_match(tagger, tokens, definitions=None, spans=None):
    found, listed = {}, {}
    index = tagger.index
    single, multi, family = index.single, index.multi, index.family
    end = len(tokens)
    skip_to = 0
    for i in itertools.compress(range(end), map(index.starts.__contains__, tokens)):
        if i < skip_to:
            continue
        word = tokens[i]
        keys, start, stop = single.get(word), i, i + 1
        node = multi.get(family.get(word, word))
        j = i + 1
        while node is not None:
            if _END in node:
                for lead, found_keys in node[_END]:
                    first = i - len(lead)
                    if j - first > stop - start and first >= skip_to and tuple(tokens[first:i]) == lead:
                        keys, start, stop = found_keys, first, j
                        break
            if j == end:
                break
            word = tokens[j]
            node = node.get(family.get(word, word))
            j += 1
        if not keys:
            continue
        skip_to = stop
        if spans is not None:
            spans.append((start, stop))
        if keys is _IGNORE:
            continue
        in_list = tokens[stop - 1] in GROUPS and _in_list(tokens, start, stop)
        for key in keys:
            found[key] = found.get(key, 0) + 1
            if in_list:
                listed[key] = listed.get(key, 0) + 1
        if definitions is not None and stop + 2 < end and tokens[stop] == "(" and tokens[stop + 2] == ")":
            short = tokens[stop + 1]
            if _abbreviates(short, tokens[start:stop]):
                definitions.setdefault(short, keys)
    return found, listed


def reference_places(tagger, title, summary, body):
    texts = (title, summary, body)
    split = [_split(text) for text in texts]
    tokens = [t for t, _ in split]
    definitions = {}
    spans = [[], [], []]
    matched = [reference_match(tagger, t, definitions, s) for t, s in zip(tokens, spans, strict=True)]
    shorts = [tagger._abbreviations(text, t, definitions) for text, t in zip(texts, tokens, strict=True)]
    size = len(tokens[2]) - split[2][1]
    body_factor = min(1.0, tagger.body_words / size) if size else 1.0
    factors = (tagger.weights[0], tagger.weights[1], tagger.weights[2] * body_factor)
    return tokens, spans, matched, shorts, factors, body_factor, size


def reference_learned(tagger, tokens, spans, factors):
    spellings = tagger.learned.spellings
    found = []
    for place, place_spans in zip(tokens, spans, strict=True):
        counts = reference_count(tagger.learned, place)
        if counts:
            for start, stop in place_spans:
                for token in place[start:stop]:
                    if token in spellings:
                        counts[spellings[token]] -= 1
            counts = {word: n for word, n in counts.items() if n}
        found.append(counts)
    result = {}
    for word in sorted(found[0].keys() | found[1].keys() | found[2].keys()):
        places = tuple(f.get(word, 0) for f in found)
        counted = min(tagger.learned.cap, sum(factor * n for factor, n in zip(factors, places, strict=True)))
        for slug, worth in tagger.learned.themes_of[word]:
            result.setdefault(slug, []).append((word, places, worth, counted))
    return result


def reference_scores(tagger, title="", summary="", body=""):
    tokens, spans, matched, shorts, factors, body_factor, size = reference_places(tagger, title, summary, body)
    per_theme = {}
    for place, (found, listed) in enumerate(matched):
        for (slug, phrase), n in found.items():
            entry = per_theme.setdefault(slug, {}).setdefault((phrase, ""), [0, 0, 0, 0])
            entry[place] += n
            if place == 2:
                entry[3] += listed.get((slug, phrase), 0)
    for place, found in enumerate(shorts):
        for (slug, short, phrase), n in found.items():
            per_theme.setdefault(slug, {}).setdefault((short, phrase), [0, 0, 0, 0])[place] += n
    learned = reference_learned(tagger, tokens, spans, factors) if tagger.learned else {}
    result = []
    for slug in per_theme.keys() | learned.keys():
        per_phrase = per_theme.get(slug, {})
        score, evidence = 0.0, []
        for (phrase, stands_for), (*places, listed) in per_phrase.items():
            weight = SPECIFIC if stands_for or phrase in tagger.abbreviations else tagger.phrase_weights[(slug, phrase)]
            matches = sum(factors[place] * n for place, n in enumerate(places))
            score += weight * (matches - listed * factors[2] * (1 - IN_LIST))
            evidence.append(Evidence(phrase, *places, weight=weight, listed=listed, stands_for=stands_for))
        for word, places, worth, counted in learned.get(slug, ()):
            score += worth * counted
            evidence.append(Evidence(word, *places, weight=worth, learned=True))
        if not per_phrase and score <= 0:
            continue
        evidence.sort(key=lambda e: (-e.count, e.phrase.casefold()))
        result.append(Score(slug, round(score, 3), tuple(evidence), body_factor, size))
    result.sort(key=lambda s: (-s.score, tagger.rank[s.slug]))
    return result


# --- the comparison ------------------------------------------------------------------------------------------


@functools.cache
def _state():
    # The phrases' scoring is what is compared here; the word model's sureness is a layer over it
    # (tests/plugins/coproduction/test_coproduction_wordmodel.py).
    return evaluate.tagger_state(word_model=False)


def _same(tagger, title, summary, body):
    got = tagger.scores(title, summary, body)
    want = reference_scores(tagger, title, summary, body)
    assert got == want
    assert repr(got) == repr(want)  # the same to the last bit: == would let 0.0 pass for -0.0
    assert [[str(e) for e in s.evidence] for s in got] == [[str(e) for e in s.evidence] for s in want]
    assert [type(e) for s in got for e in s.evidence] == [Evidence for s in got for e in s.evidence]


@functools.cache
def _real_texts():
    """Return (title, summary, body) of every labelled text of the parts used for tuning (never a part kept back)."""
    md = markdown.Markdown(**(_state().settings.get("MARKDOWN") or {}))
    result = []
    for text in evaluate.load(splits=list(evaluate.TUNED_ON)):
        md.reset()
        result.append((text.title, "", html_to_text(md.convert(text.body))))
    return result


def test_every_labelled_text_scores_exactly_as_the_plain_tagger_did_twice_over():
    tagger = _state().tagger
    assert tagger.learned is not None  # the committed table, as the build uses it
    texts = _real_texts()
    assert len(texts) >= 300
    for _ in range(2):  # the second time, the learned words' evidence is reused
        for title, summary, body in texts:
            _same(tagger, title, summary, body)
    # The same texts as summaries and titles, where mentions are worth more.
    for title, _, body in texts[:40]:
        _same(tagger, body[:300], body[:600], title)


def test_the_learned_counts_the_linear_learning_reads_are_unchanged():
    tagger = _state().tagger
    for title, summary, body in _real_texts()[:60]:
        tokens, spans, _, _, factors, *_ = tagger.places(title, summary, body)
        assert tagger._learned(tokens, spans, factors) == reference_learned(tagger, tokens, spans, factors)


def _pieces():
    """Return words a post may hold: the vocabulary's, the learned words', groups, marks and abbreviations."""
    tagger = _state().tagger
    vocabulary = sorted(set(tagger.index.single) | set(tagger.index.family))[::7]
    learned = sorted(tagger.learned.spellings)[::5]
    marks = [",", ".", "(", ")", "[", "]", "-", "'", "\u2019", "\u201c", "&", ";", "and", "or", "the", "my", "her"]
    shorts = ["CQC", "ICB", "ICBs", "CQC's", "(LF)", "LF", "Long Form", "(PPI)", "PPI", "Patient Public Involvement"]
    return vocabulary, learned, marks, sorted(GROUPS)[::3], shorts


def _text():
    vocabulary, learned, marks, groups, shorts = _pieces()
    piece = st.one_of(
        st.sampled_from(vocabulary), st.sampled_from(learned), st.sampled_from(marks), st.sampled_from(groups),
        st.sampled_from(shorts), st.text(min_size=1, max_size=8),
        st.sampled_from(vocabulary).map(str.upper), st.sampled_from(learned).map(str.title),
    )
    return st.lists(st.tuples(piece, st.sampled_from([" ", "", "-", "\n", ", "])), max_size=120).map(
        lambda parts: "".join(p + gap for p, gap in parts)
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_posts_score_exactly_as_the_plain_tagger_did(data):
    text = _text()
    _same(_state().tagger, data.draw(text), data.draw(text), data.draw(text))


@settings(max_examples=60, deadline=None)
@given(
    table=st.dictionaries(
        st.sampled_from(["a", "b", "c"]),
        st.dictionaries(st.sampled_from(["carer", "trust", "listen", "paid", "ward", "hope", "voice"]),
                        st.floats(-1, 1, allow_nan=False).map(lambda x: round(x, 2)), max_size=5),
        max_size=3,
    ),
    cap=st.integers(1, 3),
    body=st.lists(st.sampled_from(["carers", "trusted", "listening", "paid", "wards", "hope", "voices", "care", ".", ","]),
                  max_size=80).map(" ".join),
)
def test_any_learned_table_scores_exactly_as_the_plain_tagger_did(table, cap, body):
    import copy

    tagger = copy.copy(_state().tagger)
    tagger.rank = {**tagger.rank, **{slug: len(tagger.rank) + n for n, slug in enumerate("abc")}}
    tagger.learned = compile_learned(table, cap)
    _same(tagger, "", "", body)
    _same(tagger, body[:40], "", body)


@pytest.mark.parametrize("repeat", [1, 2])
def test_a_learned_words_evidence_is_shared_only_between_equal_mentions(repeat):
    tagger = _state().tagger
    word = sorted(tagger.learned.themes_of)[0]
    first = {s.slug: s for s in tagger.scores("", "", f"{word} " * repeat)}
    second = {s.slug: s for s in tagger.scores("", "", f"{word} " * (repeat + 1))}
    for slug, score in first.items():
        if slug in second:
            assert [e.body for e in score.evidence if e.learned] != [e.body for e in second[slug].evidence if e.learned]


def test_phrases_only_score_exactly_as_the_plain_tagger_did():
    import copy

    tagger = copy.copy(_state().tagger)
    tagger.learned = None  # COPRODUCTION's learned_words switched off
    for title, summary, body in _real_texts()[::5]:
        _same(tagger, title, summary, body)


def test_the_reused_evidence_is_dropped_when_too_much_is_kept_and_nothing_changes(monkeypatch):
    from coproduction import tagger as tagger_module

    tagger = _state().tagger
    monkeypatch.setattr(tagger_module, "_EVIDENCE_KEPT", 3)
    for title, summary, body in _real_texts()[:30]:
        _same(tagger, title, summary, body)
        assert len(tagger.learned.evidence) <= 3 + len(tagger.learned.themes_of)


def test_evidence_made_only_when_read_is_the_same_however_the_score_is_copied():
    import copy
    import dataclasses
    import pickle

    tagger = _state().tagger
    for title, summary, body in _real_texts()[:40]:
        want = reference_scores(tagger, title, summary, body)
        for copied in (
            lambda s: s,
            lambda s: pickle.loads(pickle.dumps(s)),
            copy.deepcopy,
            dataclasses.replace,
        ):
            got = [copied(s) for s in tagger.scores(title, summary, body)]
            assert repr(got) == repr(want)
            assert [hash(s) for s in got] == [hash(s) for s in want]
    fresh = tagger.scores("", "", _real_texts()[0][2])
    assert fresh and all("evidence" not in vars(s) for s in fresh)  # nothing made before it is read
    assert all(s.evidence for s in fresh) and all("_evidence_from" not in vars(s) for s in fresh)
    assert Score("a", 1.0).evidence == () and Score("a", 1.0, (Evidence("x", 1),)).evidence == (Evidence("x", 1),)


_HOSTILE = [
    "&amp;", "&#8217;s", "&rsquo;", "&nbsp;", "&mdash;", "&ndash;", "&hellip;", "&lt;b&gt;", "<em>", "</em>", "<br>",
    "carer's", "carers\u2019", "carers'", "co-production", "co\u2011production", "co production", "coproduction",
    "service users, carers and staff", "carers, families and the public", "Mental Capacity Act (MCA)", "MCA", "MCA's",
    "Long Form (LF)", "LF", "(LF)", "peer support worker", "peer-support", "her daughter", "my daughter", "\u0130",
    "caf\u00e9", "\u212aelvin", "stra\u00dfe", "\U0001f600", "\u200d", "\u00ad", "e\u0301", "lived experience",
    "lived-experience", "not done to", "done to", "cost recovery", "recovery",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_html_scores_exactly_as_the_plain_tagger_did(data):
    vocabulary, learned, marks, groups, shorts = _pieces()
    piece = st.one_of(st.sampled_from(_HOSTILE), st.sampled_from(vocabulary), st.sampled_from(learned),
                      st.sampled_from(marks), st.sampled_from(groups), st.sampled_from(shorts))
    markup = st.lists(st.tuples(piece, st.sampled_from([" ", "", "-", "\n", ", ", "&nbsp;"])), max_size=80).map(
        lambda parts: "".join(p + gap for p, gap in parts)
    )
    title, summary, body = (html_to_text(data.draw(markup)) for _ in range(3))
    _same(_state().tagger, title, summary, body)


# Characters a careless or hostile text may hold: every mark the splitting knows, others it does not, Unicode
# whose lower case grows ("\u0130"), whitespace str.split knows and "\s" may not, joiners, soft hyphens, emoji.
_ODD = (
    ",()[]&.;:!?{}<>\"/\\|*+=%$#@~^`'-_\u201c\u201d\u2013\u2014\u2026\u2010\u2011\u2012\u2015\u2018\u2019\u201b\u02bc"
    "\u00a0\u2007\u202f\u2028\u2029\u0085\x1c\x1d\x1e\x1f\x0b\x0c\t\r\n \u3000\u200b\u200d\u00ad\ufeff"
    "\u0130\u212a\u00df\u0391\u03a3\u0301\U0001f600\ufb01\u2160Aa1\u00e9\u0131"
)
_PIECES = [
    "Long Form (LF)", "LF", "(LF)", "Mental Capacity Act (MCA)", "MCA's", "CQC\u2019s", "ICBs", "co-production",
    "co\u2011production", "carers'", "carer's", "R&D", "&amp;", "&#8217;", "&rsquo;", "&nbsp;", "&mdash;", "&lt;b&gt;",
    "<em>x</em>", "...", "?!", "\u2014\u2014", "--", "''", "(( ))", "[LF]", "e.g.", "U.K.", "don\u2019t", "well-being",
    "peer-support-worker", " ", "",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=_ODD, max_size=6), st.sampled_from(_PIECES), st.text(max_size=4)), max_size=40))
def test_the_splitting_gives_the_words_and_marks_of_the_plain_one(parts):
    text = "".join(parts)
    for plain in (text, html_to_text(text)):
        assert _split(plain) == reference_split(plain)
        assert words(plain) == reference_split(plain)[0]
        assert word_count(plain) == len(reference_split(plain)[0]) - reference_split(plain)[1]


def test_the_plain_splitting_reads_as_phrases_py_says():
    """The reference itself, on cases written out by hand (a reference that is wrong proves nothing)."""
    assert reference_split("Carers' group, (LF) & R&D \u2014 co-production; it\u2019s done!") == (
        ["carers", "group", ",", "(", "lf", ")", "and", "r", "and", "d", ".", "co", "production", ".", "its",
         "done", "."], 6)
    assert reference_split("[Carers] \u2026 \u201cyes\u201d") == (["(", "carers", ")", ".", ".", "yes", "."], 5)
    assert reference_split("\u0130\u00a0x\u2028y") == (["i\u0307", "x", "y"], 0)
    assert reference_split("") == ([], 0) and reference_split(" - ' ") == ([], 0)


def test_every_labelled_text_splits_as_the_plain_splitting_does():
    for title, summary, body in _real_texts():
        for text in (title, summary, body):
            assert _split(text) == reference_split(text)


# The abbreviations' pattern as it was written first: the faster one only adds a lookahead that changes no match.
_REFERENCE_ABBREVIATION = re.compile(r"(?<!\w)(\(\s*)?([A-Z][A-Za-z0-9]*[A-Z0-9])(?:['\u2019]?s)?(?!\w)")
_CAPITALS = "ABCLFMQPIR" + "aclfs0129" + "(( ))[]'\u2019\u2018-_.,&\t\n\u00a0" + "\u00c9\u0130\u212a\u0391\u00df\u0301\U0001d400"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=_CAPITALS, max_size=8), st.sampled_from(_PIECES), st.text(max_size=3)), max_size=30))
def test_the_abbreviations_are_found_as_the_plain_pattern_finds_them(parts):
    text = "".join(parts)
    assert _ABBREVIATION.findall(text) == _REFERENCE_ABBREVIATION.findall(text)


def test_the_abbreviations_of_every_labelled_text_are_found_as_the_plain_pattern_finds_them():
    found = 0
    for title, summary, body in _real_texts():
        for text in (title, summary, body):
            assert _ABBREVIATION.findall(text) == _REFERENCE_ABBREVIATION.findall(text)
            found += len(_ABBREVIATION.findall(text))
    assert found > 500  # the texts do hold abbreviations: the comparison is not of empty lists
