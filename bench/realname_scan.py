"""The output's real-name scan (coproduction's check_output) on a built site, with and without verbatim copies.

Run ``python -m bench.realname_scan WORK [--posts N] [--rounds R] [--preview]`` from the project folder. It builds the
bench corpus (bench/corpus.py) once with publishconf.py (or pelicanconf.py, ``--preview``) into WORK/output (kept for
later runs), then times the scan on that output in CPU seconds (this process and the second process it may start),
cold every round (no ledger of clean files), taking turns: "read all" reads every file, as before the editor declared
its copies of the pinned Decap package (inmind.verbatim); "compare copies" compares those by sha256 instead. Last,
where the time of "compare copies" goes, by top folder and file type.
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import time
from pathlib import Path
from types import SimpleNamespace

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent


def _site(work: Path, posts: int, conf: str = "publishconf.py"):
    from pelican.settings import read_settings

    from inmind.build import build

    content, output = work / "content", work / ("output" if conf == "publishconf.py" else "output-preview")
    if not content.exists():
        corpus.generate(content, posts)
    else:
        corpus._private_names(content)  # the environment variable naming the corpus's private names file
    if not output.exists():
        with open(os.devnull, "w") as quiet:
            status = build(str(ROOT / conf), str(output), stream=quiet,
                           overrides={"PATH": str(content), "CACHE_PATH": str(work / "cache")})
        if status:
            raise SystemExit(f"the build with {conf} failed; run it by hand to see why")
    settings = read_settings(str(ROOT / conf), override={"PATH": str(content)})
    # Every round cold: no ledger of what an earlier round found clean. (Given as "", Pelican made the setting the
    # current folder, where the first round wrote its ledger and every later round read it.)
    settings["CACHE_PATH"] = ""
    return SimpleNamespace(settings=settings, output_path=str(output))


def _breakdown(pelican):
    from coproduction import output_scan, privacy, private, vocabulary
    from editor.handlers import package_copies

    content = Path(pelican.settings["PATH"])
    authors = vocabulary.load_authors(content / "authors.toml")
    matcher = privacy.Matcher(vocabulary.Registry(authors, private.load(authors, pelican.settings)).hidden())
    copies = output_scan.Copies(package_copies(pelican.settings))
    seen, spent = set(), collections.Counter()
    output = Path(pelican.output_path)
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = path.relative_to(output).as_posix()
        started = time.process_time()
        data = path.read_bytes()
        if copies.unchanged(rel, data):
            kind = "verbatim copies (compared)"
        else:
            for text in privacy.file_texts(path.name, data):
                matcher.find(text, seen)
            kind = f"{rel.split('/')[0] if '/' in rel else '.'} {''.join(path.suffixes[-2:])}"
        spent[kind] += time.process_time() - started
    return spent


def _cpu():
    """Return the CPU seconds of this process and of its children that have ended (a large output's second half)."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--preview", action="store_true", help="build with pelicanconf.py, as ./dev build does")
    args = parser.parse_args(argv)
    from coproduction import output_scan
    from editor.handlers import package_copies

    from inmind import verbatim

    pelican = _site(args.work, args.posts, "pelicanconf.py" if args.preview else "publishconf.py")
    times = {"read all": [], "compare copies": []}
    for n in range(args.rounds):
        for mode in list(times) if n % 2 == 0 else list(times)[::-1]:
            if mode == "compare copies":
                verbatim.COPIES.connect(package_copies)
            else:
                verbatim.COPIES.disconnect(package_copies)
            started = _cpu()
            output_scan.check_output(pelican)
            times[mode].append(_cpu() - started)
    verbatim.COPIES.disconnect(package_copies)
    for mode, spent in times.items():
        print(f"{mode}: median {statistics.median(spent):.2f} s CPU (rounds: {', '.join(f'{s:.2f}' for s in spent)})")
    spent = _breakdown(pelican)
    print(f"where 'compare copies' goes ({sum(spent.values()):.2f} s CPU):")
    for kind, seconds in spent.most_common(8):
        print(f"  {seconds:6.2f} s  {kind}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
