"""Per-file results of the checker kept between runs, so a rebuild re-checks only what changed."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sys
from pathlib import Path

from inmind.check_sources import SETTING as SOURCES
from inmind.errors import Problem


class ResultCache:
    """Per-file results kept between runs (in CACHE_PATH), so a rebuild re-checks only what changed.

    Everything a file's result depends on besides its own bytes is in the fingerprint: the settings, the
    list of content files (links and transcripts point at them), the registries, the checking code and
    the date. Posts dated around today are never cached, as their status changes with the clock.
    """

    VERSION = 2  # 2: problems are kept withheld (no real name, nor a spelling close to one)

    def __init__(self, settings, config, root, checks):
        self.path = Path(settings["CACHE_PATH"]) / "inmind-check.json" if settings.get("CACHE_PATH") else None
        self.entries, self.fresh, self.changed, self.fingerprint = {}, {}, False, None
        if self.path is None:
            return
        try:
            self.fingerprint = self._fingerprint(settings, config, root, checks)
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("fingerprint") == self.fingerprint:
                self.entries = stored["files"]
        except Exception:  # noqa: BLE001 - no cache, or an unreadable one: check everything
            self.entries = {}

    @staticmethod
    def _fingerprint(settings, config, root, checks):
        digest = hashlib.sha256()
        listing = sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files)
        code = [Path(__file__).parent] + [Path(sys.modules[c.__module__].__file__).parent for _, c in checks]
        stamps = sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for folder in code for p in folder.glob("*.py"))
        registries = [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.glob("*.toml"))]
        # A plugin's checks may depend on files outside content/ (the private names file): its fingerprint().
        extras = [getattr(sys.modules[c.__module__], "fingerprint", lambda s: None)(settings) for _, c in checks]
        # The output folder changes with every build (a temporary folder) and has no effect on the checks;
        # nor has what a build's readers are handed (inmind.check_sources), which invoke check never has.
        relevant = {key: value for key, value in settings.items() if key not in ("OUTPUT_PATH", SOURCES)}
        for part in (ResultCache.VERSION, str(root), datetime.date.today().isoformat(), config, listing, stamps,
                     registries, relevant, extras):
            digest.update(json.dumps(part, sort_keys=True, default=lambda o: type(o).__name__).encode())
        return digest.hexdigest()

    def get(self, item, data):
        """Return the stored ((is content, links), entries) for this file's bytes, or None."""
        entry = self.entries.get(item.rel)
        if not entry or entry["sha"] != hashlib.sha256(data).hexdigest():
            return None
        for key in ("status", "slug", "lang", "url", "save_as", "slug_line"):
            setattr(item, key, entry["item"][key])
        item.date = datetime.datetime.fromisoformat(entry["item"]["date"]) if entry["item"]["date"] else None
        self.fresh[item.rel] = entry
        entries = [(item if own else None, Problem(*problem)) for own, problem in entry["problems"]]
        links = [tuple(link) for link in entry["links"]] if entry["links"] is not None else None
        return (entry["content"], links), entries

    def put(self, item, data, found, entries):
        """Store one file's result, unless its date is near today."""
        if self.fingerprint is None:
            return
        if item.date and item.date.replace(tzinfo=None) > datetime.datetime.now() - datetime.timedelta(days=2):
            return
        is_content, links = found
        self.changed = True
        self.fresh[item.rel] = {
            "sha": hashlib.sha256(data).hexdigest(),
            "content": is_content,
            "links": links,
            "item": {"status": item.status, "slug": item.slug, "lang": item.lang, "url": item.url,
                     "save_as": item.save_as, "slug_line": item.slug_line,
                     "date": item.date.isoformat() if item.date else None},
            "problems": [(it is item, problem.fields()) for it, problem in entries],
        }

    def save(self):
        """Write the results of this run (only the files that still exist) for the next one."""
        if self.path is None or self.fingerprint is None or (not self.changed and self.fresh == self.entries):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            temp.write_text(json.dumps({"fingerprint": self.fingerprint, "files": self.fresh}), encoding="utf-8")
            os.replace(temp, self.path)
        except OSError:
            pass  # a read-only cache folder only costs time
