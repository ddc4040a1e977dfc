"""The editor's file server (plugins/editor/files_server.js): Decap's local-files server, reachable only as this
computer, from no other site, and only for files inside the content folder."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import time

import pytest
from conftest import ROOT, require_tool

SERVER = ROOT / "plugins" / "editor" / "files_server.js"
SECRET = 'real_name = "Jo Example-Private"\n'


@pytest.fixture(scope="module")
def files_server(tmp_path_factory):
    """The file server on a free port over a small repository with a private file beside content/."""
    yield from _started(tmp_path_factory, {"INMIND_EDITOR_PAGE_PORT": "8000"})


@pytest.fixture(scope="module")
def files_server_without_page_port(tmp_path_factory):
    """The file server started without the editor page's port (not as ./dev edit starts it)."""
    yield from _started(tmp_path_factory, {})


def _started(tmp_path_factory, extra):
    require_tool(shutil.which("node"), "node (nodejs)")
    require_tool((ROOT / "node_modules" / "decap-server").is_dir(), "decap-server (npm package, installed by ./dev test)")
    repo = tmp_path_factory.mktemp("repo")
    (repo / "content" / "blog").mkdir(parents=True)
    (repo / "content" / "blog" / "a.md").write_text("Title: A\n\nText.\n", encoding="utf-8")
    (repo / "private").mkdir()
    (repo / "private" / "names.toml").write_text(SECRET, encoding="utf-8")
    (repo / "pelicanconf.py").write_text("SITENAME = 'x'\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inherited = {k: v for k, v in os.environ.items() if k != "INMIND_EDITOR_PAGE_PORT"}
    env = {**inherited, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo), "MODE": "fs",
           "LOG_LEVEL": "error", "INMIND_EDITOR_FOLDER": "content", **extra}
    process = subprocess.Popen(["node", str(SERVER)], env=env, cwd=repo)
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None and time.monotonic() < deadline, "the file server did not start"
            time.sleep(0.1)
        yield repo, port
    finally:
        process.terminate()
        process.wait(timeout=10)


def ask(port, params, action, host=None, origin=None):
    """POST one Decap API call; return (status, decoded JSON)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json", "Host": host or f"127.0.0.1:{port}"}
    if origin:
        headers["Origin"] = origin
    connection.request("POST", "/api/v1", json.dumps({"action": action, "params": {"branch": "main", **params}}), headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, json.loads(body or "null")


def persist(path, text):
    return {"entry": {"slug": "x", "path": path, "raw": text}, "assets": [],
            "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft"}}


# DNS rebinding: a page on another domain pointed at 127.0.0.1 names its own host, and is its own origin.
@pytest.mark.parametrize("host, origin", [("rebound.evil.example:8081", None),
                                          ("rebound.evil.example:8081", "http://rebound.evil.example:8081"),
                                          (None, "http://evil.example"), (None, "null"),
                                          # Another program's page on this computer is another site as well.
                                          (None, "http://127.0.0.1:9000"), (None, "http://localhost:3000"),
                                          (None, "http://127.0.0.1"), (None, "https://127.0.0.1:8000"),
                                          (None, "http://127.0.0.1:80001"), (None, "http://127.0.0.1:8000.evil.example"),
                                          ("127.0.0.1.evil.example", None), ("localhost.evil.example:80", None)])
def test_a_request_naming_another_site_reads_and_writes_nothing(files_server, host, origin):
    repo, port = files_server
    status, _ = ask(port, persist("content/blog/b.md", "Title: B\n"), "persistEntry", host=host, origin=origin)
    assert status == 403 and not (repo / "content" / "blog" / "b.md").exists()
    status, found = ask(port, {"path": "content/blog/a.md"}, "getEntry", host=host, origin=origin)
    assert status == 403 and "Text." not in json.dumps(found)


@pytest.mark.parametrize("action, params", [
    ("persistEntry", persist("pelicanconf.py", "import os\n")),
    ("persistEntry", persist("content/../pelicanconf.py", "import os\n")),
    ("persistEntry", {**persist("content/blog/c.md", "x"), "dataFiles": [{"path": "tasks.py", "slug": "t", "raw": "x"}]}),
    ("persistEntry", {**persist("content/blog/c.md", "x"), "assets": [{"path": "/pelicanconf.py", "content": "eA==",
                                                                        "encoding": "base64"}]}),
    ("getMedia", {"mediaFolder": "private"}),
    ("getMedia", {"mediaFolder": "."}),
    ("getEntry", {"path": "private/names.toml"}),
    ("getEntry", {"path": "content\\..\\private\\names.toml"}),
    ("entriesByFolder", {"folder": "private", "extension": "toml", "depth": 1}),
    ("entriesByFiles", {"files": [{"path": "private/names.toml"}]}),
    ("deleteFiles", {"paths": ["content/blog/a.md", "pelicanconf.py"], "options": {"commitMessage": "x"}}),
])
def test_a_request_for_a_file_outside_content_is_refused(files_server, action, params):
    repo, port = files_server
    status, found = ask(port, params, action)
    assert status == 403, found
    assert "Example-Private" not in json.dumps(found)
    assert (repo / "pelicanconf.py").read_text(encoding="utf-8") == "SITENAME = 'x'\n"
    assert (repo / "content" / "blog" / "a.md").is_file() and not (repo / "tasks.py").exists()


def test_the_editor_still_reads_and_writes_its_content(files_server):
    repo, port = files_server
    origin = "http://127.0.0.1:8000"
    status, _ = ask(port, persist("content/blog/d.md", "Title: D\n\nNew.\n"), "persistEntry", origin=origin)
    assert status == 200 and (repo / "content" / "blog" / "d.md").read_text(encoding="utf-8") == "Title: D\n\nNew.\n"
    status, found = ask(port, {"path": "content/blog/a.md"}, "getEntry", host=f"localhost:{port}", origin=origin)
    assert status == 200 and "Text." in json.dumps(found)
    for other_name in ("http://localhost:8000", "http://[::1]:8000"):  # the same page, by another name of this computer
        status, found = ask(port, {"path": "content/blog/a.md"}, "getEntry", origin=other_name)
        assert status == 200 and "Text." in json.dumps(found)
    status, found = ask(port, {"folder": "content/blog", "extension": "md", "depth": 1}, "entriesByFolder")
    assert status == 200 and len(found) == 2
    status, found = ask(port, {"mediaFolder": "content/blog"}, "getMedia")
    assert status == 200


def test_without_the_editor_page_s_port_no_page_may_read_or_write(files_server_without_page_port):
    repo, port = files_server_without_page_port
    status, found = ask(port, {"path": "content/blog/a.md"}, "getEntry", origin="http://127.0.0.1:8000")
    assert status == 403 and "Text." not in json.dumps(found)
    status, found = ask(port, {"path": "content/blog/a.md"}, "getEntry")  # no page at all: a tool on this computer
    assert status == 200 and "Text." in json.dumps(found)
