"""Serve the built site on 127.0.0.1, rebuild when files change, and reload the browser by itself.

Run as ``python -m inmind.serve`` (``invoke serve``). Files are watched with watchfiles. After a rebuild,
open pages reload themselves through a small script the server adds to each HTML response (never to the
files in ``output/``); when a rebuild fails, its problems are shown over the last good page.
"""

from __future__ import annotations

import argparse
import http.server
import ipaddress
import json
import logging
import mimetypes
import os
import posixpath
import re
import signal
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from inmind.build import ROOT, build
from inmind.livereload import KEEPALIVE_SECONDS, PREFIX, STATIC, ChangeFilter, Status, event

WATCHED = ["theme", "plugins", "inmind"]
MAX_PATH = 1024
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json",
         ".xml": "application/xml", ".atom": "application/atom+xml", ".wasm": "application/wasm",
         ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
         ".webmanifest": "application/manifest+json", ".html": "text/html"}
# The dev server's own files, by the address they are served at.
ASSETS = {"livereload.js": "text/javascript", "livereload.css": "text/css"}
# Characters no page address of ours contains; a request with one gets 400, never a traceback.
_REFUSED = re.compile(r"[\x00-\x1f\x7f\\]")
# A post's two addresses in the preview (DRAFT_URL, ARTICLE_URL): deleting or adding Status: draft moves it.
_POST_PLACES = re.compile(r"^(drafts|blog/\d{4})/([^/]+)$")
_PUBLISHED_POST = re.compile(r"^blog/\d{4}/([^/]+)/index\.html$")


class BadRequest(Exception):
    """The request's address cannot name a file."""


def site_path(raw):
    """Return the decoded path of a request target as a list of segments; raise BadRequest if it is unsafe."""
    if len(raw) > MAX_PATH:
        raise BadRequest("address too long")
    if raw.startswith("//"):
        raise BadRequest("address starts with //")  # urlsplit would read a host name from it
    try:
        path = urlsplit(raw).path
    except ValueError:
        raise BadRequest("not an address") from None
    if "%2f" in path.lower() or "%5c" in path.lower():
        raise BadRequest("encoded slash")
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("not UTF-8") from None
    if not decoded.startswith("/") or _REFUSED.search(decoded):
        raise BadRequest("odd characters")
    segments = [s for s in decoded.split("/") if s not in ("", ".")]
    if ".." in segments:
        raise BadRequest("parent folder")
    return segments, decoded.endswith("/")


def local_host(header):
    """Say whether a Host header names this machine by address or as localhost, not by another domain name.

    A web page elsewhere can point a domain name of its own at 127.0.0.1 ("DNS rebinding") and then
    read the preview, drafts included; refusing other names stops that. Addresses stay allowed, so a
    phone on the same network can open the preview when the server listens on it.
    """
    host = (header or "").strip().lower()
    if host.startswith("["):
        host, _, port = host[1:].partition("]")
        if port and not re.fullmatch(r":\d+", port):
            return False
    elif host.count(":") == 1:
        host = host.partition(":")[0]
    if host in ("", "localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def inject(body, generation):
    """Return HTML with the reload script added before ``</head>`` (or at the end).

    The tag carries the generation the page was served at, so a rebuild that ends before the
    script connects still reloads it.
    """
    tag = f'<script src="{PREFIX}livereload.js" data-generation="{int(generation)}" defer></script>'.encode()
    at = body.lower().find(b"</head>")
    return body[:at] + tag + body[at:] if at != -1 else body + tag


NOT_BUILT = (b'<!doctype html><html lang="en" data-inmind-not-built><head><meta charset="utf-8"><title>The site is not built yet</title>'
             b'<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
             b"<h1>The site is not built yet</h1><p>Its first build found problems, listed below. Fix each one and "
             b"save the file: this page updates by itself.</p></body></html>")


class DevHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD only; files from the output folder, fresh pages from memory, the reload endpoints."""

    protocol_version = "HTTP/1.1"
    server_version = "inmind-dev"
    root: Path
    status: Status | None = None
    # The browser editor asks for one content file's problems (``check.json?file=blog/2024/x.md``).
    checker = None

    def log_message(self, format, *args):
        """Keep the terminal for build messages."""

    def do_HEAD(self):
        """Answer as GET does, without the body."""
        self._get(body=False)

    def do_GET(self):
        """Serve a file, a fresh page, or one of the dev server's own addresses."""
        self._get(body=True)

    def do_OPTIONS(self):
        """Say which methods are served."""
        self._send(204, b"", "text/plain", extra={"Allow": "GET, HEAD, OPTIONS"})

    def _refuse(self):
        self._send(405, b"Only GET and HEAD are served here.\n", "text/plain", extra={"Allow": "GET, HEAD, OPTIONS"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def _send(self, code, data, content_type, *, body=True, extra=None):
        self.send_response(code)
        if content_type.startswith("text/") or content_type.endswith(("json", "xml", "javascript")):
            content_type += "; charset=utf-8"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        # Always fetch again: the site changes under the browser while it is open.
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _get(self, body):
        if not local_host(self.headers.get("Host")):
            self._send(400, b"Bad request: open the preview at http://127.0.0.1 or http://localhost.\n",
                       "text/plain", body=body)
            return
        try:
            segments, slash = site_path(self.path)
        except BadRequest as exc:
            self._send(400, f"Bad request: {exc}.\n".encode(), "text/plain", body=body)
            return
        if self.status is not None and self.path.startswith(PREFIX):
            self._dev(segments[-1] if len(segments) == 2 else "", body)
            return
        rel = "/".join(segments)
        # Read before the file, so a page that changes meanwhile is reloaded rather than missed.
        generation = self.status.generation if self.status is not None else 0
        found = self._find(rel, slash)
        if found == "redirect":
            self._send(301, b"", "text/plain", body=body, extra={"Location": "/" + rel + "/"})
        elif found is None and (moved := self._moved(rel)):
            # Temporary: the post may move back, and a browser keeps a permanent redirect.
            self._send(302, b"", "text/plain", body=body, extra={"Location": "/" + moved})
        elif found is None:
            self._not_found(body, generation)
        else:
            name, data = found
            self._file(name, data, 200, body, generation)

    def _find(self, rel, slash):
        """Return (file name, bytes), "redirect" for a folder named without its slash, or None."""
        if not rel or slash:
            name = f"{rel}/index.html" if rel else "index.html"
            data = self._lookup(name)
            return None if data is None else (name, data)
        data = self._lookup(rel)
        if data is not None:
            return rel, data
        return "redirect" if self._lookup(f"{rel}/index.html") is not None else None

    def _moved(self, rel):
        """Return the preview address a post has now, when the tab shows the one it had as a draft or before it."""
        match = _POST_PLACES.match(rel.rstrip("/"))
        if self.status is None or match is None:
            return None
        place, slug = match.groups()
        if place != "drafts":
            return f"drafts/{slug}/" if self._lookup(f"drafts/{slug}/index.html") is not None else None
        fresh = list(self.status.fresh)  # replaced whole by each quick render, never changed in place
        try:
            years = sorted(os.listdir(os.path.join(self.root, "blog")), reverse=True)
        except OSError:
            years = []
        names = [n for n in fresh if (m := _PUBLISHED_POST.match(n)) and m.group(1) == slug]
        names += [f"blog/{year}/{slug}/index.html" for year in years if re.fullmatch(r"\d{4}", year)]
        found = next((n for n in names if self._lookup(n) is not None), None)
        return found.removesuffix("index.html") if found else None

    def _lookup(self, rel):
        """Return a fresh page from memory, else the file from the output folder, else None."""
        fresh = self.status.page(rel) if self.status is not None else None
        return fresh if fresh is not None else self._read(rel)

    def _read(self, rel):
        """Return a file's bytes if it lies inside the output folder (symlinks resolved), else None."""
        base = os.path.realpath(self.root)
        target = os.path.realpath(os.path.join(base, *rel.split("/")))
        if os.path.commonpath([base, target]) != base:
            return None
        try:
            with open(target, "rb") as f:  # noqa: PTH123 - a file may vanish between check and open
                return f.read()
        except (IsADirectoryError, FileNotFoundError, NotADirectoryError, PermissionError, OSError):
            return None

    def _not_found(self, body, generation=0):
        # The site's own 404 page, as a static host would show it.
        data = self._read("404.html")
        if data is None and self.status is not None:
            # No site yet (its first build failed): a page that shows the problems and reloads once it is built.
            self._file("404.html", NOT_BUILT, 404, body, generation)
        elif data is None:
            self._send(404, b"Not found.\n", "text/plain", body=body)
        else:
            self._file("404.html", data, 404, body, generation)

    def _file(self, name, data, code, body, generation):
        suffix = posixpath.splitext(name)[1].lower()
        content_type = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type == "text/html" and self.status is not None:
            data = inject(data, generation)
        self._send(code, data, content_type, body=body)

    def _dev(self, name, body):
        """Serve the reload script and style, the status as JSON, and the event stream."""
        if name in ASSETS:
            self._send(200, (STATIC / name).read_bytes(), ASSETS[name], body=body)
        elif name == "status.json":
            self._send(200, json.dumps(self.status.snapshot()).encode(), "application/json", body=body)
        elif name == "check.json" and self.checker is not None:
            rel = parse_qs(urlsplit(self.path).query).get("file", [""])[0]
            self._send(200, json.dumps(self.checker(rel)).encode(), "application/json", body=body)
        elif name == "events" and body:
            self._events()
        else:
            self._send(404, b"Not found.\n", "text/plain", body=body)

    def _events(self):
        """Stream a Server-Sent Event for every change of status, until the tab closes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        state = self.status.snapshot()
        self.wfile.write(b"retry: 500\n" + event(state))
        self.wfile.flush()
        seen = state["generation"]
        while not self.status.closed:
            state = self.status.wait(seen, KEEPALIVE_SECONDS)
            if self.status.closed:
                return
            self.wfile.write(event(state) if state["generation"] != seen else b": still here\n\n")
            self.wfile.flush()
            seen = state["generation"]


class DevServer(http.server.ThreadingHTTPServer):
    """A threaded server whose failed requests cost one line, never a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        """Print one line for a failed request; nothing when the browser simply went away."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away (a reload, a closed tab)
        print(f"serve: a request failed: {exc.__class__.__name__}: {exc}", file=sys.stderr)


def serve(output, host="127.0.0.1", port=8000, status=None):
    """Return a running HTTP server for ``output`` (in a background thread); with ``status``, pages reload."""
    handler = type("Handler", (DevHandler,), {"root": Path(output), "status": status})
    server = DevServer((host, port), handler)
    threading.Thread(target=server.serve_forever, name="inmind-serve", daemon=True).start()
    return server


# How often (ms) the watcher hands back control with no change: its first time says it is watching.
WATCH_TICK_MS = 200


def watch(paths, rebuilder, stop, ready=None):
    """Hand every batch of file changes to ``rebuilder`` until ``stop`` is set; call ``ready()`` once watching.

    watchfiles sets its watches up before it first hands anything back, so a save made after ``ready()`` is never
    missed; on a busy machine setting them up can take seconds, and a save before that would be.
    """
    from watchfiles import watch as watch_files

    for changes in watch_files(*paths, watch_filter=ChangeFilter(), stop_event=stop, debounce=400, step=30,
                               rust_timeout=WATCH_TICK_MS, yield_on_timeout=True,
                               ignore_permission_denied=True, raise_interrupt=False):
        if ready is not None:
            ready()
            ready = None
        if changes:
            rebuilder.changes.put(changes)


class DevSite:
    """The dev server's parts together: status, rebuilder, HTTP server and file watcher."""

    def __init__(self, settings_file, output, overrides=None, host="127.0.0.1", port=8000, stream=None):
        from inmind.devbuild import Rebuilder

        self.status = Status()
        self.stop_watching = threading.Event()
        self.rebuilder = Rebuilder(self.status, settings_file, output, overrides, stream)
        self.server = serve(output, host, port, self.status)
        self.server.RequestHandlerClass.checker = staticmethod(lambda rel: check_file(settings_file, overrides, rel))
        self.url = f"http://{host}:{self.server.server_address[1]}"
        paths = [self.rebuilder.content, *(ROOT / name for name in WATCHED), ROOT / settings_file]
        self.paths = [str(p) for p in paths if Path(p).exists()]
        self._watcher = None

    def watch_in_background(self, first_build=None):
        """Watch files in a daemon thread; once watching, run ``first_build()``, then rebuild on change. Return self.

        The watches are set before the first build starts, and the rebuilder takes changes only once it has ended:
        a save made while it runs waits in the queue and is rebuilt then, never missed nor built alongside it.
        """
        watching = threading.Event()
        self._watcher = threading.Thread(target=watch, args=(self.paths, self.rebuilder, self.stop_watching,
                                                             watching.set), name="inmind-watch", daemon=True)
        self._watcher.start()
        while not watching.wait(0.1):
            if not self._watcher.is_alive():
                raise RuntimeError("the file watcher stopped before it started watching")
        if first_build is not None:
            first_build()
        self.rebuilder.start()
        return self

    def wait(self):
        """Block until the watcher stops (``close``); Ctrl+C or SIGTERM interrupts the wait in the main thread."""
        while self._watcher is not None and self._watcher.is_alive():
            self._watcher.join(0.5)

    def close(self):
        """Stop watching, stop any build under way, end the event streams and the server."""
        self.stop_watching.set()
        self.rebuilder.stop()
        self.status.close()
        self.server.shutdown()
        self.server.server_close()


def check_file(settings_file, overrides, rel):
    """Return the editorial checks' problems for one content file, for the browser editor's panel."""
    from inmind.build import load_settings
    from inmind.check import checks_fault, file_problems

    settings = None
    try:
        settings = load_settings(settings_file, overrides or {})
        return file_problems(settings, rel)
    except Exception as exc:  # noqa: BLE001 - the edge: the editor shows a sentence, never a traceback
        return [checks_fault(exc, settings).as_dict()]


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    """Build, serve, watch and rebuild until Ctrl+C."""
    from inmind.livereload import problem_dict

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--content", help="content folder (default: PATH in the settings)")
    parser.add_argument("--cache", help="cache folder (default: CACHE_PATH in the settings)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.ERROR)
    logging.lastResort = None  # the builds print their own messages
    signal.signal(signal.SIGTERM, _interrupt)
    overrides = {"PATH": str(Path(args.content).resolve())} if args.content else {}
    if args.cache:
        overrides["CACHE_PATH"] = str(Path(args.cache).resolve())
    output = (ROOT / args.output).resolve()
    problems, first_built = [], False
    try:
        site = DevSite(args.settings, output, overrides, args.host, args.port)
    except OSError as exc:
        print(f"serve: cannot listen on {args.host}:{args.port}: {exc.strerror}; try --port with another number",
              file=sys.stderr)
        return 1

    def first_build():
        build(args.settings, output, overrides=overrides, report=problems)
        # Said before the rebuilder starts, so it never covers what a rebuild of a save made meanwhile says.
        if any(p.severity == "error" for p in problems):
            site.status.failed([problem_dict(p, ROOT) for p in problems])

    try:
        # Watching starts before the first build, so a save made while it runs is rebuilt after it. Serve even
        # when the first build failed with no site to show: the browser lists the problems and the site appears
        # once they are fixed (the browser editor needs this too).
        site.watch_in_background(first_build)
        first_built = True
        if not output.exists():
            print(f"serve: the site is not built yet: open {site.url}/ to see the problems above, fix them and "
                  "save; the site is built then by itself", file=sys.stderr, flush=True)
        # Said only once the watches are set and the first build is done: a save made after this line is rebuilt.
        print(f"serving {output} on {site.url}/ (Ctrl+C to stop); rebuilding on change", file=sys.stderr, flush=True)
        site.wait()
    except KeyboardInterrupt:
        if not first_built:
            return 130  # stopped during the first build
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
