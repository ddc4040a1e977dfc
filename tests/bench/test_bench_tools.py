"""The benchmark's helpers: the host-like server and the docs section it rewrites."""

import gzip
import subprocess
import sys
import time
import urllib.request

import pytest

from bench import performance, serve


@pytest.fixture
def site(tmp_path):
    (tmp_path / "blog").mkdir()
    html = b"<!doctype html><title>x</title>" + b"<p>text</p>" * 100
    (tmp_path / "blog" / "index.html").write_bytes(html)
    (tmp_path / "blog" / "index.html.gz").write_bytes(gzip.compress(html))
    (tmp_path / "404.html").write_bytes(b"<!doctype html><title>Not found</title>")
    (tmp_path / "_headers").write_text(
        "# comment\n/*\n  X-Content-Type-Options: nosniff\n\n/blog/*\n  Cache-Control: public, max-age=300\n", encoding="utf-8"
    )
    server = serve.serve(tmp_path)
    yield f"http://127.0.0.1:{server.server_address[1]}", html
    server.shutdown()


def test_sends_the_compressed_copy_and_the_headers_rules(site):
    base, html = site
    request = urllib.request.Request(f"{base}/blog/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "public, max-age=300"
        assert gzip.decompress(response.read()) == html


def test_unknown_addresses_get_the_404_page(site):
    base, _ = site
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{base}/nowhere/")
    assert error.value.code == 404
    assert b"Not found" in error.value.read()


def test_headers_for_later_rules_override_earlier():
    rules = serve.parse_headers("/*\n  A: 1\n/x/*\n  A: 2\n")
    assert serve.headers_for(rules, "/x/y") == {"A": "2"}
    assert serve.headers_for(rules, "/z") == {"A": "1"}


def test_record_replaces_only_its_own_section(tmp_path):
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nIntro.\n\n## Build performance\n\nold\n\n## Search speed\n\nkept\n", encoding="utf-8")
    performance.record("## Build performance\n\nnew\n", docs)
    text = docs.read_text(encoding="utf-8")
    assert "new" in text and "old" not in text
    assert text.index("## Build performance") < text.index("## Search speed") and "kept" in text
    performance.record("## Build performance\n\nnewer\n", docs)
    assert docs.read_text(encoding="utf-8").count("## Build performance") == 1


def test_record_creates_the_file_with_an_intro(tmp_path):
    docs = tmp_path / "benchmarks.md"
    performance.record("## Build performance\n\nfigures\n", docs)
    text = docs.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks") and text.endswith("figures\n")


def test_verdicts_flag_missed_targets():
    results = [
        {"kind": "plain", "posts": 100, "median_s": 2.0, "peak_mb": 50},
        {"kind": "preview", "posts": 100, "median_s": 2.2, "peak_mb": 60},
        {"kind": "publish", "posts": 100, "median_s": 4.0, "peak_mb": 80},
        {"kind": "edit", "posts": 100, "median_s": 1.0, "peak_mb": 60},
        {"kind": "check", "posts": 100, "median_s": 1.1, "peak_mb": 60},
        {"kind": "plain", "posts": 1000, "median_s": 20.0, "peak_mb": 100},
        {"kind": "publish", "posts": 1000, "median_s": 50.0, "peak_mb": 300},
    ]
    performance.add_ratios(results)
    lines = "\n".join(performance.verdicts(results))
    assert "(b)/(a) = 1.10 at 100 posts (target ≤ 1.2): met" in lines
    assert "(c)/(a) = 2.00 at 100 posts (target ≤ 1.6): MISSED" in lines
    assert "(e)/(a) = 0.55 at 100 posts (target ≤ 0.5): MISSED" in lines
    assert "(d)/(b) = 0.45" in lines and "×1.25" in lines and "MISSED" in lines.splitlines()[-1]


def test_peak_memory_counts_pages_a_forked_child_shares_once():
    # 64 MB written by the parent, then shared with a forked child that only sleeps: resident sizes would add
    # up to about 128 MB; the proportional set sizes of the two add up to the 64 MB there really are.
    script = ("import os, sys, time\n"
              "block = bytearray(b'x') * (64 << 20)\n"
              "if os.fork() == 0:\n    time.sleep(1.5)\n    os._exit(0)\n"
              "time.sleep(1.5)\nos.wait()\n")
    process = subprocess.Popen([sys.executable, "-c", script])
    sampler = performance.PeakPss(process.pid, interval=0.05)
    process.wait()
    peak = sampler.stop()
    assert 64 <= peak < 100, peak


def test_descendants_include_grandchildren():
    script = ("import subprocess, sys\n"
              "subprocess.run([sys.executable, '-c', 'import time; time.sleep(2)'])\n")
    process = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 10
        while len(performance._descendants(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        found = performance._descendants(process.pid)
        assert found[0] == process.pid and len(found) == 2
    finally:
        process.wait()
