"""The browser editor at /admin/, driven in Chromium against the local backend (decap-server) on a copy of content/."""

from __future__ import annotations

import difflib
import os
import shutil
import socket
import subprocess
import time

import pytest
from conftest import ROOT, require_tool, run_build

pytestmark = pytest.mark.browser

SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
POST = "content/blog/2017/a-seat-at-the-table-for-carers.md"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


class Editor:
    """A built site with the editor, served, and decap-server writing into a copy of the content folder."""

    def __init__(self, base, url, repo, output, backend):
        self.base, self.url, self.repo, self.output, self.backend = base, url, repo, output, backend

    def file(self, rel):
        return self.repo / rel

    def rebuild(self):
        return run_build(self.repo / "content", self.base / "rebuilt", EDITOR={"local_backend": self.backend})


@pytest.fixture(scope="module")
def editor(tmp_path_factory, chromium_path):
    """Build a copy of the sample content, serve it, and run decap-server (bound to 127.0.0.1) on that copy."""
    require_tool(SERVER.is_file(), "decap-server (npm package, installed by ./dev test)")
    require_tool(shutil.which("node"), "node (nodejs)")
    from inmind.serve import serve

    base = tmp_path_factory.mktemp("editor")
    repo = base / "repo"
    shutil.copytree(ROOT / "content", repo / "content")
    port = free_port()
    backend = f"http://127.0.0.1:{port}/api/v1"
    site = run_build(repo / "content", base / "output", EDITOR={"local_backend": backend})
    assert site.status == 0, site.messages
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo), "MODE": "fs",
           "LOG_LEVEL": "warn"}
    files = subprocess.Popen(["node", str(SERVER)], env=env, cwd=base)
    server = serve(site.output, "127.0.0.1", 0)
    try:
        wait_for_port(port)
        yield Editor(base, f"http://127.0.0.1:{server.server_address[1]}", repo, site.output, backend)
    finally:
        server.shutdown()
        files.terminate()
        files.wait(timeout=10)


@pytest.fixture
def admin(browser, editor):
    """The editor, signed in to the local backend; records page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(f"{editor.url}/admin/")
    pg.get_by_role("button", name="Login").click()
    pg.get_by_text("Blog posts").first.wait_for()
    yield pg
    context.close()


def open_entry(pg, editor, path):
    slug = path.removeprefix("content/blog/").removesuffix(".md")
    pg.goto(f"{editor.url}/admin/#/collections/blog/entries/{slug}")
    pg.get_by_label("Summary").wait_for()


def publish(pg):
    pg.get_by_role("button", name="Publish").first.click()
    pg.get_by_text("Publish now").click()


def wait_for_change(path, before, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.read_bytes() != before:
            return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"{path} was not saved")


def test_changing_one_word_changes_one_word_in_the_file(admin, editor):
    path = editor.file(POST)
    before = path.read_bytes()
    open_entry(admin, editor, POST)
    summary = admin.get_by_label("Summary")
    assert "explains" in summary.input_value()
    summary.fill(summary.input_value().replace("explains", "describes"))
    publish(admin)
    after = wait_for_change(path, before)
    words = [d for d in difflib.ndiff(before.decode().split(" "), after.decode().split(" ")) if d[:1] in "+-"]
    assert words == ["- explains", "+ describes"]
    assert after == before.replace(b"explains", b"describes", 1)
    assert not admin.errors
    path.write_bytes(before)


def test_an_empty_summary_is_refused_in_the_checkers_words(admin, editor):
    path = editor.file(POST)
    before = path.read_bytes()
    open_entry(admin, editor, POST)
    admin.get_by_label("Summary").fill("")
    publish(admin)
    admin.get_by_text("Summary: is empty").wait_for()
    time.sleep(1)
    assert path.read_bytes() == before
