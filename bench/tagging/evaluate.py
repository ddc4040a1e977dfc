"""Theme tagging against the labelled set: precision, recall and F1 per theme, beside a naive baseline.

Run ``invoke bench-tagging`` (or ``python -m bench.tagging.evaluate``). Every text of bench/tagging/texts is
tagged exactly as a build tags a post without a Themes: line (the project's pelicanconf.py, its
COPRODUCTION setting and content/themes.toml), and compared with the gold themes in gold.toml.
The naive baseline gives a text every theme one of whose phrases appears anywhere in it.

Figures are printed for each part (split) of the set separately. ``--splits tune,held-out`` tags only the
parts named: a text of any other part is never even read, so a part kept for a final, once-only measurement
stays unseen while tuning. The misses (with the tagger's evidence) are printed for the parts in TUNED_ON only,
unless ``--misses`` names another part: choose weights and phrases by looking at those, and report the rest
untouched.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from bench import report  # run as `python -m bench.…` from the project folder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Theme tagging"
# The parts in the order they are shown; a part gold.toml names that is not here is shown after these.
SPLITS = ("tune", "held-out", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "heldout24", "heldout25", "heldout26", "heldout27", "heldout28", "heldout29", "heldout30", "heldout31", "heldout32", "heldout33")
# The parts that have been used to choose phrases, weights and thresholds (said beside their figures).
TUNED_ON = ("tune", "held-out", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "heldout24", "heldout25", "heldout26", "heldout27", "heldout28", "heldout29", "heldout30", "heldout31", "heldout32", "heldout33")
TARGETS = {"precision": 0.90, "recall": 0.85, "untagged": 0.05}


@dataclass
class Text:
    """One labelled text and what the tagger and the baseline gave it."""

    file: str
    split: str
    gold: dict
    title: str = ""
    body: str = ""
    words: int = 0
    found: set = field(default_factory=set)
    naive: set = field(default_factory=set)
    scores: dict = field(default_factory=dict)


def load(folder: Path = HERE, splits=None) -> list[Text]:
    """Read gold.toml and the text of every file it names in ``splits`` (default: every part)."""
    data = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
    texts = []
    for entry in data["text"]:
        if not isinstance(entry.get("split"), str) or not entry["split"]:
            raise ValueError(f"{entry.get('file')}: split must be the name of a part, such as 'tune'")
        if splits is not None and entry["split"] not in splits:
            continue  # never read: a part kept back stays unseen
        source = (folder / "texts" / entry["file"]).read_text(encoding="utf-8")
        first, _, rest = source.partition("\n")
        title = first[2:].strip() if first.startswith("# ") else ""
        body = rest if title else source
        texts.append(Text(entry["file"], entry["split"], dict(entry.get("gold", {})), title, body, len(source.split())))
    return texts


def tagger_state(content: Path | None = None, word_model: bool = True):
    """Return the plugin's run state for the project's settings (vocabulary from ``content``; no word model: False)."""
    from coproduction.state import State
    from pelican.settings import read_settings

    override = {"PATH": str(content)} if content else {}
    settings = read_settings(str(ROOT / "pelicanconf.py"), override=override)
    if not word_model:  # learning the model: it must not read the one it replaces
        settings["COPRODUCTION"] = {**(settings.get("COPRODUCTION") or {}), "word_model": False}
    return State(settings)


def tag(texts: list[Text], state) -> float:
    """Tag every text as a build would; return the seconds it took."""
    import markdown
    from coproduction import annotate

    md = markdown.Markdown(**(state.settings.get("MARKDOWN") or {}))
    posts = []
    for text in texts:
        md.reset()
        posts.append(SimpleNamespace(source_path=text.file, metadata={}, title=text.title, _content=md.convert(text.body)))
    started = time.perf_counter()
    for text, post in zip(texts, posts, strict=True):
        text.found = {t.slug for t in annotate.item_themes(post, state) if t.automatic}
        text.scores = {s.slug: s for s in annotate.scores_of(post, state)}
        # The baseline reads the phrases of themes.toml only, never the learned words.
        text.naive = {slug for slug, score in text.scores.items() if any(not e.learned for e in score.evidence)}
    return time.perf_counter() - started


def _ratio(part, whole):
    return part / whole if whole else 0.0


def _prf(tp, fp, fn):
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return precision, recall, _ratio(2 * precision * recall, precision + recall)


def measure(texts: list[Text], themes: list[str], predicted: str = "found") -> dict:
    """Return per-theme and overall figures for the predictions in attribute ``predicted``."""
    counts = {slug: [0, 0, 0] for slug in themes}  # true positives, false positives, false negatives
    for text in texts:
        got, gold = getattr(text, predicted), set(text.gold)
        for slug in got | gold:
            counts[slug][0 if slug in got and slug in gold else 1 if slug in got else 2] += 1
    per_theme = {slug: (*_prf(*c), c[0] + c[2]) for slug, c in counts.items()}
    totals = [sum(c[i] for c in counts.values()) for i in range(3)]
    labelled = [v for v in per_theme.values() if v[3]]
    on_topic = [t for t in texts if t.gold]
    off_topic = [t for t in texts if not t.gold]
    return {
        "texts": len(texts),
        "per_theme": per_theme,
        "micro": _prf(*totals),
        "macro": tuple(sum(v[i] for v in labelled) / len(labelled) if labelled else 0.0 for i in range(3)),
        "untagged": sum(1 for t in on_topic if not getattr(t, predicted)),
        "on_topic": len(on_topic),
        "off_topic_tagged": sum(1 for t in off_topic if getattr(t, predicted)),
        "off_topic": len(off_topic),
        "themes_per_text": _ratio(sum(len(getattr(t, predicted)) for t in texts), len(texts)),
    }


def splits_of(texts: list[Text]) -> list[str]:
    """Return the parts the texts belong to, known parts first, in a stable order."""
    found = {t.split for t in texts}
    return [s for s in SPLITS if s in found] + sorted(found - set(SPLITS))


def evaluate(texts: list[Text], themes: list[str]) -> dict:
    """Return {split: {"tagger": figures, "naive": figures}} for each part and for the texts together ("all")."""
    parts = {split: [t for t in texts if t.split == split] for split in splits_of(texts)}
    parts["all"] = texts
    return {name: {"tagger": measure(part, themes), "naive": measure(part, themes, "naive")} for name, part in parts.items()}


def _f(value):
    return f"{value:.2f}"


def table(results: dict, themes: list[str]) -> list[str]:
    """Return the per-theme and overall figures as plain-text lines, both parts side by side."""
    splits = [split for split in results if split != "all"]
    head = f"{'theme':<30} " + " | ".join(f"{split + ' P   R   F1   naive F1':<30}" for split in splits)
    lines = [head, "-" * len(head)]
    for slug in themes:
        cells = []
        for split in splits:
            p, r, f, n = results[split]["tagger"]["per_theme"][slug]
            naive_f = results[split]["naive"]["per_theme"][slug][2]
            cells.append(f"{_f(p)} {_f(r)} {_f(f)}  {_f(naive_f)}  ({n} gold)" if n else f"{'(no gold text)':<30}")
        lines.append(f"{slug:<30} " + " | ".join(f"{c:<30}" for c in cells))
    lines.append("-" * len(head))
    for name in ("micro", "macro"):
        cells = []
        for split in splits:
            t, n = results[split]["tagger"][name], results[split]["naive"][name]
            cells.append(f"{_f(t[0])} {_f(t[1])} {_f(t[2])}  {_f(n[2])} (naive P {_f(n[0])} R {_f(n[1])})")
        lines.append(f"{name:<30} " + " | ".join(f"{c:<30}" for c in cells))
    for split in splits:
        t = results[split]["tagger"]
        lines.append(
            f"{split}: {t['untagged']} of {t['on_topic']} on-topic texts got no theme "
            f"({_ratio(t['untagged'], t['on_topic']) * 100:.0f} %); {t['off_topic_tagged']} of {t['off_topic']} "
            f"off-topic notices got one; {t['themes_per_text']:.2f} themes a text (naive: "
            f"{results[split]['naive']['themes_per_text']:.2f})"
        )
    return lines


def misses(texts: list[Text], splits) -> list[str]:
    """Return one block per text the tagger got wrong, with its evidence for each wrong theme."""
    lines = []
    for text in texts:
        if text.split not in splits:
            continue
        missed, extra = set(text.gold) - text.found, text.found - set(text.gold)
        if not missed and not extra:
            continue
        lines.append(f"{text.file} ({text.split}, {text.words} words): got {', '.join(sorted(text.found)) or 'nothing'}")
        for slug in sorted(missed):
            score = text.scores.get(slug)
            evidence = score.describe() if score else "no phrase of the theme found"
            lines.append(f"  missed {slug}: {evidence}")
            lines.append(f"    (gold because: {text.gold[slug]})")
        for slug in sorted(extra):
            lines.append(f"  extra  {slug}: {text.scores[slug].describe()}")
    return lines


def _label(split):
    return f"{split} (tuned on)" if split in TUNED_ON else f"{split} (unseen)"


def markdown_section(results: dict, themes: list[str], meta: dict) -> str:
    """Return the docs/benchmarks.md section: one column per part, tuned-on parts marked as such."""
    splits = [split for split in results if split != "all"]
    counts = ", ".join(f"{split} {results[split]['tagger']['texts']}" for split in splits)
    rows = [
        SECTION,
        "",
        f"Measured {meta['date']} with `invoke bench-tagging --record` (code: bench/tagging/evaluate.py) on the "
        f"labelled set in bench/tagging/: {meta['texts']} texts written for this project (by part: {counts}), "
        f"{meta['off_topic']} of them off-topic notices, gold themes fixed before the tagger was run on them. "
        f"Vocabulary: content/themes.toml, {len(themes)} themes. A part marked \"tuned on\" has been used to choose "
        "phrases, weights or thresholds, so its figures flatter the tagger; a part marked \"unseen\" has not. The "
        "naive baseline gives a text every theme one of whose phrases appears anywhere in it. Targets: micro "
        f"precision ≥ {TARGETS['precision']:.2f}, micro recall ≥ {TARGETS['recall']:.2f}, at most "
        f"{TARGETS['untagged']:.0%} of on-topic texts without a theme.",
        "",
        "| Measure | " + " | ".join(f"{_label(split)}: tagger | naive" for split in splits) + " |",
        "| --- | " + " | ".join("---: | ---:" for _ in splits) + " |",
    ]

    def row(name, cell):
        return f"| {name} | " + " | ".join(cell(results[split]) for split in splits) + " |"

    for index, name in enumerate(("precision", "recall", "F1")):
        rows.append(row(f"Micro {name}", lambda r, i=index: f"**{_f(r['tagger']['micro'][i])}** | {_f(r['naive']['micro'][i])}"))
    for index, name in enumerate(("precision", "recall", "F1")):
        rows.append(row(f"Macro {name}", lambda r, i=index: f"{_f(r['tagger']['macro'][i])} | {_f(r['naive']['macro'][i])}"))

    def untagged(r):
        t = r["tagger"]
        return f"**{t['untagged']} of {t['on_topic']} ({_ratio(t['untagged'], t['on_topic']) * 100:.0f} %)** | {r['naive']['untagged']}"

    rows += [
        row("On-topic texts with no theme", untagged),
        row("Off-topic notices given a theme",
            lambda r: f"{r['tagger']['off_topic_tagged']} of {r['tagger']['off_topic']} | {r['naive']['off_topic_tagged']}"),
        row(f"Themes per text (gold: {meta['gold_per_text']:.2f})",
            lambda r: f"{r['tagger']['themes_per_text']:.2f} | {r['naive']['themes_per_text']:.2f}"),
        "",
        f"Per theme, on the parts above together ({', '.join(splits)}; precision / recall / F1, tagger then naive):",
        "",
        "| Theme | Gold texts | Tagger P / R / F1 | Naive P / R / F1 |",
        "| --- | ---: | --- | --- |",
    ]
    whole = results["all"]
    for slug in themes:
        p, r, f, n = whole["tagger"]["per_theme"][slug]
        np_, nr, nf, _ = whole["naive"]["per_theme"][slug]
        rows.append(f"| {slug} | {n} | {_f(p)} / {_f(r)} / {_f(f)} | {_f(np_)} / {_f(nr)} / {_f(nf)} |")
    rows += ["", *meta.get("notes", []), ""]
    return "\n".join(rows)


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="",
                        help="comma-separated parts to tag, such as tune,held-out (default: every part); "
                             "texts of other parts are not read")
    parser.add_argument("--misses", default="tuned",
                        help="whose misses to print: 'tuned' (the parts in TUNED_ON, default), 'none', 'all', "
                             "or comma-separated part names")
    parser.add_argument("--record", action="store_true", help="write the figures to docs/benchmarks.md")
    parser.add_argument("--no-word-model", action="store_true",
                        help="decide by the phrases' and learned words' scores alone, as an editor's themes.toml does")
    parser.add_argument("--tune-only", action="store_true",
                        help="tag and show the tuning part only (the same as --splits tune)")
    args = parser.parse_args(argv)
    splits = [s.strip() for s in args.splits.split(",") if s.strip()] or None
    if args.tune_only:
        if args.record or args.misses not in ("tuned", "tune", "none") or splits not in (None, ["tune"]):
            parser.error("--tune-only shows the tuning part only: no --record, no other part's misses or figures")
        splits = ["tune"]
    texts = load(splits=splits)
    if splits:
        unknown = sorted(set(splits) - {t.split for t in texts})
        if unknown:
            parser.error(f"no text belongs to the part(s) {', '.join(unknown)}")
    if args.no_word_model and args.record:
        parser.error("--record measures the tagger as the build runs it: leave out --no-word-model")
    state = tagger_state(word_model=not args.no_word_model)
    themes = list(state.themes)
    seconds = tag(texts, state)
    results = evaluate(texts, themes)
    print(f"{len(texts)} texts tagged in {seconds * 1000:.0f} ms; threshold and weights from pelicanconf.py"
          + ("; without the word model" if args.no_word_model else ""))
    print(f"parts used for tuning: {', '.join(TUNED_ON)}\n")
    print("\n".join(table(results, themes)))
    if args.misses != "none":
        shown = splits_of(texts)
        if args.misses == "tuned":
            wanted = [s for s in shown if s in TUNED_ON]
        elif args.misses == "all":
            wanted = shown
        else:
            wanted = [s.strip() for s in args.misses.split(",") if s.strip()]
        if set(wanted) - set(TUNED_ON):
            print("\nNote: these include misses of parts not used for tuning; tuning on them would overfit their figures.")
        print(f"\nMisses ({', '.join(wanted)}):")
        print("\n".join(misses(texts, wanted)) or "none")
    if args.record:
        gold = sum(len(t.gold) for t in texts)
        meta = {
            "date": time.strftime("%Y-%m-%d"),
            "texts": len(texts),
            "off_topic": sum(not t.gold for t in texts),
            "gold_per_text": gold / len(texts),
            "notes": NOTES,
        }
        report.record_section(DOCS, SECTION, markdown_section(results, themes, meta))
        print(f"\nrecorded in {DOCS.relative_to(ROOT) if DOCS.is_relative_to(ROOT) else DOCS}")
    return 0


# Said under the tables in docs/benchmarks.md: how the figures came about.
NOTES = [
    "How far to trust these figures: a part marked \"tuned on\" has been read to choose phrases, weights, the "
    "threshold and the learned words, so its column flatters the tagger. Each part was honest once, when it was "
    "first tagged with the method frozen before anyone had read it (precision, recall, on-topic texts without "
    "a theme): heldout2 0.82, 0.58, 6 of 20; heldout3 0.86, 0.84, 2 of 30; heldout4 0.84, 0.79, 3 of 30; "
    "heldout5 0.88, 0.83, 1 of 30; heldout6 0.80, 0.75, 4 of 30 (a writer who set out to avoid the themes' "
    "words); heldout7 0.78, 0.78, 2 of 30; heldout8 0.83, 0.91, 1 of 30; heldout9 0.898, 0.846, 0 of 30; "
    "heldout10 0.93, 0.82, 1 of 30; heldout11 0.88, 0.86, 1 of 30 (44 of 50 given, 44 of 51 gold); heldout12 0.83, 0.88, 0 of 30 (43 of 52, "
    "43 of 49); heldout13 0.875, 0.92, 0 of 30 (49 of 56, 49 of 53); heldout14 0.94, 0.875, 1 of 30 (49 of 52, 49 of 56); heldout15 "
    "0.80, 0.88, 0 of 30 (43 of 54, 43 of 49); heldout16 0.91, 0.875, 0 of 30 (42 of 46, 42 of 48); heldout17 0.92, 0.94, 0 of 30 (45 of 49, 45 of 48); "
    "heldout18 0.91, 0.875, 1 of 30 (42 of 46, 42 of 48); heldout19 0.825, 0.66, 4 of 30 (33 of 40, 33 of 50); "
    "heldout20 0.895, 0.61, 6 of 30 (34 of 38, 34 of 56); heldout21 0.88, 0.76, 3 of 30 (45 of 51, 45 of 59); "
    "heldout22 0.88, 0.68, 3 of 30 (43 of 49, 43 of 63): the four parts before the word model, together 0.87, 0.68, "
    "16 of 120 untagged, what an editor reads between the lines (recovery, lived experience, trust and "
    "relationships, carers and co-production told in a story's own words) missed. With the word model (eighteenth "
    "round): heldout23 0.875, 0.95, 0 of 30 (56 of 64, 56 of 59), the model giving a theme alone from 45 % sure; "
    "heldout24 0.95, 0.83, 0 of 30 (54 of 57, 54 of 65), from 55 % sure; heldout25 0.89, 0.89, 0 of 30 (49 of "
    "55, 49 of 55), from 50 % sure, with a score four times the bar overruling the model; heldout26 0.90, 0.82, 1 of "
    "30 (46 of 51, 46 of 56), the same version; "
    "heldout27 0.875, 0.89, 0 of 30 (49 of 56, 49 of 55), the same rules with both tables relearned from the "
    "twenty-seven parts before it. The five parts heldout23 to heldout27 (four versions): 0.898 (254 of 283), 0.876 "
    "(254 of 290), 1 of 150 untagged.",
    "",
    "Nineteenth round (the model alone needs 70 % of its sureness of the post's surest theme, fe47b9b): heldout28 "
    "0.94, 0.76, 0 of 30 (50 of 53, 50 of 66); heldout29 0.935, 0.89, 0 of 30 (58 of 62, 58 of 65): together 0.94, "
    "0.82, 0 of 60, recall missed by 0.026 (the eighteenth round's rules on the same parts, tagged afterwards: 0.92, "
    "0.855).",
    "",
    "Twentieth round, first measured: heldout30 and heldout31 (36 texts each, 1093 to 1164, by two more "
    "writers to the ordinary-words brief at the same time, labelled and committed before the tagger ran on them, "
    "2f5f148 and 2e9b140) were tagged once, on 2026-12-01 at 05:15 UTC, with the method as shipped at 3fe1b1e (the "
    "twentieth round: phrases nearly enough and the model fairly sure give a theme together; both tables learned from "
    "thirty parts), changed by nothing in between. heldout30: precision 0.91 (60 of 66), recall 0.91 (60 of 66), 0 "
    "of 30 untagged, 0 of 6 notices tagged; heldout31: 0.95 (61 of 64), 0.94 (61 of 65), 0 of 30, 0 of 6. "
    "Together: **precision 0.93 (121 of 130), recall 0.92 (121 of 131), 0 of 60 untagged: every target met, on each "
    "part alone too**. The nineteenth round's rules on the same parts (tagged afterwards, to compare): 0.93, 0.89; the "
    "eighteenth's: 0.90, 0.92. The nine parts measured with the word model (heldout23 to heldout31, six versions): "
    "precision 0.915 (483 of 528), recall 0.875 (483 of 552), 1 of 270 (0.4 %) untagged. The last twenty-three "
    "parts, each measured once (heldout9 to heldout31, sixteen method versions): precision 0.90 (1,080 of 1,204), "
    "recall 0.84 (1,080 of 1,284), 21 of 690 on-topic texts (3.0 %) without a theme.",
    "",
    "**The honest figures for this version:** heldout32 and heldout33 (36 texts each, 1165 to 1236, by two more "
    "writers to the brief in bench/tagging/WRITING.md at the same time, labelled and committed before the tagger ran "
    "on them, cdec67e and 2cb2cfe) were tagged once, on 2026-12-01 at 07:36 UTC, with the method and both tables as "
    "shipped at cdec67e (the twentieth round, the tables learned from all thirty-two parts before them). heldout32: "
    "precision 0.98 (54 of 55), recall 0.87 (54 of 62), 0 of 30 untagged, 0 of 6 notices tagged; heldout33: 0.93 (56 "
    "of 60), 0.90 (56 of 62), 0 of 30, 0 of 6. Together: **precision 0.96 (110 of 115), recall 0.89 (110 of 124), 0 "
    "of 60 untagged: every target met, on each part alone too**. The eleven parts measured with the word model "
    "(heldout23 to heldout33, seven versions): precision 0.92 (593 of 643), recall 0.88 (593 of 676), 1 of 330 (0.3 "
    "%) untagged. The last twenty-five parts, each measured once (heldout9 to heldout33, seventeen method versions): "
    "precision 0.90 (1,190 of 1,319), recall 0.845 (1,190 of 1,408), 21 of 750 on-topic texts (2.8 %) without a theme.",
    "",
    "With 1,033 on-topic texts and 1,864 gold labels across the thirty-four parts, one label moves micro recall by "
    "about 0.001 on all of them together and about 0.016 on a part of 36 texts (62 gold labels in heldout32).",
]


if __name__ == "__main__":
    sys.exit(main())
