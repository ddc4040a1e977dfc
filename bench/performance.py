"""Build performance, page weight and Lighthouse scores, side by side with plain Pelican.

Run ``invoke bench`` (or ``python -m bench.performance``). For each corpus size it builds the same
synthetic posts (bench/corpus.py) as:

  (a) plain   plain Pelican, its default theme, no plugins (bench/plainconf.py)
  (b) preview this site with pelicanconf.py
  (c) publish this site with publishconf.py: search index, hashed assets, sitemap, compressed copies
  (d) edit    a rebuild with pelicanconf.py after editing one post, Pelican's content cache warm

Every build runs in a fresh Python process, so imports, caches and memory are measured as a person
running the build would see them; each is repeated and the median reported. Peak memory is the
largest total, at one moment, of the proportional set size (PSS) of the build process and every process
under it (the forked checker and helpers, Pagefind), sampled from /proc while it runs: a page that a forked
child shares with its parent counts once, split between them, where resident sizes would count it twice.
Then the shipped sample content is published, served as a production host would serve it
(bench/serve.py), weighed, and checked with Lighthouse (mobile).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import corpus, report  # run as `python -m bench.…` from the project folder
from bench.report import work_folder

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

RESULTS = BENCH / "results"
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Build performance"
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PUBLISH_URL = "https://inmind.example.nhs.uk"
KINDS = {
    "plain": "(a) plain Pelican, default theme, no plugins",
    "preview": "(b) this site, preview build",
    "publish": "(c) this site, publish build",
    "edit": "(d) rebuild after editing one post, cache warm",
    "check": "(e) invoke check alone, cold",
}
TARGETS = {"preview": 1.2, "publish": 1.6, "check": 0.5}


# --- one build, in its own process ------------------------------------------------------------------


def _usage() -> tuple[float, float, float]:
    """Return peak resident MB of this process and of its largest finished child, and CPU seconds of both."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return round(own.ru_maxrss / 1024, 1), round(children.ru_maxrss / 1024, 1), round(cpu, 2)


# How often the bench samples the memory of a build's processes (seconds).
PSS_INTERVAL = 0.1


def _descendants(root: int) -> list[int]:
    """Return ``root`` and every process under it, from the parent ids in /proc."""
    children = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # ended meanwhile
        parent = int(stat.rpartition(")")[2].split()[1])  # the name in brackets may hold spaces
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def pss_kb(pid: int) -> int:
    """Return a process's proportional set size in kB (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except (OSError, ValueError):
        return 0


class PeakPss:
    """Sample the summed PSS of a process and all its descendants until it ends; keep the largest sum."""

    def __init__(self, pid: int, interval: float = PSS_INTERVAL):
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pss-sampler", daemon=True)
        self._thread.start()

    def _run(self):
        while not self._done.is_set():
            self.peak_kb = max(self.peak_kb, sum(pss_kb(pid) for pid in _descendants(self.pid)))
            self._done.wait(self.interval)

    def stop(self) -> float:
        """Stop sampling and return the peak in MB."""
        self._done.set()
        self._thread.join()
        return round(self.peak_kb / 1024, 1)


def worker(kind: str, content: str, output: str, cache: str) -> dict:
    """Build once and return the timing and memory (runs inside the child process)."""
    os.chdir(ROOT)
    log = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(log):
        if kind == "plain":
            from pelican import Pelican
            from pelican.settings import read_settings

            settings = read_settings(
                str(corpus.PLAIN_SETTINGS), override={"PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache}
            )
            Pelican(settings).run()
            status = 0
        elif kind == "check":
            from inmind.check import check_site
            from inmind.config import load_settings

            settings = load_settings("pelicanconf.py", {"PATH": content, "CACHE_PATH": cache})
            problems = check_site(settings)
            status = 1 if any(p.severity == "error" for p in problems) else 0
        else:
            from inmind.build import build

            overrides = {"PATH": content, "CACHE_PATH": cache}
            if kind == "edit":
                overrides.update(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
            settings_file = "publishconf.py" if kind == "publish" else "pelicanconf.py"
            status = build(settings_file, output, fatal_warnings=kind == "publish", overrides=overrides, stream=log)
    seconds = time.perf_counter() - started
    own, children, cpu = _usage()
    return {"status": status, "seconds": round(seconds, 3), "cpu_s": cpu, "python_mb": own, "child_mb": children,
            "log": log.getvalue()[-2000:] if status else ""}


def run_build(kind: str, content: Path, output: Path, cache: Path) -> dict:
    """Run one build in a fresh Python process and return its measurements."""
    env = {**os.environ, "SITE_URL": PUBLISH_URL, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "bench.performance", "--worker", kind, str(content), str(output), str(cache)]
    # Sampled from here, not inside the build, so that the sampling's own work is not counted as the build's.
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as process:
        sampler = PeakPss(process.pid)
        stdout, stderr = process.communicate()
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    pss = sampler.stop()
    if process.returncode or not lines:
        raise RuntimeError(f"the {kind} build failed:\n{stdout[-3000:]}\n{stderr[-3000:]}")
    measured = json.loads(lines[-1])
    if measured["status"]:
        raise RuntimeError(f"the {kind} build failed:\n{measured['log']}")
    measured["pss_mb"] = pss
    return measured


# --- the build measurements -------------------------------------------------------------------------


def _summary(kind: str, posts: int, runs: list[dict]) -> dict:
    seconds = [r["seconds"] for r in runs]
    median = statistics.median(seconds)
    # PSS of the whole process tree at its peak; the sum of getrusage's peaks is kept beside it (it counts a
    # forked child's pages shared with the build twice, and adds peaks that never happened at the same time).
    peak = max(r.get("pss_mb") or r["python_mb"] + r["child_mb"] for r in runs)
    return {
        "kind": kind, "posts": posts, "runs": seconds, "median_s": round(median, 2),
        "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 2),
        "posts_per_s": round(posts / median, 1), "peak_mb": round(peak), "python_mb": max(r["python_mb"] for r in runs),
        "child_mb": max(r["child_mb"] for r in runs),
        "rss_sum_mb": round(max(r["python_mb"] + r["child_mb"] for r in runs)),
    }


def measure_size(posts: int, kinds: list[str], runs: int, work: Path, say) -> list[dict]:
    """Generate a corpus of ``posts`` posts and measure each kind of build ``runs`` times."""
    content = corpus.generate(work / f"content-{posts}", posts)
    say(f"{posts} posts: corpus ready in {content}")
    measured = {kind: [] for kind in kinds}
    if "edit" in kinds:
        edit_content = work / f"content-{posts}-edit"
        shutil.copytree(content, edit_content, dirs_exist_ok=True)
        edit_cache = work / f"cache-{posts}-edit"
        shutil.rmtree(edit_cache, ignore_errors=True)
        run_build("edit", edit_content, work / f"out-{posts}-edit", edit_cache)  # fills the content cache
    # Round-robin, so that other work on the machine slows every kind of build alike.
    for round_number in range(1, runs + 1):
        for kind in kinds:
            if kind == "edit":
                corpus.edit_one_post(edit_content)
                result = run_build("edit", edit_content, work / f"out-{posts}-edit", edit_cache)
            else:
                cache = work / f"cache-{posts}-{kind}"
                output = work / f"out-{posts}-{kind}"
                # A cold build, as in CI: no cache and no earlier output. Plain Pelican writes over an old
                # output in place, while this site's build swaps in a new folder and removes the old one,
                # so an old output left from the previous round would cost only this site's builds.
                shutil.rmtree(cache, ignore_errors=True)
                shutil.rmtree(output, ignore_errors=True)
                result = run_build(kind, content, output, cache)
            measured[kind].append(result)
            say(f"{posts} posts, round {round_number}: {kind:8} {result['seconds']:7.2f} s, CPU {result['cpu_s']:.2f} s")
    return [_summary(kind, posts, runs_of_kind) for kind, runs_of_kind in measured.items()]


def add_ratios(results: list[dict]) -> None:
    """Add each build's ratio to plain Pelican at the same size (and edit's ratio to preview)."""
    by = {(r["posts"], r["kind"]): r for r in results}
    for r in results:
        plain = by.get((r["posts"], "plain"))
        r["ratio_to_plain"] = round(r["median_s"] / plain["median_s"], 2) if plain else None
        r["cpu_ratio_to_plain"] = round(r["cpu_s"] / plain["cpu_s"], 2) if plain and plain.get("cpu_s") else None
        preview = by.get((r["posts"], "preview"))
        if r["kind"] == "edit" and preview:
            r["ratio_to_preview"] = round(r["median_s"] / preview["median_s"], 2)


def verdicts(results: list[dict]) -> list[str]:
    """Return one line per target: met or missed, with the figure."""
    lines = []
    small = min(r["posts"] for r in results)
    by = {(r["posts"], r["kind"]): r for r in results}
    for kind, limit in TARGETS.items():
        r = by.get((small, kind))
        if r and r["ratio_to_plain"] is not None:
            met = "met" if r["ratio_to_plain"] <= limit else "MISSED"
            cpu = f" (CPU time {r['cpu_ratio_to_plain']:.2f})" if r.get("cpu_ratio_to_plain") else ""
            lines.append(f"{KINDS[kind][:3]}/(a) = {r['ratio_to_plain']:.2f}{cpu} at {small} posts (target ≤ {limit}): {met}")
    edit = by.get((small, "edit"))
    if edit and "ratio_to_preview" in edit:
        met = "met" if edit["ratio_to_preview"] <= 0.5 else "MISSED"
        lines.append(f"(d)/(b) = {edit['ratio_to_preview']:.2f} at {small} posts (target ≤ 0.5): {met}")
    large = max(r["posts"] for r in results)
    big, base = by.get((large, "publish")), by.get((small, "publish"))
    if big and base and large > small:
        growth = (big["median_s"] / base["median_s"]) / (large / small)
        met = "met" if big["peak_mb"] < 2048 else "MISSED"
        lines.append(f"(c) at {large} posts: peak {big['peak_mb']} MB (target < 2048): {met}")
        met = "met" if growth <= 1.1 else "MISSED"
        lines.append(
            f"(c) time per post at {large} vs {small} posts: ×{growth:.2f} (target: no worse than linear, ≤ ×1.1): {met}"
        )
    return lines


# --- the sample site: page weight and Lighthouse ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _asset_bytes(output: Path, html_path: Path, site_url: str) -> dict:
    """Return the raw and compressed (brotli) bytes of a page's HTML, CSS and JS."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
    files = {"html": [html_path], "css": [], "js": []}
    for link in soup.find_all("link", rel="stylesheet"):
        files["css"].append(output / link["href"].removeprefix(site_url + "/"))
    for script in soup.find_all("script", src=True):
        files["js"].append(output / script["src"].removeprefix(site_url + "/"))
    weight = {}
    for kind, paths in files.items():
        raw = sum(p.stat().st_size for p in paths)
        br = sum((p.with_name(p.name + ".br") if p.with_name(p.name + ".br").exists() else p).stat().st_size for p in paths)
        weight[kind] = {"bytes": raw, "brotli_bytes": br}
    weight["total"] = {k: sum(weight[t][k] for t in ("html", "css", "js")) for k in ("bytes", "brotli_bytes")}
    return weight


def _lighthouse(url: str, work: Path, name: str, say) -> dict:
    if not LIGHTHOUSE.exists():
        say(f"installing lighthouse@{LIGHTHOUSE_VERSION} into bench/node_modules (first run only)")
        subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}", "--prefix", str(BENCH), "--no-audit", "--no-fund"],
            check=True, capture_output=True, text=True,
        )
    report = work / f"lighthouse-{name}.json"
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless --no-sandbox",
    ]
    subprocess.run(command, check=True, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROME},
                   timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: cat["score"] for key, cat in data["categories"].items()}
    failing = sorted(
        audit_id for audit_id, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    metrics = {k: data["audits"][k]["displayValue"] for k in ("first-contentful-paint", "largest-contentful-paint",
                                                               "total-blocking-time", "cumulative-layout-shift")
               if k in data["audits"]}
    return {"scores": scores, "metrics": metrics, "below_full_marks": failing}


def measure_sample_site(work: Path, lighthouse: bool, say) -> dict:
    """Publish the shipped sample content, serve it like a host, weigh two pages and run Lighthouse."""
    from bs4 import BeautifulSoup

    from bench import serve as bench_serve

    port = _free_port()
    site_url = f"http://127.0.0.1:{port}"
    output = work / "sample"
    env = {**os.environ, "SITE_URL": site_url}
    command = [sys.executable, "-m", "inmind.build", "--settings", "publishconf.py", "--output", str(output), "--fatal-warnings"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"the sample site did not publish:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    article_url = next(a["href"] for a in home.find_all("a", href=True) if re.search(r"/blog/\d{4}/[^/]+/$", a["href"]))
    pages = {"home": f"{site_url}/", "article": article_url}
    report = {"pages": pages, "weight": {}, "lighthouse": {}}
    for name, url in pages.items():
        html = output / url.removeprefix(site_url + "/") / "index.html"
        report["weight"][name] = _asset_bytes(output, html, site_url)
    if lighthouse:
        server = bench_serve.serve(output, "127.0.0.1", port)
        try:
            for name, url in pages.items():
                say(f"lighthouse: {url}")
                try:
                    report["lighthouse"][name] = _lighthouse(url, work, name, say)
                except (subprocess.SubprocessError, OSError, json.JSONDecodeError) as exc:
                    report["lighthouse"][name] = {"error": f"{exc.__class__.__name__}: {str(exc)[-500:]}"}
        finally:
            server.shutdown()
    return report


# --- the report ----------------------------------------------------------------------------------------


def machine() -> dict:
    """Describe the machine and the software versions."""
    import pelican

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    try:
        pagefind = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True,
                                  timeout=60).stdout.strip().removeprefix("pagefind ")
    except (OSError, subprocess.SubprocessError):
        pagefind = "unknown"
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(), "python": platform.python_version(), "pelican": pelican.__version__,
        "pagefind": pagefind, "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def table(results: list[dict]) -> str:
    """Return the results as a Markdown table."""
    lines = ["| Build | Posts | Median s | Runs (s) | × plain (a) | Posts/s | CPU s (× plain) | Peak MB |",
             "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        ratio = f"{r['ratio_to_plain']:.2f}" if r.get("ratio_to_plain") is not None else "–"
        if "ratio_to_preview" in r:
            ratio += f" ({r['ratio_to_preview']:.2f} × (b))"
        runs = ", ".join(f"{s:.2f}" for s in r["runs"])
        cpu = f"{r['cpu_s']:.2f}" + (f" ({r['cpu_ratio_to_plain']:.2f})" if r.get("cpu_ratio_to_plain") else "")
        lines.append(f"| {KINDS[r['kind']]} | {r['posts']:,} | {r['median_s']:.2f} | {runs} | {ratio} | {r['posts_per_s']:,} | "
                     f"{cpu} | {r['peak_mb']:,} |")
    return "\n".join(lines)


def sample_table(sample: dict) -> str:
    """Return page weight and Lighthouse scores as a Markdown table."""
    lines = ["| Page | HTML | CSS | JS | Total (brotli) | Performance | Accessibility | Best practices | SEO |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, weight in sample["weight"].items():
        lh = sample["lighthouse"].get(name, {})
        scores = lh.get("scores", {})
        cells = [f"{scores[k]:.2f}" if scores.get(k) is not None else "–"
                 for k in ("performance", "accessibility", "best-practices", "seo")]
        kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
        lines.append(
            f"| {name} | {kb(weight['html']['bytes'])} | {kb(weight['css']['bytes'])} | {kb(weight['js']['bytes'])} | "
            f"{kb(weight['total']['bytes'])} ({kb(weight['total']['brotli_bytes'])}) | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def markdown(report: dict) -> str:
    """Return the section of docs/benchmarks.md with the latest figures."""
    m = report["machine"]
    parts = [
        SECTION,
        "",
        "How long the site takes to build, side by side with plain Pelican building the same posts, and what "
        "readers download. Produced by `invoke bench` (code in `bench/`); the figures below are from its last run.",
        "",
        f"Run on {report['date']}: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, {m['os']}, "
        f"Python {m['python']}, Pelican {m['pelican']}, Pagefind {m['pagefind']}. Load average at start "
        f"{', '.join(map(str, m['load_average_at_start']))} (other work on the machine makes figures noisier). "
        f"Each figure is the median of {report['runs']} runs, each in a fresh Python process, the kinds of build "
        "taking turns; CPU s is the build's and its children's (Pagefind's) CPU time, steadier than the wall clock "
        "when the machine is shared"
        + (f"; {report['large_runs']} run(s) at the larger sizes." if report.get("large_sizes") else ".")
        + f" Peak MB is the largest sum, at one moment, of the proportional set size (PSS) of the build and every "
        f"process under it (the forked checker and helpers, Pagefind), sampled every {PSS_INTERVAL} s from "
        "/proc/PID/smaps_rollup: pages a forked process shares with the build count once. (Adding each process's "
        "peak resident size, as before, counted those pages twice; that sum is kept in the JSON as rss_sum_mb.)",
        "",
        table(report["results"]),
        "",
        "Targets (2 cores):",
        "",
        *[f"- {line}" for line in report["verdicts"]],
        "",
    ]
    if report.get("sample"):
        parts += [
            "Page weight (HTML + CSS + JS, as sent; brotli in brackets) and Lighthouse 12 (mobile, simulated "
            "throttling) for the published sample site, served with its `_headers` and compressed copies "
            "by `bench/serve.py`. Reported figures, not gates; targets: performance ≥ 0.95, accessibility 1.0, "
            "best practices ≥ 0.95, SEO ≥ 0.95.",
            "",
            sample_table(report["sample"]),
            "",
        ]
    parts += [
        "To rerun: `./dev bench` (three runs at 1,000 posts, one at 10,000, then Lighthouse; about 15 minutes "
        "on 2 cores), `./dev bench --quick` (200 posts, one run, no Lighthouse), or "
        "`./dev bench --sizes 500,2000 --runs 5`. `--record` rewrites this section. Raw results, including "
        "every run and the Lighthouse audits below full marks, go to `bench/results/` as JSON.",
        "",
    ]
    if report.get("notes"):
        parts += ["Where the time goes:", "", *[f"- {n}" for n in report["notes"]], ""]
    return "\n".join(parts)


def record(section: str, path: Path = DOCS) -> None:
    """Replace (or add) the Build performance section of docs/benchmarks.md, leaving others' sections alone."""
    report.record_section(path, SECTION, section)


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Measure build time, memory, page weight and Lighthouse scores.")
    parser.add_argument("--worker", nargs=4, metavar=("KIND", "CONTENT", "OUTPUT", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma separated (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build at the first size (median reported)")
    parser.add_argument("--large-runs", type=int, default=1, help="runs of each build at the larger sizes")
    parser.add_argument("--quick", action="store_true", help="200 posts, one run, no Lighthouse: a smoke test")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the sample site's Lighthouse run")
    parser.add_argument("--record", action="store_true", help="write the tables into docs/benchmarks.md")
    parser.add_argument("--workdir", type=Path, help="keep corpora and outputs here (default: a temporary folder under bench/.work/)")
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0

    sizes = [200] if args.quick else sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    runs = 1 if args.quick else max(args.runs, 1)
    lighthouse = not (args.quick or args.no_lighthouse)

    def say(message):
        print(f"bench: {message}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    work_context = work_folder(args.workdir, "inmind-bench-")
    with work_context as work:
        work = Path(work)
        work.mkdir(parents=True, exist_ok=True)
        info = machine()
        results = measure_size(sizes[0], list(KINDS), runs, work, say)
        for size in sizes[1:]:
            results += measure_size(size, ["plain", "publish"], max(args.large_runs, 1), work, say)
        add_ratios(results)
        sample = measure_sample_site(work, lighthouse, say)

    report = {
        "date": dt.date.today().isoformat(), "machine": info, "sizes": sizes, "runs": runs,
        "large_sizes": sizes[1:], "large_runs": max(args.large_runs, 1), "results": results,
        "verdicts": verdicts(results), "sample": sample, "seconds_total": round(time.perf_counter() - started),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"build-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    print()
    print("\n".join(report["verdicts"]))
    print()
    print(sample_table(sample))
    print(f"\nresults: {RESULTS / f'build-{stamp}.json'}")
    if args.record:
        record(markdown(report))
        print(f"recorded in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
