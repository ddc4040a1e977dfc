"""Learn the word model (plugins/coproduction/wordmodel.json) from the labelled texts, and cross-validate it.

Offline only: scikit-learn fits one logistic regression a theme over the texts' words (coproduction.wordmodel
turns a text into the same numbers the build uses), and the build reads the written table. ``--cv`` measures
the tagger with the model by leaving each part out in turn: the model and the learned words of that round are
learned without the part, and the part is tagged as a new post would be.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from bench.tagging import evaluate
from bench.tagging import learn as words_learn

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "plugins" / "coproduction" / "wordmodel.json"

C = 32.0  # the inverse of the pull of every weight towards 0: larger trusts the labelled texts more
MIN_TEXTS = 3  # a stem must be in this many texts to be a word of the model
MAX_SHARE = 0.5  # a stem in more than this share of the texts ("the", "said") says nothing about a subject
KEPT = 2000  # the words of largest weight kept for each theme; the rest are left out of the table
SURE = 0.5  # a theme is given when the model is at least this sure
DOUBT = 0.3  # a theme the phrases give is dropped when the model is less sure than this
OVERRULE = 4.0  # a theme whose phrases score this many times the bar is kept whatever the model says
ALONE_SHARE = 0.7  # a theme the model alone gives needs this share of its sureness of the post's surest theme
JOINT = 1.35  # a theme is also given when its score's share of what is needed plus the model's sureness reach this
JOINT_SURE = 0.2  # ... the model at least this sure
MIN_WORDS = 80  # a shorter body is left to the phrases: no labelled text is shorter (the model never saw one)


def found_of(record):
    """Return the stem counts of a labelled Record (learn.records), as the build counts a post's."""
    from coproduction import wordmodel
    from coproduction.phrases import words

    return wordmodel.counts(*(words(place) for place in record.places))


def idf_of(found):
    """Return ``{stem: idf}`` over the stem counts of the texts ``found``: smoothed, as scikit-learn's."""
    n = len(found)
    df = {}
    for counts in found:
        for s in counts:
            df[s] = df.get(s, 0) + 1
    return {s: round(math.log((1 + n) / (1 + d)) + 1.0, 4) for s, d in sorted(df.items())
            if d >= MIN_TEXTS and d <= MAX_SHARE * n}


def fit(found, golds, slugs, c=C, kept=KEPT):
    """Return (idf, {slug: (intercept, {stem: weight})}) learned from stem counts and gold sets."""
    import numpy
    from coproduction import wordmodel
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    idf = idf_of(found)
    column = {s: n for n, s in enumerate(idf)}
    rows, cols, values = [], [], []
    for row, counts in enumerate(found):
        for s, v in wordmodel.features(counts, idf).items():
            rows.append(row)
            cols.append(column[s])
            values.append(v)
    x = csr_matrix((values, (rows, cols)), shape=(len(found), len(idf)))
    stems = list(idf)
    result = {}
    for slug in slugs:
        y = numpy.array([slug in gold for gold in golds], dtype=int)
        if not y.any():
            continue
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        model.fit(x, y)
        weights = model.coef_[0]
        order = sorted(range(len(stems)), key=lambda n: (-abs(weights[n]), stems[n]))[:kept]
        result[slug] = (round(float(model.intercept_[0]), 4),
                        {stems[n]: round(float(weights[n]), 4) for n in sorted(order, key=lambda n: stems[n]) if weights[n]})
    return idf, result


def model_of(idf, themes, sure=SURE, doubt=DOUBT, min_words=MIN_WORDS, overrule=OVERRULE, alone_share=ALONE_SHARE,
             joint=JOINT, joint_sure=JOINT_SURE):
    """Return a coproduction.wordmodel.WordModel from what fit() returns."""
    from coproduction.wordmodel import WordModel

    weights = {}
    for slug, (_, words) in themes.items():
        for s, w in words.items():
            weights.setdefault(s, []).append((slug, w))
    return WordModel(idf, {slug: b for slug, (b, _) in themes.items()}, {s: tuple(p) for s, p in weights.items()},
                     sure, doubt, min_words, overrule, alone_share, joint, joint_sure)


def write_table(idf, themes, parts, path=TABLE, inputs=""):
    """Write the learned model as JSON, one number a line, with notes saying how it was made."""
    data = {
        "about": [
            "The word model: written by `python -m bench.tagging.wordmodel --write`; do not edit by hand.",
            f"Learned from the labelled texts of bench/tagging/ (parts {', '.join(parts)}) and the content/ posts "
            "with a Themes: line. plugins/coproduction/README.md explains how the build uses it.",
            f"Settings: C={C}, min_texts={MIN_TEXTS}, max_share={MAX_SHARE}, kept={KEPT}",
            f"Texts learned from: {inputs}",
            "sure: a theme is given when the model is at least this sure",
            "doubt: a theme the phrases give is dropped when the model is less sure than this",
            "min_words: a shorter body is left to the phrases: the model learned from no shorter text",
            "overrule: a theme whose phrases score this many times the bar is kept whatever the model says",
            "alone_share: a theme the model alone gives needs this share of its sureness of the post's surest theme too",
            "joint: a theme is also given when its score's share of what is needed and the model's sureness add up to this",
            "joint_sure: the least sureness of the model for the joint rule",
        ],
        "sure": SURE,
        "doubt": DOUBT,
        "min_words": MIN_WORDS,
        "overrule": OVERRULE,
        "alone_share": ALONE_SHARE,
        "joint": JOINT,
        "joint_sure": JOINT_SURE,
        "theme": {slug: {"intercept": intercept, "words": dict(sorted(words.items(), key=lambda item: (-item[1], item[0])))}
                  for slug, (intercept, words) in themes.items()},
        "idf": idf,
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def cross_validate(all_records, parts, state, params, c=C, kept=KEPT, sure=SURE, doubt=DOUBT, misses=None):
    """Return pooled counts (as learn.cross_validate) of the tagger with the word model, each part left out in turn."""
    import copy

    slugs = list(state.themes)
    known = words_learn.vocabulary_of(state)
    base = copy.copy(state.tagger)
    base.learned = None
    base.model = None
    rows = words_learn.linear_rows(all_records, state, known, params)
    found = {r.file: found_of(r) for r in all_records}
    totals, per_part = [0] * 6, {}
    for part in parts:
        train = [r for r in all_records if r.split != part]
        test = [r for r in all_records if r.split == part]
        table = words_learn.stack(train, {r.file: r for r in rows}, slugs, known, params, base)
        tagger = words_learn.tagger_for(base, table, params)
        tagger.model = model_of(*fit([found[r.file] for r in train], [r.gold for r in train], slugs, c, kept), sure, doubt)
        counts = words_learn.tag_part(tagger, test, misses)
        per_part[part] = counts
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        print(f"  {part}: " + words_learn.line("", counts), file=sys.stderr, flush=True)
    return totals, per_part


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default=",".join(evaluate.TUNED_ON), help="the parts to learn from (and rotate over)")
    parser.add_argument("--cv", action="store_true", help="cross-validate the tagger with the word model")
    parser.add_argument("--misses", action="store_true", help="with --cv: print every text tagged wrongly")
    parser.add_argument("--write", action="store_true", help=f"learn from every part named and write {TABLE.name}")
    args = parser.parse_args(argv)
    parts = [s.strip() for s in args.splits.split(",") if s.strip()]
    if set(parts) - set(evaluate.TUNED_ON):
        # A part kept back for a final measurement must never be learned from, nor looked at while choosing.
        parser.error(f"learn only from parts already used for tuning ({', '.join(evaluate.TUNED_ON)})")
    params = words_learn.Params()
    state = evaluate.tagger_state(word_model=False)
    all_records = words_learn.records(parts, state)
    if args.cv:
        found = [] if args.misses else None
        counts, per_part = cross_validate(all_records, parts, state, params, misses=found)
        if found:
            print("\n".join(found))
        print(words_learn.line(f"C={C} kept={KEPT} sure={SURE} doubt={DOUBT} alone_share={ALONE_SHARE} joint={JOINT} joint_sure={JOINT_SURE}", counts))
        for part, c in per_part.items():
            p, r, f, u = words_learn.figures(c)
            print(f"  {part}: P {p:.2f} R {r:.2f} F1 {f:.2f} untagged {c[3]} of {c[4]}, off-topic tagged {c[5]}")
    if args.write:
        idf, themes = fit([found_of(r) for r in all_records], [r.gold for r in all_records], list(state.themes))
        write_table(idf, themes, parts, TABLE, words_learn.digest(all_records))
        print(f"wrote {TABLE}: {len(idf)} stems, {sum(len(w) for _, w in themes.values())} weights")
    return 0


if __name__ == "__main__":
    sys.exit(main())
