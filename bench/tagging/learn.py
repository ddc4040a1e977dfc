"""Learn each theme's words from the labelled texts, offline, and choose the method by cross-validation.

The method (``Params.method``) is "stacked" since the seventh round: the ratio words below, plus corrections
that linear.py fits by a regularised logistic regression over the build's own score; "ratio" and "linear"
are the two halves alone, kept to be measured against it.

Run ``python -m bench.tagging.learn --cv`` to measure settings by cross-validation across the parts named in
``--splits`` (train on all but one part, tag the part left out, each part in turn, and add up the counts), and
``python -m bench.tagging.learn --write`` to learn the table from every part named and write
plugins/coproduction/learned.toml, which the build reads. No part outside ``--splits`` is ever read.

A learned word of a theme is a word (with its plurals and same-stem endings) used by at least ``min_texts``
labelled texts about the theme; its worth grows with how much more often texts about the theme use it than
other texts (the log of the ratio of the two shares, smoothed), scaled by ``scale``; the ``per_theme`` best
are kept. Posts of content/ with a Themes: line count as labelled texts too.
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import itertools
import json
import math
import sys
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from bench.tagging import evaluate, linear

ROOT = evaluate.ROOT
TABLE = ROOT / "plugins" / "coproduction" / "learned.toml"
# Everyday wording of stories told without a theme's own words; its words may be learned too.
STORY_WORDS = evaluate.HERE / "story_words.toml"


@dataclass(frozen=True)
class Params:
    """The settings of the method: how words are learned and how scores are turned into themes."""

    min_texts: int = 3  # a word must be in at least this many texts about the theme
    smoothing: float = 1.0  # added to both counts of the share ratio
    min_ratio: float = 3.0  # ... and used this many times more often by them than by the others
    per_theme: int = 10  # the most words kept per theme
    scale: float = 0.15  # worth of one mention = scale * log(ratio)
    cap: int = 1  # mentions of one word counted at most
    threshold: float = 2.5  # the bar, as COPRODUCTION's threshold and top_share (the same defaults)
    top_share: float = 0.25
    short_body_words: int = 300  # ... and short_top_share in a body of fewer words, as COPRODUCTION's settings
    short_top_share: float = 0.2
    skip_phrase_words: bool = True  # leave out words that are single-word phrases of the theme already
    content: bool = True  # learn from content/ posts with Themes: too
    # Which words may be learned: "stories" (words of themes.toml and of STORY_WORDS), "vocabulary" (of
    # themes.toml only) or "any" (any word of the texts).
    pool: str = "stories"
    # "ratio": each word's worth from the share ratio alone (above); "linear": all of a theme's words weighed
    # together, as a regularised logistic regression over the phrase score and the words (linear.py);
    # "stacked": the ratio words, then linear corrections fitted on the scores the ratio words give texts
    # they were not learned from (each part scored by words learned without it), the two worths summed.
    method: str = "stacked"
    l2: float = 0.03  # linear: pull of every worth towards 0 (per text, as the loss is a mean)
    l1: float = 0.005  # linear: cost of a worth's size, which sets small worths to exactly 0
    temperature: float = 1.0  # linear: score points per unit of log-odds
    negative: bool = True  # linear: may a word lower a theme's score (a word of texts wrongly given it)
    positive_weight: float = 4.5  # linear: how much more a text about the theme counts in the fit than one not
    corrections: int = 40  # linear: the most words fitted per theme
    max_share: float = 1.0  # linear: a word in more than this share of all texts is too common to be fitted
    min_worth: float = 0.1  # linear: a fitted worth smaller than this (either way) is left out


@dataclass
class Record:
    """One labelled text: its part, gold themes, the plain text of each place, and its distinct words."""

    file: str
    split: str
    gold: frozenset
    places: tuple  # (title, summary, body) as plain text
    words: frozenset  # distinct lower-case words of all places


# Words that say nothing about a subject, beyond the suggestions' STOPWORDS: contractions as the tagger reads
# them (apostrophes dropped), days and months, and everyday verbs and adverbs of telling a story.
NOT_LEARNED = frozenset(
    """cant wasnt whats dont didnt isnt doesnt wont couldnt wouldnt shouldnt havent hasnt hadnt arent werent
    ive youre theyre thats theres heres lets youve weve theyve hed shed youd wed theyd ill youll theyll
    monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december morning afternoon evening night tonight yesterday tomorrow weekend
    rang ring rings called calls call told tell tells telling asked asks knew know knows knowing said says
    left came come comes went goes sat sit stood walked looked looks seemed seems started start stopped
    tried tries trying wanted wants needed needs thought thinks maybe probably actually usually already
    anyway almost across behind beside inside outside towards onto enough quite still even ever around
    bits bit kind sort stuff lots head hand hands face eyes door room""".split()
)
# Words whose sense comes from the word beside them: "loved ones", "makes sense", "a friend of mine", "easy
# read", "plain English", "based on", "instead of", "worth it", "coming off", "looking after" and "looking
# forward", "self-harm", "general meeting", "side effects", "in advance", "high secure", "step down", "ground
# leave", "ups and downs". Alone, such a word says nothing about a subject, so it is never learned, whatever the counts say;
# where the pair matters, it belongs in themes.toml as a phrase.
NEIGHBOUR_DEPENDENT = frozenset(
    """ones sense mine easy plain based instead worth coming looking self general side advance high step ground
    part means point taking making given turn downs""".split()
)


def _candidate(word):
    from coproduction.learned import ends_stop_word
    from coproduction.phrases import _STEM

    # Not a stop word nor one of its endings: "peoples" ("people's") or "rights" would find "people", "right".
    return (len(word) >= 4 and word.isalpha() and not ends_stop_word(word)
            and word not in NOT_LEARNED and _STEM(word) not in _neighbour_stems())


@functools.cache
def _neighbour_stems():
    """Return the stems of NEIGHBOUR_DEPENDENT, so that "steps" and "stepping" are left out with "step"."""
    from coproduction.phrases import _STEM

    return frozenset(map(_STEM, NEIGHBOUR_DEPENDENT))


def records(splits, state):
    """Return a Record for every labelled text of ``splits``, and for every content/ post with a Themes: line."""
    import markdown
    from coproduction import annotate, cli
    from coproduction.phrases import html_to_text

    md = markdown.Markdown(**(state.settings.get("MARKDOWN") or {}))
    result = []
    for text in evaluate.load(splits=splits):
        md.reset()
        places = (text.title, "", html_to_text(md.convert(text.body)))
        result.append(Record(text.file, text.split, frozenset(text.gold), places, _terms(places, state.tagger)))
    for file in sorted((ROOT / "content").rglob("*.md")):
        post = cli.read_post(file, state.settings)
        named, _ = state.theme_names.named(annotate.values_of(post, "themes"))
        if not named:
            continue
        places = (post.title, html_to_text(post.metadata.get("summary", "")), html_to_text(post._content))
        gold = frozenset(t.slug for t in named)
        result.append(Record(str(file.relative_to(ROOT)), "content", gold, places, _terms(places, state.tagger)))
    return result


def _terms(places, tagger=None):
    """Return the distinct words of the places, leaving out the words of the phrases ``tagger`` finds there.

    The build never counts a learned word inside a phrase it found ("ones" of "loved ones", "production" of
    "co-production"), so the learning must not count it there either: it would learn the phrase again, as a
    vaguer word that means something else on its own ("ones", "easy", "medium").
    """
    from coproduction.phrases import words

    found = set()
    for place in places:
        tokens = words(place)
        spans = []
        if tagger is not None:
            tagger._match(tokens, {}, spans)
        inside = {n for start, stop in spans for n in range(start, stop)}
        found.update(word for n, word in enumerate(tokens) if n not in inside)
    return frozenset(found)


def learn(train, slugs, known, params):
    """Return ``{slug: {word: worth}}`` learned from the Records ``train``."""
    from coproduction.phrases import _STEM

    # Words are grouped by stem; the group is listed as its most used spelling, which finds the others.
    spelling_of, seen = {}, {}
    for record in train:
        for word in record.words:
            if _candidate(word):
                stem = _STEM(word)
                if params.pool != "any" and stem not in known.pool and (params.pool == "vocabulary" or stem not in known.stories):
                    continue
                seen.setdefault(stem, {}).setdefault(word, 0)
                seen[stem][word] += 1
                spelling_of[word] = stem
    listed = {stem: max(spellings, key=lambda w: (spellings[w], -len(w), w)) for stem, spellings in seen.items()}
    stems = [frozenset(spelling_of[w] for w in r.words if w in spelling_of) for r in train]
    result = {}
    for slug in slugs:
        about = [s for r, s in zip(train, stems, strict=True) if slug in r.gold]
        other = [s for r, s in zip(train, stems, strict=True) if slug not in r.gold]
        if not about:
            continue
        counts = {}
        for group in about:
            for stem in group:
                counts[stem] = counts.get(stem, 0) + 1
        scored = []
        k = params.smoothing
        for stem, n in counts.items():
            if n < params.min_texts:
                continue
            word = listed[stem]
            if params.skip_phrase_words and word in known.own.get(slug, ()):
                continue
            elsewhere = sum(1 for group in other if stem in group)
            ratio = ((n + k) / (len(about) + 2 * k)) / ((elsewhere + k) / (len(other) + 2 * k))
            if ratio >= params.min_ratio:
                scored.append((ratio, word))
        scored.sort(key=lambda item: (-item[0], item[1]))
        result[slug] = {word: round(params.scale * math.log(ratio), 2) for ratio, word in scored[: params.per_theme]}
    return result


@dataclass(frozen=True)
class Vocabulary:
    """What the learning needs of themes.toml: the words that may be learned, and each theme's own words."""

    pool: frozenset  # stems of every word of every theme's label, description and phrases
    own: dict  # slug -> spellings of its single-word phrases, and its phrases as written (lower case)
    stories: frozenset = frozenset()  # stems of the words of STORY_WORDS


def vocabulary_of(state, story_words=None):
    """Return the Vocabulary of the project's themes.toml, with the words of ``story_words`` (STORY_WORDS)."""
    from coproduction import vocabulary
    from coproduction.phrases import _STEM, forms, word_forms, words

    entries = vocabulary.load_themes(state.vocabulary_path)
    text = " . ".join(" . ".join((e.label, e.description, *e.phrases)) for e in entries)
    own = {}
    for entry in entries:
        singles = [p.lower() for p in entry.phrases if " " not in p and "-" not in p]
        own[entry.slug] = {f for p in singles for f in (*word_forms(p), *forms(p))} | {p.lower() for p in entry.phrases}
    pool = frozenset(_STEM(w) for w in words(text) if _candidate(w))
    told = tomllib.loads(Path(story_words or STORY_WORDS).read_text(encoding="utf-8"))["theme"]
    stories = frozenset(_STEM(w) for phrases in told.values() for phrase in phrases for w in words(phrase) if _candidate(w))
    return Vocabulary(pool, own, stories)


def tagger_for(base, table, params):
    """Return a copy of the phrase tagger ``base`` with the learned table and the bar of ``params``."""
    from coproduction.learned import compile_learned

    tagger = copy.copy(base)
    tagger.learned = compile_learned(table, params.cap) if table else None
    tagger.threshold, tagger.top_share = params.threshold, params.top_share
    tagger.short_body_words, tagger.short_top_share = params.short_body_words, params.short_top_share
    return tagger


def predict(tagger, record):
    """Return the automatic themes the tagger gives one Record."""
    return {s.slug for s in tagger.automatic(tagger.scores(*record.places))}


def cross_validate(all_records, parts, state, params, misses=None):
    """Return pooled (tp, fp, fn, untagged, on-topic, off-topic tagged) over the parts, each tagged by a table learned without it.

    ``misses``, a list, gets one line per text tagged wrongly: its file, what was missed and what was extra,
    with each such theme's score and the bar, as tagged by the table learned without its part.
    """
    slugs = list(state.themes)
    known = vocabulary_of(state)
    base = copy.copy(state.tagger)
    base.learned = None
    rows = linear_rows(all_records, state, known, params) if params.method != "ratio" else None
    totals = [0, 0, 0, 0, 0, 0]
    per_part = {}
    for part in parts:
        train = [r for r in all_records if r.split != part and (params.content or r.split != "content")]
        test = [r for r in all_records if r.split == part]
        if params.method == "stacked":
            table = stack(train, {r.file: r for r in rows}, slugs, known, params, base)
        elif rows is not None:
            table = linear.learn([r for r in rows if r.split != part and (params.content or r.split != "content")], slugs, params)
        else:
            table = learn(train, slugs, known, params) if params.scale else {}
        tagger = tagger_for(base, table, params)
        counts = tag_part(tagger, test, misses)
        per_part[part] = counts
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return totals, per_part


def tag_part(tagger, test, misses=None):
    """Return (tp, fp, fn, untagged, on-topic, off-topic tagged) for the Records ``test``; add their misses to ``misses``."""
    counts = [0, 0, 0, 0, 0, 0]
    for record in test:
        got = predict(tagger, record)
        if misses is not None and got != record.gold:
            misses.append(_miss_line(tagger, record, got))
        counts[0] += len(got & record.gold)
        counts[1] += len(got - record.gold)
        counts[2] += len(record.gold - got)
        if record.gold:
            counts[3] += not got
            counts[4] += 1
        else:
            counts[5] += bool(got)
    return counts


def _miss_line(tagger, record, got):
    """Return a CV miss as text: the file, each missed or extra theme with its score and the bar, and the evidence."""
    scores = tagger.scores(*record.places)
    bar = tagger.bar(scores)
    by_slug = {s.slug: s for s in scores}
    lines = [f"{record.split} {Path(record.file).name}: bar {bar:.2f}, top {scores[0].slug if scores else '-'}"]
    for label, slugs in (("missed", record.gold - got), ("extra", got - record.gold)):
        for slug in sorted(slugs):
            score = by_slug.get(slug)
            lines.append(f"    {label} {slug}: " + (score.describe() if score else "no evidence"))
    return "\n".join(lines)


def linear_rows(all_records, state, known, params):
    """Return the Rows of linear.py for the Records: each text's phrase scores and word mentions, no labels used."""
    left_out = linear.names(all_records) | linear.NUMBERS

    def candidate(word):
        return word not in left_out and _candidate(word)

    listed = linear.listing(all_records, candidate, known, params.pool)
    base = copy.copy(state.tagger)
    base.learned = None
    return linear.rows(all_records, base, listed, params.cap)


def stack(train, rows, slugs, known, params, base):
    """Return the ratio words learned from ``train`` plus the linear corrections, summed into one table.

    The corrections are fitted on the score each text gets from ratio words learned without its part, as a
    new post's score comes from words learned without it; fitted on their own texts' scores, the ratio words
    would look surer than they are and leave nothing to correct.
    """
    scored = []
    for part in sorted({r.split for r in train}):
        tagger = tagger_for(base, learn([r for r in train if r.split != part], slugs, known, params), params)
        for record in (r for r in train if r.split == part):
            score = {s.slug: s.score for s in tagger.scores(*record.places)}
            scored.append(replace(rows[record.file], score=score))
    return linear.combine(learn(train, slugs, known, params), linear.learn(scored, slugs, params))


def figures(counts):
    """Return (precision, recall, F1, share untagged) from pooled counts."""
    tp, fp, fn, untagged, on_topic, _ = counts
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, untagged / on_topic if on_topic else 0.0


def line(params, counts):
    """Return one line of figures for a setting."""
    p, r, f, u = figures(counts)
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f} untagged {u:.1%} off-topic tagged {counts[5]}  {params}"


def digest(train):
    """Return a fingerprint of the texts learned from and their labels: the table is stale when it changes."""
    found = hashlib.sha256()
    for record in sorted(train, key=lambda r: r.file):
        found.update(json.dumps([record.file, sorted(record.gold), list(record.places)]).encode())
    return found.hexdigest()[:16]


# The settings that only one method reads.
_RATIO_ONLY = ("smoothing", "min_ratio", "scale", "skip_phrase_words")
_LINEAR_ONLY = ("l2", "l1", "temperature", "negative", "positive_weight", "corrections", "max_share", "min_worth")


def settings_of(params):
    """Return the settings the method of ``params`` reads, as the table's header names them."""
    unused = {"linear": _RATIO_ONLY, "ratio": _LINEAR_ONLY}.get(params.method, ())
    return {k: v for k, v in vars(params).items() if k not in unused}


def write_table(table, params, parts, path, inputs):
    """Write the learned table as TOML, with a header saying how it was made."""
    lines = [
        "# Learned words of each theme: written by `python -m bench.tagging.learn --write`; do not edit by hand.",
        "# A word here is used much more often by the labelled texts about the theme (bench/tagging/, parts",
        f"# {', '.join(parts)}, and content/ posts with a Themes: line) than by the other texts. Each mention adds",
        "# its worth to the theme's score, as a phrase of themes.toml does; plugins/coproduction/README.md explains.",
    ]
    if params.method != "ratio":
        lines += [
            "# A negative worth is a word against the theme: a word of texts its phrases wrongly put near it.",
        ]
    lines += [
        f"# Settings: {', '.join(f'{k}={v}' for k, v in settings_of(params).items())}",
        f"# Texts learned from: {inputs}",
        "",
        f"cap = {params.cap}  # at most this many mentions of one word count",
    ]
    for slug, words in table.items():
        lines += ["", f"[theme.{slug}]"]
        lines += [f"{word} = {worth}" for word, worth in sorted(words.items(), key=lambda item: (-item[1], item[0]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


GRID = {
    "min_texts": (2, 3),
    "per_theme": (10, 20, 40),
    "scale": (0.1, 0.15, 0.2),
    "threshold": (2.5, 3.0),
}


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default=",".join(evaluate.TUNED_ON), help="the parts to learn from (and rotate over)")
    parser.add_argument("--cv", action="store_true", help="cross-validate the settings of --set (or the grid with --grid)")
    parser.add_argument("--grid", action="store_true", help="cross-validate every setting of GRID")
    parser.add_argument("--write", action="store_true", help=f"learn from every part named and write {TABLE.name}")
    parser.add_argument("--misses", action="store_true", help="with --cv: print every text tagged wrongly, with its evidence")
    parser.add_argument("--set", default="", help="settings, such as scale=0.5,cap=2")
    args = parser.parse_args(argv)
    parts = [s.strip() for s in args.splits.split(",") if s.strip()]
    if set(parts) - set(evaluate.TUNED_ON):
        # A part kept back for a final measurement must never be learned from, nor looked at while choosing.
        parser.error(f"learn only from parts already used for tuning ({', '.join(evaluate.TUNED_ON)})")
    params = Params()
    for item in filter(None, args.set.split(",")):
        key, _, value = item.partition("=")
        params = replace(params, **{key: type(getattr(params, key))(value if value not in ("False", "True") else value == "True")})
    # The learned words are learned from the phrases' scores alone: the word model is a layer over them.
    state = evaluate.tagger_state(word_model=False)
    all_records = records(parts, state)
    if args.grid:
        results = []
        for values in itertools.product(*GRID.values()):
            setting = replace(params, **dict(zip(GRID, values, strict=True)))
            counts, _ = cross_validate(all_records, parts, state, setting)
            results.append((figures(counts), counts, setting))
        results.sort(key=lambda item: -item[0][2])
        for _, counts, setting in results[:40]:
            print(line(setting, counts))
    elif args.cv:
        found = [] if args.misses else None
        counts, per_part = cross_validate(all_records, parts, state, params, found)
        if found:
            print("\n".join(found))
        print(line(params, counts))
        for part, c in per_part.items():
            p, r, f, u = figures(c)
            print(f"  {part}: P {p:.2f} R {r:.2f} F1 {f:.2f} untagged {c[3]} of {c[4]}, off-topic tagged {c[5]}")
    if args.write:
        train = [r for r in all_records if params.content or r.split != "content"]
        known = vocabulary_of(state)
        if params.method == "ratio":
            table = learn(train, list(state.themes), known, params)
        else:
            rows = linear_rows(train, state, known, params)
            if params.method == "linear":
                table = linear.learn(rows, list(state.themes), params)
            else:
                base = copy.copy(state.tagger)
                base.learned = None
                table = stack(train, {r.file: r for r in rows}, list(state.themes), known, params, base)
        write_table(table, params, parts, TABLE, digest(train))
        print(f"wrote {TABLE}: {sum(map(len, table.values()))} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
