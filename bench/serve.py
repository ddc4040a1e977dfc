"""A static server that behaves like the production hosts, for measuring the built site.

It sends the precompressed .br or .gz copy when the browser accepts it, applies the rules of the
site's _headers file (security headers and Cache-Control, as Netlify and Cloudflare Pages do) and
answers unknown addresses with 404.html and status 404.
"""

from __future__ import annotations

import http.server
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json",
         ".xml": "application/xml", ".atom": "application/atom+xml", ".wasm": "application/wasm",
         ".pagefind": "application/octet-stream", ".webmanifest": "application/manifest+json"}


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Return the rules of a _headers file as ``[(pattern, [(name, value)])]``."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    """Return the headers for a request path: a trailing * matches the rest; later rules win (as Netlify)."""
    found = {}
    for pattern, values in rules:
        if (pattern.endswith("*") and path.startswith(pattern[:-1])) or path == pattern:
            found.update(values)
    return found


def make_handler(root: Path):
    """Return a request handler class serving ``root``."""
    header_file = root / "_headers"
    rules = parse_headers(header_file.read_text(encoding="utf-8")) if header_file.exists() else []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet: the benchmark prints its own report
            pass

        def do_HEAD(self):
            self.do_GET(body=False)

        def do_GET(self, body=True):
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if root.resolve() not in (target, *target.parents):
                target = root / "missing"
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = target / "index.html"
            status = 200
            if not target.is_file() or target.name == "_headers":
                status, target = 404, root / "404.html"
            content_type = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if content_type.startswith("text/") or content_type.endswith(("json", "xml", "javascript")):
                content_type += "; charset=utf-8"
            accepted = self.headers.get("Accept-Encoding", "")
            data, encoding = target.read_bytes(), None
            for name, suffix in ENCODINGS:
                copy = target.with_name(target.name + suffix)
                if name in accepted and copy.is_file():
                    data, encoding = copy.read_bytes(), name
                    break
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Vary", "Accept-Encoding")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            for name, value in headers_for(rules, path).items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def serve(root: Path, host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    """Serve ``root`` in a background thread; return the server (``server.server_address`` has the port)."""
    server = http.server.ThreadingHTTPServer((host, port), make_handler(Path(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
