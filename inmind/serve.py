"""Serve the built site on 127.0.0.1 and rebuild when content, theme, plugins or settings change."""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from inmind.build import ROOT, build

WATCHED = ["content", "theme", "plugins", "inmind", "pelicanconf.py"]


def snapshot(paths):
    """Return {file: mtime} for every file under ``paths``."""
    state = {}
    for base in paths:
        base = ROOT / base
        files = [base] if base.is_file() else base.rglob("*") if base.exists() else []
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                state[str(path)] = path.stat().st_mtime_ns
    return state


def watch(settings, output, interval=1.0):
    """Poll for changes and rebuild; a failed rebuild keeps serving the last good site."""
    last = snapshot(WATCHED)
    while True:
        time.sleep(interval)
        current = snapshot(WATCHED)
        if current != last:
            last = current
            print("change seen, rebuilding…", file=sys.stderr)
            build(settings, output)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        # Show the site's own 404 page, as a static host would.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        pass


def serve(output, host="127.0.0.1", port=8000):
    """Return a running HTTP server for ``output`` (in a background thread)."""
    handler = functools.partial(_Handler, directory=str(output))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv=None):
    """Build, serve and watch."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    output = (ROOT / args.output).resolve()
    if build(args.settings, output) != 0 and not output.exists():
        return 1
    serve(output, args.host, args.port)
    print(f"serving {output} on http://{args.host}:{args.port}/ (Ctrl+C to stop); rebuilding on change", file=sys.stderr)
    try:
        watch(args.settings, output)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
