"""Where a build spends its time: cProfile of one build, grouped by plugin and library.

``python -m bench.profile --kind publish --posts 1000`` generates the corpus (bench/corpus.py),
builds it once under cProfile and prints the self time of each part (each of our plugins, inmind/,
Pelican, Jinja, Markdown…) and the slowest functions of our own code by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench import corpus  # run as `python -m bench.…` from the project folder
from bench.report import work_folder

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def component(filename: str) -> str:
    """Name the part of the system a source file belongs to."""
    path = Path(filename)
    parts = path.parts
    if "plugins" in parts and str(ROOT) in filename:
        return "plugins/" + parts[parts.index("plugins") + 1]
    if "inmind" in parts and str(ROOT) in filename:
        return "inmind/" + path.stem
    if "site-packages" in parts:
        package = parts[parts.index("site-packages") + 1]
        if package == "pelican" and len(parts) > parts.index("site-packages") + 3 and parts[parts.index("site-packages") + 2] == "plugins":
            return "pelican.plugins." + parts[parts.index("site-packages") + 3]
        return package.split(".")[0].split("-")[0]
    if filename.startswith("<") or "built-in" in filename or filename == "~":
        return "builtins"
    return "stdlib"


def report(stats: pstats.Stats, top: int = 25) -> str:
    """Return self time per component and our slowest functions by cumulative time."""
    by_component = defaultdict(float)
    ours = []
    total = 0.0
    for (filename, line, name), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        part = component(filename)
        by_component[part] += tottime
        total += tottime
        if part.startswith(("plugins/", "inmind/")):
            ours.append((cumtime, f"{Path(filename).relative_to(ROOT)}:{line}({name})"))
    lines = [f"self time by part (total {total:.1f} s):"]
    for part, seconds in sorted(by_component.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {seconds:7.2f} s  {seconds / total:5.1%}  {part}")
    lines.append("our functions by cumulative time:")
    for cumtime, where in sorted(ours, reverse=True)[:top]:
        lines.append(f"  {cumtime:7.2f} s  {where}")
    return "\n".join(lines)


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["preview", "publish", "edit"], default="publish",
                        help="edit: a preview rebuild after editing one post, with the content cache warm")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", type=Path, help="also write the raw profile here (for snakeviz and friends)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    os.environ.setdefault("SITE_URL", "https://inmind.example.nhs.uk")
    from inmind.build import build

    with work_folder(None, "inmind-profile-") as work:
        work = Path(work)
        content = corpus.generate(work / "content", args.posts)
        settings = "publishconf.py" if args.kind == "publish" else "pelicanconf.py"
        overrides = {"PATH": str(content), "CACHE_PATH": str(work / "cache")}
        log = io.StringIO()
        if args.kind == "edit":
            overrides.update(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
            build(settings, work / "output", overrides=overrides, stream=log)  # fills the cache
            corpus.edit_one_post(content)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        profiler = cProfile.Profile()
        profiler.enable()
        status = build(settings, work / "output", fatal_warnings=args.kind == "publish", overrides=overrides, stream=log)
        profiler.disable()
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if status:
            print(log.getvalue(), file=sys.stderr)
            return status
        if args.save:
            profiler.dump_stats(args.save)
        print(report(pstats.Stats(profiler), args.top))
        # cProfile sees this process only; the checks, the share cards and Pagefind run in processes of their own.
        children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"wall {wall:.1f} s (profiled); other processes (checks, share cards, Pagefind): {children:.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
