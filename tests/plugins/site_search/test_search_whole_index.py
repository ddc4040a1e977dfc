"""A busy machine only slows Pagefind: it is waited for while it works, and its index is whole once it has answered."""

import json
import random
import sys

import pytest
from pagefind.service import get_executable
from search_posts import ONE_POST as POST
from site_search.indexer import BackgroundIndexer, IndexerError, _write_files

# Stands in for Pagefind on a machine so busy that the files it writes (queued to be written in the background, and
# written after it has answered) land later than any wait: it answers "WriteFiles" at once and writes nothing.
# Every other request goes to the real Pagefind unchanged.
SLOW_WRITER = """\
import base64, json, subprocess, sys, threading

real = subprocess.Popen([{real!r}, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out = sys.stdout.buffer


def relay():
    while chunk := real.stdout.read1(65536):
        out.write(chunk)
        out.flush()


threading.Thread(target=relay, daemon=True).start()
buffer = b""
while chunk := sys.stdin.buffer.read1(65536):
    buffer += chunk
    while b"," in buffer:
        raw, buffer = buffer.split(b",", 1)
        request = json.loads(base64.b64decode(raw))
        if request["payload"]["type"] == "WriteFiles":
            answer = {{"message_id": request["message_id"], "payload": {{"type": "WriteFiles", "output_path": "x"}}}}
            out.write(base64.b64encode(json.dumps(answer).encode()) + b",")
            out.flush()
        else:
            real.stdin.write(raw + b",")
            real.stdin.flush()
real.stdin.close()
real.wait()
"""


def _stand_in(tmp_path, monkeypatch, source):
    program = tmp_path / "pagefind"
    program.write_text(f"#!{sys.executable}\n" + source)
    program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))
    return program


@pytest.fixture
def slow_writing_pagefind(tmp_path, monkeypatch):
    return _stand_in(tmp_path, monkeypatch, SLOW_WRITER.format(real=str(get_executable())))


# Stands in for Pagefind on a busy machine (it works, slowly) or stuck (it does nothing): before it passes the request
# to index pages on to the real Pagefind, it spends 4 s of processor time, or sleeps for a minute.
SLOW_INDEXER = """\
import subprocess, sys, time

real = subprocess.Popen([{real!r}, "--service"], stdout=sys.stdout, stdin=subprocess.PIPE)
seen = 0
while chunk := sys.stdin.buffer.read1(65536):
    seen += chunk.count(b",")
    if seen >= 2:  # the request after the new index's: pages to index
        if {stuck!r}:
            time.sleep(60)
        end = time.process_time() + 4
        while time.process_time() < end:
            pass
        seen = -1000
    real.stdin.write(chunk)
    real.stdin.flush()
real.stdin.close()
real.wait()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_pagefind_slowed_by_a_busy_machine_is_waited_for(tmp_path, monkeypatch):
    from site_search import indexer as module

    _stand_in(tmp_path, monkeypatch, SLOW_INDEXER.format(real=str(get_executable()), stuck=False))
    monkeypatch.setattr(module, "REQUEST_TIMEOUT", 1)
    indexer = BackgroundIndexer({"force_language": "en"})
    indexer.add("<html><body><main data-pagefind-body><h1>One</h1><p>heron</p></main></body></html>", "/one/")
    assert indexer.finish(tmp_path / "index") == 1
    entry = json.loads((tmp_path / "index" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_stuck_pagefind_fails_the_build_in_words(build_site, tmp_path, monkeypatch):
    from site_search import indexer as module

    _stand_in(tmp_path, monkeypatch, SLOW_INDEXER.format(real=str(get_executable()), stuck=True))
    monkeypatch.setattr(module, "REQUEST_TIMEOUT", 1)
    site = build_site(POST)
    assert site.status == 1
    assert "the search index could not be built: Pagefind did not answer, and did no work, for 1 seconds" \
        in site.messages
    assert "Traceback" not in site.messages


def test_a_pagefind_slow_to_write_its_files_still_gives_a_whole_index(build_site, slow_writing_pagefind):
    site = build_site(POST)
    assert site.status == 0, site.messages
    index = site.output / "pagefind"
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1
    files = [p for p in index.rglob("*") if p.is_file()]
    assert all(p.stat().st_size for p in files)
    assert {p.suffix for p in files} >= {".pf_meta", ".pf_fragment", ".pf_index", ".js", ".json"}


def test_an_index_larger_than_the_services_answer_cap_is_written_whole(tmp_path):
    # Pagefind's Python service reads answers into a 2 MiB buffer; a real site's index (1,000 posts: 5 MB) is larger.
    rng = random.Random(7)
    indexer = BackgroundIndexer({"force_language": "en"})
    for n in range(250):
        words = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=9)) for _ in range(400))
        indexer.add(f"<html><body><main data-pagefind-body><h1>Page {n}</h1><p>{words}</p></main></body></html>",
                    f"/p{n}/")
    assert indexer.finish(tmp_path / "pagefind") == 250
    files = [p for p in (tmp_path / "pagefind").rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) > 2 * 2**20
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 250


@pytest.mark.parametrize("path", ["/etc/x", "../x", "a/../../x", ""])
def test_an_index_file_named_outside_its_folder_is_refused(tmp_path, path):
    with pytest.raises(IndexerError, match="outside its folder"):
        _write_files(tmp_path / "index", [{"path": path, "content": b"x"}])
    assert not (tmp_path / "x").exists()
