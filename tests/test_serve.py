"""The dev server: odd addresses and vanishing files never crash it; rebuilds reach the browser as events."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import DEV_POST as GOOD_POST
from conftest import DEV_POST_URL as POST_URL
from conftest import ROOT, write_files
from hypothesis import given, settings
from hypothesis import strategies as st
from watchfiles import Change

from inmind.devbuild import Rebuilder, _quick_candidates
from inmind.livereload import ChangeFilter, Status, problem_dict
from inmind.serve import BadRequest, inject, local_host, serve, site_path

# --- Addresses ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("/", ([], True)),
    ("/blog/2018/a/", (["blog", "2018", "a"], True)),
    ("/theme/css/site.css?v=1#top", (["theme", "css", "site.css"], False)),
    ("/caf%C3%A9/", (["café"], True)),
    ("/./a//b", (["a", "b"], False)),
])
def test_site_path_accepts_ordinary_addresses(raw, expected):
    assert site_path(raw) == expected


@pytest.mark.parametrize("raw", [
    "/%00", "/a%00.html", "/\x00", "/%ff", "/%C3", "/%c0%af", "/..%2f..%2fetc/passwd", "/a%2Fb", "/a%5cb",
    "/a\\b", "/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/a/../../b", "/%0d%0aSet-Cookie:x", "/\x7f",
    "/" + "a" * 5000, "relative", "", "//[", "//evil.example/x", "http://[/x",
])
def test_site_path_refuses_odd_addresses(raw):
    with pytest.raises(BadRequest):
        site_path(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_site_path_never_leaves_the_folder_or_raises_anything_else(text):
    from urllib.parse import quote

    for raw in ("/" + text, "/" + quote(text, safe="/%")):
        try:
            segments, _ = site_path(raw)
        except BadRequest:
            continue
        assert ".." not in segments
        assert all(s and "/" not in s and "\\" not in s and "\x00" not in s for s in segments)


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("LOCALHOST", True), ("[::1]:8000", True), ("::1", True),
    ("192.168.1.20:8000", True), (None, True), ("evil.example:8000", False), ("127.0.0.1.evil.example", False),
    ("localhost.evil.example", False), ("[::1].evil:80", False), ("evil.example:8000:1", False),
])
def test_only_addresses_and_localhost_may_name_the_server(host, allowed):
    assert local_host(host) is allowed


def test_a_page_asked_for_under_another_domain_name_is_refused(live):
    port, _, _ = live
    code, body = raw_request_with_host(port, b"GET / HTTP/1.1", b"rebind.evil.example")
    assert code == 400 and b"home" not in body
    assert raw_request_with_host(port, b"GET / HTTP/1.1", b"localhost")[0] == 200


def test_inject_adds_one_external_script_and_no_inline_code():
    html = b"<!doctype html><html><head><title>x</title></HEAD><body>x</body></html>"
    out = inject(html, 7)
    assert out.count(b"<script") == 1
    assert re.search(rb'<script src="/__inmind/livereload.js" data-generation="7" defer></script></HEAD>', out)
    assert inject(b"<p>no head", 0).endswith(b"</script>")


def test_reload_script_builds_markup_from_text_only():
    from inmind.livereload import STATIC

    script = (STATIC / "livereload.js").read_text(encoding="utf-8")
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", ".style"):
        assert unsafe not in script
    assert not list((ROOT / "theme").rglob("livereload*")), "the dev server's files must stay out of the theme"


# --- The HTTP server over a folder -----------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "output"
    write_files(out, {
        "index.html": "<html><head><title>Home</title></head><body>home</body></html>",
        "404.html": "<html><head><title>Missing</title></head><body>not here</body></html>",
        "blog/a/index.html": "<html><head></head><body>post a</body></html>",
        "theme/site.css": "body{}",
    })
    (tmp_path / "secret.txt").write_text("do not serve", encoding="utf-8")
    (out / "leak.txt").symlink_to(tmp_path / "secret.txt")
    return out


@pytest.fixture
def live(folder):
    status = Status()
    server = serve(folder, "127.0.0.1", 0, status)
    yield server.server_address[1], status, folder
    status.close()
    server.shutdown()
    server.server_close()


def raw_request(port, line):
    """Send one raw request line and return (status, body) as the server answered."""
    return raw_request_with_host(port, line, b"127.0.0.1")


def raw_request_with_host(port, line, host):
    """Send one raw request line with a Host header and return (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=STALL) as sock:
        sock.sendall(line + b"\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/"):
        return None, data  # an HTTP/0.9 answer: no status line
    return int(head.split(b" ", 2)[1]), body


ODD_REQUESTS = [
    (b"GET /%00 HTTP/1.1", 400), (b"GET /a%00.html HTTP/1.1", 400), (b"GET /%ff%fe HTTP/1.1", 400),
    (b"GET /..%2f..%2fsecret.txt HTTP/1.1", 400), (b"GET /../secret.txt HTTP/1.1", 400),
    (b"GET /%2e%2e/secret.txt HTTP/1.1", 400), (b"GET /a\\..\\secret.txt HTTP/1.1", 400),
    (b"GET /%5c..%5csecret.txt HTTP/1.1", 400), (b"GET /" + b"a" * 5000 + b" HTTP/1.1", 400),
    (b"GET /leak.txt HTTP/1.1", 404), (b"GET /nothing/here/ HTTP/1.1", 404), (b"GET /index.html/x HTTP/1.1", 404),
    (b"GET /__inmind/../secret.txt HTTP/1.1", 400), (b"GET /__inmind/nothing HTTP/1.1", 404),
    (b"POST / HTTP/1.1", 405), (b"PUT /x HTTP/1.1", 405), (b"DELETE / HTTP/1.1", 405), (b"OPTIONS / HTTP/1.1", 204),
    (b"HEAD /%00 HTTP/1.1", 400), (b"BREW / HTTP/1.1", 501), (b"GET", None), (b"GET / HTTP/9.9", None), (b"GET / HTTP/1.1\r\nHost: \xff", 400),
]


@pytest.mark.parametrize(("line", "expected"), ODD_REQUESTS, ids=[repr(r[0][:40]) for r in ODD_REQUESTS])
def test_odd_requests_get_a_plain_answer_and_no_traceback(live, capfd, line, expected):
    port, _, _ = live
    code, body = raw_request(port, line)
    assert code == expected
    assert b"do not serve" not in body
    code, _ = raw_request(port, b"GET / HTTP/1.1")
    assert code == 200, "the server stopped answering"
    err = capfd.readouterr().err
    assert "Traceback" not in err and "request failed" not in err


def test_pages_get_the_reload_script_but_the_files_do_not(live):
    port, status, out = live
    status.failed([])  # generation 1
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
    conn.request("GET", "/blog/a/")
    response = conn.getresponse()
    body = response.read()
    assert response.status == 200 and response.getheader("Cache-Control") == "no-store"
    assert b'data-generation="1"' in body and b"post a" in body
    conn.request("GET", "/theme/site.css")
    assert b"livereload" not in conn.getresponse().read()
    conn.request("GET", "/missing/")
    response = conn.getresponse()
    assert response.status == 404 and b"not here" in response.read()
    conn.request("GET", "/blog/a")
    response = conn.getresponse()
    response.read()
    assert response.status == 301 and response.getheader("Location") == "/blog/a/"
    for path in ("/__inmind/livereload.js", "/__inmind/livereload.css"):
        conn.request("GET", path)
        response = conn.getresponse()
        assert response.status == 200 and response.read()
    assert not any(b"__inmind" in p.read_bytes() for p in out.rglob("*") if p.is_file() and not p.is_symlink())


def test_without_a_status_the_server_adds_nothing(folder):
    server = serve(folder, "127.0.0.1", 0)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=STALL)
        conn.request("GET", "/")
        assert b"livereload" not in conn.getresponse().read()
        conn.request("GET", "/__inmind/status.json")
        assert conn.getresponse().status == 404
    finally:
        server.shutdown()
        server.server_close()


def _answer(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("Location")


def test_a_post_open_as_a_draft_follows_it_once_it_is_scheduled_or_published(live):
    # README step 5: the writer deletes Status: draft while /drafts/SLUG/ is open; the tab reloads by itself.
    port, status, out = live
    write_files(out, {"blog/2026/visiting/index.html": "<html><body>post</body></html>",
                      "drafts/held/index.html": "<html><body>draft</body></html>"})
    assert _answer(port, "/drafts/visiting/") == (302, "/blog/2026/visiting/")
    assert _answer(port, "/blog/2025/held/") == (302, "/drafts/held/")  # and back to a draft
    # The page the quick path has just drawn, before the full build writes it.
    status.quick({"blog/2027/soon/index.html": b"<html><body>soon</body></html>"}, ["/blog/2027/soon/"], set())
    assert _answer(port, "/drafts/soon/") == (302, "/blog/2027/soon/")
    for missing in ("/drafts/nothing/", "/blog/2026/nothing/", "/drafts/*/", "/drafts/[v]isiting/",
                    "/blog/abcd/visiting/", "/other/visiting/"):
        assert _answer(port, missing) == (404, None), missing


def test_a_plain_folder_server_never_redirects(folder):
    write_files(folder, {"blog/2026/visiting/index.html": "<html><body>post</body></html>"})
    server = serve(folder, "127.0.0.1", 0)
    try:
        assert _answer(server.server_address[1], "/drafts/visiting/") == (404, None)
    finally:
        server.shutdown()
        server.server_close()


def test_a_file_that_vanishes_mid_request_is_a_404_not_a_crash(live, capfd):
    port, _, out = live
    for n in range(200):
        target = out / f"gone-{n}.html"
        target.write_text("x", encoding="utf-8")
        target.unlink()
        code, _ = raw_request(port, f"GET /gone-{n}.html HTTP/1.1".encode())
        assert code == 404
    assert "Traceback" not in capfd.readouterr().err


def test_fresh_pages_are_served_from_memory_over_the_output_folder(live):
    port, status, out = live
    status.quick({"blog/a/index.html": b"<html><head></head><body>fresh a</body></html>"}, ["/blog/a/"], set())
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
    conn.request("GET", "/blog/a/")
    assert b"fresh a" in conn.getresponse().read()
    assert "fresh a" not in (out / "blog/a/index.html").read_text(encoding="utf-8")
    status.failed([{"path": "x", "severity": "error"}])
    conn.request("GET", "/blog/a/")
    assert b"post a" in conn.getresponse().read(), "a failed build drops the fresh pages: the last good one shows"


def read_event(response):
    """Return the data of the next Server-Sent Event from an open response."""
    data = None
    while True:
        line = response.fp.readline().decode()
        assert line, "the event stream ended"
        if line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "\n" and data is not None:
            return data


def test_event_stream_sends_the_state_then_every_change(live):
    port, status, _ = live
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
    conn.request("GET", "/__inmind/events")
    response = conn.getresponse()
    assert response.getheader("Content-Type").startswith("text/event-stream")
    assert read_event(response)["generation"] == 0
    status.built()
    assert read_event(response) == {"generation": 1, "kind": "full", "paths": [], "building": False, "problems": []}
    problem = {"location": "content/blog/a.md:3", "path": "content/blog/a.md", "line": 3, "severity": "error",
               "message": "<b>x</b>", "hint": "fix it"}
    status.failed([problem])
    assert read_event(response)["problems"] == [problem]
    status.quick({}, ["/blog/a/"], {"content/blog/a.md"})
    event = read_event(response)
    assert event["kind"] == "quick" and event["problems"] == [] and event["generation"] == 3
    conn.close()


# --- What counts as a change -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "ignored"), [
    (".post.md.swp", True), ("post.md~", True), (".#post.md", True), ("#post.md#", True), ("4913", True),
    (".goutputstream-ABC", True), ("post.md.tmp", True), ("post.md", False), ("photo.jpg", False),
])
def test_editor_temporary_files_are_not_changes(tmp_path, name, ignored):
    assert ChangeFilter()(Change.added, str(tmp_path / name)) is not ignored


def test_quick_path_takes_changed_posts_and_ignores_files_that_came_and_went(tmp_path):
    content = tmp_path / "content"
    write_files(content, {"blog/a.md": "x", "blog/b.md": "x", "images/p.png": b"x"})
    a, b = content / "blog/a.md", content / "blog/b.md"
    assert _quick_candidates({(Change.modified, str(a)), (Change.deleted, str(content / "blog/sedX1"))}, content) == [a]
    assert _quick_candidates({(Change.modified, str(a)), (Change.modified, str(b))}, content) == [a, b]
    assert _quick_candidates({(Change.deleted, str(content / "blog/c.md"))}, content) is None
    assert _quick_candidates({(Change.modified, str(a)), (Change.modified, str(ROOT / "theme/x.html"))}, content) is None
    assert _quick_candidates({(Change.modified, str(content / "images/p.png"))}, content) is None


def test_a_failed_rebuild_lists_its_errors_before_warnings_and_notices():
    status = Status()
    severities = ["notice", "warning", "error", "notice", "error"]
    status.failed([{"path": f"p{n}", "severity": s} for n, s in enumerate(severities)])
    shown = [(p["severity"], p["path"]) for p in status.snapshot()["problems"]]
    assert shown == [("error", "p2"), ("error", "p4"), ("warning", "p1"), ("notice", "p0"), ("notice", "p3")]


def test_problem_dict_names_path_and_line():
    from inmind.errors import ContentError

    problem = problem_dict(ContentError("Title: is empty", path=ROOT / "content/blog/a.md", line=2, hint="add one"), ROOT)
    assert problem == {"location": "content/blog/a.md:2", "path": "content/blog/a.md", "line": 2, "severity": "error",
                       "message": "Title: is empty", "hint": "add one"}
    assert problem_dict(ContentError("no file"))["location"] == "site"


# --- Rebuilds: the edited page first, then the full build -------------------------------------------------------

def wait_for(predicate, timeout=60, what="the rebuild"):
    # Used only while a rebuild's build starts or runs, which a loaded machine slows: the wait ends when it holds.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen within {timeout} s")


PAGE = POST_URL.strip("/") + "/index.html"


def _process_cpu(pid):
    """Return the processor seconds a process and its children have used so far (Linux /proc), 0 once it has gone."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(n) for n in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, IndexError, ValueError):
        return total
    return total + sum(_process_cpu(int(child)) for child in children)


def _rebuild_work(worker):
    """Return the processor seconds the rebuild is using: its full build's process tree, else its own thread."""
    process = worker._process
    if process is not None and process.poll() is None:
        return ("build", process.pid, _process_cpu(process.pid))
    thread = next((t for t in threading.enumerate() if t.name == "inmind-rebuild" and t.is_alive()), None)
    if thread is None:
        return ("gone", None, 0.0)
    return ("thread", thread.ident, time.clock_gettime(time.pthread_getcpuclockid(thread.ident)))


# A one-post rebuild uses about 1 s of processor time (quick render and full build together).
REBUILD_CPU_BUDGET = 60
# With no status change and not one clock tick of processor time used for this long, the rebuild is stuck, not slow.
STALL = 60


def wait_for_status(status, worker, predicate, what="the rebuild"):
    """Wait on the status's own signal until ``predicate(snapshot)`` holds; return its value.

    A loaded machine only slows a rebuild (the full build even lowers its own priority, so under a test run at nice 10
    it runs at nice 15): there is no wall-clock deadline. The wait fails when the rebuild is stuck (no status change
    and no processor time used for STALL seconds), or has done far more work than a one-post site needs.
    """
    last, seen, quiet_since, used = None, status.snapshot(), time.monotonic(), 0.0
    while True:
        value = status.wait_until(predicate, timeout=1)
        if value:
            return value
        now, snapshot, work = time.monotonic(), status.snapshot(), _rebuild_work(worker)
        if last is not None and work[:2] == last[:2]:
            used += max(work[2] - last[2], 0.0)
        moved = snapshot != seen or (last is not None and work != last)
        last, seen = work, snapshot
        if moved:
            quiet_since = now
        if used > REBUILD_CPU_BUDGET:
            pytest.fail(f"{what} did not happen after {used:.0f} s of processor time; state: {snapshot}")
        if now - quiet_since > STALL:
            pytest.fail(f"{what} did not happen: nothing changed and no processor time was used for {STALL} s "
                        f"({work[0]}); state: {snapshot}")


@pytest.fixture
def rebuilder(dev_post_site):
    site = dev_post_site
    status = Status()
    worker = Rebuilder(status, "pelicanconf.py", site.output, site.overrides).start()
    yield worker, status, site
    worker.stop()


def test_an_edit_is_shown_first_then_built_and_a_failed_build_keeps_the_last_good_page(rebuilder):
    worker, status, site = rebuilder
    post = site.content / "blog/a.md"
    page = site.output / PAGE
    post.write_text(post.read_text(encoding="utf-8").replace("first version", "second version"), encoding="utf-8")
    worker.changes.put({(Change.modified, str(post))})
    # The first event after the change is the quick page: the state and its page are read together, under the lock.
    quick, fresh = wait_for_status(status, worker, lambda s: s["generation"] >= 1 and (s, status.page(PAGE)),
                                   what="the quick render")
    assert quick["kind"] == "quick" and quick["paths"] == [POST_URL], quick
    assert b"second version" in fresh
    wait_for_status(status, worker, lambda s: s["kind"] == "full" and "second version" in page.read_text(encoding="utf-8"))
    assert status.page(PAGE) is None

    good = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    previous = worker._process
    post.write_text(post.read_text(encoding="utf-8").replace("Title: A good post", "Title:"), encoding="utf-8")
    worker.changes.put({(Change.modified, str(post))})

    def full_build_failed(snapshot):
        # Its own full build, not only the quick render (which reports the same problem first), has ended.
        build = worker._process
        return (snapshot["problems"] and not snapshot["building"] and build is not previous
                and build.poll() is not None and snapshot)

    snapshot = wait_for_status(status, worker, full_build_failed, what="the failed full build")
    problem = next(p for p in snapshot["problems"] if p["severity"] == "error")
    assert re.fullmatch(r".*blog/a\.md:1", problem["location"]) and "Title" in problem["message"] and problem["hint"]
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == good
    assert status.page(PAGE) is None

    post.write_text(post.read_text(encoding="utf-8").replace("Title:", "Title: A good post"), encoding="utf-8")
    worker.changes.put({(Change.modified, str(post))})
    wait_for_status(status, worker, lambda s: not s["problems"], what="the problems to clear")


def test_stopping_waits_for_the_render_under_way(dev_post_site):
    # Stopped at once, while its warm-up render runs Pelican in this process: that render must end before stop()
    # returns, or it disconnects the plugins' signals under the next build here ("No filter named 'page_path'").
    worker = Rebuilder(Status(), "pelicanconf.py", dev_post_site.output, dev_post_site.overrides).start()
    worker.stop()
    assert not [t for t in threading.enumerate() if t.name == "inmind-rebuild"]


def test_a_newer_change_stops_the_full_build_under_way(rebuilder):
    worker, status, site = rebuilder
    theme_change = {(Change.modified, str(ROOT / "theme/templates/base.html"))}
    worker.changes.put(theme_change)
    wait_for_status(status, worker, lambda s: s["building"], what="a full build")
    # The build's process is started just after "building" is set; it is the one the next change must stop.
    first = wait_for(lambda: worker._process, what="the full build's process")
    worker.changes.put(theme_change)
    first.wait()  # the rebuilder ends it (terminate, then kill after 15 s): the wait is for that event, not a guess
    wait_for_status(status, worker, lambda s: s["kind"] == "full" and s["generation"] >= 1)
    assert not [p for p in site.output.parent.iterdir() if p.name.startswith(".output.")]


# --- The watcher: ready means watching --------------------------------------------------------------------------


def test_a_save_made_as_soon_as_the_watcher_says_ready_is_seen_even_when_it_is_slow_to_start(tmp_path, monkeypatch):
    # On a busy machine watchfiles may take seconds to set its watches up; "serving ... rebuilding on change" (and
    # watch_in_background returning) must wait for that, or a save made at once is never rebuilt.
    import queue
    import types

    import watchfiles.main

    from inmind.serve import watch

    real = watchfiles.main.RustNotify

    def slow_to_start(*args, **kwargs):
        time.sleep(1.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(watchfiles.main, "RustNotify", slow_to_start)
    (tmp_path / "blog").mkdir()
    rebuilder, stop, ready = types.SimpleNamespace(changes=queue.Queue()), threading.Event(), threading.Event()
    thread = threading.Thread(target=watch, args=([str(tmp_path)], rebuilder, stop, ready.set), daemon=True)
    thread.start()
    try:
        assert ready.wait(STALL), "the watcher never said it was watching"
        (tmp_path / "blog" / "a.md").write_text("Title: saved at once\n", encoding="utf-8")
        changes = rebuilder.changes.get(timeout=STALL)
        assert (Change.added, str(tmp_path / "blog" / "a.md")) in changes
    finally:
        stop.set()
        thread.join()


def test_a_save_made_while_the_first_build_runs_is_rebuilt_after_it(dev_post_site):
    # The first build has read the post when it is saved again: watching only after that build missed the save, and
    # the page kept the old words until the next one. The save lands at the very end of the first build here.
    from inmind.build import build
    from inmind.serve import DevSite

    site = dev_post_site
    post, page = site.content / "blog/a.md", site.output / PAGE
    dev = DevSite("pelicanconf.py", site.output, site.overrides, port=0)

    def slow_first_build():
        assert build("pelicanconf.py", site.output, overrides=site.overrides) == 0
        assert "first version" in page.read_text(encoding="utf-8")
        post.write_text(post.read_text(encoding="utf-8").replace("first version", "saved mid-build"), encoding="utf-8")

    try:
        dev.watch_in_background(slow_first_build)
        wait_for_status(dev.status, dev.rebuilder, lambda s: s["kind"] == "full" and not s["building"]
                        and "saved mid-build" in page.read_text(encoding="utf-8"), what="the rebuild of the save")
    finally:
        dev.close()


# --- The command: a burst of temporary files during a rebuild ----------------------------------------------------

# ``inmind.serve`` run as a command (with its full builds in processes of their own) may use at most this much
# processor time on a one-post site while a test waits for it: far more means it is looping, not slow.
SERVE_CPU_BUDGET = 120


class _Progress:
    """Whether a process and its children are still working: the processor time they use, as the wait goes on."""

    def __init__(self, pid):
        self.pid = pid
        self.start = self.last = _process_cpu(pid)
        self.since = time.monotonic()

    def check(self, what):
        """Fail if the processes have used no processor time for STALL s, or more than SERVE_CPU_BUDGET in all."""
        now, used = time.monotonic(), _process_cpu(self.pid)
        if used != self.last:
            self.last, self.since = used, now
        if used - self.start > SERVE_CPU_BUDGET:
            pytest.fail(f"{what} did not happen after {used - self.start:.0f} s of processor time")
        if now - self.since > STALL:
            pytest.fail(f"{what} did not happen: no processor time was used for {STALL} s")


def wait_for_serve(process, predicate, what="the rebuild"):
    """Wait until ``predicate()`` holds while the ``inmind.serve`` ``process`` works towards it; return its value.

    A loaded machine only slows the server and its builds (a full build lowers its own priority: under a test run
    at nice 10 it runs at nice 15), so there is no wall-clock deadline; the wait fails when serve ends, is stuck
    or is looping (see _Progress).
    """
    progress = _Progress(process.pid)
    while not (value := predicate()):
        assert process.poll() is None, f"serve exited while waiting for {what}"
        progress.check(what)
        time.sleep(0.05)
    return value


def _stop_serve(process):
    """Stop serve as CI or Ctrl+C would (SIGTERM) and return what it wrote to stderr, waiting while it winds down."""
    process.send_signal(signal.SIGTERM)
    progress = _Progress(process.pid)
    while True:
        try:
            return process.communicate(timeout=1)[1]
        except subprocess.TimeoutExpired:
            try:
                progress.check("serve's stop")
            except BaseException:
                process.kill()
                process.communicate()
                raise


def _start_serve(tmp_path, post):
    """Start ``inmind.serve`` on a one-post copy of the site, on a free port; return (content folder, process)."""
    content = tmp_path / "content"
    write_files(content, {"blog/a.md": post})
    for name in ("authors.toml", "themes.toml"):
        (content / name).write_bytes((ROOT / "content" / name).read_bytes())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")])}
    process = subprocess.Popen(
        [sys.executable, "-m", "inmind.serve", "--content", str(content), "--output", str(tmp_path / "output"),
         "--cache", str(tmp_path / "cache"), "--port", "0"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    return content, process


def _port_of(process):
    """Read the server's messages up to the line naming its port; return (port, the lines read)."""
    lines = []
    while True:
        line = process.stderr.readline()
        assert line, "serve ended early:\n" + "".join(lines)
        lines.append(line)
        if found := re.search(r"on http://127\.0\.0\.1:(\d+)/", line):
            return int(found.group(1)), lines


def test_serve_survives_a_burst_of_temporary_files_and_odd_addresses(tmp_path):
    content, process = _start_serve(tmp_path, GOOD_POST)
    try:
        port, lines = _port_of(process)
        post = content / "blog/a.md"
        post.write_text(post.read_text(encoding="utf-8").replace("first version", "burst version"), encoding="utf-8")
        folder = content / "blog"
        for n in range(300):
            for name in (f".a.md.swp{n}", f"a.md~{n}", f"4913-{n}", f"sed{n}", f"new-{n}.md"):
                temp = folder / name
                temp.write_text("Title: half\n", encoding="utf-8")
                temp.unlink()
            if n % 50 == 0:
                sub = folder / f"dir{n}"
                sub.mkdir()
                (sub / "x.md").write_text("x", encoding="utf-8")
                (sub / "x.md").unlink()
                sub.rmdir()
        for line in (b"GET /%00 HTTP/1.1", b"GET /%ff HTTP/1.1", b"GET /..%2f..%2fetc/passwd HTTP/1.1"):
            assert raw_request(port, line)[0] == 400

        def shows_the_edit():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
            conn.request("GET", POST_URL)
            return b"burst version" in conn.getresponse().read()

        wait_for_serve(process, shows_the_edit, what="the edited page")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
        wait_for_serve(process, lambda: (conn.request("GET", "/__inmind/status.json"),
                                         not json.loads(conn.getresponse().read())["building"])[1],
                       what="the end of the full build")
        assert process.poll() is None, "serve exited"
    finally:
        err = _stop_serve(process)
    assert process.returncode == 0, err
    assert "Traceback" not in "".join(lines) + err


def test_a_first_build_that_fails_still_serves_its_problems_and_the_site_once_fixed(tmp_path):
    # A fresh copy with a broken post: serve (and the browser editor) must not just stop; the browser lists the
    # problems, and the site appears when the file is fixed and saved.
    content, process = _start_serve(tmp_path, GOOD_POST.replace("Title: A good post", "Title:"))
    try:
        port, lines = _port_of(process)
        told = "".join(lines)
        assert "blog/a.md:1" in told and "the site is not built yet" in told, told
        assert not (tmp_path / "output").exists()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
        conn.request("GET", "/")
        response = conn.getresponse()
        page = response.read().decode()
        assert (response.status, response.getheader("Content-Type")) == (404, "text/html; charset=utf-8")
        assert "The site is not built yet" in page and '<script src="/__inmind/livereload.js"' in page
        assert "<script>" not in page and "style=" not in page
        conn.request("GET", "/__inmind/status.json")
        problems = json.loads(conn.getresponse().read())["problems"]
        assert any(p["location"].endswith("blog/a.md:1") and p["severity"] == "error" for p in problems), problems

        post = content / "blog/a.md"
        post.write_text(post.read_text(encoding="utf-8").replace("Title:", "Title: A good post"), encoding="utf-8")

        def shows_the_post():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=STALL)
            conn.request("GET", POST_URL)
            response = conn.getresponse()
            return response.status == 200 and b"The first version of this post." in response.read()

        wait_for_serve(process, shows_the_post, what="the site after the fix")
    finally:
        err = _stop_serve(process)
    assert process.returncode == 0, err
    assert "Traceback" not in "".join(lines) + err
