"""Site search: what the Pagefind index costs the publish build, on disk, and in a reader's browser.

Run ``python -m bench.search`` (``--sizes``, ``--runs``, ``--record`` to write docs/benchmarks.md).
For each corpus size (bench/corpus.py, ~700-word posts with a varied vocabulary) it

1. publishes the same corpus with and without the site_search plugin, alternately, each build in a
   fresh Python process; reports the ratio of the fastest runs (the least disturbed by other work on a
   shared machine) and of the medians, the peak memory (the build process
   plus its largest child, the Pagefind binary) and how long the build waited for Pagefind after
   Pelican had written its last page: the only part of the indexing that is not overlapped;
2. weighs the index on disk;
3. serves the published site as a production host would (bench/serve.py: .br/.gz copies, _headers),
   opens the search page in Debian's Chromium, runs a first query and adds up the bytes transferred
   for it (Playwright's request sizes: encoded body plus headers).

Targets (issue 6, on a 2-core machine): the build with search at most 1.35 times the build without
it; at most 150 KB transferred for a first query at 1,000 posts and 300 KB at 10,000.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import corpus, report  # run as `python -m bench.…` from the project folder
from bench.report import work_folder

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

DOCS = ROOT / "docs" / "benchmarks.md"
RESULTS = BENCH / "results"
SECTION = "## Search"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TARGET_RATIO = 1.35
TARGET_QUERY_KB = {1000: 150, 10000: 300}
# A common word of the corpus (many results, so ten excerpts are fetched) and one rare word.
QUERIES = ("recovery", "carer support")


# --- one build, in its own process --------------------------------------------------------------------


def worker(kind: str, content: str, output: str, cache: str) -> dict:
    """Publish once with (``search``) or without (``plain``) site search; return time and memory."""
    os.chdir(ROOT)
    log = io.StringIO()
    waited = {}
    overrides = {"PATH": content, "CACHE_PATH": cache}
    from site_search import handlers

    import pelicanconf

    plugins = [p for p in pelicanconf.PLUGINS if p != "site_search"]
    if kind == "search":
        plugins = list(pelicanconf.PLUGINS)
        original = handlers.write_index

        def timed_write_index(pelican):
            started = time.perf_counter()
            try:
                return original(pelican)
            finally:
                waited["seconds"] = time.perf_counter() - started

        # register() connects handlers.write_index, so this wrapper is what Pelican calls at finalized.
        handlers.write_index = timed_write_index
    # publishconf.py adds its own plugins to pelicanconf's list; keep those.
    import publishconf

    overrides["PLUGINS"] = plugins + [p for p in publishconf.PLUGINS if p not in pelicanconf.PLUGINS]
    from inmind.build import build

    started = time.perf_counter()
    with contextlib.redirect_stdout(log):
        status = build("publishconf.py", output, fatal_warnings=True, overrides=overrides, stream=log)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    own = usage.ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "status": status,
        "seconds": round(seconds, 3),
        "python_mb": round(own, 1),
        "child_mb": round(child.ru_maxrss / 1024, 1),
        "python_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "child_cpu_s": round(child.ru_utime + child.ru_stime, 2),
        "waited_s": round(waited.get("seconds", 0.0), 3),
        "log": log.getvalue()[-3000:] if status else "",
    }


def run_build(kind: str, content: Path, output: Path, cache: Path, site_url: str) -> dict:
    """Run one publish build in a fresh Python process and return its measurements."""
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "SITE_URL": site_url, "PYTHONHASHSEED": "0"}
    command = [sys.executable, "-m", "bench.search", "--worker", kind, str(content), str(output), str(cache)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        raise RuntimeError(f"the {kind} build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    measured = json.loads(lines[-1])
    if measured["status"]:
        raise RuntimeError(f"the {kind} build failed:\n{measured['log']}")
    return measured


# --- index size and the first query -------------------------------------------------------------------


def index_size(output: Path) -> dict:
    """Return the bytes and files of the index Pagefind wrote (its own compressed chunks, no .gz/.br copies)."""
    files = [p for p in (output / "pagefind").rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    chunks = [p for p in files if p.suffix in (".pf_index", ".pf_fragment", ".pf_filter", ".pf_meta")]
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "chunk_bytes": sum(p.stat().st_size for p in chunks),
        "chunks": len(chunks),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _CountingWriter:
    """Wrap a request's output stream and note every byte written to it, headers included."""

    def __init__(self, inner, handler, log):
        self._inner, self._handler, self._log = inner, handler, log

    def write(self, data):
        # The handler sends the status line and headers in one write, then the body.
        part = "headers" if bytes(data[:7]) == b"HTTP/1." else "body"
        self._log.append((getattr(self._handler, "path", ""), part, len(data)))
        return self._inner.write(data)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def counting_server(output: Path, port: int, log: list):
    """Serve ``output`` as the production host does (bench/serve.py), noting the bytes sent per request."""
    import http.server
    import threading

    import serve as bench_serve

    host_handler = bench_serve.make_handler(output)

    class Counting(host_handler):
        def setup(self):
            super().setup()
            self.wfile = _CountingWriter(self.wfile, self, log)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _bytes_by_path(log, part=None):
    totals = {}
    for path, kind, n in log:
        if part is None or kind == part:
            totals[path] = totals.get(path, 0) + n
    return totals


def first_query(output: Path, port: int, query: str) -> dict:
    """Open the search page in a fresh browser, search once, and add up the bytes the server sent."""
    from playwright.sync_api import expect, sync_playwright

    log = []
    server = counting_server(output, port, log)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROME, headless=True, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(f"{base}/search/")
            expect(page.locator("#app-search-input")).to_be_visible(timeout=60_000)
            page.wait_for_load_state("networkidle")
            loaded = len(log)
            started = time.perf_counter()
            page.fill("#app-search-input", query)
            page.press("#app-search-input", "Enter")
            expect(page.locator("[data-app-search-status]")).to_contain_text(f"for {query}", timeout=60_000)
            page.wait_for_load_state("networkidle")
            seconds = time.perf_counter() - started
            results = page.locator("[data-app-search-status]").inner_text()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    def searching(path):
        return "/pagefind/" in path or "/js/search" in path

    everything = _bytes_by_path(log)
    bodies = _bytes_by_path(log, "body")
    search_part = {path: n for path, n in everything.items() if searching(path)}
    return {
        "query": query,
        "status": results,
        "page_load_bytes": sum(_bytes_by_path(log[:loaded]).values()),
        "query_bytes": sum(_bytes_by_path(log[loaded:]).values()),
        "search_bytes": sum(search_part.values()),
        "search_body_bytes": sum(n for path, n in bodies.items() if searching(path)),
        "search_requests": len(search_part),
        "seconds": round(seconds, 2),
        "largest": sorted(((n, path.split("?")[0].rsplit("/", 1)[-1]) for path, n in search_part.items()), reverse=True)[:6],
        "requests": sorted(search_part.items()),
    }


# --- one corpus size ----------------------------------------------------------------------------------


def measure(posts: int, runs: int, work: Path, say) -> dict:
    """Build a corpus of ``posts`` with and without search, ``runs`` times each, and weigh the search."""
    content = corpus.generate(work / f"content-{posts}", posts)
    say(f"{posts} posts: corpus ready")
    port = _free_port()
    site_url = f"http://127.0.0.1:{port}"
    measured = {"plain": [], "search": []}
    for run in range(runs):
        # Alternate, so a busy moment on the machine does not fall on one kind only.
        for kind in ("plain", "search") if run % 2 == 0 else ("search", "plain"):
            result = run_build(kind, content, work / f"out-{posts}-{kind}", work / f"cache-{posts}", site_url)
            measured[kind].append(result)
            say(f"{posts} posts: {kind:6} {result['seconds']:7.2f} s  peak {result['python_mb'] + result['child_mb']:.0f} MB")
    # The fastest run of each kind is the one least disturbed by other work on the machine; the
    # medians are kept too, to show the spread.
    plain = min(measured["plain"], key=lambda r: r["seconds"])
    search = min(measured["search"], key=lambda r: r["seconds"])
    output = work / f"out-{posts}-search"
    queries = []
    for query in QUERIES:
        queries.append(first_query(output, port, query))
        say(f"{posts} posts: first query {query!r}: {queries[-1]['search_bytes'] / 1024:.1f} KB ({queries[-1]['status']})")
    return {
        "posts": posts,
        "runs": runs,
        "plain_s": [r["seconds"] for r in measured["plain"]],
        "search_s": [r["seconds"] for r in measured["search"]],
        "plain_best_s": plain["seconds"],
        "search_best_s": search["seconds"],
        "plain_median_s": round(statistics.median(r["seconds"] for r in measured["plain"]), 2),
        "search_median_s": round(statistics.median(r["seconds"] for r in measured["search"]), 2),
        "ratio": round(search["seconds"] / plain["seconds"], 3),
        "ratio_of_medians": round(
            statistics.median(r["seconds"] for r in measured["search"])
            / statistics.median(r["seconds"] for r in measured["plain"]),
            3,
        ),
        "waited_s": round(search["waited_s"], 2),
        "plain_cpu_s": round(plain["python_cpu_s"], 1),
        "search_python_cpu_s": round(search["python_cpu_s"], 1),
        # Other child processes of the build (also in the build without search) are subtracted.
        "pagefind_cpu_s": round(max(search["child_cpu_s"] - plain["child_cpu_s"], 0), 1),
        "plain_peak_mb": round(max(r["python_mb"] + r["child_mb"] for r in measured["plain"])),
        "search_peak_mb": round(max(r["python_mb"] + r["child_mb"] for r in measured["search"])),
        "pagefind_peak_mb": round(max(r["child_mb"] for r in measured["search"])),
        "index": index_size(output),
        "queries": queries,
    }


# --- the report ---------------------------------------------------------------------------------------


def machine() -> dict:
    """Describe the machine and the versions measured."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    chromium = subprocess.run([CHROME, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "pagefind": "1.5.2 (pagefind[bin] from PyPI)", "chromium": chromium}


def verdicts(results: list[dict]) -> list[str]:
    """Return one line per target: met or missed."""
    lines = []
    for r in results:
        met = "met" if r["ratio"] <= TARGET_RATIO else "MISSED"
        lines.append(f"{r['posts']} posts: publish with search / without = {r['ratio']:.2f} (target ≤ {TARGET_RATIO}): {met}")
        limit = TARGET_QUERY_KB.get(r["posts"])
        for q in r["queries"] if limit else ():
            size = q["search_bytes"] / 1024
            met = "met" if size <= limit else "MISSED"
            lines.append(f"{r['posts']} posts: first query {q['query']!r} transfers {size:.0f} KB (target ≤ {limit} KB): {met}")
    return lines


def kb(n: int) -> str:
    """Format bytes as KB with one decimal."""
    return f"{n / 1024:,.1f} KB"


def markdown(report: dict) -> str:
    """Return the Search section for docs/benchmarks.md."""
    m = report["machine"]
    lines = [
        SECTION,
        "",
        f"Measured on {report['date']} with `python -m bench.search --sizes {','.join(map(str, report['sizes']))} "
        f"--runs {report['runs']} --large-runs {report['large_runs']} --record` on {m['cores']} cores ({m['cpu']}), "
        f"{m['memory_gb']} GB memory, Python {m['python']}, Pagefind {m['pagefind']}, {m['chromium']}. Each build is "
        "the publish build (`publishconf.py`, warnings as errors) of the same generated corpus (bench/corpus.py: "
        "~700-word posts, five AGM summaries), with and without the `site_search` plugin, alternately, each in a "
        "fresh Python process. Other work shared the machine, so the fastest run of each kind (the least "
        "disturbed) gives the ratio; every run is listed.",
        "",
        "| Posts | Without search (best; all runs) | With search (best; all runs) | Ratio of best runs | Ratio of medians "
        "| Waited for Pagefind at the end | CPU without | CPU with: Python + Pagefind | Peak memory without / with "
        "(Pagefind's share) | Index on disk |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["results"]:
        plain_runs = ", ".join(f"{t:.1f}" for t in r["plain_s"])
        search_runs = ", ".join(f"{t:.1f}" for t in r["search_s"])
        lines.append(
            f"| {r['posts']:,} | {r['plain_best_s']:.1f} s ({plain_runs}) | {r['search_best_s']:.1f} s ({search_runs}) | "
            f"{r['ratio']:.2f} | {r['ratio_of_medians']:.2f} | {r['waited_s']:.1f} s | {r['plain_cpu_s']:.1f} s | "
            f"{r['search_python_cpu_s']:.1f} s + {r['pagefind_cpu_s']:.1f} s | "
            f"{r['plain_peak_mb']:,} / {r['search_peak_mb']:,} MB ({r['pagefind_peak_mb']:,} MB) | "
            f"{kb(r['index']['bytes'])} in {r['index']['files']:,} files |"
        )
    lines += [
        "",
        "First query in Chromium, served as the host serves it (precompressed copies, `_headers`): bytes "
        "transferred (body plus headers) for the search itself, that is Pagefind's files and "
        "`search.js`, from opening the search page to the first results, excerpts of the first five included.",
        "",
        "| Posts | Query | Results | Transferred | Of which bodies | Requests | Largest files |",
        "| ---: | --- | --- | ---: | ---: | ---: | --- |",
    ]
    for r in report["results"]:
        for q in r["queries"]:
            largest = ", ".join(f"{name} {kb(n)}" for n, name in q["largest"][:3])
            lines.append(
                f"| {r['posts']:,} | {q['query']} | {q['status']} | {kb(q['search_bytes'])} | {kb(q['search_body_bytes'])} | "
                f"{q['search_requests']} | {largest} |"
            )
    lines += ["", *[f"- {v}" for v in report["verdicts"]], ""]
    largest = max(report["results"], key=lambda r: r["posts"])
    per_thousand = largest["pagefind_peak_mb"] / largest["posts"] * 1000
    lines += [
        "What the figures show:",
        "",
        "- **Time.** Pagefind indexes each page as Pelican writes it, in its own process at a lower "
        "priority, so that work overlaps rendering. What cannot overlap is building and writing the chunked "
        "index once the last article, page and AGM is in (the wait at the end): the plugin starts it at "
        "once, while Pelican writes the remaining listings and feeds, but those are quick, so most of the "
        "write still falls before compression and the `_headers` file, which need its files. Pelican itself "
        "also uses more CPU with search on (the CPU columns): beside it Pagefind works through hundreds of MB "
        "to GB of memory, and on two cores they share caches. On a shared machine these ratios move by "
        "about ±0.1 from run to run.",
        f"- **Memory.** Pagefind keeps the whole index in memory while it builds it: about {per_thousand:,.0f} MB "
        "per 1,000 posts of ~700 words here. The Pagefind command line, run on the finished site, needs the "
        "same (3.6 GB for the 10,000-post corpus, measured with `/usr/bin/time -v pagefind --site`), and no "
        "Pagefind setting lowers it. Splitting the site into several indexes would bound it, but every query "
        "would then fetch a chunk from each index.",
        "- **First query.** The fixed part is the search engine: `wasm.en.pagefind` (already compressed) and "
        "`pagefind.js`. Then the page list (`pf_meta`, which grows with the number of pages), one index "
        "chunk per word (about 23 KB each, so a two-word query costs one more chunk) and one small fragment "
        "per result shown (five at first). The filter index is fetched only when a reader opens "
        "\"Filter results\", and no web worker is loaded. Headers are counted as HTTP/1.1 sends them (the "
        "site's security headers, about 0.8 KB a response); HTTP/2 compresses repeated headers, and "
        "Chromium asks for brotli only over HTTPS, so a real host sends a little less than measured here.",
        "",
    ]
    return "\n".join(lines)


def record(section: str, path: Path = DOCS) -> None:
    """Replace (or add) the Search section of docs/benchmarks.md, leaving the other sections alone."""
    report.record_section(path, SECTION, section)


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Measure what site search costs the build and the browser.")
    parser.add_argument("--worker", nargs=4, metavar=("KIND", "CONTENT", "OUTPUT", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma separated (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind at the first size (default 5)")
    parser.add_argument("--large-runs", type=int, default=2, help="builds of each kind at the larger sizes (default 2)")
    parser.add_argument("--record", action="store_true", help="write the results into docs/benchmarks.md")
    parser.add_argument("--workdir", type=Path, help="keep corpora and outputs here (default: a temporary folder under bench/.work/)")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0

    def say(message):
        print(f"bench: {message}", file=sys.stderr, flush=True)

    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    started = time.perf_counter()
    context = work_folder(args.workdir, "inmind-search-bench-")
    with context as work:
        work = Path(work)
        work.mkdir(parents=True, exist_ok=True)
        results = [measure(size, max(args.runs if i == 0 else args.large_runs, 1), work, say) for i, size in enumerate(sizes)]
    report = {
        "date": dt.date.today().isoformat(), "machine": machine(), "sizes": sizes, "runs": max(args.runs, 1),
        "large_runs": max(args.large_runs, 1),
        "results": results, "verdicts": verdicts(results), "seconds_total": round(time.perf_counter() - started),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search-latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    section = markdown(report)
    print(section)
    if args.record:
        record(section)
        print(f"recorded in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
