"""Shared fixtures: build small sites into tmp_path, parse HTML, serve the sample site, drive Chromium."""

from __future__ import annotations

import io
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
# The sample's anonymous writer ("A carer") has a made-up real name. Like a real one it lives only in a
# private names file outside content/, which every test gets (fixture below), so leaks can be tested.
SAMPLE_REAL_NAME = "Philippa Marchbanks-Oduya"
# A one-post site that builds: the dev server's tests (tests/test_serve.py, tests/browser/test_dev_server.py).
DEV_POST = """
    Title: A good post
    Date: 2018-01-02 10:00
    Author: Communications Team
    Summary: A post that builds.

    The first version of this post.
    """
DEV_POST_URL = "/blog/2018/a-good-post/"
# The next meeting's file (content/agm/next.md) for a site whose clock says mid-2031 (AGM={"today": ...}).
NEXT_AGM = """\
Title: Annual General Meeting 2031
Date: 2031-09-24 14:00
End: 2031-09-24 16:30
Modified: 2031-05-02 11:15
Venue: The Life Rooms, 1 Pennington Road, Liverpool L4 0RL
Access: Step-free entrance from the car park, a lift to the hall and a hearing loop.
Online: https://meet.example.nhs.uk/agm-2031
Questions: Email agm@example.nhs.uk by 17 September 2031.
Summary: Our 2031 meeting, open to everyone.
"""
# Recorded in a page before any of its own code runs (add_init_script); CSP violations are events, not exceptions.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`);
});
"""


@pytest.fixture(scope="session", autouse=True)
def private_names_file(tmp_path_factory):
    """Configure INMIND_PRIVATE_NAMES for the whole session, as the deploy workflow does for its build."""
    path = tmp_path_factory.mktemp("private") / "names.toml"
    path.write_text(f'[a-carer]\nreal_name = "{SAMPLE_REAL_NAME}"\n', encoding="utf-8")
    previous = os.environ.get("INMIND_PRIVATE_NAMES")
    os.environ["INMIND_PRIVATE_NAMES"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("INMIND_PRIVATE_NAMES", None)
    else:
        os.environ["INMIND_PRIVATE_NAMES"] = previous


def require_tool(found, what):
    """Skip locally, but fail in CI, when a real tool the test needs is missing."""
    if found:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing; .ci/run must install it")
    pytest.skip(f"{what} is not installed here; run ./dev test to install it")


def process_alive(pid):
    """Return True while ``pid`` runs (a zombie waiting for its parent to collect it counts as ended)."""
    try:
        state = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def child_pid(pid_file, parent, timeout=60):
    """Wait until a process started by ``parent`` has written its pid to ``pid_file``; return it, running."""
    import time

    deadline = time.monotonic() + timeout
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    assert child != parent.pid and process_alive(child)
    return child


def outlives_kill_9(parent, child, timeout=10):
    """Kill ``parent`` with SIGKILL; return True if ``child`` is still running ``timeout`` seconds later (then end it)."""
    import time

    parent.kill()
    parent.wait(timeout=30)
    deadline = time.monotonic() + timeout
    while process_alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = process_alive(child)
    if alive:
        os.kill(child, 9)
    return alive


def soup(path):
    """Parse an HTML file with BeautifulSoup."""
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


class Site:
    """A built site: its output folder, exit status and messages."""

    def __init__(self, output, status, messages, content):
        self.output = output
        self.status = status
        self.messages = messages
        self.content = content

    def path(self, rel):
        return self.output / rel

    def soup(self, rel):
        return soup(self.output / rel)

    def html_files(self):
        return sorted(self.output.rglob("*.html"))


def write_files(base: Path, files: dict, *, dedent=True):
    """Write ``{relative path: text or bytes}`` under ``base``; text is dedented unless ``dedent`` is False."""
    for rel, text in files.items():
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            text = textwrap.dedent(text).lstrip("\n") if dedent else text
            target.write_text(text, encoding="utf-8", newline="\n")


def listed_post(slug, title, date, author, *, summary=None, **fields):
    """Return a published post's Markdown: the header lines given (``themes=`` becomes ``Themes:``), with consent."""
    header = [f"Title: {title}", f"Date: {date}", f"Author: {author}", f"Slug: {slug}"]
    header.append(f"Summary: {summary or 'About ' + slug.replace('-', ' ') + '.'}")
    header += [f"{key.replace('_', '-').capitalize()}: {value}" for key, value in fields.items()]
    header.append("Consent: CF-2026-001")
    return "\n".join(header) + "\n\nCarers and recovery: working together, peer support and lived experience.\n"


def copy_registries(content: Path):
    """Copy the real authors and themes registries into ``content``, keeping any the test wrote itself."""
    for name in ("authors.toml", "themes.toml"):
        if (ROOT / "content" / name).exists() and not (content / name).exists():
            shutil.copy(ROOT / "content" / name, content / name)


def run_build(content_dir, output_dir, settings_file="pelicanconf.py", fatal_warnings=False, **overrides):
    """Build ``content_dir`` with the project's settings and theme into ``output_dir``."""
    from inmind.build import build

    overrides = {"PATH": str(content_dir), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")], **overrides}
    if "CACHE_PATH" not in overrides:
        overrides["CACHE_PATH"] = str(Path(output_dir).parent / "cache")
    stream = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        status = build(ROOT / settings_file, output_dir, fatal_warnings=fatal_warnings, overrides=overrides, stream=stream)
    finally:
        os.chdir(cwd)
    return Site(Path(output_dir), status, stream.getvalue(), Path(content_dir))


@pytest.fixture
def build_site(tmp_path):
    """Return a function that builds a small site from ``{path: text}`` (plus the real registries by default)."""

    def _build(files=None, *, registries=True, settings_file="pelicanconf.py", fatal_warnings=False, **overrides):
        content = tmp_path / "content"
        content.mkdir(exist_ok=True)
        if registries:
            copy_registries(content)
        write_files(content, files or {})
        return run_build(content, tmp_path / "output", settings_file, fatal_warnings, **overrides)

    return _build


@pytest.fixture
def dev_post_site(build_site, tmp_path):
    """The one-post site (DEV_POST) built, with ``.overrides``: the settings the dev server rebuilds it with."""
    site = build_site({"blog/a.md": DEV_POST})
    assert site.status == 0, site.messages
    site.overrides = {"PATH": str(site.content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")],
                      "CACHE_PATH": str(tmp_path / "cache")}
    return site


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The shipped sample content, built once with the preview settings."""
    out = tmp_path_factory.mktemp("sample") / "output"
    site = run_build(ROOT / "content", out)
    assert site.status == 0, site.messages
    return site


@pytest.fixture(scope="session")
def served_site(sample_site):
    """The sample site served on 127.0.0.1 on a free port; yields its base URL."""
    from inmind.serve import serve

    server = serve(sample_site.output, "127.0.0.1", 0)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium on PATH (never a downloaded browser)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    require_tool(path, "Chromium (Debian package 'chromium')")
    return path


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path):
    """A headless Chromium driven by Python Playwright."""
    playwright_api = pytest.importorskip("playwright.sync_api") if not IN_CI else __import__("playwright.sync_api").sync_api
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; fails the test on console errors and CSP violations unless the test collects them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.console_messages = []
    pg.on("console", lambda m: pg.console_messages.append(m) if m.type == "error" else None)
    yield pg
    context.close()


AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_axe(pg):
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page; return its violations."""
    require_tool(AXE_JS.exists(), "axe-core (npm package, installed by ./dev test)")
    # Evaluated through the DevTools protocol, so the page's strict CSP does not block it.
    pg.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = pg.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22a','wcag22aa']}})"""
    )
    return result["violations"]


def describe_violations(violations):
    """Return axe violations as readable lines."""
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(f"{v['id']}: {v['help']} -> {node['target']} {node.get('failureSummary', '')}")
    return "\n".join(lines)
